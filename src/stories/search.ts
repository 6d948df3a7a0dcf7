// Finding stories: full-text search with facets and feed entries (related stories: nearby.ts), always over the
// published stories the caller may see (`visibleTo`). Plain SQL over the generated `stories.search`.
//
// Large libraries: a query matching tens of thousands of stories cannot be ranked and counted exactly
// in a few milliseconds. So every search reads at most `candidateCap` matching stories, newest first
// (search-sample.ts: which ones, and the faster way to read them), ranks and counts those, and (only when
// the cap was reached) estimates the total from the planner's statistics and scales the facet counts to
// it. Below the cap every figure is exact.

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';
import type { Sector } from '../db/vocabularies.ts';
import {
  conditions,
  keyedFacets,
  leavesWordsOut,
  plannedRows,
  query,
  readable,
  type SamplePath,
  sample,
  samplePath,
} from './search-sample.ts';
import { sliceBoundary } from './search-slice.ts';
import type { StoryForm } from './types.ts';

export { leavesWordsOut };

export const facetNames = ['characteristic', 'role', 'form', 'sector', 'region', 'organisation'] as const;
export type FacetName = (typeof facetNames)[number];

export interface StoryFilters {
  q?: string | undefined;
  characteristic: readonly string[];
  role: readonly string[];
  form: readonly string[];
  sector: readonly string[];
  region: readonly string[];
  /** Organisation slugs or ids; one naming no organisation matches nothing. */
  organisation: readonly string[];
}

export interface SearchOptions {
  sort: 'relevance' | 'newest';
  limit: number;
  offset: number;
  facets: boolean;
  candidateCap?: number;
  /** Reads every sample with words this way instead of the cheapest (tests compare the four). */
  path?: SamplePath;
  /** The recent slice's boundary instead of the one in use (`null`: none); tests compare the two. */
  slice?: Date | null;
  /** With words, whether titles are highlighted too (the library page shows them; the API's titles are plain). */
  titles?: boolean;
}

export const defaultCandidateCap = 500;
const listCountCap = 100;

/** How much of a body `ts_headline` reads for a snippet. */
export const headlineChars = 5000;

const selected = (filters: StoryFilters, facet: FacetName) => filters[facet].length > 0;
const noFacets = { characteristic: [], role: [], form: [], sector: [], region: [], organisation: [] };

/** How each facet is counted over a sample: arrays are unnested, the rest grouped. */
const facetValue: Record<FacetName, RawBuilder<unknown>> = {
  characteristic: sql`unnest(characteristics)`,
  role: sql`unnest(roles)`,
  form: sql`form`,
  sector: sql`sector`,
  region: sql`nullif(region, '')`,
  organisation: sql`org_id`,
};

export type FacetCounts = Record<FacetName, Record<string, number>>;

export interface SearchHit {
  id: string;
}

/** One story of a page, as the library shows it. */
export interface PageRow {
  id: string;
  title: string;
  form: StoryForm;
  characteristics: string[];
  roles: string[];
  place: string;
  sector: Sector;
  region: string;
  published_at: Date;
  org_name: string;
  org_slug: string;
  /** The body's opening, for an excerpt when there is no snippet. */
  opening: string;
  /** With a query: the title and a snippet of the body with the words between `markStart` and `markEnd`. */
  title_marked: string | null;
  snippet: string | null;
}

export interface SearchResult {
  total: number;
  /** True when the total and facet counts are estimates (more matches than the candidate cap). */
  approximate: boolean;
  /** How many matching stories can be paged through (all of them, or the cap). */
  reachable: number;
  /** The page, in order, with highlighted title and snippet when there was a query. */
  rows: PageRow[];
  facets: FacetCounts | undefined;
  /** Names of the organisations in the organisation facet, by slug. */
  organisationNames: Record<string, string>;
}

/** Runs one part of a search on a connection of its own, bounded as the caller decides (a statement timeout). */
export type Bounded = <T>(work: (db: Db) => Promise<T>) => Promise<T>;

/** What one sample's reading gives: its size, its facet counts, the estimate of its matches, and the page. */
interface SampleRead {
  /** The most stories it reads. */
  cap: number;
  sampled: number;
  /** The planner's estimate of the sample's matches (0 when not asked: below the cap without words). */
  matches: number;
  row: Record<string, unknown>;
  page: PageRow[];
}

/**
 * The candidate samples (one with every filter, one more per selected facet without its own filter) are
 * read side by side, each on a connection of its own: with words, the planner's estimates first (one
 * statement planned, not run), which choose how the sample is read; then the sample with its facet counts in
 * one statement. The sample with every filter also gives the page, in the asked order, with its highlights.
 */
