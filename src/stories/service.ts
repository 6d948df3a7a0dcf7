// Stories of practice: reading and finding what the caller may see (search with facets, one story, the
// stories beside it, feeds). Writing, consent and moderation live in their own folders.
import { LRUCache } from 'lru-cache';
import type { Principal } from '../access/visibility.ts';
import { type Db, isStatementTimeout } from '../db/database.ts';
import type { Log } from '../log.ts';
import { escapeHtml, highlightHtml, plainOf, unmarkdown } from '../text/highlight.ts';
import { markdownToText, renderMarkdown } from '../text/markdown.ts';
import { storiesNearby } from './nearby.ts';
import { findVisibleStory } from './repository.ts';
import type { StoryListQuery } from './schema.ts';
import { type FacetCounts, publicStoriesAbout, searchStories } from './search.ts';
import { refreshSearchSlice } from './search-slice.ts';

export function excerptOf(body: string, length = 220): string {
  // Only the opening is needed, and rendering a whole story for a list entry is wasted work.
  const text = markdownToText(body.slice(0, length * 3));
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length - 30))}…`;
}

/** How long a search may take before PostgreSQL stops it: reading must never hold a connection for long. */
export const searchTimeoutMs = 1500;

/** A page of a search shows at most this many stories: each pays for its highlighted snippet. */
export const maxPageSizeWithQuery = 50;

/** A search PostgreSQL stopped at the time limit: the caller is asked to narrow it. */
export class SearchTooBroad extends Error {
  constructor() {
    super('This search takes too long to answer. Add words or filters, or leave out a minus sign, to narrow it.');
  }
}

export interface StoriesOptions {
  /**
   * Where readers' searches run: connections whose statements stop after `searchTimeoutMs` (the composition
   * root gives `searchDbBeside(pool, searchTimeoutMs)`; tests give a tiny limit to see what a reader gets).
   */
  search: Db;
}

export interface FacetEntry {
  key: string;
  count: number;
  selected: boolean;
}

export function storiesService(db: Db, { search: searchDb }: StoriesOptions) {
  // A story's page is read far more often than it changes: its Markdown is rendered and sanitised once per
  // version of the body, kept beside the body it came from (up to about 20 MB of text, however long they are).
  const rendered = new LRUCache<string, { body: string; html: string }>({
    max: 500,
    maxSize: 10_000_000,
    sizeCalculation: ({ body, html }) => Math.max(1, body.length + html.length),
  });
  const htmlOf = (id: string, body: string) => {
    const known = rendered.get(id);
    if (known?.body === body) return known.html;
    const html = renderMarkdown(body);
    rendered.set(id, { body, html });
    return html;
  };
  return {
    /**
     * The daily task that builds, moves or drops the recent slice of the text index (search-slice.ts), on the
     * main pool: a build takes longer than a search may.
     */
    refreshSearchSlice: (log?: Log) => refreshSearchSlice(db, log ? { log } : {}),
    /**
     * The library: a page of matching stories, with facets (counts keyed by organisation slug). `titles: false`
     * leaves the words unmarked in titles, for callers that show titles plain (the API).
     */
    async search(
      principal: Principal,
      query: StoryListQuery,
      options: { facets?: boolean; candidateCap?: number; titles?: boolean } = {},
    ) {
      const q = query.q?.trim() || undefined;
      const sort = query.sort ?? (q ? 'relevance' : 'newest');
      const pageSize = q ? Math.min(query.pageSize, maxPageSizeWithQuery) : query.pageSize;
      const filters = {
        q,
        characteristic: query.characteristic,
        role: query.role,
        form: query.form,
        sector: query.sector,
        region: query.region,
        organisation: query.organisation,
      };
      const facets = options.facets ?? true;
      // A reader's search (words, filters, facets) is bounded: it runs on the search connections, its parts
      // (one per sample) side by side. The short lists of the home and framework pages take no input and walk
      // an index, so they run on the server's own.
      const bounded = <T>(work: (on: Db) => Promise<T>) => work(facets ? searchDb : db);
      const run = () =>
        searchStories(bounded, principal, filters, {
          sort,
          limit: pageSize,
          offset: (query.page - 1) * pageSize,
          facets,
          ...(options.candidateCap ? { candidateCap: options.candidateCap } : {}),
          titles: options.titles ?? true,
        });
      let found: Awaited<ReturnType<typeof searchStories>>;
      try {
        found = await run();
      } catch (err) {
        if (isStatementTimeout(err)) throw new SearchTooBroad();
        throw err;
      }
      const rows = found.rows;
      return {
        q,
        sort,
        total: found.total,
        approximate: found.approximate,
        page: query.page,
        pageSize,
        pageCount: Math.max(1, Math.ceil(found.reachable / pageSize)),
        facets: found.facets,
        organisationNames: found.organisationNames,
        items: rows.map(({ opening, title_marked, snippet, ...row }) => {
          // Without words there is no snippet: the opening's plain text, worked out once for both fields.
          const excerpt = snippet ? unmarkdown(plainOf(snippet)) : excerptOf(opening);
          return {
            ...row,
            // ts_headline drops anything shaped like a tag; then the title is shown whole, unmarked.
            titleHtml:
              title_marked && plainOf(title_marked) === row.title ? highlightHtml(title_marked) : escapeHtml(row.title),
            snippetHtml: snippet ? highlightHtml(unmarkdown(snippet)) : escapeHtml(excerpt),
            excerpt,
          };
        }),
      };
    },

    /** Newest first, with no facets: the short lists on the home and characteristic pages. */
    async list(principal: Principal, query: { characteristic?: string; page: number; pageSize: number }) {
      return this.search(
        principal,
        {
          characteristic: query.characteristic
            ? [query.characteristic as StoryListQuery['characteristic'][number]]
            : [],
          role: [],
          form: [],
          sector: [],
          region: [],
          organisation: [],
          page: query.page,
          pageSize: query.pageSize,
        },
        { facets: false },
      );
    },

    async find(principal: Principal, id: string) {
      const story = await findVisibleStory(db, principal, id);
      return story ? { ...story, html: htmlOf(story.id, story.body) } : undefined;
    },

    /**
     * What the story page lists under a story, from the published stories the caller may read: those that
     * share the most with it, and more from the same author.
     */
    nearby(
      principal: Principal,
      story: { id: string; title: string; characteristics: string[]; roles: string[]; author_id: string | null },
    ) {
      return storiesNearby(db, principal, story);
    },

    /** The entries of a characteristic's Atom feed: public, published stories only, whoever asks. */
    async feed(characteristic: string) {
      const rows = await publicStoriesAbout(db, characteristic);
      return rows.map(({ body, ...row }) => ({ ...row, summary: excerptOf(body, 400), html: renderMarkdown(body) }));
    },
  };
}

/**
 * Facet counts as a list for a page, selected values kept even at zero. A fixed vocabulary keeps its own
 * order (so a ticked box does not move); open ones (regions, organisations) go largest first.
 */
export function facetEntries(
  counts: Record<string, number>,
  selected: readonly string[],
  order?: readonly string[],
): FacetEntry[] {
  const keys = new Set([...Object.keys(counts), ...selected]);
  const position = (key: string) => (order?.includes(key) ? order.indexOf(key) : Number.MAX_SAFE_INTEGER);
  return [...keys]
    .map((key) => ({ key, count: counts[key] ?? 0, selected: selected.includes(key) }))
    .sort((a, b) => (order ? position(a.key) - position(b.key) : b.count - a.count || a.key.localeCompare(b.key)));
}

export type StoriesService = ReturnType<typeof storiesService>;
export type { FacetCounts };
