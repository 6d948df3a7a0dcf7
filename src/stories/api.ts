// Stories API: search the published stories the caller may read (with facets), and one story by id.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.ts';
import { apiError, HttpError, notFound } from '../web/errors.ts';
import { presentStory, presentStoryPage } from './presenter.ts';
import { storyIdParams, storyListQuery, storyListResponse, storyResponse } from './schema.ts';
import { SearchTooBroad } from './service.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

export function storiesApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/stories',
      {
        // The first page for a signed-out caller is the same for all of them: kept in memory (web/page-cache.ts).
        config: { access: 'public', pageCache: true },
        schema: {
          tags: ['stories'],
          summary: 'Search the published stories the caller may see, with facet counts',
          description:
            'q takes words, "quoted phrases", OR and -word. Filters take one value, repeated parameters or commas; within a filter any value matches, across filters all must. Each facet counts the matches honouring the other filters. Above 500 matches, only the newest 500 are ranked and paged, and total and facets are estimates (approximate: true). A search that takes longer than 1.5 seconds is stopped and answers 422 search_too_broad: add words or filters.',
          querystring: storyListQuery,
          response: { 200: storyListResponse, 400: apiError, 401: apiError, 422: apiError },
          security,
        },
      },
      async (request) => {
        try {
          // The API's titles are plain: PostgreSQL need not highlight them.
          return presentStoryPage(await services.stories.search(request.principal, request.query, { titles: false }));
        } catch (err) {
          if (err instanceof SearchTooBroad) throw new HttpError(422, 'search_too_broad', err.message);
          throw err;
        }
      },
    );
    api.get(
      '/stories/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['stories'],
          summary: 'One story; 404 when it does not exist or its scope hides it from the caller',
          params: storyIdParams,
          response: { 200: storyResponse, 400: apiError, 401: apiError, 404: apiError },
          security,
        },
      },
      async (request) => {
        const story = await services.stories.find(request.principal, request.params.id);
        if (!story) throw notFound('story');
        return presentStory(story);
      },
    );
  };
}
