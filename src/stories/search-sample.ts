// The candidates of a story search: the newest published stories the caller may see that match the words
// and filters, up to the cap, and which way reads them fastest (search.ts counts and ranks them).
//
// Walking an index newest first (`stories_readable`, or one led by a form, sector or region: migration 0014)
// tests visibility and filters without reading a story row, and reads a row only to test the words of a
// story that passed them: cheap when filters are selective and words common, as the walk stops at the cap.
// Reading rows newest first suits common words without selective filters; reading every story through the
// filters' indexes or the text index, then sorting by date, suits rare filters or rare words. The planner's
// estimates of how many stories match the words, the filters and both choose, per sample (`samplePath`).

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { storyKind } from './kind.ts';
import type { FacetName, StoryFilters } from './search.ts';

export const query = (q: string) => sql`websearch_to_tsquery('english', ${q})`;

/** Only published stories, only where the caller's scope reaches: the story kind's one readable rule. */
export function readable(principal: Principal): RawBuilder<SqlBool> {
  return storyKind.readable(principal, 's');
}

/**
 * WHERE conditions for every selected facet but `except` (facets honour the other filters), and for the
 * words unless `words` is false.
 */
export function conditions(
  principal: Principal,
  filters: StoryFilters,
  except?: FacetName,
  words = true,
): RawBuilder<SqlBool> {
  const text = words && filters.q ? sql` and s.search @@ ${query(filters.q)}` : sql``;
  return sql<SqlBool>`${readable(principal)}${text} and ${facetConditions(filters, except)}`;
}

/** Facets with one column per story, which a walk can take from an index led by that column. */
const scalarFacets = ['form', 'sector', 'region'] as const;

/**
 * The selected facets but `except` (true when none is), those on one column first (cheapest to test).
 * `keyed` leaves out those given as `keyedFacets` below.
 */
