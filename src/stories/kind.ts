// Stories as a kind of content (src/content/kind.ts): what the shared parts need to discuss, moderate, report,
// search and leak-test them. "Published and readable" for a story is defined here and nowhere else.
import { type SqlBool, sql } from 'kysely';
import type { Blocker, ModerationAction, ScopedKind } from '../content/kind.ts';
import { publishedAndVisible } from '../content/records.ts';
import type { Db } from '../db/database.ts';
import { renderMarkdown } from '../text/markdown.ts';
import { hasAudio } from './audio/repository.ts';
import { peopleOf } from './people.ts';
import type { StoryStatus } from './types.ts';
import { transitionFor } from './workflow.ts';

const columns = {
  org: 'org_id',
  owner: 'author_id',
  visibility: 'visibility',
  space: 'space_id',
  title: 'title',
  status: 'status',
};

/** Consent states that let a named person appear in a published story. */
const consentDone = new Set(['given', 'not_needed', 'anonymised']);

const consentNames: Record<string, string> = {
  not_asked: 'has not been asked yet',
  pending: 'has not answered yet',
  refused: 'refused',
};

/**
 * What stops a story being published: a named person who has not consented (or been anonymised), and a
 * recording without a transcript. A collection imported as already cleared went through both elsewhere.
 */
export function storyBlockers(
  story: { cleared: boolean; transcript: string },
  people: { relation: string; name: string; consent: string }[],
  audio: boolean,
): Blocker[] {
  if (story.cleared) return [];
  const blockers: Blocker[] = people
    .filter((p) => p.relation !== 'author' && !consentDone.has(p.consent))
    .map((p) => ({
      code: 'consent_missing',
      message: `${p.name} ${consentNames[p.consent] ?? 'has not consented'}: every person named must consent or be anonymised.`,
    }));
  if (audio && story.transcript.trim() === '') {
    blockers.push({
      code: 'transcript_missing',
      message: 'The story has a recording but no transcript: a transcript keeps it accessible and searchable.',
    });
  }
  return blockers;
}

/** How a story's people and their consent read on the moderator's review page. */
const relationNames: Record<string, string> = {
  author: 'Co-author',
  told_with: 'Told with',
  subject: 'Subject of the profile',
  named: 'Named in the story',
};

const consentLabels: Record<string, string> = {
  not_needed: 'Not needed',
  not_asked: 'Not asked yet',
  pending: 'Asked, no answer yet',
  given: 'Given',
  refused: 'Refused',
  anonymised: 'Anonymised',
};

/** What publication depends on: whether it came in cleared, its transcript, the people named, a recording. */
async function reviewFacts(db: Db, record: { orgId: string; id: string }) {
  const [story, people, audio] = await Promise.all([
    db
      .selectFrom('stories')
      .select(['cleared', 'transcript'])
      .where('org_id', '=', record.orgId)
      .where('id', '=', record.id)
      .executeTakeFirstOrThrow(),
    peopleOf(db, record.orgId, record.id),
    hasAudio(db, record.orgId, record.id),
  ]);
  return { story, people, audio };
}

export const storyKind: ScopedKind = {
  type: 'story',
  noun: 'story',
  table: 'stories',
  columns,
  published: 'published',
  url: (id) => `/stories/${id}`,
  readable: (principal, alias) => publishedAndVisible(storyKind, principal, alias),
  // The owner and the co-authors with an account.
  ownerIds: (alias) => sql<string[]>`array_remove(array[${sql.ref(`${alias}.author_id`)}] || array(
    select p.user_id from story_people p
    where p.org_id = ${sql.ref(`${alias}.org_id`)} and p.story_id = ${sql.ref(`${alias}.id`)}
      and p.relation = 'author' and p.user_id is not null), null)`,
  ownedBy: (personId, alias) => sql<SqlBool>`(${sql.ref(`${alias}.author_id`)} = ${personId}::uuid or exists (
    select 1 from story_people p
    where p.org_id = ${sql.ref(`${alias}.org_id`)} and p.story_id = ${sql.ref(`${alias}.id`)}
      and p.relation = 'author' and p.user_id = ${personId}::uuid))`,
  discussed: true,
  reported: true,
  search: {
    document: 'search',
    publishedAt: 'published_at',
    snippet: 'body',
    facets: {
      characteristic: { column: 'characteristics', many: true },
      role: { column: 'roles', many: true },
      form: { column: 'form', many: false },
      sector: { column: 'sector', many: false },
      region: { column: 'region', many: false },
    },
  },
  moderation: {
    waiting: 'submitted',
    decided: ['published', 'rejected'],
    submittedAt: 'submitted_at',
    publishedAt: 'published_at',
    transition(action: ModerationAction, from: string) {
      const t = transitionFor('moderator', action, from as StoryStatus);
      return (
        t && {
          to: t.to,
          event: t.event as 'published' | 'changes_requested' | 'rejected' | null,
          needsReason: t.needsReason,
        }
      );
    },
    async blockers(db, record) {
      const { story, people, audio } = await reviewFacts(db, record);
      return storyBlockers(story, people, audio);
    },
    takenDownTo: 'changes_requested',
    updatedAt: 'updated_at',
    body: 'body',
    statusNames: {
      draft: 'Draft',
      submitted: 'Waiting for review',
      changes_requested: 'Changes requested',
      published: 'Published',
      rejected: 'Rejected',
      withdrawn: 'Withdrawn',
    },
    links: [
      { href: '/moderation/import', text: 'Import a collection of stories' },
      { href: '/moderation/export', text: 'Export your organisation’s published stories' },
    ],
    // Co-authors named without an account have no settings to respect; they asked to be part of the story.
    async extraAddresses(db, record) {
      const rows = await db
        .selectFrom('story_people')
        .select('email')
        .where('org_id', '=', record.orgId)
        .where('story_id', '=', record.id)
        .where('relation', '=', 'author')
        .where('user_id', 'is', null)
        .where('email', 'is not', null)
        .orderBy('created_at')
        .execute();
      return rows.map((r) => r.email).filter((email): email is string => !!email);
    },
    // The people named and their consent, and the recording's transcript: what a moderator checks.
    async details(db, record) {
      const { story, people, audio } = await reviewFacts(db, record);
      return {
        view: 'stories/views/_review-details.njk',
        data: {
          people,
          audio,
          cleared: story.cleared,
          transcript: story.transcript,
          transcriptHtml: renderMarkdown(story.transcript),
          relationNames,
          consentLabels,
        },
      };
    },
  },
};
