// Comments and reactions in the database. Content of any discussed kind is named by its type and id;
// whether the caller may see that content is decided (through its kind) before anything here is read.
import { sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { ScopedKind } from '../content/kind.ts';
import { type ContentRecord, column } from '../content/records.ts';
import type { Db } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';

export interface CommentRow {
  id: string;
  parent_id: string | null;
  author_id: string | null;
  body: string;
  status: 'visible' | 'hidden' | 'deleted';
  created_at: Date;
  edited_at: Date | null;
  author_name: string;
}

/**
 * The comments on the content, oldest first, and its "this resonates" count with whether the person gave
 * one: one round trip, because every content page asks for both.
 */
export async function discussionOf(db: Db, content: ContentRecord, personId: string | null) {
  const { rows } = await sql<Partial<CommentRow> & { resonates: number; mine: boolean }>`
    with r as (
      select count(*)::int as resonates, coalesce(bool_or(user_id = ${personId}::uuid), false) as mine
      from reactions
      where org_id = ${content.orgId}::uuid and target_type = ${content.type} and target_id = ${content.id}::uuid
        and kind = 'resonates'
    )
    select r.resonates, r.mine, c.* from r left join lateral (
      select comments.id, comments.parent_id, comments.author_id, comments.body, comments.status,
        comments.created_at, comments.edited_at, ${nameOrFormerMember('users.display_name')} as author_name
      from comments left join users on users.id = comments.author_id
      where comments.org_id = ${content.orgId}::uuid and comments.target_type = ${content.type}
        and comments.target_id = ${content.id}::uuid
      order by comments.created_at, comments.id
    ) c on true`.execute(db);
  const first = rows[0];
  return {
    comments: rows.filter((r): r is CommentRow & { resonates: number; mine: boolean } => r.id != null),
    resonates: { count: first?.resonates ?? 0, mine: first?.mine ?? false },
  };
}

/**
 * The newest comments others made on content the person owns, and replies to the person's own comments, on
 * content they may still read: across every discussed kind, in one statement. `reply` says which it is.
 */
export async function commentsForOwner(
  db: Db,
  principal: Extract<Principal, { kind: 'person' }>,
  kinds: readonly ScopedKind[],
  limit: number,
) {
  if (kinds.length === 0) return [];
  const me = principal.personId;
  const branches = kinds.map(
    (kind) => sql`
      select c.id, c.body, c.created_at, c.target_type, c.target_id, ${column(kind, 't', 'title')} as title,
        ${nameOrFormerMember('u.display_name')} as author_name,
        coalesce(p.author_id = ${me}::uuid and p.status = 'visible', false) as reply
      from comments c
      join ${sql.table(kind.table)} as t on ${column(kind, 't', 'org')} = c.org_id and t.id = c.target_id
      left join comments p on p.org_id = c.org_id and p.id = c.parent_id
      left join users u on u.id = c.author_id
      where c.target_type = ${kind.type} and c.status = 'visible' and c.author_id is distinct from ${me}::uuid
        and ((p.author_id = ${me}::uuid and p.status = 'visible') or ${kind.ownedBy(me, 't')})
        and ${kind.readable(principal, 't')}`,
  );
  const { rows } = await sql<{
    id: string;
    body: string;
    created_at: Date;
    target_type: string;
    target_id: string;
    title: string;
    author_name: string;
    reply: boolean;
  }>`select * from (${sql.join(branches, sql` union all `)}) as found
    order by found.created_at desc, found.id limit ${limit}`.execute(db);
  return rows;
}

/** One comment by id, with the content it belongs to (for permission checks done by the caller). */
export function findComment(db: Db, id: string) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.org_id',
      'comments.id',
      'comments.target_type',
      'comments.target_id',
      'comments.parent_id',
      'comments.author_id',
      'comments.body',
      'comments.status',
      'comments.created_at',
      'comments.edited_at',
      nameOrFormerMember('users.display_name').as('author_name'),
    ])
    .where('comments.id', '=', id)
    .executeTakeFirst();
}

export async function insertComment(
  db: Db,
  input: { content: ContentRecord; parentId: string | null; authorId: string; body: string; at: Date },
) {
  const row = await db
    .insertInto('comments')
    .values({
      org_id: input.content.orgId,
      target_type: input.content.type,
      target_id: input.content.id,
      parent_id: input.parentId,
      author_id: input.authorId,
      body: input.body,
      // The service's clock, not the database's, so the edit window follows one clock.
      created_at: input.at,
      edited_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCommentBody(db: Db, orgId: string, id: string, body: string, at: Date) {
  await db
    .updateTable('comments')
    .set({ body, edited_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** A deleted comment keeps its place (replies to it stay readable) but not its words. */
export async function markCommentDeleted(db: Db, orgId: string, id: string) {
  await db
    .updateTable('comments')
    .set({ status: 'deleted', body: '[deleted]' })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function setCommentStatus(db: Db, orgId: string, id: string, status: 'visible' | 'hidden') {
  const result = await db
    .updateTable('comments')
    .set({ status })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '<>', 'deleted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Adds the person's "this resonates", or takes it back if they had given it; returns whether it is on now. */
export async function toggleResonates(db: Db, content: ContentRecord, personId: string) {
  const removed = await db
    .deleteFrom('reactions')
    .where('org_id', '=', content.orgId)
    .where('target_type', '=', content.type)
    .where('target_id', '=', content.id)
    .where('user_id', '=', personId)
    .where('kind', '=', 'resonates')
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) > 0) return false;
  await db
    .insertInto('reactions')
    .values({ org_id: content.orgId, target_type: content.type, target_id: content.id, user_id: personId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return true;
}

/**
 * What erasing an account does to the person's part in discussions, matching the choice made for their
 * stories. "remove": their comments go; a comment others replied to keeps its place as "[deleted]" so the
 * replies still make sense. "anonymise": comments stay and read as by a former member (the foreign key clears
 * author_id when the account row goes). Reactions always go with the account (cascade).
 */
export async function eraseDiscussionBy(
  db: Db,
  personId: string,
  choice: 'remove' | 'anonymise',
  discussed: readonly ScopedKind[],
) {
  // Content the person removed takes its discussion with it (content ids carry no foreign key).
  for (const kind of discussed) {
    for (const table of ['comments', 'reactions'] as const) {
      await sql`delete from ${sql.table(table)} as d where d.target_type = ${kind.type} and not exists (
        select 1 from ${sql.table(kind.table)} as c
        where ${sql.ref(`c.${kind.columns.org}`)} = d.org_id and c.id = d.target_id)`.execute(db);
    }
  }
  if (choice === 'anonymise') return;
  await db
    .deleteFrom('comments as c')
    .where('c.author_id', '=', personId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('comments as r')
            .select('r.id')
            .whereRef('r.org_id', '=', 'c.org_id')
            .whereRef('r.parent_id', '=', 'c.id'),
        ),
      ),
    )
    .execute();
  await db
    .updateTable('comments')
    .set({ status: 'deleted', body: '[deleted]', author_id: null })
    .where('author_id', '=', personId)
    .execute();
}
