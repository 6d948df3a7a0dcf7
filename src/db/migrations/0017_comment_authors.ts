// Comments by their author: "Your Waymark" finds replies to a person's comments, and erasure finds a person's
// comments, by author; without this index both read every comment.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index comments_author on comments (author_id) where author_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index comments_author`.execute(db);
}
