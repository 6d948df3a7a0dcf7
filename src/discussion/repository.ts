// Comments, reactions and notification settings in the database. Content is named by a type and an id
// (only stories so far); whether the caller may see that content is decided before anything here is read.
import { sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { findVisibleStory } from '../stories/repository.ts';

export type DiscussedType = 'story';

/** Content people may discuss, as the discussion needs it: whose it is and where it belongs. */
export interface DiscussedContent {
  type: DiscussedType;
  id: string;
  orgId: string;
  title: string;
  visibility: string;
}

/**
 * A story the caller may read that has reached readers. Stories' own visibility rule decides (authors
 * also see their unpublished stories there, but nobody discusses a story before it is published).
 */
export async function publishedStoryFor(
  db: Db,
  principal: Principal,
  id: string,
): Promise<DiscussedContent | undefined> {
  const story = await findVisibleStory(db, principal, id);
  if (story?.status !== 'published') return undefined;
  const row = await db.selectFrom('stories').select(['org_id']).where('id', '=', id).executeTakeFirst();
  return row && { type: 'story', id, orgId: row.org_id, title: story.title, visibility: story.visibility };
}

export async function commentsOn(db: Db, content: DiscussedContent) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.parent_id',
      'comments.author_id',
      'comments.body',
      'comments.status',
      'comments.created_at',
      'comments.edited_at',
      sql<string>`coalesce(users.display_name, 'Former member')`.as('author_name'),
    ])
    .where('comments.org_id', '=', content.orgId)
    .where('comments.target_type', '=', content.type)
    .where('comments.target_id', '=', content.id)
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
}

export type CommentRow = Awaited<ReturnType<typeof commentsOn>>[number];

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
      sql<string>`coalesce(users.display_name, 'Former member')`.as('author_name'),
    ])
    .where('comments.id', '=', id)
    .executeTakeFirst();
}

export async function insertComment(
  db: Db,
  input: { content: DiscussedContent; parentId: string | null; authorId: string; body: string; at: Date },
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

export async function resonance(db: Db, content: DiscussedContent, personId: string | null) {
  const row = await db
    .selectFrom('reactions')
    .select([
      (eb) => eb.fn.countAll<string>().as('count'),
      sql<boolean>`coalesce(bool_or(user_id = ${personId}::uuid), false)`.as('mine'),
    ])
    .where('org_id', '=', content.orgId)
    .where('target_type', '=', content.type)
    .where('target_id', '=', content.id)
    .where('kind', '=', 'resonates')
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), mine: row.mine };
}

/** Adds the person's "this resonates", or takes it back if they had given it; returns whether it is on now. */
export async function toggleResonates(db: Db, content: DiscussedContent, personId: string) {
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

export const notificationDefaults = {
  comments_on_my_stories: true,
  replies_to_my_comments: true,
  moderation_outcomes: true,
} as const;
export type NotificationKind = keyof typeof notificationDefaults;

export async function notificationSettingsOf(db: Db, personId: string) {
  const row = await db
    .selectFrom('notification_settings')
    .select(['comments_on_my_stories', 'replies_to_my_comments', 'moderation_outcomes'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row ?? { ...notificationDefaults };
}

export async function saveNotificationSettings(
  db: Db,
  personId: string,
  values: Record<NotificationKind, boolean>,
  at: Date,
) {
  await db
    .insertInto('notification_settings')
    .values({ person_id: personId, ...values, updated_at: at })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...values, updated_at: at }))
    .execute();
}

/**
 * People with an account among those given who want this kind of email (no settings row: yes), with
 * their address. Disabled accounts get nothing.
 */
export async function recipientsWanting(db: Db, personIds: readonly string[], kind: NotificationKind) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('users')
    .leftJoin('notification_settings', 'notification_settings.person_id', 'users.id')
    .select(['users.id', 'users.email', 'users.display_name'])
    .where('users.id', 'in', [...new Set(personIds)])
    .where('users.disabled_at', 'is', null)
    .where(sql<boolean>`coalesce(${sql.ref(`notification_settings.${kind}`)}, true)`)
    .execute();
}

/** The story's owner and the co-authors with an account. */
export async function storyAuthorIds(db: Db, orgId: string, storyId: string): Promise<string[]> {
  const [owner, coAuthors] = await Promise.all([
    db
      .selectFrom('stories')
      .select('author_id')
      .where('org_id', '=', orgId)
      .where('id', '=', storyId)
      .executeTakeFirst(),
    db
      .selectFrom('story_people')
      .select('user_id')
      .where('org_id', '=', orgId)
      .where('story_id', '=', storyId)
      .where('relation', '=', 'author')
      .where('user_id', 'is not', null)
      .execute(),
  ]);
  return [owner?.author_id, ...coAuthors.map((c) => c.user_id)].filter((id): id is string => !!id);
}

/**
 * What erasing an account does to the person's part in discussions, matching the choice made for their
 * stories. "remove": their comments go; a comment others replied to keeps its place as "[deleted]" so the
 * replies still make sense. "anonymise": comments stay and read as by a former member (the foreign key clears
 * author_id when the account row goes). Reactions always go with the account (cascade).
 */
export async function eraseDiscussionBy(db: Db, personId: string, choice: 'remove' | 'anonymise') {
  // Stories the person removed take their discussion with them (content ids carry no foreign key).
  const gone = (table: 'comments' | 'reactions') =>
    db
      .deleteFrom(table)
      .where('target_type', '=', 'story')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('stories')
              .select('stories.id')
              .whereRef('stories.org_id', '=', `${table}.org_id`)
              .whereRef('stories.id', '=', `${table}.target_id`),
          ),
        ),
      )
      .execute();
  await gone('comments');
  await gone('reactions');
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
