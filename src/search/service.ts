// The site-wide search as readers use it: one box over every searchable kind, a page at a time, with the
// count per kind and highlighted titles and snippets (safe HTML for pages, plain text for the API).
import type { Principal } from '../access/visibility.ts';
import type { ScopedKind } from '../content/kind.ts';
import type { KindRegistry } from '../content/registry.ts';
import { type Db, isStatementTimeout } from '../db/database.ts';
import { highlightHtml, plainOf, unmarkdown } from '../text/highlight.ts';
import { searchAcrossKinds, searchableKinds } from './engine.ts';
import { type SiteSearchQuery, siteSearchPageSize } from './schema.ts';

export class UnknownKind extends Error {}

/** A search PostgreSQL stopped at the time limit: the reader is asked to narrow it. */
export class SiteSearchTooBroad extends Error {}

export function siteSearchService({ kinds, search }: { kinds: KindRegistry; search: Db }) {
  const scoped = () => kinds.all().filter((k): k is ScopedKind => k.parent === undefined);
  return {
    /** The kinds a reader may search among, in the order the page lists them. */
    kinds: () => searchableKinds(scoped()).map((k) => ({ type: k.type, noun: k.noun })),

    async find(principal: Principal, query: SiteSearchQuery) {
      const searchable = searchableKinds(scoped());
      if (query.kind && !searchable.some((k) => k.type === query.kind)) throw new UnknownKind(query.kind);
      const found = await searchAcrossKinds(search, searchable, principal, query.q, {
        limit: siteSearchPageSize,
        offset: (query.page - 1) * siteSearchPageSize,
        ...(query.kind ? { only: [query.kind] } : {}),
      }).catch((err: unknown) => {
        throw isStatementTimeout(err) ? new SiteSearchTooBroad() : err;
      });
      const listed = query.kind ? (found.counts[query.kind] ?? 0) : found.total;
      return {
        q: query.q,
        kind: query.kind,
        total: found.total,
        listed,
        approximate: found.capped,
        page: query.page,
        pageCount: Math.max(1, Math.ceil(listed / siteSearchPageSize)),
        counts: found.counts,
        items: found.items.map((hit) => {
          const snippet = hit.snippetMarked === null ? null : unmarkdown(hit.snippetMarked);
          return {
            kind: hit.type,
            noun: hit.noun,
            id: hit.id,
            title: hit.title,
            url: hit.url,
            publishedAt: hit.publishedAt,
            titleHtml: highlightHtml(hit.titleMarked),
            snippetHtml: snippet === null ? null : highlightHtml(snippet),
            snippet: snippet === null ? null : plainOf(snippet),
          };
        }),
      };
    },
  };
}

export type SiteSearchService = ReturnType<typeof siteSearchService>;
