// Spaces in the database: the spaces themselves, who belongs to them, and the invitations to join.
// Repositories never decide who may do what: the service checks that before calling here.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface NewSpace {
  slug: string;
  name: string;
  description: string;
  hostOrgId: string;
  createdBy: string;
}

/** Creates a space whose host organisation joins with everyone; returns its id. */
export async function insertSpaceWithHost(db: Db, space: NewSpace): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('spaces')
      .values({
        slug: space.slug,
        name: space.name,
        description: space.description,
        host_org_id: space.hostOrgId,
        created_by: space.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('space_members')
      .values({ space_id: row.id, member_org_id: space.hostOrgId, member_person_id: null, everyone: true })
      .execute();
    return row.id;
  });
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('spaces').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

const spaceColumns = [
  'spaces.id',
  'spaces.slug',
  'spaces.name',
  'spaces.description',
  'spaces.host_org_id',
  'spaces.created_by',
  'spaces.created_at',
  'organisations.name as host_org_name',
  'organisations.slug as host_org_slug',
] as const;

export function findSpaceBySlug(db: Db, slug: string) {
  return db
    .selectFrom('spaces')
    .innerJoin('organisations', 'organisations.id', 'spaces.host_org_id')
    .select(spaceColumns)
    .where('spaces.slug', '=', slug)
    .executeTakeFirst();
}

export function findSpaceById(db: Db, id: string) {
  return db
    .selectFrom('spaces')
    .innerJoin('organisations', 'organisations.id', 'spaces.host_org_id')
    .select(spaceColumns)
    .where('spaces.id', '=', id)
    .executeTakeFirst();
}

export type SpaceRecord = NonNullable<Awaited<ReturnType<typeof findSpaceBySlug>>>;

export async function spacesWithIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('spaces')
    .innerJoin('organisations', 'organisations.id', 'spaces.host_org_id')
    .select(spaceColumns)
    .where('spaces.id', 'in', ids as string[])
    .orderBy('spaces.name')
    .execute();
}

/** The organisations in a space, host first. */
export function memberOrganisations(db: Db, spaceId: string) {
  return db
    .selectFrom('space_members')
    .innerJoin('organisations', 'organisations.id', 'space_members.member_org_id')
    .innerJoin('spaces', 'spaces.id', 'space_members.space_id')
    .select([
      'organisations.id',
      'organisations.slug',
      'organisations.name',
      'space_members.everyone',
      sql<boolean>`organisations.id = spaces.host_org_id`.as('host'),
    ])
    .where('space_members.space_id', '=', spaceId)
    .orderBy(sql`organisations.id = spaces.host_org_id`, 'desc')
    .orderBy('organisations.name')
    .execute();
}

/** The people in a space by name or chosen by their organisation (with the organisation that chose them). */
export function memberPeople(db: Db, spaceId: string) {
  return db
    .selectFrom('space_members')
    .innerJoin('users', 'users.id', 'space_members.member_person_id')
    .leftJoin('organisations', 'organisations.id', 'space_members.via_org_id')
    .select(['users.id', 'users.display_name', 'space_members.via_org_id', 'organisations.name as via_org_name'])
    .where('space_members.space_id', '=', spaceId)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.display_name')
    .execute();
}

export async function isOrganisationMember(db: Db, spaceId: string, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('space_members')
    .select('id')
    .where('space_id', '=', spaceId)
    .where('member_org_id', '=', orgId)
    .executeTakeFirst();
  return row !== undefined;
}

export function personRow(db: Db, spaceId: string, personId: string) {
  return db
    .selectFrom('space_members')
    .select(['id', 'via_org_id'])
    .where('space_id', '=', spaceId)
    .where('member_person_id', '=', personId)
    .executeTakeFirst();
}

/** Adds or updates an organisation's row: everyone, or only the people chosen. */
export async function putOrganisationMember(db: Db, spaceId: string, orgId: string, everyone: boolean) {
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_org_id: orgId, member_person_id: null, everyone })
    .onConflict((oc) =>
      oc.columns(['space_id', 'member_org_id']).where('member_org_id', 'is not', null).doUpdateSet({ everyone }),
    )
    .execute();
}

/** A person joins; someone already in by name keeps that (it does not lapse when they leave an organisation). */
export async function putPersonMember(db: Db, spaceId: string, personId: string, viaOrgId: string | null) {
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_org_id: null, member_person_id: personId, via_org_id: viaOrgId })
    .onConflict((oc) =>
      oc
        .columns(['space_id', 'member_person_id'])
        .where('member_person_id', 'is not', null)
        .doUpdateSet(viaOrgId === null ? { via_org_id: null } : { via_org_id: sql`space_members.via_org_id` }),
    )
    .execute();
}

