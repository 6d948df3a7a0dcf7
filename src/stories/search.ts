// Finding stories: full-text search with facets, related stories and feed entries, always over the
// published stories the caller may see (`visibleTo`). Plain SQL over the generated `stories.search`.
//
// Large libraries: a query matching tens of thousands of stories cannot be ranked and counted exactly
// in a few milliseconds. So every search reads at most `candidateCap` matching stories, newest first,
// ranks and counts those, and (only when the cap was reached) estimates the total from the planner's
// statistics and scales the facet counts to it. Below the cap every figure is exact.

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Principal, visibleTo } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';

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
}

export const defaultCandidateCap = 500;
const listCountCap = 100;

const scope = {
  org: 's.org_id',
  owner: 's.author_id',
  visibility: 's.visibility',
  space: 's.space_id',
};

/** How much of a body `ts_headline` reads for a snippet. */
export const headlineChars = 5000;

/** Control characters around highlighted words: a body cannot hold them (they are stripped first). */
export const markStart = '\u0002';
export const markEnd = '\u0003';

const query = (q: string) => sql`websearch_to_tsquery('english', ${q})`;

/** Only published stories, only where the caller's scope reaches: the rule for every reader-facing list. */
function readable(principal: Principal): RawBuilder<SqlBool> {
  return sql<SqlBool>`s.status = 'published' and ${visibleTo(principal, scope)}`;
}

/** WHERE conditions for the text and every selected facet but `except` (facets honour the other filters). */
function conditions(principal: Principal, filters: StoryFilters, except?: FacetName): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [readable(principal)];
  if (filters.q) parts.push(sql`s.search @@ ${query(filters.q)}`);
  const text = (values: readonly string[]) => sql`${values as string[]}::text[]`;
  if (except !== 'characteristic' && filters.characteristic.length)
    parts.push(sql`s.characteristics && ${text(filters.characteristic)}`);
  if (except !== 'role' && filters.role.length) parts.push(sql`s.roles && ${text(filters.role)}`);
  if (except !== 'form' && filters.form.length) parts.push(sql`s.form = any (${text(filters.form)})`);
  if (except !== 'sector' && filters.sector.length) parts.push(sql`s.sector = any (${text(filters.sector)})`);
  if (except !== 'region' && filters.region.length) parts.push(sql`s.region = any (${text(filters.region)})`);
  if (except !== 'organisation' && filters.organisation.length)
    parts.push(
      sql`s.org_id in (select o.id from organisations o
        where o.slug = any (${filters.organisation as string[]}::text[])
          or o.id::text = any (${filters.organisation as string[]}::text[]))`,
    );
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

const selected = (filters: StoryFilters, facet: FacetName) => filters[facet].length > 0;

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

export type PageRow = Awaited<ReturnType<typeof storiesByIds>>[number];

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

/**
 * One round trip: the candidate samples (one with every filter, one more per selected facet without its
 * own filter), the page of ids in the asked order, and the facet counts over the samples.
 */
