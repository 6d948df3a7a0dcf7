// Privacy rights: a person downloads everything Waymark holds about them and erases their account; an
// organisation sets how long its records are kept, and `purgeExpired` (run daily) removes what is older.
import { type AuditService, auditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { forgetReaderAddress } from '../subscriptions/readers.ts';
import {
  anonymiseStoriesBy,
  countStoriesBy,
  deleteAccount,
  deleteExpiredSignInLinks,
  deleteStoriesBy,
  findAccount,
  findRetention,
  organisationIdsOf,
  organisationsOnlyAdministeredBy,
  organisationsWithRetention,
  purgeOrganisation,
  setRetention,
} from './repository.ts';
import type { StoryChoice } from './schema.ts';
import type { ExportSection } from './sections.ts';

const dayMs = 24 * 60 * 60 * 1000;

/** How long a sign-in link is kept after it stopped working, then deleted (the privacy notice says so). */
export const expiredSignInLinksKeptMs = dayMs;

export type ErasureOutcome =
  | { ok: true }
  | { ok: false; reason: 'email'; problems: Record<string, string> }
  | { ok: false; reason: 'last_admin'; organisations: string[] };

export interface PurgeReport {
  organisations: number;
  auditEvents: number;
  invitations: number;
  drafts: number;
  signInLinks: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function privacyService(
  db: Db,
  {
    audit = auditService(db),
    now = () => new Date(),
    sections,
    eraseDiscussion,
    eraseFromGroups,
  }: {
    audit?: AuditService;
    now?: () => Date;
    /** Every section of the export (`exportSectionsFor` in sections.ts). */
    sections: readonly ExportSection[];
    /** The person's part in discussions of every kind (services.discussion.eraseBy). */
    eraseDiscussion: (trx: Db, personId: string, choice: 'remove' | 'anonymise') => Promise<void>;
    /** The person's part in reading groups: places handed on, invitations to them deleted (src/groups/erasure.ts). */
    eraseFromGroups: (trx: Db, personId: string) => Promise<void>;
  },
) {
  return {
    /** What the export holds, for the pages that explain it. */
    sections: () => sections.map((s) => ({ key: s.key, describe: s.describe })),

    /**
     * Everything Waymark holds about the person, as one JSON-ready object, and the export recorded in the
     * audit log of each of their organisations (so an admin can see that data left, though not what).
     */
    async exportFor(personId: string) {
      const at = now();
      const data: Record<string, { about: string; data: unknown }> = {};
      for (const section of sections) {
        data[section.key] = { about: section.describe, data: await section.collect(db, personId) };
      }
      await audit.recordForPerson(personId, {
        actorId: personId,
        action: 'export',
        summary: 'Downloaded a copy of their own data',
      });
      return {
        format: 'waymark-personal-data',
        version: 1,
        exportedAt: at.toISOString(),
        sections: data,
      };
    },

    /** What the delete page needs to explain: stories that could be kept, and organisations that block it. */
    async erasurePreview(personId: string) {
      const [stories, blockedBy] = await Promise.all([
        countStoriesBy(db, personId),
        organisationsOnlyAdministeredBy(db, personId),
      ]);
      return { stories, lastAdminOf: blockedBy.map((o) => o.name) };
    },

    /**
     * Erases the account in one transaction: audit entries first (no personal data in them), then the
     * stories as the person chose, then the account and everything hanging from it. Refused, with nothing
     * changed, when the typed email is not theirs or they are the last admin of an organisation.
     */
    async eraseAccount(personId: string, input: { email: string; stories: StoryChoice }): Promise<ErasureOutcome> {
      return db.transaction().execute(async (trx) => {
        const person = await findAccount(trx, personId);
        if (!person || person.email.toLowerCase() !== input.email.trim().toLowerCase()) {
          return { ok: false, reason: 'email', problems: { email: 'Type the email address of this account' } };
        }
        const blockedBy = await organisationsOnlyAdministeredBy(trx, personId);
        if (blockedBy.length > 0) {
          return { ok: false, reason: 'last_admin', organisations: blockedBy.map((o) => o.name) };
        }
        const at = now();
        const orgIds = await organisationIdsOf(trx, personId);
        await auditService(trx).record(
          ...orgIds.map((orgId) => ({
            orgId,
            actorId: null,
            action: 'erasure' as const,
            summary: 'An account was deleted',
            at,
          })),
        );
        if (input.stories === 'remove') await deleteStoriesBy(trx, personId);
        else await anonymiseStoriesBy(trx, personId, at);
        // Comments follow the same choice as the stories (see discussion/repository.ts).
        await eraseDiscussion(trx, personId, input.stories);
        await eraseFromGroups(trx, personId);
        // Follows, digest settings and their ledger go with the account (foreign keys); its address's
        // subscription to new articles by email goes too.
        await forgetReaderAddress(trx, person.email);
        // Audit entries name people by id only: deleting the account clears the ids (the foreign keys set
        // them to null), so every organisation's log now reads "a former member" with no summary rewritten.
        await deleteAccount(trx, person);
        return { ok: true };
      });
    },

    async retention(orgId: string) {
      const org = await findRetention(db, orgId);
      return org && { name: org.name, days: org.retention_days };
    },

    async setRetention(actorId: string, orgId: string, days: number | null) {
      const before = await findRetention(db, orgId);
      if (!before || before.retention_days === days) return;
      await setRetention(db, orgId, days);
      await audit.record({
        orgId,
        actorId,
        action: 'retention_changed',
        summary:
          days === null
            ? 'Set records to be kept with no time limit.'
            : `Set records to be kept for ${plural(days, 'day', 'days')}.`,
      });
    },

    /**
     * For each organisation with a retention period: deletes audit events, finished invitations and stale
     * drafts older than it, and logs the counts (only when something went, so a second run changes nothing).
     * Also deletes sign-in links that expired over a day ago, anywhere. Safe to run any number of times.
     */
    async purgeExpired(at: Date): Promise<PurgeReport> {
      const report: PurgeReport = { organisations: 0, auditEvents: 0, invitations: 0, drafts: 0, signInLinks: 0 };
      for (const org of await organisationsWithRetention(db)) {
        const days = org.retention_days ?? 0;
        const cutoff = new Date(at.getTime() - days * dayMs);
        const counts = await db.transaction().execute(async (trx) => {
          const removed = await purgeOrganisation(trx, org.id, cutoff);
          if (removed.auditEvents + removed.invitations + removed.drafts > 0) {
            await auditService(trx).record({
              orgId: org.id,
              actorId: null,
              action: 'retention_purge',
              summary: `Removed records older than ${plural(days, 'day', 'days')}: ${plural(removed.auditEvents, 'audit event', 'audit events')}, ${plural(removed.invitations, 'finished invitation', 'finished invitations')} and ${plural(removed.drafts, 'draft story', 'draft stories')}.`,
              at,
            });
          }
          return removed;
        });
        report.organisations += 1;
        report.auditEvents += counts.auditEvents;
        report.invitations += counts.invitations;
        report.drafts += counts.drafts;
      }
      report.signInLinks = await deleteExpiredSignInLinks(db, new Date(at.getTime() - expiredSignInLinksKeptMs));
      return report;
    },
  };
}

export type PrivacyService = ReturnType<typeof privacyService>;
