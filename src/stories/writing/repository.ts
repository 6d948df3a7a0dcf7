// Stories as their authors see them: drafts and everything else they wrote, the people in them and their
// consent. Every lookup is narrowed to stories the person authors in organisations they belong to now, but
// for one: a private story of their own left behind in an organisation they have left.
import { type SqlBool, sql } from 'kysely';
import type { Visibility } from '../../access/visibility.ts';
import type { Db } from '../../db/database.ts';
import { isRecordId } from '../../db/ids.ts';
import { nameOrFormerMember } from '../../db/people.ts';
import { peopleOf } from '../people.ts';
import { authoredIn } from '../repository.ts';

export type { StoryPerson } from '../people.ts';
// The people named in a story live beside the story kind, which reads them to decide on publication.
export { peopleOf };

import type { ConsentState, StoryForm, StoryRelation, StoryStatus } from '../types.ts';

export interface StoryFields {
  title: string;
  form: StoryForm;
  body: string;
  primaryCharacteristic: string;
  characteristics: string[];
  roles: string[];
  place: string;
  region: string;
  visibility: Visibility;
  spaceId: string | null;
  transcript: string;
}

export interface PersonRow {
  relation: Exclude<StoryRelation, 'author'>;
  name: string;
  email: string | null;
}

const storyColumns = [
  'stories.org_id',
  'stories.id',
  'stories.slug',
  'stories.title',
  'stories.form',
  'stories.body',
  'stories.primary_characteristic',
  'stories.characteristics',
  'stories.roles',
  'stories.place',
  'stories.region',
  'stories.visibility',
  'stories.space_id',
  'stories.transcript',
  'stories.status',
  'stories.author_id',
  'stories.created_at',
  'stories.updated_at',
  'stories.submitted_at',
  'stories.published_at',
] as const;

const toColumns = (f: StoryFields) => ({
  title: f.title,
  form: f.form,
  body: f.body,
  primary_characteristic: f.primaryCharacteristic,
  // The database insists the primary characteristic is among the story's characteristics.
  characteristics: [f.primaryCharacteristic, ...f.characteristics.filter((c) => c !== f.primaryCharacteristic)],
  roles: [...new Set(f.roles)],
  place: f.place,
  region: f.region,
  visibility: f.visibility,
  space_id: f.visibility === 'space' ? f.spaceId : null,
  transcript: f.transcript,
});

