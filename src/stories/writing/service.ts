// Writing stories: drafts, editing, submitting for moderation, withdrawing and deleting, and asking the
// people in a story for their consent (consent-service.ts). Who may move a story where is decided by
// ../workflow.ts; what stands in the way of submitting, by readiness.ts.

import { randomBytes } from 'node:crypto';
import type { Principal } from '../../access/visibility.ts';
import type { AuditService } from '../../audit/service.ts';
import type { Db } from '../../db/database.ts';
import type { Outbox } from '../../email/outbox.ts';
import { framework } from '../../framework/data.ts';
import { hasAudio } from '../audio/repository.ts';
import { authorMayDelete, authorMayEdit, nextStatus, transitionFor } from '../workflow.ts';
import { consentUseCases } from './consent-service.ts';
import { latestDecisions, storiesInProgress } from './overview.ts';
import { leftBehindNote, missingForSubmission, statusNames, textHash } from './readiness.ts';
import {
  type AuthoredStory,
  clearApprovals,
  deleteDraftStory,
  findAuthoredStory,
  findStoryLeftBehind,
  insertDraft,
  latestReason,
  moveStory,
  organisationDefaults,
  type PersonRow,
  peopleOf,
  recordStoryEvent,
  type StoryFields,
  type StoryPerson,
  spacesNamed,
  storiesAuthoredBy,
  syncPeople,
  updateStory,
} from './repository.ts';
import type { DraftInput } from './schema.ts';

// Callers import these from here, as before the consent use-cases and the readiness rules had files of their own.
export { consentLinkLifetimeMs, hashSecret } from './consent-service.ts';
export {
  consentSettled,
  leftBehindNote,
  type MissingItem,
  missingForSubmission,
  relationNames,
  statusNames,
  textHash,
} from './readiness.ts';

type Person = Extract<Principal, { kind: 'person' }>;

/** The people a draft names, as rows: the subject only belongs to a profile. */
export function peopleFromInput(input: DraftInput): PersonRow[] {
  const rows: PersonRow[] = [];
  if (input.toldWith) rows.push({ relation: 'told_with', ...input.toldWith });
  if (input.subject && input.form === 'profile') rows.push({ relation: 'subject', ...input.subject });
  for (const p of input.named) rows.push({ relation: 'named', ...p });
  return rows;
}

const fieldsFromInput = (input: DraftInput): StoryFields => ({
  title: input.title,
  form: input.form,
  body: input.body,
  primaryCharacteristic: input.primaryCharacteristic,
  characteristics: input.characteristics,
  roles: input.roles,
  place: input.place,
  region: input.region,
  visibility: input.visibility,
  spaceId: input.spaceId,
  transcript: input.transcript,
});

