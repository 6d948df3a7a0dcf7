// People, memberships and API tokens in the database.
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { MembershipRole } from './types.ts';

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
    .select(['id', 'email', 'display_name', 'platform_admin'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
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

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function insertApiToken(db: Db, orgId: string, personId: string, name: string): Promise<string> {
  const token = tokenPrefix + randomBytes(32).toString('base64url');
  await db
    .insertInto('api_tokens')
    .values({
      org_id: orgId,
      person_id: personId,
      name,
      token_hash: hashToken(token),
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return token;
}

export async function findLiveToken(db: Db, token: string) {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return undefined;
  return db
    .selectFrom('api_tokens')
    .select(['org_id', 'person_id'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Ends every session of a person, on every device and instance. */
export async function deleteSessionsOf(db: Db, personId: string): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where(sql<string>`sess ->> 'personId'`, '=', personId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