function facetConditions(filters: StoryFilters, except?: FacetName, keyed = false): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  const text = (values: readonly string[]) => sql`${values as string[]}::text[]`;
  for (const f of scalarFacets) {
    const values = except === f ? [] : filters[f];
    // One value as an equality, so the planner can walk that value's index.
    if (values.length === 1 && !keyed) parts.push(sql`${sql.ref(`s.${f}`)} = ${values[0]}`);
    if (values.length > 1) parts.push(sql`${sql.ref(`s.${f}`)} = any (${text(values)})`);
  }
  if (except !== 'organisation' && filters.organisation.length)
    parts.push(
      sql`s.org_id in (select o.id from organisations o
        where o.slug = any (${filters.organisation as string[]}::text[])
          or o.id::text = any (${filters.organisation as string[]}::text[]))`,
    );
  if (except !== 'characteristic' && filters.characteristic.length)
    parts.push(sql`s.characteristics && ${text(filters.characteristic)}`);
  if (except !== 'role' && filters.role.length) parts.push(sql`s.roles && ${text(filters.role)}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/**
 * The facets of one selected value on one column, as plain equalities: a walk may then follow the index led
 * by that column (`stories_readable_form` and the like), reading only that value's stories.
 */
export function keyedFacets(filters: StoryFilters, except?: FacetName): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  for (const f of scalarFacets)
    if (except !== f && filters[f].length === 1) parts.push(sql`${sql.ref(`s.${f}`)} = ${filters[f][0]}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

/** Whether a search leaves a word out: websearch_to_tsquery reads `-word` (after a space, or first) as NOT. */
export const leavesWordsOut = (q: string | undefined) => q !== undefined && /(?:^|\s)-[^\s-]/.test(q);

/** The planner's estimates for one sample, in stories the caller may read. */
export interface SampleEstimate {
  /** Those a walk goes through: all, or those of the one form, sector or region asked for. */
  walked: number;
  /** The words alone. */
  words: number;
  /** The sample's filters alone. */
  filters: number;
  /** Words and filters: the sample's matches. */
  both: number;
}

// Costs per story in microseconds, measured on the bench library (100,000 and 1,000,000 stories): reading a
// story's row and testing its filters and words there; a step of a walk (the index alone); and testing one
// story's words from a walk (finding its row by id, then reading it).
const rowUs = 1.8;
const walkStepUs = 0.3;
const wordTestUs = 3;

/**
 * How a sample with words is read, the cheapest by the planner's estimates:
 * - `scan`: rows newest first, testing filters and words on each (when the filters keep most stories);
 * - `walk`: the index newest first, testing filters there and words only for the stories that pass them;
 * - `filters`: every story passing the filters, through their own indexes, then sorted by date;
 * - `words`: every story holding the words, through the text index, then sorted by date.
 */
export type SamplePath = 'scan' | 'walk' | 'filters' | 'words';

export function samplePath(estimate: SampleEstimate, cap: number): SamplePath {
  const both = Math.max(1, estimate.both);
  const steps = Math.min(estimate.walked, (cap * estimate.walked) / both);
  const tests = Math.min(estimate.filters, (cap * estimate.filters) / both);
  const costs: [SamplePath, number][] = [
    ['scan', steps * rowUs],
    ['walk', steps * walkStepUs + tests * wordTestUs],
    ['filters', estimate.filters * rowUs],
    ['words', estimate.words * rowUs],
  ];
  return costs.reduce((best, next) => (next[1] < best[1] ? next : best))[0];
}

/** How long the planner's estimates of a condition are kept: they change only as the statistics do. */
export const estimatesKeptMs = 60_000;
const estimatesOf = new WeakMap<Db, LRUCache<string, number>>();

/**
 * The planner's row estimates for several conditions in one round trip (one statement, planned and not
 * run): cheap, and close for the single terms and facet values it keeps statistics on. A condition given
 * twice is planned once, and one planned in the last minute on the same database is not planned again: the
 * next page of a search, a facet clicked and a popular search skip the round trip. An estimate only
 * chooses how a sample is read and scales counts above the cap, so one a minute old changes no result below it.
 */
export async function plannedRows(db: Db, wheres: readonly RawBuilder<SqlBool>[]): Promise<number[]> {
  if (wheres.length === 0) return [];
  let kept = estimatesOf.get(db);
  if (!kept) {
    kept = new LRUCache<string, number>({ max: 5000, ttl: estimatesKeptMs });
    estimatesOf.set(db, kept);
  }
  const keys = wheres.map((where) => {
    const { sql: text, parameters } = where.compile(db);
    return JSON.stringify([text, parameters]);
  });
  const missing = [...new Set(keys)].filter((key) => kept.get(key) === undefined);
  if (missing.length > 0) {
    const columns = missing.map((key) => sql`(select 1 from stories s where ${wheres[keys.indexOf(key)]} limit 1)`);
    type Node = { 'Plan Rows': number; 'Subplan Name'?: string; Plans?: Node[] };
    const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: Node }] }>`
      explain (format json) select ${sql.join(columns, sql`, `)}`.execute(db);
    // Each condition is an init plan (named "InitPlan n", in order) whose Limit sits above the estimate.
    const byName = new Map(
      (rows[0]?.['QUERY PLAN'][0].Plan.Plans ?? []).map((p) => [p['Subplan Name'], p.Plans?.[0]?.['Plan Rows'] ?? 0]),
    );
    for (const [i, key] of missing.entries()) kept.set(key, Math.round(byName.get(`InitPlan ${i + 1}`) ?? 0));
  }
  return keys.map((key) => kept.get(key) ?? 0);
}

/**
 * One sample: the newest `cap` matching stories with the columns the facets count, and their rank for the
 * words when asked. The rank is computed for the sample only (never for every match), after the cap.
 * Without words the planner chooses how to read it; with words, `path` says (`samplePath`).
 */