export const slugFor = (title: string) => {
  const base = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${base || 'story'}-${randomBytes(4).toString('hex')}`;
};

export function writingService(
  db: Db,
  { email, audit, baseUrl }: { email: Outbox; audit: AuditService; baseUrl: string },
) {
  /**
   * The story for its authors' pages: one they may edit (owner or co-author, in an organisation they belong
   * to now), or, signed in, a private one of their own left behind in an organisation they have left
   * (`left`). A token acts for its organisation only, so it never reaches the second kind.
   */
  async function authored(caller: Person, id: string): Promise<(AuthoredStory & { left: boolean }) | undefined> {
    const story = await findAuthoredStory(db, caller.personId, caller.orgIds, id);
    if (story) return { ...story, left: false };
    if (caller.actingOrgId !== undefined) return undefined;
    const kept = await findStoryLeftBehind(db, caller.personId, caller.orgIds, id);
    return kept && { ...kept, left: true };
  }

  /** The story with everything its edit page shows, or undefined when the caller may not edit it. */
  async function forAuthor(caller: Person, id: string) {
    const story = await authored(caller, id);
    if (!story) return undefined;
    const [people, audio, reason] = await Promise.all([
      peopleOf(db, story.org_id, story.id),
      hasAudio(db, story.org_id, story.id),
      latestReason(db, story.org_id, story.id),
    ]);
    return {
      story,
      people,
      audio,
      reason: story.status === 'changes_requested' || story.status === 'rejected' ? reason : null,
      editable: authorMayEdit(story.status),
      deletable: authorMayDelete(story.status),
      /** Left behind in an organisation the author has left: it can go no further than them. */
      left: story.left,
      missing: story.left
        ? [{ field: 'visibility', text: leftBehindNote }]
        : missingForSubmission(story, people, audio),
      approvedNow: (p: StoryPerson) => p.approved_text_hash === textHash(story.title, story.body),
    };
  }

  return {
    /** What the form offers: the framework, the caller's spaces, and their organisation's region. */
    async formChoices(caller: Person, orgId: string) {
      const [org, spaces] = await Promise.all([organisationDefaults(db, orgId), spacesNamed(db, caller.spaceIds)]);
      return {
        organisation: org,
        spaces,
        characteristics: framework.characteristics.map((c) => ({ key: c.key, name: c.name })),
        roles: framework.roles.map((r) => ({ key: r.key, name: r.name })),
      };
    },

    /**
     * Problems with the input that only the database knows about: a space the caller cannot reach, or a
     * story left behind (`story.left`) being shared with an organisation its author no longer belongs to.
     */
    checkInput(caller: Person, input: DraftInput, story?: { left: boolean }): Record<string, string> {
      const problems: Record<string, string> = {};
      if (story?.left && input.visibility !== 'private') {
        problems.visibility =
          'You no longer belong to the organisation this story was written in: it stays private to you';
      }
      if (input.visibility === 'space' && (input.spaceId === null || !caller.spaceIds.includes(input.spaceId))) {
        problems.spaceId = 'Select one of your shared spaces';
      }
      const knownRoles = new Set(framework.roles.map((r) => r.key));
      if (input.roles.some((r) => !knownRoles.has(r))) problems.roles = 'Select roles from the list';
      return problems;
    },

    async create(caller: Person, orgId: string, input: DraftInput, now = new Date()): Promise<string> {
      const region = input.region || (await organisationDefaults(db, orgId)).region;
      return db.transaction().execute(async (trx) => {
        const id = await insertDraft(
          trx,
          orgId,
          caller.personId,
          slugFor(input.title),
          { ...fieldsFromInput(input), region },
          now,
        );
        await syncPeople(trx, orgId, id, peopleFromInput(input));
        return id;
      });
    },

    forAuthor,

    /** Saves the author's changes; any change to the title or body withdraws the subject's approval. */
    async update(caller: Person, id: string, input: DraftInput, now = new Date()) {
      const story = await authored(caller, id);
      if (!story) return 'not_found' as const;
      if (!authorMayEdit(story.status)) return 'not_editable' as const;
      if (story.left && input.visibility !== 'private') return 'stays_private' as const;
      await db.transaction().execute(async (trx) => {
        await updateStory(trx, story.org_id, story.id, fieldsFromInput(input), now);
        await syncPeople(trx, story.org_id, story.id, peopleFromInput(input));
        if (story.title !== input.title || story.body !== input.body) await clearApprovals(trx, story.org_id, story.id);
      });
      return 'saved' as const;
    },

    async submit(caller: Person, id: string, now = new Date()) {
      const view = await forAuthor(caller, id);
      if (!view) return { outcome: 'not_found' as const };
      const { story } = view;
      const to = nextStatus('author', 'submit', story.status);
      if (!to) return { outcome: 'not_allowed' as const, status: story.status };
      // Nothing goes to the moderators of an organisation its author has left (`missing` says why).
      if (view.missing.length > 0) return { outcome: 'not_ready' as const, missing: view.missing };
      if (!(await moveStory(db, story, story.status, to, now)))
        return { outcome: 'not_allowed' as const, status: story.status };
      await recordStoryEvent(db, story.org_id, story.id, 'submitted', caller.personId);
      return { outcome: 'submitted' as const };
    },

    async withdraw(caller: Person, id: string, now = new Date()) {
      const story = await authored(caller, id);
      if (!story) return 'not_found' as const;
      const to = nextStatus('author', 'withdraw', story.status);
      if (!to || !(await moveStory(db, story, story.status, to, now))) return 'not_allowed' as const;
      await recordStoryEvent(db, story.org_id, story.id, 'withdrawn', caller.personId);
      return 'withdrawn' as const;
    },

    async reopen(caller: Person, id: string, now = new Date()) {
      const story = await authored(caller, id);
      if (!story) return 'not_found' as const;
      const to = nextStatus('author', 'reopen', story.status);
      if (!to || !(await moveStory(db, story, story.status, to, now))) return 'not_allowed' as const;
      return 'reopened' as const;
    },

    /** Only the owner deletes, and only a draft: a story others have seen is withdrawn instead. */
    async deleteDraft(caller: Person, id: string) {
      const story = await authored(caller, id);
      if (!story) return 'not_found' as const;
      if (story.author_id !== caller.personId || !authorMayDelete(story.status)) return 'not_allowed' as const;
      return (await deleteDraftStory(db, story.org_id, story.id)) ? ('deleted' as const) : ('not_allowed' as const);
    },

    async mine(caller: Person) {
      const rows = await storiesAuthoredBy(db, caller.personId, caller.orgIds, {
        leftBehind: caller.actingOrgId === undefined,
      });
      return rows.map((r) => {
        const actions: string[] = [];
        if (authorMayEdit(r.status)) actions.push('edit');
        if (!r.left && transitionFor('author', 'submit', r.status)) actions.push('submit');
        if (transitionFor('author', 'withdraw', r.status)) actions.push('withdraw');
        if (transitionFor('author', 'reopen', r.status)) actions.push('reopen');
        if (authorMayDelete(r.status)) actions.push('delete');
        return { ...r, statusName: statusNames[r.status] ?? r.status, actions };
      });
    },

    /**
     * What the author's home shows: the newest few stories to finish and waiting for someone else (with how
     * many there are), and the latest decisions on their stories. Two statements, read side by side.
     */
    async overview(caller: Person, perSection = 5) {
      const options = { leftBehind: caller.actingOrgId === undefined };
      const [stories, decisions] = await Promise.all([
        storiesInProgress(db, caller.personId, caller.orgIds, { ...options, perBucket: perSection }),
        latestDecisions(db, caller.personId, caller.orgIds, { ...options, limit: perSection }),
      ]);
      const bucket = (name: 'to_finish' | 'waiting') => {
        const items = stories.filter((s) => s.bucket === name);
        return { items, total: items[0]?.total ?? 0 };
      };
      return {
        toFinish: bucket('to_finish'),
        waiting: bucket('waiting'),
        decisions: decisions.map((d) => ({ ...d, editable: authorMayEdit(d.status) })),
      };
    },

    ...consentUseCases(db, { email, audit, baseUrl }, forAuthor),
  };
}

export type WritingService = ReturnType<typeof writingService>;
