// Single sign-on providers (one per organisation), the email domains they claim and a platform admin decides
// on, and the identities that tie a provider's subject to a person, each through one organisation's provider.
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
  'sso_providers.discovery',
  'sso_providers.discovered_at',
  'sso_providers.discovery_checked_at',
] as const;

export function findProvider(db: Db, orgId: string) {
  return db.selectFrom('sso_providers').select(providerColumns).where('org_id', '=', orgId).executeTakeFirst();
}

/** The switched-on provider whose organisation holds an approved claim to this email domain. */
export function findEnabledProviderForDomain(db: Db, domain: string) {
  return db
    .selectFrom('sso_providers')
    .innerJoin('organisations', 'organisations.id', 'sso_providers.org_id')
    .innerJoin('sso_domain_claims as claim', 'claim.org_id', 'sso_providers.org_id')
    .select([...providerColumns, 'organisations.name as orgName'])
    .where('sso_providers.enabled', '=', true)
    .where('claim.domain', '=', domain)
    .where('claim.status', '=', 'approved')
    .orderBy('claim.decided_at')
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

/**
 * Waits for any other transaction deciding about these domains (claiming or approving them), so that two
 * organisations never both hold one. Sorted, so two such transactions cannot wait for each other.
 */
export async function lockDomains(db: Db, domains: readonly string[]) {
  for (const domain of [...domains].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`sso-domain:${domain}`}, 0))`.execute(db);
  }
}

/** Which of these domains another organisation claims, waiting or approved (a refused claim holds nothing). */
export async function domainsClaimedElsewhere(db: Db, orgId: string, domains: string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await db
    .selectFrom('sso_domain_claims')
    .select('domain')
    .where('org_id', '<>', orgId)
    .where('domain', 'in', domains)
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  const taken = new Set(rows.map((r) => r.domain));
  return domains.filter((d) => taken.has(d));
}

/** An organisation's claims, in the order it listed its domains. */
export function claimsOf(db: Db, orgId: string) {
  return db
    .selectFrom('sso_domain_claims')
    .select(['domain', 'status', 'claimed_at', 'decided_at'])
    .where('org_id', '=', orgId)
    .orderBy('domain')
    .execute();
}

/** Keeps one claim per listed domain: new ones wait for a platform admin; decided ones keep their decision. */
export async function syncClaims(db: Db, orgId: string, domains: string[], now: Date) {
  let removal = db.deleteFrom('sso_domain_claims').where('org_id', '=', orgId);
  if (domains.length > 0) removal = removal.where('domain', 'not in', domains);
  await removal.execute();
  if (domains.length === 0) return [];
  const added = await db
    .insertInto('sso_domain_claims')
    .values(domains.map((domain) => ({ org_id: orgId, domain, claimed_at: now })))
    .onConflict((oc) => oc.columns(['org_id', 'domain']).doNothing())
    .returning('domain')
    .execute();
  return added.map((r) => r.domain);
}

export async function isDomainApproved(db: Db, orgId: string, domain: string): Promise<boolean> {
  const row = await db
    .selectFrom('sso_domain_claims')
    .select('domain')
    .where('org_id', '=', orgId)
    .where('domain', '=', domain)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row !== undefined;
}

/** Every claim for the platform admins' page: waiting ones first (oldest first), then the latest decisions. */
export function listClaims(db: Db, decidedLimit: number) {
  const base = db
    .selectFrom('sso_domain_claims as claim')
    .innerJoin('organisations', 'organisations.id', 'claim.org_id')
    .innerJoin('sso_providers', 'sso_providers.org_id', 'claim.org_id')
    .select([
      'claim.org_id',
      'claim.domain',
      'claim.status',
      'claim.claimed_at',
      'claim.decided_at',
      'organisations.name as orgName',
      'sso_providers.issuer',
    ]);
  return Promise.all([
    base.where('claim.status', '=', 'pending').orderBy('claim.claimed_at').execute(),
    base.where('claim.status', '<>', 'pending').orderBy('claim.decided_at', 'desc').limit(decidedLimit).execute(),
  ]);
}

export function findClaim(db: Db, orgId: string, domain: string) {
  return db
    .selectFrom('sso_domain_claims')
    .select(['org_id', 'domain', 'status'])
    .where('org_id', '=', orgId)
    .where('domain', '=', domain)
    .executeTakeFirst();
}

export async function approvedElsewhere(db: Db, orgId: string, domain: string): Promise<boolean> {
  const row = await db
    .selectFrom('sso_domain_claims')
    .select('org_id')
    .where('org_id', '<>', orgId)
    .where('domain', '=', domain)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row !== undefined;
}

export async function decideClaim(
  db: Db,
  claim: { orgId: string; domain: string; status: 'approved' | 'refused'; decidedBy: string; now: Date },
) {
  await db
    .updateTable('sso_domain_claims')
    .set({ status: claim.status, decided_at: claim.now, decided_by: claim.decidedBy })
    .where('org_id', '=', claim.orgId)
    .where('domain', '=', claim.domain)
    .execute();
}

export interface ProviderRow {
  orgId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  allowedDomains: string[];
  enabled: boolean;
  updatedBy: string;
  discovery: unknown;
  discoveredAt: Date;
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
    discovery: JSON.stringify(row.discovery),
    discovered_at: row.discoveredAt,
    discovery_checked_at: row.discoveredAt,
  };
  await db
    .insertInto('sso_providers')
    .values({ org_id: row.orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute();
}

/**
 * Claims the right to read an organisation's discovery document again: true for one caller at most every
 * `spacingMs`, on every instance, however many sign-ins arrive at once.
 */
export async function claimDiscoveryRefresh(db: Db, orgId: string, now: Date, spacingMs: number): Promise<boolean> {
  const result = await db
    .updateTable('sso_providers')
    .set({ discovery_checked_at: now })
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        eb('discovery_checked_at', 'is', null),
        eb('discovery_checked_at', '<', new Date(now.getTime() - spacingMs)),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function saveDiscovery(db: Db, orgId: string, issuer: string, discovery: unknown, now: Date) {
  await db
    .updateTable('sso_providers')
    .set({ discovery: JSON.stringify(discovery), discovered_at: now })
    .where('org_id', '=', orgId)
    .where('issuer', '=', issuer)
    .execute();
}

export async function deleteProvider(db: Db, orgId: string): Promise<boolean> {
  const result = await db.deleteFrom('sso_providers').where('org_id', '=', orgId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The person a subject belongs to through this organisation's provider (including a disabled person, so the
 * caller can say so). An identity linked through another organisation is never found here.
 */
export function findIdentity(db: Db, orgId: string, issuer: string, subject: string) {
  return db
    .selectFrom('identities')
    .innerJoin('users', 'users.id', 'identities.user_id')
    .select(['identities.id', 'users.id as personId', 'users.disabled_at'])
    .where('identities.provider_org_id', '=', orgId)
    .where('identities.issuer', '=', issuer)
    .where('identities.subject', '=', subject)
    .executeTakeFirst();
}

export async function insertIdentity(
  db: Db,
  identity: { personId: string; orgId: string; issuer: string; subject: string; now: Date },
) {
  await db
    .insertInto('identities')
    .values({
      user_id: identity.personId,
      provider_org_id: identity.orgId,
      issuer: identity.issuer,
      subject: identity.subject,
      last_used_at: identity.now,
    })
    .execute();
}

export async function touchIdentity(db: Db, id: string, now: Date) {
  await db.updateTable('identities').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** A person's links, for their account page. */
export function identitiesOf(db: Db, personId: string) {
  return db
    .selectFrom('identities')
    .innerJoin('organisations', 'organisations.id', 'identities.provider_org_id')
    .select([
      'identities.id',
      'identities.provider_org_id as orgId',
      'identities.issuer',
      'identities.created_at',
      'identities.last_used_at',
      'organisations.name as orgName',
    ])
    .where('identities.user_id', '=', personId)
    .orderBy('organisations.name')
    .execute();
}

/** Removes one of the person's own links; the organisation it was made through, or undefined if none. */
export async function deleteIdentity(db: Db, personId: string, id: string) {
  const row = await db
    .deleteFrom('identities')
    .where('user_id', '=', personId)
    .where('id', '=', id)
    .returning('provider_org_id')
    .executeTakeFirst();
  return row?.provider_org_id;
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
