// Organisations (the tenants) and spaces (what several organisations or named people share).
import { type SqlBool, sql } from 'kysely';
import { managedBy } from '../access/policies/index.ts';
import type { MembershipRole } from '../access/roles.ts';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import type { AssignableRole, Sector, UnitKind } from './types.ts';

export interface NewOrganisation {
  slug: string;
  name: string;
  sector: Sector;
  region: string;
}

export async function insertOrganisation(db: Db, org: NewOrganisation): Promise<string> {
  const row = await db.insertInto('organisations').values(org).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findOrganisationBySlug(db: Db, slug: string) {
  return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listOrganisations(db: Db) {
  return db.selectFrom('organisations').select(['id', 'slug', 'name', 'sector', 'region']).orderBy('name').execute();
}

export interface NewSpace {
  slug: string;
  name: string;
  description: string;
  hostOrgId: string;
}

export async function insertSpace(db: Db, space: NewSpace): Promise<string> {
  const row = await db
    .insertInto('spaces')
    .values({ slug: space.slug, name: space.name, description: space.description, host_org_id: space.hostOrgId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addOrganisationToSpace(db: Db, spaceId: string, orgId: string) {
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_org_id: orgId, member_person_id: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function addPersonToSpace(db: Db, spaceId: string, personId: string) {
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_org_id: null, member_person_id: personId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeOrganisationFromSpace(db: Db, spaceId: string, orgId: string) {
  await db.deleteFrom('space_members').where('space_id', '=', spaceId).where('member_org_id', '=', orgId).execute();
}

// Every query below on an organisation's rows takes its id: there is no way to reach another tenant's.

export function findOrganisation(db: Db, orgId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'sector', 'region'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

/** Names of the given organisations, by name (for the header's switcher). */
export function organisationNames(db: Db, orgIds: readonly string[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations')
    .select(['id', 'name'])
    .where('id', 'in', [...orgIds])
    .orderBy('name')
    .execute();
}

export async function updateOrganisation(
  db: Db,
  orgId: string,
  settings: { name: string; sector: Sector; region: string },
) {
  await db.updateTable('organisations').set(settings).where('id', '=', orgId).execute();
}

/** Every organisation with how many people belong to it, for platform admins. */
export function organisationsWithCounts(db: Db, options: { limit: number; offset: number }) {
  return db
    .selectFrom('organisations')
    .select((eb) => [
      'organisations.id',
      'organisations.slug',
      'organisations.name',
      'organisations.sector',
      'organisations.region',
      eb
        .selectFrom('memberships')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('memberships.org_id', '=', 'organisations.id')
        .where('memberships.role', '=', 'member')
        .as('members'),
    ])
    .orderBy('organisations.name')
    .orderBy('organisations.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
}

export async function countOrganisations(db: Db) {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Units.

export function unitRows(db: Db, orgId: string) {
  return db
    .selectFrom('units')
    .select(['id', 'parent_id', 'name', 'kind'])
    .where('org_id', '=', orgId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** How many people sit in each unit. */
export function peoplePerUnit(db: Db, orgId: string) {
  return db
    .selectFrom('placements')
    .select(['unit_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('org_id', '=', orgId)
    .where('unit_id', 'is not', null)
    .groupBy('unit_id')
    .execute();
}

export async function insertUnit(
  db: Db,
  orgId: string,
  unit: { name: string; kind: UnitKind; parentId: string | null },
): Promise<string> {
  const row = await db
    .insertInto('units')
    .values({ org_id: orgId, name: unit.name, kind: unit.kind, parent_id: unit.parentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUnit(
  db: Db,
  orgId: string,
  unitId: string,
  unit: { name: string; kind: UnitKind; parentId: string | null },
) {
  await db
    .updateTable('units')
    .set({ name: unit.name, kind: unit.kind, parent_id: unit.parentId })
    .where('org_id', '=', orgId)
    .where('id', '=', unitId)
    .execute();
}

/** Deletes a unit with no child units; the people in it become unplaced (the foreign key sets it null). */
export async function deleteUnit(db: Db, orgId: string, unitId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('units')
    .where('org_id', '=', orgId)
    .where('id', '=', unitId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('units as child')
            .select('child.id')
            .where('child.org_id', '=', orgId)
            .whereRef('child.parent_id', '=', 'units.id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// Members.

const memberColumns = (db: Db, orgId: string) =>
  db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('placements', (join) =>
      join.on('placements.org_id', '=', orgId).onRef('placements.user_id', '=', 'memberships.user_id'),
    )
    .leftJoin('units', (join) => join.on('units.org_id', '=', orgId).onRef('units.id', '=', 'placements.unit_id'))
    .leftJoin('users as manager', 'manager.id', 'placements.manager_id')
    .select((eb) => [
      'users.id',
      'users.display_name',
      'users.email',
      'users.disabled_at',
      'placements.unit_id',
      'units.name as unit_name',
      'placements.manager_id',
      'manager.display_name as manager_name',
      eb
        .selectFrom('memberships as m')
        .select(sql<MembershipRole[]>`coalesce(array_agg(m.role order by m.role), '{}')`.as('roles'))
        .where('m.org_id', '=', orgId)
        .whereRef('m.user_id', '=', 'users.id')
        .as('roles'),
    ])
    .where('memberships.org_id', '=', orgId)
    .where('memberships.role', '=', 'member');

const searchCondition = (search: string) => {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(users.display_name ilike ${pattern} or users.email ilike ${pattern})`;
};

/** One page of an organisation's members, by name; `search` matches a name or email. */
export async function listMembers(db: Db, orgId: string, options: { search: string; limit: number; offset: number }) {
  let items = memberColumns(db, orgId);
  let count = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('memberships.org_id', '=', orgId)
    .where('memberships.role', '=', 'member');
  if (options.search) {
    items = items.where(searchCondition(options.search));
    count = count.where(searchCondition(options.search));
  }
  const [rows, total] = await Promise.all([
    items.orderBy('users.display_name').orderBy('users.id').limit(options.limit).offset(options.offset).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(withRoles), total: Number(total.n) };
}

const withRoles = <T extends { roles: MembershipRole[] | null }>(row: T) => ({ ...row, roles: row.roles ?? [] });

/** One member of the organisation, or undefined when the person does not belong to it. */
export async function findMember(db: Db, orgId: string, personId: string) {
  const row = await memberColumns(db, orgId).where('users.id', '=', personId).executeTakeFirst();
  return row && withRoles(row);
}

/** Everyone in the organisation, for choosing a line manager. */
export function memberNames(db: Db, orgId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .where('memberships.org_id', '=', orgId)
    .where('memberships.role', '=', 'member')
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

/** Each placed person's line manager in the organisation, for checking chains. */
export async function managersIn(db: Db, orgId: string): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom('placements')
    .select(['user_id', 'manager_id'])
    .where('org_id', '=', orgId)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.manager_id]));
}

/**
 * Runs `work` in a transaction holding the organisation's row lock: changes that must keep at least one admin
 * (roles, removal, leaving) are checked and made one at a time, so two admins cannot demote each other at once.
 */
export function withOrganisationLocked<T>(db: Db, orgId: string, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('organisations').select('id').where('id', '=', orgId).forUpdate().executeTakeFirst();
    return work(trx);
  });
}

export async function countAdmins(db: Db, orgId: string) {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('role', '=', 'org_admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets a member's roles beyond `member` to exactly these; `member` itself is never touched here. */
export async function setRoles(db: Db, orgId: string, personId: string, roles: readonly AssignableRole[]) {
  let removal = db
    .deleteFrom('memberships')
    .where('org_id', '=', orgId)
    .where('user_id', '=', personId)
    .where('role', '!=', 'member');
  if (roles.length > 0) removal = removal.where('role', 'not in', [...roles]);
  await removal.execute();
  if (roles.length > 0) {
    await db
      .insertInto('memberships')
      .values(roles.map((role) => ({ org_id: orgId, user_id: personId, role })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Sets exactly where a person sits (null: no unit, no manager). */
export async function setPlacement(
  db: Db,
  orgId: string,
  personId: string,
  placement: { unitId: string | null; managerId: string | null },
) {
  await db
    .insertInto('placements')
    .values({ org_id: orgId, user_id: personId, unit_id: placement.unitId, manager_id: placement.managerId })
    .onConflict((oc) =>
      oc.columns(['org_id', 'user_id']).doUpdateSet({ unit_id: placement.unitId, manager_id: placement.managerId }),
    )
    .execute();
}

/**
 * Takes a person out of an organisation: their roles, their place, the people they managed there, the space
 * places its admin chose for them, and their API tokens for it. Their own records (stories, account) stay.
 */
export async function removeFromOrganisation(db: Db, orgId: string, personId: string, now: Date) {
  await db.deleteFrom('memberships').where('org_id', '=', orgId).where('user_id', '=', personId).execute();
  await db.deleteFrom('placements').where('org_id', '=', orgId).where('user_id', '=', personId).execute();
  await db
    .updateTable('placements')
    .set({ manager_id: null })
    .where('org_id', '=', orgId)
    .where('manager_id', '=', personId)
    .execute();
  await db
    .deleteFrom('space_members')
    .where('member_person_id', '=', personId)
    .where('via_org_id', '=', orgId)
    .execute();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * The people the caller manages as a line manager in the organisation they are working in (who still belong
 * to it): the people policy `managedBy` (src/access/policies), so the team page and any later use agree.
 */
export function reportsOf(db: Db, principal: Principal) {
  return db
    .selectFrom('placements')
    .innerJoin('users', 'users.id', 'placements.user_id')
    .leftJoin('units', (join) =>
      join.onRef('units.org_id', '=', 'placements.org_id').onRef('units.id', '=', 'placements.unit_id'),
    )
    .select(['users.id', 'users.display_name', 'users.email', 'units.name as unit_name'])
    .where(
      managedBy(principal, {
        org: 'placements.org_id',
        person: 'placements.user_id',
        manager: 'placements.manager_id',
        member: sql<SqlBool>`exists (select 1 from memberships m
          where m.org_id = placements.org_id and m.user_id = placements.user_id)`,
      }),
    )
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}
