// Stories put straight into the database, for tests that need one to act on rather than the forms that make it.
import type { Db } from '../../src/db/database.ts';

/**
 * A draft story (a personal narrative, for the organisation) by `email` in their organisation; returns its id.
 * The slug is `slug`, or one made from the author's id.
 */
export async function insertDraft(db: Db, email: string, story: { title: string; body: string; slug?: string }) {
  const author = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'memberships.org_id'])
    .where('users.email', '=', email)
    .executeTakeFirstOrThrow();
  const inserted = await db
    .insertInto('stories')
    .values({
      org_id: author.org_id,
      slug: story.slug ?? `draft-${author.id}`,
      title: story.title,
      form: 'personal-narrative',
      body: story.body,
      primary_characteristic: 'rooted',
      characteristics: ['rooted'],
      roles: [],
      place: '',
      author_id: author.id,
      visibility: 'organisation',
      space_id: null,
      status: 'draft',
      published_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
