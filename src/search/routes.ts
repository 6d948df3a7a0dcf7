// The site-wide search page: one box over stories, articles, library items and groups (every kind that
// declares a search document), results by kind with their counts, a page at a time.
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { formErrors } from '../web/forms.ts';
import { siteSearchQuery, siteSearchWordsLimit } from './schema.ts';
import { SiteSearchTooBroad } from './service.ts';

export function siteSearchRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.get('/search', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const raw = (request.query ?? {}) as Record<string, unknown>;
      const kinds = services.siteSearch.kinds();
      const typed = typeof raw.q === 'string' ? raw.q : '';
      // No words yet: the box, and what it searches.
      if (typed.trim() === '') return reply.view('search/views/search.njk', { kinds, q: '' });
      const words = siteSearchQuery.shape.q.safeParse(typed);
      if (!words.success) {
        // Too many words: the reader is told so, and keeps as much of them as the box holds.
        const { errors } = formErrors(words.error.issues.map((issue) => ({ ...issue, path: ['q'] })));
        return reply
          .status(400)
          .view('search/views/search.njk', { kinds, q: typed.slice(0, siteSearchWordsLimit), errors });
      }
      // A page number or kind in the address that means nothing (they come from this page's own links) is
      // left out: the first page, of everything.
      const page = siteSearchQuery.shape.page.safeParse(raw.page).data ?? 1;
      const kind = kinds.find((k) => k.type === raw.kind)?.type;
      try {
        const found = await services.siteSearch.find(request.principal, { q: words.data, page, kind });
        return reply.view('search/views/search.njk', { kinds, q: words.data, found });
      } catch (err) {
        if (err instanceof SiteSearchTooBroad) {
          return reply.status(422).view('search/views/search.njk', { kinds, q: words.data, tooBroad: true });
        }
        throw err;
      }
    });
  };
}
