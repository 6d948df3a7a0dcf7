// Story pages: the library of stories the reader may see, and one page per story.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { storyListQuery } from './schema.ts';

const formNames = {
  profile: 'Profile',
  'personal-narrative': 'Personal narrative',
  quote: 'Quote',
  'flash-fiction': 'Flash fiction',
} as const;

const scopeNames = {
  public: 'Public',
  signed_in: 'Everyone signed in',
  space: 'Shared space',
  organisation: 'Your organisation',
  private: 'Only you',
} as const;

export function storiesRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.get('/stories', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      // A malformed page number or filter shows the first page rather than an error page.
      const parsed = storyListQuery.safeParse(request.query);
      const query = parsed.success ? parsed.data : { page: 1, pageSize: 20 };
      const [framework, result] = await Promise.all([
        services.framework.current(),
        services.stories.list(request.principal, query),
      ]);
      const names = Object.fromEntries(framework.characteristics.map((c) => [c.key, c.name]));
      const filter = 'characteristic' in query && query.characteristic ? `&characteristic=${query.characteristic}` : '';
      return reply.view('stories/views/library.njk', {
        result,
        names,
        formNames,
        characteristic: 'characteristic' in query ? query.characteristic : undefined,
        characteristics: framework.characteristics,
        previous: result.page > 1 ? `/stories?page=${result.page - 1}${filter}` : undefined,
        next: result.page < result.pageCount ? `/stories?page=${result.page + 1}${filter}` : undefined,
      });
    });

    app.get<{ Params: { id: string } }>(
      '/stories/:id',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (!z.uuid().safeParse(request.params.id).success) throw notFound('story');
        const story = await services.stories.find(request.principal, request.params.id);
        if (!story) throw notFound('story');
        const framework = await services.framework.current();
        return reply.view('stories/views/story.njk', {
          story,
          formName: formNames[story.form],
          scopeName: scopeNames[story.visibility],
          characteristics: framework.characteristics.filter((c) => story.characteristics.includes(c.key)),
          roles: framework.roles.filter((r) => story.roles.includes(r.key)),
        });
      },
    );
  };
}
