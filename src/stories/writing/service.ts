// Writing stories: drafts, editing, submitting for moderation, withdrawing and deleting, and asking the
// people in a story for their consent. Who may move a story where is decided by ../workflow.ts.

import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../access/visibility.ts';
import type { AuditService } from '../../audit/service.ts';
import type { Db } from '../../db/database.ts';
import { isRecordId } from '../../db/ids.ts';
import type { Outbox } from '../../email/outbox.ts';
import { framework } from '../../framework/data.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { hasAudio } from '../audio/repository.ts';
import { authorMayDelete, authorMayEdit, nextStatus, transitionFor } from '../workflow.ts';
import {
  type AuthoredStory,
  anonymisePerson,
  answerConsent,
  askConsent,
  clearApprovals,
  deleteDraftStory,
  findAuthoredStory,
  findByConsentHash,
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

type Person = Extract<Principal, { kind: 'person' }>;

/** How long an emailed consent link works. */
export const consentLinkLifetimeMs = 30 * 24 * 60 * 60 * 1000;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What the subject of a profile approves: the title and body exactly as they read them. */
export const textHash = (title: string, body: string) =>
  createHash('sha256').update(title).update('\u0000').update(body).digest('hex');

export interface MissingItem {
  /** The field or section the author fixes it in. */
  field: string;
  text: string;
}

export const relationNames: Record<string, string> = {
  author: 'Co-author',
  told_with: 'Told with',
  subject: 'Subject of the profile',
  named: 'Named in the story',
};

export const statusNames: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for moderation',
  changes_requested: 'Changes requested',
  published: 'Published',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

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

/** Whether a person's consent lets the story go forward. */
export function consentSettled(person: StoryPerson, story: { title: string; body: string }): boolean {
  if (person.relation === 'author' || person.consent === 'not_needed' || person.consent === 'anonymised') return true;
  if (person.consent !== 'given') return false;
  return person.relation !== 'subject' || person.approved_text_hash === textHash(story.title, story.body);
}

/** Everything that still stands between a story and the moderators, in words the author can act on. */
export function missingForSubmission(
  story: Pick<AuthoredStory, 'title' | 'body' | 'form' | 'visibility' | 'transcript'>,
  people: readonly StoryPerson[],
  audio: boolean,
): MissingItem[] {
  const missing: MissingItem[] = [];
  if (story.body.trim().length === 0) missing.push({ field: 'body', text: 'Write your story' });
  if (story.visibility === 'private') {
    missing.push({ field: 'visibility', text: 'Choose who may read your story: “only me” is for drafting' });
  }
  if (audio && story.transcript.trim().length === 0) {
    missing.push({ field: 'transcript', text: 'Add a transcript of the recording, so everyone can read it' });
  }
  if (story.form === 'profile' && !people.some((p) => p.relation === 'subject')) {
    missing.push({ field: 'subjectName', text: 'Name the person your profile is about' });
  }
  for (const p of people) {
    if (consentSettled(p, story)) continue;
    const who = `${p.name} (${relationNames[p.relation]?.toLowerCase()})`;
    let text: string;
    if (p.consent === 'refused') text = `${who} refused: anonymise them or take them out of the story`;
    else if (p.consent === 'pending') text = `${who} has not answered yet`;
    else if (p.consent === 'given') text = `${who} has not approved the text as it is now: ask them again`;
    else text = `Ask ${who} for consent, or anonymise them`;
    missing.push({ field: `person-${p.id}`, text });
  }
  return missing;
}

/** Why a story left behind in an organisation its author has left goes no further than its author. */
export const leftBehindNote =
  'You no longer belong to the organisation this story was written in, so it stays private to you: you can still read it, change it, download it with your data or delete it.';

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
        problems.spaceId = 'Choose one of your shared spaces';
      }
      const knownRoles = new Set(framework.roles.map((r) => r.key));
      if (input.roles.some((r) => !knownRoles.has(r))) problems.roles = 'Choose roles from the list';
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

    /** The story with everything its edit page shows, or undefined when the caller may not edit it. */
    async forAuthor(caller: Person, id: string) {
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
    },

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
      const view = await this.forAuthor(caller, id);
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

    /** Emails the person a single-use link to a page where they give or refuse consent (no account needed). */
    async askConsent(caller: Person, storyId: string, personRowId: string, now = new Date()) {
      if (!isRecordId(personRowId)) return 'not_found' as const;
      const view = await this.forAuthor(caller, storyId);
      const person = view?.people.find((p) => p.id === personRowId && p.relation !== 'author');
      // Consent is asked for publication, which a story left behind will not reach.
      if (!view || !person || view.left) return 'not_found' as const;
      if (!person.email) return 'no_email' as const;
      if (person.consent === 'anonymised') return 'anonymised' as const;
      const secret = randomBytes(32).toString('base64url');
      const author = (
        await db.selectFrom('users').select('display_name').where('id', '=', caller.personId).executeTakeFirst()
      )?.display_name;
      await db.transaction().execute(async (trx) => {
        await askConsent(trx, view.story.org_id, person.id, hashSecret(secret), now);
        const approval =
          person.relation === 'subject' ? ' As the story is about you, you are also asked to approve its text.' : '';
        await email.send(
          {
            to: person.email as string,
            subject: `${author ?? 'Someone'} would like to include you in a story on Waymark`,
            text: [
              `Hello ${person.name},`,
              '',
              `${author ?? 'Someone'} has written a story of practice, “${view.story.title}”, that mentions you.${approval}`,
              'Nothing is published without your answer. Read the story and give or refuse your consent here:',
              '',
              `${baseUrl}/consent/${secret}`,
              '',
              'The link works once, for 30 days. You do not need an account. If you did not expect this, you can ignore it.',
            ].join('\n'),
          },
          trx,
        );
        await audit.record({
          orgId: view.story.org_id,
          actorId: caller.personId,
          action: 'story_consent',
          summary: `Asked a person in a story for consent (${relationNames[person.relation]?.toLowerCase()})`,
          at: now,
        });
      });
      return 'sent' as const;
    },

    async anonymise(caller: Person, storyId: string, personRowId: string, alias: string | null, now = new Date()) {
      if (!isRecordId(personRowId)) return 'not_found' as const;
      const view = await this.forAuthor(caller, storyId);
      const person = view?.people.find((p) => p.id === personRowId && p.relation !== 'author');
      if (!view || !person) return 'not_found' as const;
      if (!view.editable) return 'not_editable' as const;
      await db.transaction().execute(async (trx) => {
        if (alias && alias !== person.name) {
          // The author chose a stand-in: it replaces the real name everywhere in the text.
          const story = view.story;
          const replace = (s: string) => s.split(person.name).join(alias);
          await updateStory(
            trx,
            story.org_id,
            story.id,
            {
              title: replace(story.title),
              form: story.form,
              body: replace(story.body),
              primaryCharacteristic: story.primary_characteristic,
              characteristics: story.characteristics,
              roles: story.roles,
              place: story.place,
              region: story.region,
              visibility: story.visibility,
              spaceId: story.space_id,
              transcript: replace(story.transcript),
            },
            now,
          );
          await clearApprovals(trx, story.org_id, story.id);
        }
        await anonymisePerson(trx, view.story.org_id, person.id, alias, now);
        await audit.record({
          orgId: view.story.org_id,
          actorId: caller.personId,
          action: 'story_consent',
          summary: 'Anonymised a person in a story',
          at: now,
        });
      });
      return 'anonymised' as const;
    },

    /** The confirm page behind an emailed link, or undefined when the link is unknown, used or too old. */
    async consentRequest(secret: string, now = new Date()) {
      const row = await findByConsentHash(db, hashSecret(secret));
      if (!row?.consent_requested_at) return undefined;
      if (now.getTime() - row.consent_requested_at.getTime() > consentLinkLifetimeMs) return undefined;
      const paragraphs = row.body.split(/\n{2,}/);
      const mentions = paragraphs.filter((p) => p.includes(row.name));
      return {
        ...row,
        html: renderMarkdown(row.body),
        mentionsHtml: mentions.map((m) => renderMarkdown(m)),
        // The page carries this back, so an answer is only ever about the text the person actually read.
        textHash: textHash(row.title, row.body),
      };
    },

    /**
     * Records the answer given on the page showing the text with hash `shownTextHash`. When the author changed
     * the story since then, nothing is recorded ('changed'): the person must read the new text first.
     */
    async answerConsent(secret: string, give: boolean, shownTextHash: string | undefined, now = new Date()) {
      const request = await this.consentRequest(secret, now);
      if (!request) return 'invalid' as const;
      if (shownTextHash !== request.textHash) return 'changed' as const;
      const approvedTextHash = give && request.relation === 'subject' ? shownTextHash : null;
      const done = await answerConsent(db, request.org_id, request.id, hashSecret(secret), {
        consent: give ? 'given' : 'refused',
        approvedTextHash,
        now,
      });
      if (!done) return 'invalid' as const;
      await audit.record({
        orgId: request.org_id,
        actorId: null,
        action: 'story_consent',
        summary: give ? 'A person in a story gave consent' : 'A person in a story refused consent',
        at: now,
      });
      return give ? ('given' as const) : ('refused' as const);
    },
  };
}

export type WritingService = ReturnType<typeof writingService>;
