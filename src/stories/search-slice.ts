// The recent slice of story search. The text index cannot return matches newest first, so a search whose words
// match thousands of stories reads every one of them to keep the newest few hundred (`sample`, path `words`).
// A second, partial text index over the newest stories only (those published at or after a boundary) lets such
// a search read the slice first: when the slice holds enough matches, they are the newest of all, since every
// story outside it is older; when it does not, the rest are read from the whole library's index.
//
// Correctness never depends on the slice: any boundary gives the same answer, the index only makes it quick.
// The daily housekeeping builds the slice once the library is large enough to gain from it, and builds it
// again when it has grown to twice its size (the build runs beside searches: `create index concurrently`).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Log } from '../log.ts';

export interface SlicePolicy {
  /** Below this many published stories the whole library's index is quick enough: no slice. */
  least: number;
  /** The share of published stories a new slice holds. */
  share: number;
}

/**
 * At a million stories the slice is the newest 200,000: a search whose words match 0.25% of stories or more
 * finds its 500 newest there (measured: the sample for "taxidermy council budget" picked in 2 to 3 ms instead
 * of 16 to 21).
 */
export const slicePolicy: SlicePolicy = { least: 50_000, share: 0.2 };

const prefix = 'stories_search_recent_';
/** Taken for the length of a refresh, so two instances never build a slice at once. */
const lockKey = 'waymark:story-search-slice';

export type SliceRefresh =
  | { action: 'kept'; boundary: Date; stories: number }
  | { action: 'built'; boundary: Date; stories: number; index: string }
  | { action: 'dropped' | 'none' | 'busy' | 'not-owner' };

/**
 * Builds, moves or drops the slice as `policy` says, on one connection of `db` outside any transaction
 * (`create index concurrently` needs that, and takes as long as it takes: no statement time limit).
 */
export async function refreshSearchSlice(
  db: Db,
  options: { policy?: SlicePolicy; log?: Log } = {},
): Promise<SliceRefresh> {
  const policy = options.policy ?? slicePolicy;
  const result = await db.connection().execute(async (conn): Promise<SliceRefresh> => {
    const { rows: locked } = await sql<{ ok: boolean }>`
      select pg_try_advisory_lock(hashtext(${lockKey})) as ok`.execute(conn);
    if (!locked[0]?.ok) return { action: 'busy' };
    try {
      await sql`set statement_timeout = 0`.execute(conn);
      return await refresh(conn, policy);
    } catch (error) {
      // A role that may read and write stories but not change the table (its owner runs `waymark migrate`):
      // searches read the whole index, as without a slice, and the rest of the housekeeping goes on.
      if ((error as { code?: string }).code !== '42501') throw error;
      return { action: 'not-owner' };
    } finally {
      await sql`reset statement_timeout`.execute(conn);
      await sql`select pg_advisory_unlock(hashtext(${lockKey}))`.execute(conn);
    }
  });
  if (result.action === 'built' || result.action === 'dropped') options.log?.info(sliceRefreshSaid(result));
  if (result.action === 'not-owner') options.log?.warn(sliceRefreshSaid(result));
  return result;
}

/** What a refresh did, in a line (the housekeeping's log, and the `waymark search-slice` command). */
export function sliceRefreshSaid(result: SliceRefresh): string {
  switch (result.action) {
    case 'built':
      return `Built a recent slice of ${result.stories} stories for story search, published since ${result.boundary.toISOString()}.`;
    case 'kept':
      return `Kept the recent slice of story search: ${result.stories} stories, published since ${result.boundary.toISOString()}.`;
    case 'dropped':
      return 'Dropped the recent slice of story search: too few published stories to gain from it.';
    case 'none':
      return 'No recent slice of story search: too few published stories to gain from it.';
    case 'busy':
      return 'Another instance is refreshing the recent slice of story search; nothing done.';
    case 'not-owner':
      return 'No recent slice of story search: the database role does not own the stories table.';
  }
}

/** Published stories, all or those published at or after `since`. */
async function published(conn: Db, since?: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from stories where status = 'published' and published_at is not null
      ${since ? sql`and published_at >= ${since}::timestamptz` : sql``}`.execute(conn);
  return rows[0]?.n ?? 0;
}

async function refresh(conn: Db, policy: SlicePolicy): Promise<SliceRefresh> {
  const current = await conn.selectFrom('story_search_slice').selectAll().executeTakeFirst();
  const all = await published(conn);
  if (all < policy.least) {
    if (current) await conn.deleteFrom('story_search_slice').execute();
    await dropIndexes(conn, undefined);
    return { action: current ? 'dropped' : 'none' };
  }
  // A build cut short (a crash, a restart) leaves an index PostgreSQL marks invalid; any such, and any
  // slice no longer named, goes.
  await dropIndexes(conn, current?.index_name);
  const wanted = Math.max(1, Math.ceil(all * policy.share));
  if (current) {
    const holds = await published(conn, current.boundary);
    if (holds >= wanted / 2 && holds <= wanted * 2)
      return { action: 'kept', boundary: current.boundary, stories: holds };
  }
  // Whole seconds, so that the boundary a search sends (a JavaScript date, to the millisecond) is exactly
  // the one in the index's condition, which PostgreSQL must see implied to use the index.
  const { rows: edge } = await sql<{ boundary: Date }>`
      select date_trunc('second', published_at) as boundary from stories
      where status = 'published' and published_at is not null
      order by published_at desc offset ${wanted - 1} limit 1`.execute(conn);
  const boundary = edge[0]?.boundary as Date;
  const index = `${prefix}${Date.now()}`;
  await sql`create index concurrently ${sql.id(index)} on stories using gin (search)
      where published_at >= ${sql.lit(boundary.toISOString())}::timestamptz`.execute(conn);
  await conn
    .insertInto('story_search_slice')
    .values({ boundary, index_name: index })
    .onConflict((oc) => oc.column('singleton').doUpdateSet({ boundary, index_name: index, built_at: sql`now()` }))
    .execute();
  await dropIndexes(conn, index);
  return { action: 'built', boundary, stories: await published(conn, boundary), index };
}

/** Every slice index but `keep`. */
async function dropIndexes(conn: Db, keep: string | undefined) {
  const { rows } = await sql<{ name: string }>`
    select indexname as name from pg_indexes
    where schemaname = current_schema() and tablename = 'stories' and indexname like ${`${prefix.replaceAll('_', '\\_')}%`}`.execute(
    conn,
  );
  for (const { name } of rows)
    if (name !== keep) await sql`drop index concurrently if exists ${sql.id(name)}`.execute(conn);
}

/** How long an instance keeps the boundary it read: a slice built elsewhere is used within this time. */
export const boundaryKeptMs = 60_000;
const boundaries = new WeakMap<Db, { at: number; boundary: Promise<Date | undefined> }>();

/**
 * Where the slice in use starts, if there is one: read at most once a minute per database handle, and once for
 * the samples of a search that ask at the same moment.
 */
export function sliceBoundary(db: Db, now = Date.now()): Promise<Date | undefined> {
  const kept = boundaries.get(db);
  if (kept && now - kept.at < boundaryKeptMs) return kept.boundary;
  const boundary = db
    .selectFrom('story_search_slice')
    .select('boundary')
    .executeTakeFirst()
    .then((row) => row?.boundary);
  // A failed read is not kept: the next search asks again.
  boundary.catch(() => boundaries.delete(db));
  boundaries.set(db, { at: now, boundary });
  return boundary;
}
