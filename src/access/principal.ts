// Resolving who is calling: a person's organisations, roles and spaces, read fresh on every request so
// that leaving an organisation or a space, or losing a role, takes effect at once on every instance.
import { sql } from 'kysely';
import type { MembershipRole } from '../accounts/types.ts';
import type { Db } from '../db/database.ts';
import { HttpError } from '../web/errors.ts';
import { callerOf } from './routes.ts';
import { anonymous, type Principal } from './visibility.ts';

export interface PrincipalOptions {
  /** An API token acts for this one organisation only. */
  actingOrgId?: string;
  /** The organisation the person chose to work in (kept in their session); ignored if they left it. */
  preferredOrgId?: string;
}

export async function principalFor(db: Db, personId: string, options: PrincipalOptions = {}): Promise<Principal> {
  const { actingOrgId, preferredOrgId } = options;
  const person = await db
    .selectFrom('users')
    .select(['id', 'platform_admin', 'platform_moderator', 'disabled_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person || person.disabled_at) return anonymous;
  const membershipRows = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
    .select(['memberships.org_id', 'memberships.role'])
    .where('memberships.user_id', '=', personId)
    .orderBy('organisations.name')
    .execute();
  const memberOf = [...new Set(membershipRows.map((r) => r.org_id))];
  if (actingOrgId !== undefined && !memberOf.includes(actingOrgId)) return anonymous;
  // A token acts for one organisation only: it sees that organisation's records, not the person's others.
  const orgIds = actingOrgId !== undefined ? [actingOrgId] : memberOf;
  const currentOrgId =
    actingOrgId ?? (preferredOrgId !== undefined && memberOf.includes(preferredOrgId) ? preferredOrgId : memberOf[0]);
  const roles = membershipRows.filter((r) => r.org_id === currentOrgId).map((r) => r.role as MembershipRole);
  const spaceIds = await spacesReachedBy(db, personId, orgIds);
  return {
    kind: 'person',
    personId,
    orgIds,
    spaceIds,
    platformAdmin: person.platform_admin,
    platformModerator: person.platform_moderator,
    currentOrgId: currentOrgId ?? null,
    roles,
    ...(actingOrgId !== undefined ? { actingOrgId } : {}),
  };
}

/**
 * A person reaches a space when they were invited by name, when one of their organisations joined it with
 * everyone, or when their organisation's admin chose them (and they still belong to that organisation).
 */
async function spacesReachedBy(db: Db, personId: string, orgIds: readonly string[]): Promise<string[]> {
  const orgs = sql`${orgIds as string[]}::uuid[]`;
  const rows = await db
    .selectFrom('space_members')
    .select('space_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('member_person_id', '=', personId), eb('via_org_id', 'is', null)]),
        eb.and([eb('member_person_id', '=', personId), sql<boolean>`via_org_id = any (${orgs})`]),
        eb.and([eb('everyone', '=', true), sql<boolean>`member_org_id = any (${orgs})`]),
      ]),
    )
    .execute();
  return rows.map((r) => r.space_id);
}

/**
 * The person behind a signed-in session. An API token acts for one organisation and never manages the
 * account itself: it cannot make tokens, change the password, or export or erase the account.
 */
export function sessionPersonOf(principal: Principal): Extract<Principal, { kind: 'person' }> {
  const caller = callerOf(principal);
  if (caller.actingOrgId !== undefined) {
    throw new HttpError(401, 'token_not_allowed', 'An API token cannot manage the account. Sign in instead.');
  }
  return caller;
}
