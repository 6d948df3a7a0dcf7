// Single sign-on providers (one per organisation) and the identities that tie a provider's subject to a person.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

const providerColumns = [
  'sso_providers.org_id',
  'sso_providers.issuer',
  'sso_providers.client_id',
  'sso_providers.client_secret_sealed',
  'sso_providers.allowed_domains',
  'sso_providers.enabled',
  'sso_providers.updated_at',
] as const;

export function findProvider(db: Db, orgId: string) {
  return db.selectFrom('sso_providers').select(providerColumns).where('org_id', '=', orgId).executeTakeFirst();
}

/** The switched-on provider whose organisation claims this email domain (domains are unique across providers). */
export function findEnabledProviderForDomain(db: Db, domain: string) {
  return db
    .selectFrom('sso_providers')
    .innerJoin('organisations', 'organisations.id', 'sso_providers.org_id')
    .select([...providerColumns, 'organisations.name as orgName'])
    .where('sso_providers.enabled', '=', true)
    .where(sql<boolean>`${domain} = any (sso_providers.allowed_domains)`)
    .orderBy('sso_providers.updated_at')
    .executeTakeFirst();
}

export function findEnabledProviderForSlug(db: Db, slug: string) {
  return db
    .selectFrom('sso_providers')
    .innerJoin('organisations', 'organisations.id', 'sso_providers.org_id')
    .select([...providerColumns, 'organisations.name as orgName'])
    .where('sso_providers.enabled', '=', true)
    .where('organisations.slug', '=', slug)
    .executeTakeFirst();
}

export function findEnabledProviderForOrg(db: Db, orgId: string) {
  return db
    .selectFrom('sso_providers')
    .innerJoin('organisations', 'organisations.id', 'sso_providers.org_id')
    .select([...providerColumns, 'organisations.name as orgName'])
    .where('sso_providers.enabled', '=', true)
    .where('sso_providers.org_id', '=', orgId)
    .executeTakeFirst();
}

/** Which of these domains another organisation's provider already claims. */
export async function domainsClaimedElsewhere(db: Db, orgId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .selectFrom('sso_providers')
    .select(sql<string>`unnest(allowed_domains)`.as('domain'))
    .where('org_id', '<>', orgId)
    .execute();
  const taken = new Set(rows.map((r) => r.domain));
  return domains.filter((d) => taken.has(d));
}

export interface ProviderRow {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  allowedDomains: string[];
  enabled: boolean;
  updatedBy: string;
}

export async function saveProvider(db: Db, row: ProviderRow) {
  const values = {
    issuer: row.issuer,
    client_id: row.clientId,
    client_secret_sealed: row.clientSecretSealed,
    allowed_domains: row.allowedDomains,
    enabled: row.enabled,
    updated_at: new Date(),
    updated_by: row.updatedBy,
  };
  await db
    .insertInto('sso_providers')
    .values({ org_id: row.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}

export async function deleteProvider(db: Db, orgId: string): Promise<boolean> {
  const result = await db.deleteFrom('sso_providers').where('org_id', '=', orgId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The person a provider's subject belongs to (including a disabled person, so the caller can say so). */
export function findIdentity(db: Db, issuer: string, subject: string) {
  return db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select(['identities.id', 'users.id as personId', 'users.disabled_at'])
    .where('identities.issuer', '=', issuer)
    .where('identities.subject', '=', subject)
    .executeTakeFirst();
}

export async function insertIdentity(db: Db, personId: string, issuer: string, subject: string, now: Date) {
  await db.insertInto('identities').values({ user_id: personId, issuer, subject, last_used_at: now }).execute();
}

export async function touchIdentity(db: Db, id: string, now: Date) {
  await db.updateTable('identities').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function isMember(db: Db, orgId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('org_id', '=', orgId)
    .where('user_id', '=', personId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
