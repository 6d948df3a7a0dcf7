// Invitations to a reading group by email. A facilitator invites an address; the email carries a link whose
// random secret is stored only as its SHA-256 and works once, for 14 days, until withdrawn. The person who
// opens it signed in joins if it was sent to their account's address and the group's own scope lets them read
// it (its organisation, its space, or everyone): a forwarded link lets nobody else past a group's approval, and
// an invitation never widens who may see a group, so anyone else is told plainly they cannot.
import { randomBytes } from 'node:crypto';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { dateText } from '../text/dates.ts';
import {
  deleteInvitationsTo,
  hashOfSecret,
  type InvitationRow,
  insertInvitation,
  invitationBySecret,
  invitationWaiting,
  joinByInvitation,
  markAccepted,
  pendingInvitations,
  withdrawInvitation,
} from './invitation-repository.ts';
import { type GroupRow, readableGroup } from './repository.ts';

type Person = Extract<Principal, { kind: 'person' }>;

/** How long an invitation's link works. */
export const invitationDays = 14;
const dayMs = 24 * 60 * 60 * 1000;

/** What the link finds: a group to join, or why not. */
export type InvitationView =
  | { state: 'open'; group: GroupRow; expiresAt: Date }
  | { state: 'member'; group: GroupRow }
  | { state: 'not_allowed' | 'other_address' | 'expired' | 'withdrawn' | 'used' };

/** A secret as the link carries it: 32 random bytes in base64url. */
const isSecret = (secret: string) => /^[A-Za-z0-9_-]{43}$/.test(secret);

export function groupInvitationsService(
  db: Db,
  { email, baseUrl, now = () => new Date() }: { email: Outbox; baseUrl: string; now?: () => Date },
) {
  async function facilitated(caller: Person, groupId: string, via: Db = db) {
    const group = await readableGroup(via, caller, groupId);
    return group?.mine === 'facilitator' ? group : undefined;
  }

  /** What the link's invitation allows this person, with the group read through its own rule. */
  async function look(
    via: Db,
    caller: Person,
    invitation: InvitationRow | undefined,
  ): Promise<InvitationView | undefined> {
    if (!invitation) return undefined;
    if (invitation.withdrawn_at) return { state: 'withdrawn' };
    if (invitation.accepted_at) return { state: 'used' };
    if (invitation.expires_at <= now()) return { state: 'expired' };
    const account = await via.selectFrom('users').select('email').where('id', '=', caller.personId).executeTakeFirst();
    if (account?.email.toLowerCase() !== invitation.email.toLowerCase()) return { state: 'other_address' };
    const group = await readableGroup(via, caller, invitation.group_id);
    if (!group) return { state: 'not_allowed' };
    if (group.mine === 'member' || group.mine === 'facilitator') return { state: 'member', group };
    return { state: 'open', group, expiresAt: invitation.expires_at };
  }

  return {
    /** The group and its invitations still waiting, for its facilitators only. */
    async pending(caller: Person, groupId: string) {
      const group = await facilitated(caller, groupId);
      if (!group) return undefined;
      return { group, invitations: await pendingInvitations(db, group.org_id, group.id, now()) };
    },

    /** Sends an invitation by email, in one transaction with its row. */
    async invite(
      caller: Person,
      groupId: string,
      address: string,
    ): Promise<'not_found' | { ok: true } | { ok: false; problems: Record<string, string> }> {
      return db.transaction().execute(async (trx) => {
        const group = await facilitated(caller, groupId, trx);
        if (!group) return 'not_found' as const;
        const at = now();
        // An address that belongs to a member is invited like any other (the link tells them they are in
        // already): a different answer would tell a facilitator whose address it is.
        if (await invitationWaiting(trx, group.org_id, group.id, address, at)) {
          return { ok: false, problems: { email: 'That address already has an invitation waiting' } };
        }
        const secret = randomBytes(32).toString('base64url');
        const expiresAt = new Date(at.getTime() + invitationDays * dayMs);
        await insertInvitation(trx, {
          orgId: group.org_id,
          groupId: group.id,
          email: address,
          tokenHash: hashOfSecret(secret),
          invitedBy: caller.personId,
          at,
          expiresAt,
        });
        const inviter = await trx
          .selectFrom('users')
          .select('display_name')
          .where('id', '=', caller.personId)
          .executeTakeFirst();
        const who = inviter?.display_name ?? 'A facilitator';
        await email.send(
          {
            to: address,
            subject: `${who} invited you to join ${group.name}`,
            text: `${who} invited you to join “${group.name}”, a reading group on Waymark.\n\nTo join, sign in and open this link: ${baseUrl}/group-invitations/${secret}\n\nThe link works once, until ${dateText(expiresAt)}. You can join if your Waymark account can see the group: it is kept to ${scopeWords(group)}.\n\nIf you were not expecting this, you can ignore this email.`,
          },
          trx,
        );
        return { ok: true as const };
      });
    },

    async withdraw(caller: Person, groupId: string, invitationId: string): Promise<'withdrawn' | 'not_found'> {
      const group = await facilitated(caller, groupId);
      if (!group) return 'not_found';
      return (await withdrawInvitation(db, group.org_id, group.id, invitationId, now())) ? 'withdrawn' : 'not_found';
    },

    /** What the link shows the signed-in person; undefined for a link that was never made. */
    async view(caller: Person, secret: string): Promise<InvitationView | undefined> {
      if (!isSecret(secret)) return undefined;
      return look(db, caller, await invitationBySecret(db, secret));
    },

    /** Joins the group through the link, once: the invitation's row is locked until it is marked used. */
    async accept(caller: Person, secret: string): Promise<InvitationView | undefined> {
      if (!isSecret(secret)) return undefined;
      return db.transaction().execute(async (trx) => {
        const invitation = await invitationBySecret(trx, secret, true);
        const seen = await look(trx, caller, invitation);
        if (!invitation || seen?.state !== 'open') return seen;
        const at = now();
        await joinByInvitation(trx, seen.group.org_id, seen.group.id, caller.personId, at);
        await markAccepted(trx, invitation, caller.personId, at);
        return { state: 'member', group: seen.group } as const;
      });
    },

    /** Erasure, inside its transaction: invitations sent to the person's address go too. */
    eraseInvitationsTo: (trx: Db, personId: string) => deleteInvitationsTo(trx, personId),
  };
}

export type GroupInvitationsService = ReturnType<typeof groupInvitationsService>;

/** Who may see the group, as the email says it. */
function scopeWords(group: GroupRow): string {
  switch (group.visibility) {
    case 'organisation':
      return `people in ${group.organisation}`;
    case 'space':
      return 'the people of a shared space';
    default:
      return 'everyone signed in to Waymark';
  }
}
