// Organisations (the tenants) and spaces (what several organisations or named people share).
import type { Db } from '../db/database.ts';
import type { Sector } from './types.ts';

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
