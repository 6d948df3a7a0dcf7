// Story search at a million stories. A search reads its candidates newest first; with these indexes that
// walk reads visibility and every facet column from the index alone, never the wide story rows, so filters
// cost little and only the stories passing them are read for their words (src/stories/search-sample.ts).
// One index walks the whole library; one per form, sector and region (replacing 0008's, which held only
// the date) walks the stories of one value. Testing a story's words finds its row by id (a hash index) and
// reads its search vector there: it stays inside the row where it fits.
import { type Kysely, sql } from 'kysely';

/** What a walk reads besides its key: the caller's scope, and the columns the filters and facets use. */
const carried = 'visibility org_id author_id space_id form sector region characteristics roles'.split(' ');
const columns = ['form', 'sector', 'region'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index stories_readable on stories (published_at desc, id desc)
    include (${sql.raw(carried.join(', '))}) where status = 'published'`.execute(db);
  for (const column of columns) {
    await sql`drop index ${sql.raw(`stories_published_${column}`)}`.execute(db);
    await sql`create index ${sql.raw(`stories_readable_${column}`)} on stories (${sql.ref(column)}, published_at desc, id desc)
      include (${sql.raw(carried.filter((c) => c !== column).join(', '))}) where status = 'published'`.execute(db);
  }
  await sql`
    -- A walk tests the words of each story passing its filters by finding the row by id: a hash index finds
    -- it in one step where the btree (stories_id) descends three levels, about a fifth off a search's time.
    create index stories_id_hash on stories using hash (id);
    -- A long body is moved out of the row before the search vector is (for rows written from now on).
    alter table stories alter column search set storage main;
    -- A walk reads a story row only where its page is not yet marked all-visible; vacuum after new stories
    -- sooner than the default (a fifth of the table) so the newest are marked quickly.
    alter table stories set (autovacuum_vacuum_insert_scale_factor = 0.01);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table stories reset (autovacuum_vacuum_insert_scale_factor);
    alter table stories alter column search set storage extended;
    drop index stories_id_hash;
    drop index stories_readable;
  `.execute(db);
  for (const column of columns) {
    await sql`drop index ${sql.raw(`stories_readable_${column}`)}`.execute(db);
    await sql`create index ${sql.raw(`stories_published_${column}`)} on stories (${sql.ref(column)}, published_at desc)
      where status = 'published'`.execute(db);
  }
}
