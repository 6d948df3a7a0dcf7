// GET /api/v1/search: the site-wide search for programs, across every searchable kind of content.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../services.ts';
import { apiError, HttpError } from '../web/errors.ts';
import { siteSearchQuery, siteSearchResponse } from './schema.ts';
import { SiteSearchTooBroad, UnknownKind } from './service.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

export function siteSearchApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/search',
      {
        config: { access: 'public' },
        schema: {
          tags: ['search'],
          summary: 'Search every kind of content the caller may read: stories, articles, library items, groups',
          description:
            'Ranked as the story search ranks (words in titles count more, ties newest first). At most 300 ' +
            'matches are read per kind; `approximate` says when a kind had more. `kind` limits the items ' +
            '(the counts in `facets.kind` stay for every kind).',
          querystring: siteSearchQuery,
          response: { 200: siteSearchResponse, 400: apiError, 401: apiError, 422: apiError },
          security,
        },
      },
      async (request) => {
        try {
          const found = await services.siteSearch.find(request.principal, request.query);
          return {
            q: found.q,
            total: found.total,
            approximate: found.approximate,
            page: found.page,
            pageCount: found.pageCount,
            items: found.items.map(({ kind, id, title, url, snippet }) => ({ kind, id, title, url, snippet })),
            facets: { kind: found.counts },
          };
        } catch (err) {
          if (err instanceof UnknownKind)
            throw new HttpError(400, 'unknown_kind', `There is no kind of content called “${err.message}” to search.`);
          if (err instanceof SiteSearchTooBroad)
            throw new HttpError(
              422,
              'search_too_broad',
              'This search takes too long to answer. Add words to narrow it.',
            );
          throw err;
        }
      },
    );
  };
}
