// Every change to what an anonymous reader's page shows sends one notification, delivered when its
// transaction commits; each instance listening empties its page cache (src/web/page-cache.ts).
import { type Kysely, sql } from 'kysely';

/** Tables whose rows appear on pages kept for anonymous readers. */
export const contentTables = [
  'stories',
  'story_audio',
  'story_people',
  'comments',
  'reactions',
  'organisations',
  'users',
  'spaces',
  'framework_versions',
  'characteristics',
  'characteristic_indicators',
  'roles',
  'lessons',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function waymark_content_changed() returns trigger language plpgsql as $fn$
    begin
      perform pg_notify('waymark_content_changed', '');
      return null;
    end $fn$
  `.execute(db);
  for (const table of contentTables) {
    // Once per statement, however many rows it touched (a seed of 100,000 stories sends one).
    await sql`
      create trigger ${sql.raw(`${table}_content_changed`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function waymark_content_changed()
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of contentTables) {
    await sql`drop trigger ${sql.raw(`${table}_content_changed`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function waymark_content_changed()`.execute(db);
}