export async function searchStories(
  db: Db,
  principal: Principal,
  filters: StoryFilters,
  options: SearchOptions,
): Promise<SearchResult> {
  const cap = options.candidateCap ?? defaultCandidateCap;
  const relevance = options.sort === 'relevance' && Boolean(filters.q);
  // Newest first is usually cheapest by walking the published_at index until the cap is reached. A word left
  // out (`housing -housing`, `council -housing`) makes the planner's estimate of matches meaningless, and the
  // walk may read the whole library to find few or none; ordering by an expression the index cannot give
  // sends such a search through the text index instead, which reads only the stories holding the words.
  const newest = leavesWordsOut(filters.q) ? sql`s.published_at + interval '0 seconds'` : sql`s.published_at`;
  const sample = (except?: FacetName, ranked = false) => sql`
    select s.id, s.characteristics, s.roles, s.form, s.sector, s.region, s.org_id, s.published_at
      ${ranked ? sql`, ts_rank_cd(s.search, ${query(filters.q ?? '')})` : sql`, 0::real`} as rank
    from stories s
    where ${conditions(principal, filters, except)}
    order by ${newest} desc, s.id desc
    limit ${cap}`;
  const own = options.facets ? facetNames.filter((f) => selected(filters, f)) : [];
  const ctes = [
    sql`m as materialized (${sample(undefined, relevance)})`,
    ...own.map((f) => sql`${sql.raw(`m_${f}`)} as materialized (${sample(f)})`),
  ];
  const facetColumns = options.facets
    ? facetNames.map((f) => {
        const from = sql.raw(own.includes(f) ? `m_${f}` : 'm');
        const counts =
          f === 'organisation'
            ? // Keyed by slug, with the names beside them for the page: no second round trip.
              sql`(select coalesce(json_object_agg(o.slug, x.c), '{}') from
                  (select org_id, count(*)::int as c from ${from} group by 1) x join organisations o on o.id = x.org_id)
                as facet_organisation,
                (select coalesce(json_object_agg(o.slug, o.name), '{}') from
                  (select distinct org_id from ${from}) x join organisations o on o.id = x.org_id) as organisation_names`
            : sql`(select coalesce(json_object_agg(k, c), '{}') from
                  (select ${facetValue[f]} as k, count(*)::int as c from ${from} group by 1) x where k is not null)
                as ${sql.raw(`facet_${f}`)}`;
        return own.includes(f)
          ? sql`, ${counts}, (select count(*)::int from ${from}) as ${sql.raw(`sampled_${f}`)}`
          : sql`, ${counts}`;
      })
    : [];
  const order = relevance ? sql`rank desc, published_at desc, id desc` : sql`published_at desc, id desc`;
  const sampling = options.facets || relevance;
  // A plain list counts only far enough to say "about" honestly: its pages show a total at most.
  const countCap = sampling ? cap : Math.min(cap, listCountCap);
  const { rows } = await (sampling
    ? sql<Record<string, unknown>>`
    with ${sql.join(ctes, sql`, `)}
    select (select count(*)::int from m) as sampled,
      (select coalesce(json_agg(id), '[]') from
        (select id from m order by ${order} limit ${options.limit} offset ${options.offset}) p) as ids
      ${sql.join(facetColumns, sql``)}`
    : // A plain newest-first list (home and characteristic pages) needs no sample: only its page, and a
      // count that stops at the cap.
      sql<Record<string, unknown>>`
    select (select count(*)::int from (select 1 from stories s where ${conditions(principal, filters)} limit ${countCap}) c)
        as sampled,
      (select coalesce(json_agg(id), '[]') from
        (select s.id from stories s where ${conditions(principal, filters)}
         order by s.published_at desc, s.id desc limit ${options.limit} offset ${options.offset}) p) as ids`
  ).execute(db);
  const row = rows[0] as Record<string, unknown>;
  const sampled = row.sampled as number;
  const capped = sampled >= countCap;
  const ids = row.ids as string[];
  const sampledOf = (f: FacetName) => (own.includes(f) ? (row[`sampled_${f}`] as number) : sampled);
  // Everything left depends only on the samples, so it runs side by side: the page's rows (with their
  // highlights), and the planner's estimates for whichever samples reached the cap.
  const estimates = [undefined, ...own].map((f) =>
    (f === undefined ? capped : sampledOf(f) >= cap) ? estimateMatches(db, principal, filters, f) : Promise.resolve(0),
  );
  const [pageRows, estimated, ...ownEstimates] = await Promise.all([
    storiesByIds(db, principal, ids, filters.q),
    ...estimates,
  ]);
  const total = capped ? Math.max(countCap, estimated as number) : sampled;

  let facets: FacetCounts | undefined;
  if (options.facets) {
    facets = {} as FacetCounts;
    for (const f of facetNames) {
      const counts = row[`facet_${f}`] as Record<string, number>;
      const n = sampledOf(f);
      // Exact below the cap; above it, the sample's proportions scaled to the estimated number of matches.
      let scale = 1;
      if (n >= cap) scale = (own.includes(f) ? Math.max(cap, ownEstimates[own.indexOf(f)] as number) : total) / n;
      facets[f] = Object.fromEntries(
        Object.entries(counts).map(([k, c]) => [k, scale === 1 ? c : Math.max(1, Math.round(c * scale))]),
      );
    }
  }
  return {
    total,
    approximate: capped,
    reachable: Math.min(total, cap),
    rows: pageRows as PageRow[],
    facets,
    organisationNames: (row.organisation_names ?? {}) as Record<string, string>,
  };
}

