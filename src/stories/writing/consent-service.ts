// Asking the people in a story for their consent: the emailed single-use link, the public page behind it and
// the answer given there, and anonymising a person instead.
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../access/visibility.ts';
import type { AuditService } from '../../audit/service.ts';
import type { Db } from '../../db/database.ts';
import { isRecordId } from '../../db/ids.ts';
import type { Outbox } from '../../email/outbox.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { relationNames, textHash } from './readiness.ts';
import {
  type AuthoredStory,
  anonymisePerson,
  answerConsent,
  askConsent,
  clearApprovals,
  findByConsentHash,
  type StoryPerson,
  updateStory,
} from './repository.ts';

type Person = Extract<Principal, { kind: 'person' }>;

/** How long an emailed consent link works. */
export const consentLinkLifetimeMs = 30 * 24 * 60 * 60 * 1000;

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** What these use-cases need of the author's view of a story (`forAuthor` in service.ts). */
interface AuthorView {
  story: AuthoredStory;
  people: StoryPerson[];
  editable: boolean;
  left: boolean;
}

export function consentUseCases(
  db: Db,
  { email, audit, baseUrl }: { email: Outbox; audit: AuditService; baseUrl: string },
  forAuthor: (caller: Person, id: string) => Promise<AuthorView | undefined>,
) {
  /** The confirm page behind an emailed link, or undefined when the link is unknown, used or too old. */
  async function consentRequest(secret: string, now = new Date()) {
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
  }

  return {
    /** Emails the person a single-use link to a page where they give or refuse consent (no account needed). */
    async askConsent(caller: Person, storyId: string, personRowId: string, now = new Date()) {
      if (!isRecordId(personRowId)) return 'not_found' as const;
      const view = await forAuthor(caller, storyId);
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
              `${author ?? 'Someone'} has written a story about their work on Waymark, “${view.story.title}”, and it mentions you.${approval}`,
              '',
              'Nothing is published until you answer. Read the story, then say yes or no here:',
              '',
              `${baseUrl}/consent/${secret}`,
              '',
              'You do not need an account. The link works once, for 30 days.',
              '',
              `If you would rather not be in the story, say no: ${author ?? 'the author'} will be asked to leave you out or use another name. If you did not expect this email, you can ignore it.`,
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
      const view = await forAuthor(caller, storyId);
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

    consentRequest,

    /**
     * Records the answer given on the page showing the text with hash `shownTextHash`. When the author changed
     * the story since then, nothing is recorded ('changed'): the person must read the new text first.
     */
    async answerConsent(secret: string, give: boolean, shownTextHash: string | undefined, now = new Date()) {
      const request = await consentRequest(secret, now);
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