export async function searchStories(
  bounded: Bounded,
  principal: Principal,
  filters: StoryFilters,
  options: SearchOptions,
): Promise<SearchResult> {
  const cap = options.candidateCap ?? defaultCandidateCap;
  const relevance = options.sort === 'relevance' && Boolean(filters.q);
  if (!options.facets && !relevance) return bounded((db) => newestList(db, principal, filters, options));
  const own = options.facets ? facetNames.filter((f) => selected(filters, f)) : [];
  const order = relevance ? sql`rank desc, published_at desc, id desc` : sql`published_at desc, id desc`;

  // A sample without a facet's own filter only counts that facet's other values, which are scaled estimates
  // above its cap anyway: half the stories are enough for their proportions, and leave the cores to the
  // sample the page comes from.
  const capOf = (except: FacetName | undefined) => (except ? Math.max(1, Math.ceil(cap / 2)) : cap);
  const read = (except: FacetName | undefined) =>
    bounded(async (db): Promise<SampleRead> => {
      const most = capOf(except);
      let matches: number | undefined;
      let path: SamplePath = 'scan';
      if (filters.q) {
        const [words = 0, walked = 0, filtered = 0, both = 0] = await plannedRows(db, [
          // The words alone: written as a sample without filters is, so such a sample plans it once.
          conditions(principal, { ...noFacets, q: filters.q }),
          sql<SqlBool>`${readable(principal)} and ${keyedFacets(filters, except)}`,
          conditions(principal, filters, except, false),
          conditions(principal, filters, except),
        ]);
        matches = both;
        // A word left out (`housing -housing`) makes the planner's estimate of matches meaningless, and the
        // walk may read the whole library to find few or none; the text index reads only the stories
        // holding the words.
        path =
          options.path ??
          (leavesWordsOut(filters.q) ? 'words' : samplePath({ words, walked, filters: filtered, both }, most));
      }
      // A word left out reads the library's whole text index anyway: the slice would add its own reading.
      const slice =
        path !== 'words' || leavesWordsOut(filters.q)
          ? undefined
          : options.slice !== undefined
            ? (options.slice ?? undefined)
            : await sliceBoundary(db);
      // The sample with every filter counts the facets without a selection; each other, its own facet.
      const counted = !options.facets ? [] : except ? [except] : facetNames.filter((f) => !own.includes(f));
      const { rows } = await sql<Record<string, unknown>>`
        with m as materialized (${sample(principal, filters, { except, cap: most, ranked: relevance && !except, path, slice })})
        select (select count(*)::int from m) as sampled
          ${
            except
              ? sql``
              : sql`, ${pageOf(
                  sql`select id, row_number() over (order by ${order}) as n from m
                    order by n limit ${options.limit} offset ${options.offset}`,
                  filters.q,
                  options.titles,
                )} as page`
          }
          ${sql.join(
            counted.map((f) => sql`, ${facetCounts(f)}`),
            sql``,
          )}`.execute(db);
      const row = rows[0] as Record<string, unknown>;
      const sampled = row.sampled as number;
      // Without words, the estimate is asked for only when the sample reached the cap.
      if (matches === undefined && sampled >= most)
        [matches = 0] = await plannedRows(db, [conditions(principal, filters, except)]);
      const page = except ? [] : pageRows(row.page);
      return { cap: most, sampled, matches: matches ?? 0, row, page };
    });

  const [main, ...others] = (await Promise.all([undefined, ...own].map(read))) as [SampleRead, ...SampleRead[]];
  const capped = main.sampled >= cap;
  const total = capped ? Math.max(cap, main.matches) : main.sampled;
  const readOf = (f: FacetName) => (own.includes(f) ? (others[own.indexOf(f)] as SampleRead) : main);

  let facets: FacetCounts | undefined;
  if (options.facets) {
    facets = {} as FacetCounts;
    for (const f of facetNames) {
      const { cap: read, sampled, matches, row } = readOf(f);
      const counts = (
        f === 'organisation' ? (row.facet_organisation as OrganisationFacet).counts : row[`facet_${f}`]
      ) as Record<string, number>;
      // Exact below the cap; above it, the sample's proportions scaled to the estimated number of matches.
      let scale = 1;
      if (sampled >= read) scale = (own.includes(f) ? Math.max(read, matches) : total) / sampled;
      facets[f] = Object.fromEntries(
        Object.entries(counts).map(([k, c]) => [k, scale === 1 ? c : Math.max(1, Math.round(c * scale))]),
      );
    }
  }
  return {
    total,
    approximate: capped,
    reachable: Math.min(total, cap),
    rows: main.page,
    facets,
    organisationNames: (readOf('organisation').row.facet_organisation as OrganisationFacet | undefined)?.names ?? {},
  };
}

/** The organisation facet: counts by slug, and the names of those organisations for the page. */
interface OrganisationFacet {
  counts: Record<string, number>;
  names: Record<string, string>;
}

