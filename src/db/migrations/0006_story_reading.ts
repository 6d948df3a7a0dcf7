// Reading stories: pages and the API address a story by id alone (/stories/:id), while the primary key
// leads with org_id, so without this index every story page and related-stories lookup scans the table.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index stories_id on stories (id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index stories_id`.execute(db);
}
