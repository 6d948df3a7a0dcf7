// The recent slice of story search (src/stories/search-slice.ts): a text index over the newest stories only,
// which the daily housekeeping builds and moves. This table names the one in use and where it starts; with no
// row, searches read the whole library's text index, as they always could.
import { type Kysely, sql } from 'kysely';

const upStatements = [
  `create table story_search_slice (
      singleton boolean primary key default true check (singleton),
      boundary timestamptz not null,
      index_name text not null check (index_name ~ '^stories_search_recent_[0-9]+$'),
      built_at timestamptz not null default now()
    )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select indexname as name from pg_indexes where indexname like 'stories\\_search\\_recent\\_%'`.execute(db);
  for (const { name } of rows) await sql`drop index if exists ${sql.id(name)}`.execute(db);
  await sql`drop table story_search_slice`.execute(db);
}