/** Takes an organisation out, with the people it chose; returns whether it was there. */
export async function deleteOrganisationMember(db: Db, spaceId: string, orgId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('space_members').where('space_id', '=', spaceId).where('via_org_id', '=', orgId).execute();
    const result = await trx
      .deleteFrom('space_members')
      .where('space_id', '=', spaceId)
      .where('member_org_id', '=', orgId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}

export async function deletePersonMember(db: Db, spaceId: string, personId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('space_members')
    .where('space_id', '=', spaceId)
    .where('member_person_id', '=', personId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// Invitations.

/** An invitation to an organisation, or to an email address (with its account, when one is active). */
export async function insertInvitation(
  db: Db,
  invitation: { spaceId: string; orgId?: string; email?: string; personId?: string; invitedBy: string },
): Promise<string> {
  const row = await db
    .insertInto('space_invitations')
    .values({
      space_id: invitation.spaceId,
      invited_org_id: invitation.orgId ?? null,
      invited_email: invitation.email ?? null,
      invited_person_id: invitation.personId ?? null,
      invited_by: invitation.invitedBy,
      responded_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const invitationColumns = [
  'space_invitations.id',
  'space_invitations.space_id',
  'space_invitations.invited_org_id',
  'space_invitations.invited_person_id',
  'space_invitations.invited_email',
  'space_invitations.created_at',
  'spaces.slug as space_slug',
  'spaces.name as space_name',
  'spaces.description as space_description',
  'host.name as host_org_name',
  'invited_org.name as invited_org_name',
] as const;

function pendingInvitations(db: Db) {
  return db
    .selectFrom('space_invitations')
    .innerJoin('spaces', 'spaces.id', 'space_invitations.space_id')
    .innerJoin('organisations as host', 'host.id', 'spaces.host_org_id')
    .leftJoin('organisations as invited_org', 'invited_org.id', 'space_invitations.invited_org_id')
    .select(invitationColumns)
    .where('space_invitations.status', '=', 'pending');
}

export type PendingInvitation = Awaited<ReturnType<typeof findPendingInvitation>>;

export function findPendingInvitation(db: Db, id: string) {
  return pendingInvitations(db).where('space_invitations.id', '=', id).executeTakeFirst();
}

export function pendingInvitationsOfSpace(db: Db, spaceId: string) {
  return pendingInvitations(db)
    .where('space_invitations.space_id', '=', spaceId)
    .orderBy('space_invitations.created_at')
    .execute();
}

export function pendingInvitationsForPerson(db: Db, personId: string) {
  return pendingInvitations(db)
    .where('space_invitations.invited_person_id', '=', personId)
    .orderBy('space_invitations.created_at', 'desc')
    .execute();
}

export function pendingInvitationsForOrganisation(db: Db, orgId: string) {
  return pendingInvitations(db)
    .where('space_invitations.invited_org_id', '=', orgId)
    .orderBy('space_invitations.created_at', 'desc')
    .execute();
}

/** Invitations waiting for the person by name, or for the organisation they answer for (when given). */
export function pendingInvitationsWaitingFor(db: Db, personId: string, orgId: string | null) {
  return pendingInvitations(db)
    .where((eb) =>
      orgId === null
        ? eb('space_invitations.invited_person_id', '=', personId)
        : eb.or([
            eb('space_invitations.invited_person_id', '=', personId),
            eb('space_invitations.invited_org_id', '=', orgId),
          ]),
    )
    .orderBy('space_invitations.created_at', 'desc')
    .orderBy('space_invitations.id')
    .execute();
}

export async function hasPendingInvitation(
  db: Db,
  spaceId: string,
  invitee: { orgId: string } | { email: string },
): Promise<boolean> {
  let query = db
    .selectFrom('space_invitations')
    .select('id')
    .where('space_id', '=', spaceId)
    .where('status', '=', 'pending');
  query =
    'orgId' in invitee
      ? query.where('invited_org_id', '=', invitee.orgId)
      : query.where(sql<boolean>`lower(invited_email) = ${invitee.email.toLowerCase()}`);
  return (await query.executeTakeFirst()) !== undefined;
}

/**
 * Invitations by name waiting for an address with no account become the person's when they join Waymark
 * with that address (having shown, by the emailed link, that it is theirs).
 */
export async function claimInvitationsByEmail(db: Db, personId: string, email: string) {
  await db
    .updateTable('space_invitations')
    .set({ invited_person_id: personId })
    .where('status', '=', 'pending')
    .where('invited_org_id', 'is', null)
    .where('invited_person_id', 'is', null)
    .where(sql<boolean>`lower(invited_email) = ${email.toLowerCase()}`)
    .execute();
}

/** Closes a pending invitation; false when it was no longer pending (answered or withdrawn meanwhile). */
export async function closeInvitation(
  db: Db,
  id: string,
  status: 'accepted' | 'declined' | 'withdrawn',
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('space_invitations')
    .set({ status, responded_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// Organisations and people, as spaces need them.

export function organisationsToInvite(db: Db, spaceId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('space_members')
            .select('space_members.id')
            .where('space_members.space_id', '=', spaceId)
            .whereRef('space_members.member_org_id', '=', 'organisations.id'),
        ),
      ),
    )
    .orderBy('name')
    .execute();
}

export function findOrganisation(db: Db, id: string) {
  return db.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
}

export function findActivePersonByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export function findPerson(db: Db, id: string) {
  return db.selectFrom('users').select(['id', 'email', 'display_name']).where('id', '=', id).executeTakeFirst();
}

/** Everyone in an organisation with an active account, for an admin choosing who joins a space. */
export function peopleOfOrganisation(db: Db, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .distinct()
    .where('memberships.org_id', '=', orgId)
    .where('users.disabled_at', 'is', null)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

/** The active accounts of an organisation's admins, to tell them of an invitation. */
export function adminsOfOrganisation(db: Db, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.email', 'users.display_name'])
    .where('memberships.org_id', '=', orgId)
    .where('memberships.role', '=', 'org_admin')
    .where('users.disabled_at', 'is', null)
    .execute();
}
