// The audit log: what happened in an organisation (sign-ins, role changes, exports, SSO changes, erasure),
// for its admins. Entries name the action and the people involved, never secrets or feedback text.
import type { Db } from '../db/database.ts';
import { type AuditText, auditEvents, namedEvent, storedSummary } from './names.ts';

export { type AuditText, auditEvents, auditText, mention, namedEvent } from './names.ts';

export const auditActions = {
  sign_in: 'Signed in',
  sign_in_failed: 'Failed sign-in',
  member_added: 'Member added',
  member_removed: 'Member removed',
  role_changed: 'Roles changed',
  placement_changed: 'Unit or line manager changed',
  unit_changed: 'Units changed',
  invitation_sent: 'Invitation sent',
  invitation_accepted: 'Invitation accepted',
  invitation_revoked: 'Invitation withdrawn',
  staff_imported: 'Staff imported',
  sso_changed: 'Single sign-on changed',
  space_changed: 'Space membership changed',
  settings_changed: 'Organisation settings changed',
  retention_changed: 'Retention period changed',
  account_disabled: 'Account disabled',
  export: 'Data exported',
  erasure: 'Account erased',
  retention_purge: 'Old records purged',
  moderation: 'Moderation decision',
  story_consent: 'Consent for a story',
  stories_imported: 'Stories imported',
  stories_exported: 'Stories exported',
} as const;
export type AuditAction = keyof typeof auditActions;

export interface AuditEntry {
  orgId: string;
  /** Who did it; null for the system (jobs) or for someone not signed in. */
  actorId: string | null;
  action: AuditAction;
  /**
   * One plain sentence for the admin reading the log. No passwords, tokens, secrets or feedback text, and
   * nobody's name or address as text: name people with `auditText` and `mention(id)`, so the log shows
   * their name as it is when read, and "a former member" once they have erased their account.
   */
  summary: string | AuditText;
  /** When it happened, if not now: a job working to an injected clock says when. */
  at?: Date;
}

export function auditService(db: Db) {
  return {
    async record(...entries: AuditEntry[]) {
      if (entries.length === 0) return;
      await db
        .insertInto('audit_events')
        .values(
          entries.map((e) => {
            const stored = storedSummary(e.summary);
            return {
              org_id: e.orgId,
              actor_id: e.actorId,
              by_person: e.actorId !== null,
              action: e.action,
              summary: stored.template,
              subject_id: stored.subjectId,
              second_subject_id: stored.secondSubjectId,
              ...(e.at ? { at: e.at } : {}),
            };
          }),
        )
        .execute();
    },

    /** Records the same event in each of a person's organisations (a failed sign-in concerns all of them). */
    async recordForPerson(personId: string, entry: Omit<AuditEntry, 'orgId'>) {
      const orgs = await db
        .selectFrom('memberships')
        .select('org_id')
        .distinct()
        .where('user_id', '=', personId)
        .execute();
      await this.record(...orgs.map((o) => ({ ...entry, orgId: o.org_id })));
    },

    /** One page of an organisation's log, newest first, with people named as they are now. */
    async page(orgId: string, page: number, pageSize = 50) {
      const [rows, count] = await Promise.all([
        auditEvents(db)
          .where('audit_events.org_id', '=', orgId)
          .orderBy('audit_events.at', 'desc')
          .orderBy('audit_events.id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('org_id', '=', orgId)
          .executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(namedEvent), total: Number(count.n) };
    },
  };
}

export type AuditService = ReturnType<typeof auditService>;