/** Whether a search leaves a word out: websearch_to_tsquery reads `-word` (after a space, or first) as NOT. */
export const leavesWordsOut = (q: string | undefined) => q !== undefined && /(?:^|\s)-[^\s-]/.test(q);

/** The planner's estimate of how many stories match: cheap, and close for the single terms it keeps stats on. */
async function estimateMatches(db: Db, principal: Principal, filters: StoryFilters, except?: FacetName) {
  const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>`
    explain (format json) select 1 from stories s where ${conditions(principal, filters, except)}`.execute(db);
  return Math.round(rows[0]?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
}

/** The rows of one page, in the order given, with highlighted title and snippet when there is a query. */
export async function storiesByIds(db: Db, principal: Principal, ids: readonly string[], q: string | undefined) {
  if (ids.length === 0) return [];
  const marks = sql`'StartSel=' || chr(2) || ', StopSel=' || chr(3)`;
  const rows = await db
    .selectFrom('stories as s')
    .innerJoin('organisations as o', 'o.id', 's.org_id')
    .where(readable(principal))
    .where('s.id', '=', sql<string>`any (${ids as string[]}::uuid[])`)
    .select([
      's.id',
      's.title',
      's.form',
      's.characteristics',
      's.roles',
      's.place',
      's.sector',
      's.region',
      's.published_at',
      'o.name as org_name',
      'o.slug as org_slug',
      sql<string>`left(s.body, 700)`.as('opening'),
      ...(q
        ? [
            sql<string>`ts_headline('english', s.title, ${query(q)}, ${marks} || ', HighlightAll=true')`.as(
              'title_marked',
            ),
            // Only this page's rows pay for ts_headline, which re-parses the text it is given: the opening of a
            // long body is enough for a snippet, and keeps a page of very long stories cheap.
            sql<string>`ts_headline('english', translate(left(s.body, ${headlineChars}), chr(2) || chr(3), ''), ${query(q)},
              ${marks} || ', MaxWords=35, MinWords=15')`.as('snippet'),
          ]
        : [sql<null>`null`.as('title_marked'), sql<null>`null`.as('snippet')]),
    ])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Stories related to one: those sharing the most characteristics and roles first, then the most similar
 * text (the story's title words against each candidate's text). Candidates are the newest 120 sharing
 * something, which keeps the story page fast in a large library. The story's own tags are passed in as
 * values, so the planner sees real arrays and walks the newest-first index instead of every match.
 */
export async function relatedStories(
  db: Db,
  principal: Principal,
  story: { id: string; title: string; characteristics: string[]; roles: string[] },
  limit = 3,
) {
  const characteristics = sql`${story.characteristics}::text[]`;
  // One containment test per tag of this story (a handful), cheaper than intersecting arrays per row.
  const shared = sql.join(
    [
      ...story.characteristics.map((c) => sql`(s.characteristics @> ${[c]}::text[])::int`),
      ...story.roles.map((r) => sql`(s.roles @> ${[r]}::text[])::int`),
      sql`0`,
    ],
    sql` + `,
  );
  const roles = sql`${story.roles}::text[]`;
  const { rows } = await sql<{ id: string; title: string; form: string; published_at: Date; org_name: string }>`
    with words as (
      select nullif(array_to_string(array(
        select '''' || replace(replace(l, '\\', ''), '''', '''''') || ''''
        from unnest(tsvector_to_array(to_tsvector('english', ${story.title}))) l), ' | '), '')::tsquery as q
    ), candidates as (
      select s.id, s.title, s.form, s.published_at, s.org_id, s.search,
        ${shared} as shared
      from stories s
      where ${readable(principal)} and s.id <> ${story.id}::uuid
        and (s.characteristics && ${characteristics} or s.roles && ${roles})
      order by s.published_at desc
      limit 120
    ), closest as (
      -- Text similarity only breaks ties among those sharing the most, so only they pay for ts_rank.
      select * from candidates order by shared desc, published_at desc limit 24
    )
    select c.id, c.title, c.form, c.published_at, o.name as org_name
    from closest c join organisations o on o.id = c.org_id, words
    order by c.shared desc, coalesce(ts_rank(c.search, words.q), 0) desc, c.published_at desc
    limit ${limit}`.execute(db);
  return rows;
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
      sql<string>`coalesce(u.display_name, 'Former member')`.as('author_name'),
    ])
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute();
}
