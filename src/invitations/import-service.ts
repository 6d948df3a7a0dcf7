// Importing a staff list (CSV): a preview of what importing it would do, and the import itself, which invites
// everyone new to the organisation by email. Part of services.invitations: service.ts hands it what the two
// share (how long a link works, names, and the invitation email), so this file does not import it back.
import type { MembershipRole } from '../access/roles.ts';
import type { AuditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { emailsIn, type ImportPlan, parseStaffCsv, planStaffImport } from './csv.ts';
import {
  hashInvitationToken,
  insertInvitation,
  membersWithEmails,
  newInvitationToken,
  pendingInvitationsFor,
  unitsOf,
} from './repository.ts';

/** What the staff import shares with the rest of the invitations service. */
export interface StaffImportDeps {
  audit: AuditService;
  invitationLifetimeMs: number;
  organisationName: (orgId: string) => Promise<string>;
  personName: (personId: string) => Promise<string | null>;
  sendInvitationEmail: (
    via: Db,
    invitation: { orgName: string; inviterName: string | null; to: string; name: string; role: MembershipRole },
    token: string,
    expiresAt: Date,
  ) => Promise<void>;
}

export function staffImportService(
  db: Db,
  { audit, invitationLifetimeMs, organisationName, personName, sendInvitationEmail }: StaffImportDeps,
) {
  /** What the database knows about a staff list, and what importing it would do. */
  async function planImport(orgId: string, text: string, now: Date): Promise<ImportPlan> {
    const parsed = parseStaffCsv(text);
    const emails = emailsIn(parsed);
    // Accounts outside the organisation are deliberately not looked up: the plan reads the same for an address
    // with an account elsewhere, a disabled account or none.
    const [units, members, invited] = await Promise.all([
      unitsOf(db, orgId),
      membersWithEmails(db, orgId, emails),
      pendingInvitationsFor(db, orgId, emails, now),
    ]);
    return planStaffImport(parsed, {
      units,
      memberEmails: new Set(members.map((m) => m.email.toLowerCase())),
      invitedEmails: new Set(invited.map((i) => i.email.toLowerCase())),
    });
  }

  return {
    /** What importing a staff list would do. Writes nothing. */
    previewImport: (orgId: string, text: string, now = new Date()) => planImport(orgId, text, now),

    /**
     * Imports the good rows of a staff list, checked again against the database as it is now: an emailed
     * invitation for everyone new to the organisation, with their placement made when they accept. An
     * existing account is never added directly: its owner accepts while signed in, like anyone else. One
     * transaction.
     */
    async confirmImport(actorId: string, orgId: string, text: string, now = new Date()) {
      const plan = await planImport(orgId, text, now);
      if (plan.fileProblems.length > 0) return { plan, imported: false as const };
      const [orgName, inviterName] = await Promise.all([organisationName(orgId), personName(actorId)]);
      const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
      const toInvite = plan.rows.filter((r) => r.action === 'invite');
      await db.transaction().execute(async (trx) => {
        for (const row of toInvite) {
          const token = newInvitationToken();
          await insertInvitation(trx, {
            orgId,
            email: row.email,
            displayName: row.name,
            role: row.role,
            unitId: row.unitId,
            managerEmail: row.managerEmail,
            tokenHash: hashInvitationToken(token),
            invitedBy: actorId,
            expiresAt,
          });
          await sendInvitationEmail(
            trx,
            { orgName, inviterName, to: row.email, name: row.name, role: row.role },
            token,
            expiresAt,
          );
        }
      });
      const counts = plan.counts;
      await audit.record({
        orgId,
        actorId,
        action: 'staff_imported',
        summary: `Imported a staff list: ${counts.invite} invited, ${counts.skip} skipped, ${counts.bad} rows with problems left out`,
      });
      return { plan, imported: true as const };
    },
  };
}
