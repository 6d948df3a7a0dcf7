// GET /api/v1/framework: the characteristics with their indicators, the roles and the lessons.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.ts';
import { frameworkResponse } from './schema.ts';

export function frameworkApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/framework',
      {
        // The same for everyone: kept in memory and sent without touching sessions (web/page-cache.ts).
        config: { access: 'public', pageCache: true },
        schema: {
          tags: ['framework'],
          summary: 'The framework: ten characteristics with indicators, the roles and the eight lessons',
          response: { 200: frameworkResponse },
        },
      },
      async () => {
        const f = await services.framework.current();
        return {
          version: f.version,
          characteristics: f.characteristics.map(({ key, name, summary, subject, indicators }) => ({
            key,
            name,
            summary,
            subject,
            indicators,
          })),
          roles: f.roles.map(({ key, name, group, summary }) => ({ key, name, group, summary })),
          lessons: f.lessons.map(({ key, number, title, summary }) => ({ key, number, title, summary })),
        };
      },
    );
  };
}