export async function organisationDefaults(db: Db, orgId: string) {
  return db
    .selectFrom('organisations')
    .select(['name', 'region', 'sector'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
}

export async function spacesNamed(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('spaces')
    .select(['id', 'name'])
    .where('id', 'in', ids as string[])
    .orderBy('name')
    .execute();
}

export async function insertDraft(
  db: Db,
  orgId: string,
  authorId: string,
  slug: string,
  fields: StoryFields,
  now: Date,
) {
  const row = await db
    .insertInto('stories')
    .values({
      created_at: now,
      updated_at: now,
      org_id: orgId,
      slug,
      author_id: authorId,
      status: 'draft',
      published_at: null,
      submitted_at: null,
      ...toColumns(fields),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A story the person may edit: they own it or co-author it, in an organisation they still belong to. */
export function findAuthoredStory(db: Db, personId: string, orgIds: readonly string[], id: string) {
  if (orgIds.length === 0 || !isRecordId(id)) return Promise.resolve(undefined);
  return db
    .selectFrom('stories')
    .select(storyColumns)
    .where('stories.id', '=', id)
    .where(authoredIn(personId, orgIds))
    .executeTakeFirst();
}

/** Private stories the person owns in organisations they no longer belong to. */
export const leftBehindBy = (personId: string, orgIds: readonly string[]) =>
  sql<SqlBool>`(stories.author_id = ${personId}::uuid and stories.visibility = 'private'
    and stories.org_id <> all (${orgIds as string[]}::uuid[]))`;

/**
 * A private story the person owns in an organisation they have left. Nobody else reads it, so it stays
 * theirs to read, keep writing privately, download and delete; co-authors lose it with their membership.
 */
export function findStoryLeftBehind(db: Db, personId: string, orgIds: readonly string[], id: string) {
  if (!isRecordId(id)) return Promise.resolve(undefined);
  return db
    .selectFrom('stories')
    .select(storyColumns)
    .where('stories.id', '=', id)
    .where(leftBehindBy(personId, orgIds))
    .executeTakeFirst();
}
export type AuthoredStory = NonNullable<Awaited<ReturnType<typeof findAuthoredStory>>>;

export async function updateStory(db: Db, orgId: string, id: string, fields: StoryFields, now: Date) {
  await db
    .updateTable('stories')
    .set({ ...toColumns(fields), updated_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/**
 * Brings the people in a story in line with the form: a person kept with the same relation, name and email
 * keeps their consent; anyone else is new (and must be asked) or gone. Co-authors are not touched here.
 */
export async function syncPeople(db: Db, orgId: string, storyId: string, wanted: readonly PersonRow[]) {
  const key = (p: { relation: string; name: string; email: string | null }) =>
    `${p.relation}\u0000${p.name}\u0000${(p.email ?? '').toLowerCase()}`;
  const existing = (await peopleOf(db, orgId, storyId)).filter((p) => p.relation !== 'author');
  const existingKeys = new Map(existing.map((p) => [key(p), p.id]));
  const wantedKeys = new Set(wanted.map(key));
  const gone = existing.filter((p) => !wantedKeys.has(key(p))).map((p) => p.id);
  if (gone.length > 0) {
    await db.deleteFrom('story_people').where('org_id', '=', orgId).where('id', 'in', gone).execute();
  }
  const added = wanted.filter((p, i) => !existingKeys.has(key(p)) && wanted.findIndex((q) => key(q) === key(p)) === i);
  if (added.length > 0) {
    await db
      .insertInto('story_people')
      .values(
        added.map((p) => ({
          org_id: orgId,
          story_id: storyId,
          relation: p.relation,
          user_id: null,
          name: p.name,
          email: p.email,
          consent_token_hash: null,
          consent_requested_at: null,
          consent_answered_at: null,
          approved_text_hash: null,
        })),
      )
      .execute();
  }
}

/** The subject approved a text; once the text changes that approval no longer holds. */
export async function clearApprovals(db: Db, orgId: string, storyId: string) {
  await db
    .updateTable('story_people')
    .set({ approved_text_hash: null })
    .where('org_id', '=', orgId)
    .where('story_id', '=', storyId)
    .where('approved_text_hash', 'is not', null)
    .execute();
}

/** Moves a story on only if it is still where the caller saw it, so two moves never cross. */
export async function moveStory(
  db: Db,
  story: { org_id: string; id: string },
  from: StoryStatus,
  to: StoryStatus,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('stories')
    .set({
      status: to,
      updated_at: now,
      ...(to === 'submitted' ? { submitted_at: now } : {}),
      // A story off the shelves has no publication date (the database keeps the two in step).
      ...(to !== 'published' ? { published_at: null } : {}),
    })
    .where('org_id', '=', story.org_id)
    .where('id', '=', story.id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordStoryEvent(
  db: Db,
  orgId: string,
  storyId: string,
  action: 'submitted' | 'withdrawn',
  actorId: string,
) {
  await db
    .insertInto('moderation_events')
    .values({ org_id: orgId, target_type: 'story', target_id: storyId, action, actor_id: actorId })
    .execute();
}

export async function deleteDraftStory(db: Db, orgId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('stories')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * Everything a person authored, newest change first, with the moderator's latest reason where there is one;
 * with `leftBehind`, their private stories in organisations they have left too (`left` says which).
 */
export function storiesAuthoredBy(
  db: Db,
  personId: string,
  orgIds: readonly string[],
  options: { leftBehind: boolean } = { leftBehind: false },
) {
  return db
    .selectFrom('stories')
    .select([
      'stories.id',
      'stories.title',
      'stories.status',
      'stories.updated_at',
      'stories.visibility',
      sql<boolean>`stories.org_id <> all (${orgIds as string[]}::uuid[])`.as('left'),
      (eb) =>
        eb
          .selectFrom('moderation_events')
          .select('moderation_events.reason')
          .whereRef('moderation_events.org_id', '=', 'stories.org_id')
          .whereRef('moderation_events.target_id', '=', 'stories.id')
          .where('moderation_events.target_type', '=', 'story')
          .orderBy('moderation_events.created_at', 'desc')
          .limit(1)
          .as('reason'),
    ])
    .where((eb) =>
      options.leftBehind
        ? eb.or([authoredIn(personId, orgIds), leftBehindBy(personId, orgIds)])
        : authoredIn(personId, orgIds),
    )
    .orderBy('stories.updated_at', 'desc')
    .orderBy('stories.id')
    .execute();
}

/** The latest reason a moderator gave for sending the story back or turning it down. */
export async function latestReason(db: Db, orgId: string, storyId: string): Promise<string | null> {
  const row = await db
    .selectFrom('moderation_events')
    .select('reason')
    .where('org_id', '=', orgId)
    .where('target_type', '=', 'story')
    .where('target_id', '=', storyId)
    .where('action', 'in', ['changes_requested', 'rejected'])
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.reason ?? null;
}

// Consent: a link's secret is stored only as its hash, and is cleared once used.

export async function askConsent(db: Db, orgId: string, personRowId: string, tokenHash: string, now: Date) {
  await db
    .updateTable('story_people')
    .set({ consent: 'pending', consent_token_hash: tokenHash, consent_requested_at: now, consent_answered_at: null })
    .where('org_id', '=', orgId)
    .where('id', '=', personRowId)
    .execute();
}

export function findByConsentHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('story_people')
    .innerJoin('stories', (join) =>
      join.onRef('stories.org_id', '=', 'story_people.org_id').onRef('stories.id', '=', 'story_people.story_id'),
    )
    .leftJoin('users', 'users.id', 'stories.author_id')
    .select([
      'story_people.org_id',
      'story_people.id',
      'story_people.story_id',
      'story_people.relation',
      'story_people.name',
      'story_people.consent',
      'story_people.consent_requested_at',
      'stories.title',
      'stories.body',
      'stories.form',
      nameOrFormerMember('users.display_name').as('author_name'),
    ])
    .where('story_people.consent_token_hash', '=', tokenHash)
    .where('story_people.consent', '=', 'pending')
    .executeTakeFirst();
}

export async function answerConsent(
  db: Db,
  orgId: string,
  personRowId: string,
  tokenHash: string,
  answer: { consent: ConsentState; approvedTextHash: string | null; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('story_people')
    .set({
      consent: answer.consent,
      consent_token_hash: null,
      consent_answered_at: answer.now,
      approved_text_hash: answer.approvedTextHash,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', personRowId)
    .where('consent_token_hash', '=', tokenHash)
    .where('consent', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function anonymisePerson(db: Db, orgId: string, personRowId: string, alias: string | null, now: Date) {
  await db
    .updateTable('story_people')
    .set({
      consent: 'anonymised',
      consent_token_hash: null,
      consent_answered_at: now,
      // The real name and address are no longer needed once the person is anonymised.
      ...(alias ? { name: alias } : {}),
      email: null,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', personRowId)
    .execute();
}
