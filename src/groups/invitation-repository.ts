// The SQL of invitations to a reading group. Only the SHA-256 of a link's secret is stored, so the table
// cannot be used to join anything. Reads by group are for a group its facilitator has already found through
// the kind's `readable` rule; the read by secret is the link itself.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export const hashOfSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface InvitationRow {
  org_id: string;
  id: string;
  group_id: string;
  email: string;
  expires_at: Date;
  accepted_at: Date | null;
  withdrawn_at: Date | null;
}

export async function insertInvitation(
  trx: Db,
  v: { orgId: string; groupId: string; email: string; tokenHash: string; invitedBy: string; at: Date; expiresAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('group_invitations')
    .values({
      org_id: v.orgId,
      group_id: v.groupId,
      email: v.email,
      token_hash: v.tokenHash,
      invited_by: v.invitedBy,
      created_at: v.at,
      expires_at: v.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Invitations still waiting (not accepted, withdrawn or expired), newest first. */
export async function pendingInvitations(db: Db, orgId: string, groupId: string, at: Date) {
  return db
    .selectFrom('group_invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select(['i.id', 'i.email', 'i.created_at', 'i.expires_at', 'u.display_name as invited_by'])
    .where('i.org_id', '=', orgId)
    .where('i.group_id', '=', groupId)
    .where('i.accepted_at', 'is', null)
    .where('i.withdrawn_at', 'is', null)
    .where('i.expires_at', '>', at)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
}

/** Whether an address already has an invitation waiting for this group (the facilitators' list shows it). */
export async function invitationWaiting(db: Db, orgId: string, groupId: string, email: string, at: Date) {
  const waiting = await db
    .selectFrom('group_invitations')
    .select('id')
    .where('org_id', '=', orgId)
    .where('group_id', '=', groupId)
    .where(sql<boolean>`lower(email) = lower(${email})`)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return waiting !== undefined;
}

export async function withdrawInvitation(trx: Db, orgId: string, groupId: string, id: string, at: Date) {
  const result = await trx
    .updateTable('group_invitations')
    .set({ withdrawn_at: at })
    .where('org_id', '=', orgId)
    .where('group_id', '=', groupId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The invitation a link's secret names; inside a transaction, `lock` holds its row until the end. */
export async function invitationBySecret(db: Db, secret: string, lock = false): Promise<InvitationRow | undefined> {
  let query = db
    .selectFrom('group_invitations')
    .select(['org_id', 'id', 'group_id', 'email', 'expires_at', 'accepted_at', 'withdrawn_at'])
    .where('token_hash', '=', hashOfSecret(secret));
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function markAccepted(trx: Db, invitation: InvitationRow, personId: string, at: Date) {
  await trx
    .updateTable('group_invitations')
    .set({ accepted_by: personId, accepted_at: at })
    .where('org_id', '=', invitation.org_id)
    .where('id', '=', invitation.id)
    .execute();
}

/** Makes the person a member, whatever they were (nothing, or asking to join); a facilitator stays one. */
export async function joinByInvitation(trx: Db, orgId: string, groupId: string, personId: string, at: Date) {
  await trx
    .insertInto('group_members')
    .values({ org_id: orgId, group_id: groupId, person_id: personId, state: 'member', since: at })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'group_id', 'person_id'])
        .doUpdateSet({ state: 'member', since: at })
        .where('group_members.state', '=', 'requested'),
    )
    .execute();
}

/** Erasure: invitations sent to the person's address go with the account. */
export async function deleteInvitationsTo(trx: Db, personId: string) {
  await trx
    .deleteFrom('group_invitations')
    .where(sql<boolean>`lower(email) = (select lower(email) from users where id = ${personId})`)
    .execute();
}