export function sample(
  principal: Principal,
  filters: StoryFilters,
  options: {
    except?: FacetName | undefined;
    cap: number;
    ranked: boolean;
    path: SamplePath;
    /** Where the recent slice of the text index starts (search-slice.ts), for the `words` path. */
    slice?: Date | undefined;
  },
): RawBuilder<unknown> {
  const { except, cap, ranked, path, slice } = options;
  const columns = sql`id, characteristics, roles, form, sector, region, org_id, published_at`;
  const newest = sql`order by s.published_at desc, s.id desc limit ${cap}`;
  if (!filters.q)
    return sql`select ${columns}, 0::real as rank from stories s
      where ${conditions(principal, filters, except)} ${newest}`;
  // Computed once per statement (an init plan), not once per story tested.
  const words = sql`(select ${query(filters.q)})`;
  // Newest first, along the index of the one form, sector or region asked for if there is one (else the whole
  // library's). Tests the planner cannot answer through another index keep it to the path chosen: the other
  // filters in parentheses followed by `is true` (estimated as the filters are), words as a function call.
  const along = sql`${readable(principal)} and ${keyedFacets(filters, except)}
    and (${facetConditions(filters, except, true)}) is true`;
  if (path === 'walk') {
    // Only the stories passing the filters in the index are read, by id, for their words (and rank).
    if (!ranked)
      return sql`select ${columns}, 0::real as rank from stories s where ${along}
        and (select t.search @@ ${words} from stories t where t.org_id = s.org_id and t.id = s.id) ${newest}`;
    return sql`select s.id, s.characteristics, s.roles, s.form, s.sector, s.region, s.org_id, s.published_at, w.rank
      from stories s cross join lateral (
        select case when t.search @@ ${words} then ts_rank_cd(t.search, ${words}) end as rank
        from stories t where t.org_id = s.org_id and t.id = s.id offset 0) w
      where ${along} and w.rank is not null ${newest}`;
  }
  // Ordering by an expression keeps the planner from walking newest first.
  const byDateOnly = sql`order by s.published_at + interval '0 seconds' desc, s.id desc`;
  const byDate = sql`${byDateOnly} limit ${cap}`;
  const wordTest = sql`ts_match_vq(s.search, ${words})`;
  const where = conditions(principal, filters, except);
  const found =
    path === 'scan'
      ? sql`${along} and ${wordTest} ${newest}`
      : path === 'filters'
        ? sql`${conditions(principal, filters, except, false)} and ${wordTest} ${byDate}`
        : sql`${where} ${byDate}`;
  if (path === 'scan') {
    // Read newest first, the rows arrive in order: the sample's stories carry their search vector to be ranked.
    const rank = ranked ? sql`ts_rank_cd(c.search, ${words})` : sql`0::real`;
    return sql`select ${columns}, ${rank} as rank from (select ${columns}, s.search from stories s where ${found}) c`;
  }
  // Sorted by date, each match carries only its address in the table (its search vector is a kilobyte, and the
  // facets' arrays are wide too): a sort of thousands of matches stays narrow. The sample's stories are then
  // read again by that address, which this statement's snapshot keeps, for the facets' columns and the rank.
  const rank = ranked ? sql`ts_rank_cd(t.search, ${words})` : sql`0::real`;
  // Through the recent slice first: its newest matches are the newest of all when there are `cap` of them, as
  // every story outside it is older; the rest of the library is read only for the matches still wanting.
  const addresses =
    path === 'words' && slice
      ? sql`with recent as materialized (select s.ctid from stories s
            where ${where} and s.published_at >= ${slice}::timestamptz ${byDate})
          select ctid from recent
          union all (select s.ctid from stories s where ${where} and s.published_at < ${slice}::timestamptz
            ${byDateOnly} limit greatest(0, ${cap} - (select count(*) from recent)))`
      : sql`select s.ctid from stories s where ${found}`;
  return sql`select ${columns}, rank from (${addresses}) c
    cross join lateral (select ${columns}, ${rank} as rank from stories t where t.ctid = c.ctid offset 0) t`;
}
