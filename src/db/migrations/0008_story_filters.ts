// Filtering the library by region, sector or form: without these, a filter with no text search reads every
// published story (about 50 ms at 100,000 stories); with them it reads only the matching ones, newest first.
import { type Kysely, sql } from 'kysely';

const columns = ['region', 'sector', 'form'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of columns) {
    await sql`create index ${sql.raw(`stories_published_${column}`)} on stories (${sql.ref(column)}, published_at desc)
      where status = 'published'`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of columns) await sql`drop index ${sql.raw(`stories_published_${column}`)}`.execute(db);
}
