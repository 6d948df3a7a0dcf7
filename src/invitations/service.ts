// Invitations: an organisation admin invites people by email (one at a time, or a staff list in CSV), and a
// person accepts by the emailed link, creating an account or adding the organisation to the one they have.
// The staff list's preview and import are in import-service.ts.

import type { MembershipRole } from '../access/roles.ts';
import { passwordProblem } from '../accounts/password-policy.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { findPersonByEmail, insertPerson } from '../accounts/repository.ts';
import { type AuditService, auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { claimInvitationsByEmail } from '../spaces/repository.ts';
import { dateTimeText } from '../text/dates.ts';
import { hasControlCharacters } from './csv.ts';
import { staffImportService } from './import-service.ts';
import {
  addMembership,
  claimInvitation,
  fillInManager,
  findInvitation,
  findInvitationByToken,
  findOrganisationName,
  hashInvitationToken,
  type InvitationStatus,
  insertInvitation,
  listInvitations,
  looksLikeToken,
  membersWithEmails,
  newInvitationToken,
  pendingInvitationsFor,
  pendingInvitationsForPerson,
  placePerson,
  renewInvitation,
  revokeInvitation,
  unitsOf,
} from './repository.ts';

/** An invitation link works for 14 days, once. */
export const invitationLifetimeMs = 14 * 24 * 60 * 60 * 1000;

export const roleNames: Record<MembershipRole, string> = {
  member: 'Member',
  line_manager: 'Line manager',
  hr_od: 'HR and organisational development',
  moderator: 'Moderator',
  coordinator: 'Scheme coordinator',
  org_admin: 'Organisation admin',
  editor: 'Editor',
};

export interface InviteInput {
  name: string;
  email: string;
  role: MembershipRole;
  unitId: string | null;
  managerEmail: string | null;
}

/** Why a link cannot be used, for the page that says so. */
export type DeadInvitation = 'unknown' | 'used' | 'revoked' | 'expired' | 'disabled';

export function invitationsService(
  db: Db,
  { email, audit, baseUrl }: { email: Outbox; audit: AuditService; baseUrl: string },
) {
  async function sendInvitationEmail(
    via: Db,
    invitation: { orgName: string; inviterName: string | null; to: string; name: string; role: MembershipRole },
    token: string,
    expiresAt: Date,
  ) {
    const inviter = invitation.inviterName ?? 'An administrator';
    await email.send(
      {
        to: invitation.to,
        subject: `You are invited to join ${invitation.orgName} on Waymark`,
        text: [
          `Hello ${invitation.name},`,
          '',
          `${inviter} has invited you to join ${invitation.orgName} on Waymark, with the role “${roleNames[invitation.role]}”.`,
          'Waymark is where public servants share stories of their work, learn from each other and plan how they grow.',
          '',
          `To accept, open this link. It works once, until ${dateTimeText(expiresAt)}:`,
          '',
          `${baseUrl}/invitations/${token}`,
          '',
          'If you were not expecting this invitation, you can ignore this email: nothing happens unless you accept.',
        ].join('\n'),
      },
      via,
    );
  }

  const organisationName = async (orgId: string) => (await findOrganisationName(db, orgId))?.name ?? '';

  const personName = async (personId: string) =>
    (await db.selectFrom('users').select('display_name').where('id', '=', personId).executeTakeFirst())?.display_name ??
    null;

  /** The manager's account when they belong to the organisation; otherwise the placement waits for them. */
  async function managerId(via: Db, orgId: string, managerEmail: string | null) {
    if (!managerEmail) return null;
    const [found] = await membersWithEmails(via, orgId, [managerEmail]);
    return found?.id ?? null;
  }

  /** Membership, placement, and the manager's place for people who joined before them, in one go. */
  async function join(
    via: Db,
    orgId: string,
    personId: string,
    personEmail: string,
    invitation: { role: MembershipRole; unit_id: string | null; manager_email: string | null },
  ) {
    await addMembership(via, orgId, personId, invitation.role);
    await placePerson(via, {
      orgId,
      personId,
      unitId: invitation.unit_id,
      managerId: await managerId(via, orgId, invitation.manager_email),
    });
    await fillInManager(via, orgId, personId, personEmail);
  }

  /**
   * What the link's page shows: the invitation when it can be used, and whether the invited address
   * already has an account; otherwise why not.
   */
  async function openInvitation(token: string, now: Date) {
    const invitation = looksLikeToken(token) ? await findInvitationByToken(db, token) : undefined;
    if (!invitation) return { dead: 'unknown' as const };
    if (invitation.accepted_at) return { dead: 'used' as const };
    if (invitation.revoked_at) return { dead: 'revoked' as const };
    if (invitation.expires_at <= now) return { dead: 'expired' as const };
    const account = await findPersonByEmail(db, invitation.email);
    if (account?.disabled_at) return { dead: 'disabled' as const };
    return {
      invitation: { ...invitation, roleName: roleNames[invitation.role] },
      accountId: account?.id,
    };
  }

  const staffImport = staffImportService(db, {
    audit,
    invitationLifetimeMs,
    organisationName,
    personName,
    sendInvitationEmail,
  });

  return {
    units: (orgId: string) => unitsOf(db, orgId),
    organisationName,

    list: (orgId: string, status: InvitationStatus | undefined, page: number, pageSize: number, now = new Date()) =>
      listInvitations(db, orgId, { status, limit: pageSize, offset: (page - 1) * pageSize, now }),

    find: (orgId: string, id: string) => findInvitation(db, orgId, id),

    /** Invites one person; the reasons it cannot, by field, otherwise. */
    async invite(
      actorId: string,
      orgId: string,
      input: InviteInput,
      now = new Date(),
    ): Promise<Record<string, string>> {
      const problems: Record<string, string> = {};
      const units = await unitsOf(db, orgId);
      if (input.unitId !== null && !units.some((u) => u.id === input.unitId)) {
        problems.unitId = 'Select one of the organisation’s units';
      }
      const lookups = [input.email, ...(input.managerEmail ? [input.managerEmail] : [])];
      // Whether the address has an account elsewhere, or a disabled one, is not the admin's to learn: the
      // invitation goes out the same, and the person decides (a disabled account's link says it cannot be used).
      const [members, invited] = await Promise.all([
        membersWithEmails(db, orgId, lookups),
        pendingInvitationsFor(db, orgId, lookups, now),
      ]);
      const is = (list: { email: string }[], address: string) =>
        list.some((x) => x.email.toLowerCase() === address.toLowerCase());
      if (is(members, input.email)) problems.email = `${input.email} is already a member of the organisation`;
      else if (is(invited, input.email)) {
        problems.email = `${input.email} has already been invited: resend that invitation from the list instead`;
      }
      if (input.managerEmail) {
        if (input.managerEmail.toLowerCase() === input.email.toLowerCase()) {
          problems.managerEmail = 'A person cannot be their own line manager';
        } else if (!is(members, input.managerEmail) && !is(invited, input.managerEmail)) {
          problems.managerEmail = 'Nobody with this email address is in the organisation or invited to it';
        }
      }
      if (Object.keys(problems).length > 0) return problems;

      const token = newInvitationToken();
      const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
      const [orgName, inviterName] = await Promise.all([organisationName(orgId), personName(actorId)]);
      await db.transaction().execute(async (trx) => {
        await insertInvitation(trx, {
          orgId,
          email: input.email,
          displayName: input.name,
          role: input.role,
          unitId: input.unitId,
          managerEmail: input.managerEmail,
          tokenHash: hashInvitationToken(token),
          invitedBy: actorId,
          expiresAt,
        });
        await sendInvitationEmail(
          trx,
          { orgName, inviterName, to: input.email, name: input.name, role: input.role },
          token,
          expiresAt,
        );
      });
      await audit.record({
        orgId,
        actorId,
        action: 'invitation_sent',
        summary: `Invited someone by email to join as ${roleNames[input.role].toLowerCase()}`,
      });
      return {};
    },

    /** A new link, valid 14 days from now, for an invitation not yet accepted or revoked. */
    async resend(actorId: string, orgId: string, id: string, now = new Date()): Promise<boolean> {
      const invitation = await findInvitation(db, orgId, id);
      if (!invitation || invitation.accepted_at || invitation.revoked_at) return false;
      const token = newInvitationToken();
      const expiresAt = new Date(now.getTime() + invitationLifetimeMs);
      const [orgName, inviterName] = await Promise.all([organisationName(orgId), personName(actorId)]);
      const renewed = await db.transaction().execute(async (trx) => {
        if (!(await renewInvitation(trx, orgId, id, hashInvitationToken(token), expiresAt))) return false;
        await sendInvitationEmail(
          trx,
          {
            orgName,
            inviterName,
            to: invitation.email,
            name: invitation.display_name,
            role: invitation.role,
          },
          token,
          expiresAt,
        );
        return true;
      });
      if (renewed) {
        await audit.record({
          orgId,
          actorId,
          action: 'invitation_sent',
          summary: `Sent an invitation again (to join as ${roleNames[invitation.role].toLowerCase()})`,
        });
      }
      return renewed;
    },

    async revoke(actorId: string, orgId: string, id: string, now = new Date()): Promise<boolean> {
      const invitation = await findInvitation(db, orgId, id);
      if (!invitation || !(await revokeInvitation(db, orgId, id, now))) return false;
      await audit.record({
        orgId,
        actorId,
        action: 'invitation_revoked',
        summary: `Withdrew an invitation (to join as ${roleNames[invitation.role].toLowerCase()})`,
      });
      return true;
    },

    open: (token: string, now = new Date()) => openInvitation(token, now),

    /** Invitations to join an organisation waiting for the person (for their home), with the role in words. */
    async waitingFor(personId: string, now = new Date()) {
      const rows = await pendingInvitationsForPerson(db, personId, now);
      return rows.map((r) => ({ ...r, roleName: roleNames[r.role] }));
    },

    /**
     * Accepts for someone without an account: the account is created with the chosen name and password.
     * The role, organisation and placement come from the invitation only, never from the form.
     */
    async acceptAsNewPerson(
      token: string,
      form: { displayName: string; password: string },
      now = new Date(),
    ): Promise<{ personId: string; orgId: string } | { problems: Record<string, string> } | { dead: DeadInvitation }> {
      const opened = await openInvitation(token, now);
      if (!opened.invitation) return { dead: opened.dead };
      if (opened.accountId) return { dead: 'used' };
      const displayName = form.displayName.trim();
      const problems: Record<string, string> = {};
      if (displayName === '') problems.displayName = 'Enter your name';
      else if ([...displayName].length > 200) problems.displayName = 'Name must be 200 characters or fewer';
      else if (hasControlCharacters(displayName)) problems.displayName = 'Enter your name on one line';
      const passwordIssue = passwordProblem(form.password, { email: opened.invitation.email, displayName });
      if (passwordIssue) problems.password = passwordIssue;
      if (Object.keys(problems).length > 0) return { problems };
      const passwordHash = await hashPassword(form.password);
      const result = await db.transaction().execute(async (trx) => {
        const claimed = await claimInvitation(trx, token, now);
        if (!claimed) return undefined;
        // Someone may have made an account with this address since the page was opened.
        if (await findPersonByEmail(trx, claimed.email)) return undefined;
        const personId = await insertPerson(trx, { email: claimed.email, displayName, passwordHash });
        await join(trx, claimed.org_id, personId, claimed.email, claimed);
        // The link proved the address is theirs: spaces that invited it by name now ask them.
        await claimInvitationsByEmail(trx, personId, claimed.email);
        return { personId, orgId: claimed.org_id, role: claimed.role };
      });
      if (!result) return { dead: 'used' };
      await audit.record({
        orgId: result.orgId,
        actorId: result.personId,
        action: 'invitation_accepted',
        summary: auditText`${mention(result.personId)} accepted an invitation and joined as ${roleNames[result.role].toLowerCase()}`,
      });
      return { personId: result.personId, orgId: result.orgId };
    },

    /** Accepts for the signed-in person, whose account must be the one invited. */
    async acceptAsMember(
      token: string,
      personId: string,
      now = new Date(),
    ): Promise<{ orgId: string } | { dead: DeadInvitation } | { wrongPerson: true }> {
      const opened = await openInvitation(token, now);
      if (!opened.invitation) return { dead: opened.dead };
      if (opened.accountId !== personId) return { wrongPerson: true };
      const result = await db.transaction().execute(async (trx) => {
        const claimed = await claimInvitation(trx, token, now);
        if (!claimed) return undefined;
        await join(trx, claimed.org_id, personId, claimed.email, claimed);
        return claimed;
      });
      if (!result) return { dead: 'used' };
      await audit.record({
        orgId: result.org_id,
        actorId: personId,
        action: 'invitation_accepted',
        summary: auditText`${mention(personId)} accepted an invitation and joined as ${roleNames[result.role].toLowerCase()}`,
      });
      return { orgId: result.org_id };
    },

    ...staffImport,
  };
}

export type InvitationsService = ReturnType<typeof invitationsService>;