/** A facet's counts over the sample `m` (organisations by slug, with their names: `OrganisationFacet`). */
function facetCounts(f: FacetName): RawBuilder<unknown> {
  // One pass over the sample and one join for both (two cost a millisecond more on a page of results).
  if (f === 'organisation')
    return sql`(select json_build_object('counts', coalesce(json_object_agg(o.slug, x.c), '{}'),
          'names', coalesce(json_object_agg(o.slug, o.name), '{}'))
        from (select org_id, count(*)::int as c from m group by 1) x join organisations o on o.id = x.org_id)
      as facet_organisation`;
  return sql`(select coalesce(json_object_agg(k, c), '{}') from
      (select ${facetValue[f]} as k, count(*)::int as c from m group by 1) x where k is not null)
    as ${sql.raw(`facet_${f}`)}`;
}

/**
 * A plain newest-first list (home and characteristic pages): no sample, only its page and a count that
 * stops early, far enough to say "about" honestly (its pages show a total at most).
 */
async function newestList(
  db: Db,
  principal: Principal,
  filters: StoryFilters,
  options: SearchOptions,
): Promise<SearchResult> {
  const cap = options.candidateCap ?? defaultCandidateCap;
  const countCap = Math.min(cap, listCountCap);
  const newest = sql`order by s.published_at desc, s.id desc`;
  const { rows } = await sql<{ sampled: number; page: unknown }>`
    select (select count(*)::int from (select 1 from stories s where ${conditions(principal, filters)} limit ${countCap}) c)
        as sampled,
      ${pageOf(
        sql`select s.id, row_number() over (${newest}) as n from stories s where ${conditions(principal, filters)}
          ${newest} limit ${options.limit} offset ${options.offset}`,
        filters.q,
        options.titles,
      )} as page`.execute(db);
  const sampled = rows[0]?.sampled ?? 0;
  const capped = sampled >= countCap;
  const total = capped
    ? Math.max(countCap, (await plannedRows(db, [conditions(principal, filters)]))[0] ?? 0)
    : sampled;
  return {
    total,
    approximate: capped,
    reachable: Math.min(total, cap),
    rows: pageRows(rows[0]?.page),
    facets: undefined,
    organisationNames: {},
  };
}

/**
 * The stories of one page as a JSON array, in order: `chosen` gives their ids (`id`) and places (`n`), and comes
 * from the sample or the walk that found them, so every one is published and readable already. With a query,
 * a snippet is highlighted, and the title unless `titles` is false.
 */
function pageOf(chosen: RawBuilder<unknown>, q: string | undefined, titles = true): RawBuilder<unknown> {
  const marks = sql`'StartSel=' || chr(2) || ', StopSel=' || chr(3)`;
  const marked = q
    ? sql`${titles ? sql`ts_headline('english', s.title, ${query(q)}, ${marks} || ', HighlightAll=true')` : sql`null`}
          as title_marked,
        -- Only this page's rows pay for ts_headline, which re-parses the text it is given: the opening of a long
        -- body is enough for a snippet, and keeps a page of very long stories cheap.
        ts_headline('english', translate(left(s.body, ${headlineChars}), chr(2) || chr(3), ''), ${query(q)},
          ${marks} || ', MaxWords=35, MinWords=15') as snippet`
    : sql`null as title_marked, null as snippet`;
  return sql`(select coalesce(json_agg(r order by r.n), '[]') from (
      select p.n, s.id, s.title, s.form, s.characteristics, s.roles, s.place, s.sector, s.region, s.published_at,
        o.name as org_name, o.slug as org_slug, left(s.body, 700) as opening, ${marked}
      from (${chosen}) p join stories s on s.id = p.id join organisations o on o.id = s.org_id) r)`;
}

/** A page read as JSON (`pageOf`), with its dates as dates. */
function pageRows(json: unknown): PageRow[] {
  return ((json ?? []) as (Omit<PageRow, 'published_at'> & { n: number; published_at: string })[]).map(
    ({ n: _, published_at, ...row }) => ({ ...row, published_at: new Date(published_at) }),
  );
}

/** The newest public, published stories about a characteristic: what an Atom feed carries to anyone. */
export function publicStoriesAbout(db: Db, characteristic: string, limit = 30) {
  return db
    .selectFrom('stories as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .leftJoin('users as u', 'u.id', 's.author_id')
    .where(readable({ kind: 'anonymous' }))
    .where('s.characteristics', '@>', sql<string[]>`${[characteristic]}::text[]`)
    .select([
      's.id',
      's.title',
      's.body',
      's.published_at',
      's.updated_at',
      'o.name as org_name',
      nameOrFormerMember('u.display_name').as('author_name'),
    ])
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
}
