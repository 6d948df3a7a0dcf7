// GET /api/v1/spaces: the spaces the caller reaches (a token: through the organisation it acts for).
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { apiError } from '../web/errors.ts';
import { spaceListResponse } from './schema.ts';

export function spacesApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/spaces',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['spaces'],
          summary: 'The spaces the caller reaches, by name',
          response: { 200: spaceListResponse, 401: apiError },
          security: [{ bearer: [] }],
        },
      },
      async (request) => {
        const spaces = await services.spaces.reachedBy(callerOf(request.principal));
        return {
          items: spaces.map((s) => ({
            slug: s.slug,
            name: s.name,
            description: s.description,
            host: { slug: s.host_org_slug, name: s.host_org_name },
            url: `${app.baseUrl}/spaces/${s.slug}`,
          })),
        };
      },
    );
  };
}
