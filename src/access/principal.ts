// Resolving who is calling: a person's organisations, roles and spaces, read fresh on every request so
// that leaving an organisation or a space, or losing a role, takes effect at once on every instance.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { HttpError } from '../web/errors.ts';
import type { MembershipRole } from './roles.ts';
import { callerOf } from './routes.ts';
import { anonymous, type Principal } from './visibility.ts';

export interface PrincipalOptions {
  /** An API token acts for this one organisation only. */
  actingOrgId?: string;
  /** The organisation the person chose to work in (kept in their session); ignored if they left it. */
  preferredOrgId?: string;
}

export async function principalFor(db: Db, personId: string, options: PrincipalOptions = {}): Promise<Principal> {
  return (await callerFor(db, personId, options)).principal;
}

/** What a session needs besides the principal: the name shown in the header and the session generation. */
export interface SessionPerson {
  displayName: string;
  sessionGeneration: number;
  /** The organisations the person belongs to, by name, for the header (read in the same round trip). */
  organisations: { id: string; name: string }[];
  /** How many of their notifications they have not read (a token: of its organisation), for the header. */
  unreadNotifications: number;
}

/**
 * The principal and, for an active account, the person's name and session generation, in one round trip on
 * every request: the person, their memberships and the spaces they reach.
 */
export async function callerFor(
  db: Db,
  personId: string,
  options: PrincipalOptions = {},
): Promise<{ principal: Principal; person: SessionPerson | undefined }> {
  const { actingOrgId, preferredOrgId } = options;
  const { rows } = await sql<{
    display_name: string;
    session_generation: number;
    platform_admin: boolean;
    platform_moderator: boolean;
    disabled_at: Date | null;
    memberships: [string, MembershipRole, string][];
    space_ids: string[];
    unread_notifications: number;
  }>`
    select u.display_name, u.session_generation, u.platform_admin, u.platform_moderator, u.disabled_at,
      coalesce((select json_agg(json_build_array(m.org_id, m.role, o.name) order by o.name, m.org_id, m.role)
        from memberships m join organisations o on o.id = m.org_id where m.user_id = u.id), '[]') as memberships,
      array(${spacesReachedBy(personId, actingOrgId)}) as space_ids,
      (select count(*)::int from notifications n where n.person_id = u.id and n.read_at is null
        ${actingOrgId === undefined ? sql`` : sql`and n.org_id = ${actingOrgId}::uuid`}) as unread_notifications
    from users u where u.id = ${personId}::uuid`.execute(db);
  const person = rows[0];
  if (!person || person.disabled_at) return { principal: anonymous, person: undefined };
  const membershipRows = person.memberships.map(([org_id, role, name]) => ({ org_id, role, name }));
  const named = new Map(membershipRows.map((r) => [r.org_id, r.name]));
  const sessionPerson = {
    displayName: person.display_name,
    sessionGeneration: person.session_generation,
    organisations: [...named].map(([id, name]) => ({ id, name })),
    unreadNotifications: person.unread_notifications,
  };
  const memberOf = [...new Set(membershipRows.map((r) => r.org_id))];
  if (actingOrgId !== undefined && !memberOf.includes(actingOrgId)) return { principal: anonymous, person: undefined };
  // A token acts for one organisation only: it sees that organisation's records, not the person's others.
  const orgIds = actingOrgId !== undefined ? [actingOrgId] : memberOf;
  const currentOrgId =
    actingOrgId ?? (preferredOrgId !== undefined && memberOf.includes(preferredOrgId) ? preferredOrgId : memberOf[0]);
  const roles = membershipRows.filter((r) => r.org_id === currentOrgId).map((r) => r.role);
  const principal: Principal = {
    kind: 'person',
    personId,
    orgIds,
    spaceIds: person.space_ids,
    platformAdmin: person.platform_admin,
    platformModerator: person.platform_moderator,
    currentOrgId: currentOrgId ?? null,
    roles,
    ...(actingOrgId !== undefined ? { actingOrgId } : {}),
  };
  return { principal, person: sessionPerson };
}

/**
 * A person reaches a space when they were invited by name, when one of their organisations joined it with
 * everyone, or when their organisation's admin chose them (and they still belong to that organisation).
 * Their organisations are all they belong to, or only the one a token acts for (if they belong to it).
 */
function spacesReachedBy(personId: string, actingOrgId: string | undefined) {
  const orgs =
    actingOrgId === undefined
      ? sql`array(select m.org_id from memberships m where m.user_id = ${personId}::uuid)`
      : sql`array[${actingOrgId}::uuid]`;
  return sql`select distinct sm.space_id from space_members sm
    where (sm.member_person_id = ${personId}::uuid and (sm.via_org_id is null or sm.via_org_id = any (${orgs})))
      or (sm.everyone and sm.member_org_id = any (${orgs}))`;
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
