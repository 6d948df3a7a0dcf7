// Invitations, units and placements in the database. Every query on an organisation's rows takes its id.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { MembershipRole } from '../access/roles.ts';
import type { Db } from '../db/database.ts';

/** Only the SHA-256 of an invitation's secret is kept, so a copy of the database cannot accept one. */
export const hashInvitationToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** 32 random bytes, base64url: 43 characters. */
export const newInvitationToken = () => randomBytes(32).toString('base64url');

export const looksLikeToken = (token: string) => /^[\w-]{43}$/.test(token);

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';
export const invitationStatuses: readonly InvitationStatus[] = ['pending', 'accepted', 'expired', 'revoked'];

export interface NewInvitation {
  orgId: string;
  email: string;
  displayName: string;
  role: MembershipRole;
  unitId: string | null;
  managerEmail: string | null;
  tokenHash: string;
  invitedBy: string | null;
  expiresAt: Date;
}

export async function insertInvitation(db: Db, invitation: NewInvitation): Promise<string> {
  const row = await db
    .insertInto('invitations')
    .values({
      org_id: invitation.orgId,
      email: invitation.email,
      display_name: invitation.displayName,
      role: invitation.role,
      unit_id: invitation.unitId,
      manager_email: invitation.managerEmail,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      expires_at: invitation.expiresAt,
      accepted_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const statusCondition = (status: InvitationStatus, now: Date) => {
  switch (status) {
    case 'accepted':
      return sql<boolean>`invitations.accepted_at is not null`;
    case 'revoked':
      return sql<boolean>`invitations.accepted_at is null and invitations.revoked_at is not null`;
    case 'expired':
      return sql<boolean>`invitations.accepted_at is null and invitations.revoked_at is null and invitations.expires_at <= ${now}`;
    case 'pending':
      return sql<boolean>`invitations.accepted_at is null and invitations.revoked_at is null and invitations.expires_at > ${now}`;
  }
};

export async function listInvitations(
  db: Db,
  orgId: string,
  options: { status: InvitationStatus | undefined; limit: number; offset: number; now: Date },
) {
  let query = db.selectFrom('invitations').where('invitations.org_id', '=', orgId);
  if (options.status) query = query.where(statusCondition(options.status, options.now));
  const [items, count] = await Promise.all([
    query
      .leftJoin('units', (join) =>
        join.onRef('units.org_id', '=', 'invitations.org_id').onRef('units.id', '=', 'invitations.unit_id'),
      )
      .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
      .select([
        'invitations.id',
        'invitations.email',
        'invitations.display_name',
        'invitations.role',
        'invitations.created_at',
        'invitations.expires_at',
        'invitations.accepted_at',
        'invitations.revoked_at',
        'units.name as unitName',
        'inviter.display_name as inviterName',
      ])
      .orderBy('invitations.created_at', 'desc')
      .orderBy('invitations.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findInvitation(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'display_name', 'role', 'expires_at', 'accepted_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An invitation by its secret, whatever its state, with what its page shows. */
export function findInvitationByToken(db: Db, token: string) {
  return db
    .selectFrom('invitations')
    .innerJoin('organisations', 'organisations.id', 'invitations.org_id')
    .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
    .select([
      'invitations.org_id',
      'invitations.id',
      'invitations.email',
      'invitations.display_name',
      'invitations.role',
      'invitations.expires_at',
      'invitations.accepted_at',
      'invitations.revoked_at',
      'organisations.name as orgName',
      'inviter.display_name as inviterName',
    ])
    .where('invitations.token_hash', '=', hashInvitationToken(token))
    .executeTakeFirst();
}

/** Takes an invitation once: of two requests racing with the same link, only one gets the row. */
export function claimInvitation(db: Db, token: string, now: Date) {
  return db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('token_hash', '=', hashInvitationToken(token))
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['org_id', 'id', 'email', 'display_name', 'role', 'unit_id', 'manager_email'])
    .executeTakeFirst();
}

/** A new secret and a new expiry for an invitation not yet accepted or revoked; the old link stops working. */
export async function renewInvitation(db: Db, orgId: string, id: string, tokenHash: string, expiresAt: Date) {
  const result = await db
    .updateTable('invitations')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function revokeInvitation(db: Db, orgId: string, id: string, now: Date) {
  const result = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function unitsOf(db: Db, orgId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'name', 'kind'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export function findOrganisationName(db: Db, orgId: string) {
  return db.selectFrom('organisations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
}

const lowered = (emails: readonly string[]) => sql`${emails.map((e) => e.toLowerCase())}::text[]`;

/** Of these addresses, the organisation's members (with their account ids). */
export function membersWithEmails(db: Db, orgId: string, emails: readonly string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email'])
    .distinct()
    .where('memberships.org_id', '=', orgId)
    .where(sql<boolean>`lower(users.email) = any (${lowered(emails)})`)
    .execute();
}

/** Of these addresses, those with an invitation to the organisation still waiting. */
export function pendingInvitationsFor(db: Db, orgId: string, emails: readonly string[], now: Date) {
  if (emails.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('invitations')
    .select(['email'])
    .where('org_id', '=', orgId)
    .where(statusCondition('pending', now))
    .where(sql<boolean>`lower(email) = any (${lowered(emails)})`)
    .execute();
}

/**
 * Invitations to join an organisation still waiting for the person: sent to their account's address, to an
 * organisation they do not belong to yet. Only the emailed link accepts one.
 */
export function pendingInvitationsForPerson(db: Db, personId: string, now: Date) {
  return db
    .selectFrom('invitations')
    .innerJoin('users', (join) => join.on(sql<boolean>`lower(users.email) = lower(invitations.email)`))
    .innerJoin('organisations', 'organisations.id', 'invitations.org_id')
    .select([
      'invitations.id',
      'invitations.role',
      'invitations.created_at',
      'invitations.expires_at',
      'organisations.name as organisation',
    ])
    .where('users.id', '=', personId)
    .where(statusCondition('pending', now))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('memberships')
            .select('memberships.user_id')
            .whereRef('memberships.org_id', '=', 'invitations.org_id')
            .where('memberships.user_id', '=', personId),
        ),
      ),
    )
    .orderBy('invitations.created_at', 'desc')
    .orderBy('invitations.id')
    .execute();
}

export async function addMembership(db: Db, orgId: string, personId: string, role: MembershipRole) {
  await db
    .insertInto('memberships')
    .values([
      { org_id: orgId, user_id: personId, role: 'member' },
      ...(role === 'member' ? [] : [{ org_id: orgId, user_id: personId, role }]),
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Sets where a person sits; a missing unit or manager leaves what is already recorded. */
export async function placePerson(
  db: Db,
  placement: { orgId: string; personId: string; unitId: string | null; managerId: string | null },
) {
  await db
    .insertInto('placements')
    .values({
      org_id: placement.orgId,
      user_id: placement.personId,
      unit_id: placement.unitId,
      manager_id: placement.managerId,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'user_id']).doUpdateSet({
        unit_id: sql`coalesce(excluded.unit_id, placements.unit_id)`,
        manager_id: sql`coalesce(excluded.manager_id, placements.manager_id)`,
      }),
    )
    .execute();
}

/**
 * When a manager joins after the people they manage, their place as manager is filled in now: everyone who
 * joined this organisation by an invitation naming them as manager, and has no manager yet.
 */
export async function fillInManager(db: Db, orgId: string, managerId: string, managerEmail: string) {
  await db
    .updateTable('placements')
    .set({ manager_id: managerId })
    .where('org_id', '=', orgId)
    .where('manager_id', 'is', null)
    .where('user_id', '!=', managerId)
    .where('user_id', 'in', (eb) =>
      eb
        .selectFrom('invitations')
        .innerJoin('users', (join) => join.on(sql`lower(users.email)`, '=', sql`lower(invitations.email)`))
        .select('users.id')
        .where('invitations.org_id', '=', orgId)
        .where('invitations.accepted_at', 'is not', null)
        .where(sql<boolean>`lower(invitations.manager_email) = ${managerEmail.toLowerCase()}`),
    )
    .execute();
}
