// People, memberships and API tokens in the database.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { MembershipRole } from '../access/roles.ts';
import type { Db } from '../db/database.ts';

export interface NewPerson {
  email: string;
  displayName: string;
  passwordHash: string | null;
  platformAdmin?: boolean;
}

export async function insertPerson(db: Db, person: NewPerson): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({
      email: person.email,
      display_name: person.displayName,
      password_hash: person.passwordHash,
      platform_admin: person.platformAdmin ?? false,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findPersonByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled_at'])
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findPersonById(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'platform_admin', 'session_generation'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Including a disabled account, for admins. */
export function findPersonByIdWithHash(db: Db, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The organisation the `waymark` command names by its slug when it creates an account or a token. */
export function findOrganisationIdBySlug(db: Db, slug: string) {
  return db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst();
}

export async function addMembership(db: Db, orgId: string, personId: string, role: MembershipRole) {
  await db
    .insertInto('memberships')
    .values({ org_id: orgId, user_id: personId, role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function membershipsOf(db: Db, personId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
    .select(['organisations.id', 'organisations.slug', 'organisations.name', 'memberships.role'])
    .where('memberships.user_id', '=', personId)
    .orderBy('organisations.name')
    .execute();
}

const tokenPrefix = 'wmk_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface NewApiToken {
  orgId: string;
  personId: string;
  name: string;
  expiresAt: Date;
}

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function insertApiToken(db: Db, token: NewApiToken): Promise<string> {
  const secret = tokenPrefix + randomBytes(32).toString('base64url');
  await db
    .insertInto('api_tokens')
    .values({
      org_id: token.orgId,
      person_id: token.personId,
      name: token.name,
      token_hash: hashToken(secret),
      last_used_at: null,
      revoked_at: null,
      expires_at: token.expiresAt,
    })
    .execute();
  return secret;
}

/** A token that has not been revoked, expired or not: the caller tells an expired one apart. */
export async function findUnrevokedToken(db: Db, token: string, now: Date) {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return undefined;
  const found = await db
    .selectFrom('api_tokens')
    .select(['org_id', 'id', 'person_id', 'last_used_at', 'expires_at'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  // When a token was last used helps its owner spot one they forgot; an hour's precision is plenty.
  const live = found && found.expires_at > now;
  if (live && (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > 60 * 60 * 1000)) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('org_id', '=', found.org_id)
      .where('id', '=', found.id)
      .execute();
  }
  return found;
}

/** Ends every session of a person, on every device and instance, except the one named (the caller's own). */
export async function deleteSessionsOf(db: Db, personId: string, exceptSessionId?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where(sql<string>`sess ->> 'personId'`, '=', personId);
  if (exceptSessionId !== undefined) query = query.where('sid', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Revokes every live token of a person; how many. */
export async function revokeTokensOf(db: Db, personId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Raises the person's session generation, so every session signed in before now stops counting. */
export async function raiseSessionGeneration(db: Db, personId: string): Promise<number | undefined> {
  const row = await db
    .updateTable('users')
    .set((eb) => ({ session_generation: eb('session_generation', '+', 1) }))
    .where('id', '=', personId)
    .returning('session_generation')
    .executeTakeFirst();
  return row?.session_generation;
}

/** A one-time sign-in link: 128 bits and more of randomness; only the hash is kept. */
export async function insertSignInLink(db: Db, personId: string, expiresAt: Date): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('sign_in_links')
    .values({ person_id: personId, token_hash: hashToken(secret), expires_at: expiresAt, used_at: null })
    .execute();
  return secret;
}

/** Ends every sign-in link of a person that has not been used yet; how many. */
export async function expireSignInLinksOf(db: Db, personId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('sign_in_links')
    .set({ expires_at: now })
    .where('person_id', '=', personId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Whether a link is still good, without using it (the GET confirm page). */
export function findLiveSignInLink(db: Db, secret: string, now: Date) {
  if (!/^[\w-]{20,100}$/.test(secret)) return Promise.resolve(undefined);
  return db
    .selectFrom('sign_in_links')
    .innerJoin('users', 'users.id', 'sign_in_links.person_id')
    .select(['sign_in_links.person_id', 'users.email'])
    .where('token_hash', '=', hashToken(secret))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

/** Uses a link once: of two requests racing with the same link, only one gets the person. */
export async function useSignInLink(db: Db, secret: string, now: Date): Promise<string | undefined> {
  if (!/^[\w-]{20,100}$/.test(secret)) return undefined;
  const row = await db
    .updateTable('sign_in_links')
    .set({ used_at: now })
    .where('token_hash', '=', hashToken(secret))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('users')
          .select('users.id')
          .whereRef('users.id', '=', 'sign_in_links.person_id')
          .where('users.disabled_at', 'is', null),
      ),
    )
    .returning('person_id')
    .executeTakeFirst();
  return row?.person_id;
}

export async function setPasswordHash(db: Db, personId: string, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', personId).execute();
}

export function tokensOf(db: Db, personId: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('organisations', 'organisations.id', 'api_tokens.org_id')
    .select([
      'api_tokens.id',
      'api_tokens.org_id',
      'api_tokens.name',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
      'api_tokens.expires_at',
      'organisations.name as orgName',
    ])
    .where('api_tokens.person_id', '=', personId)
    .orderBy('api_tokens.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('api_tokens.created_at', 'desc')
    .execute();
}

/** Revokes one of the person's own tokens; false when it is not theirs or already revoked. */
export async function revokeToken(db: Db, personId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('person_id', '=', personId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setDisabled(db: Db, personId: string, disabledAt: Date | null) {
  await db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', personId).execute();
}

export function listPeople(db: Db, options: { search: string; limit: number; offset: number }) {
  let query = db.selectFrom('users');
  if (options.search) {
    const like = `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('email', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  return Promise.all([
    query
      .select(['id', 'email', 'display_name', 'platform_admin', 'disabled_at', 'created_at'])
      .orderBy('display_name')
      .orderBy('id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]).then(([items, count]) => ({ items, total: Number(count.n) }));
}
