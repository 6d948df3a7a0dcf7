// Who may see what about people in an organisation, and who runs a space. Each rule as plain data (`can...`)
// and, where repositories filter by it, the same rule as SQL. Designed for the relations that come next
// (the subject and raters of feedback, a scheme's coordinator, a facilitator, a panel member): each is one
// more fact about a person and a record, decided here.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../visibility.ts';

/** A person's place in an organisation, as the people rules need it. */
export interface PlacementFacts {
  orgId: string;
  personId: string;
  /** Their line manager there, if any. */
  managerId: string | null;
  /** Whether they still belong to the organisation. */
  member: boolean;
}

const actingIn = (principal: Principal, orgId: string): principal is Extract<Principal, { kind: 'person' }> =>
  principal.kind === 'person' && principal.currentOrgId === orgId;

/**
 * A line manager sees the people they manage in the organisation they are working in, while those people
 * still belong to it and while the manager holds the role there.
 */
export function managesPerson(principal: Principal, placement: PlacementFacts): boolean {
  return (
    actingIn(principal, placement.orgId) &&
    principal.roles.includes('line_manager') &&
    placement.member &&
    placement.managerId === principal.personId &&
    placement.personId !== principal.personId
  );
}

/** The same as `managesPerson`, as SQL over a placement row's columns and a membership test. */
export function managedBy(
  principal: Principal,
  columns: { org: string; person: string; manager: string; member: RawBuilder<SqlBool> },
): RawBuilder<SqlBool> {
  if (principal.kind !== 'person' || principal.currentOrgId === null || !principal.roles.includes('line_manager')) {
    return sql<SqlBool>`false`;
  }
  return sql<SqlBool>`(${sql.ref(columns.org)} = ${principal.currentOrgId}::uuid
    and ${sql.ref(columns.manager)} = ${principal.personId}::uuid
    and ${sql.ref(columns.person)} <> ${principal.personId}::uuid
    and ${columns.member})`;
}

/**
 * The organisation's record of its members (units, line managers, roles) is read by its admins and by HR and
 * organisational development, in the organisation they are working in. Never a person's stories or drafts.
 */
export function readsMemberRecords(principal: Principal, orgId: string): boolean {
  return actingIn(principal, orgId) && (principal.roles.includes('org_admin') || principal.roles.includes('hr_od'));
}

/** A space, as the rule for running it needs it. */
export interface SpaceFacts {
  id: string;
  hostOrgId: string;
}

/**
 * Running a space needs a current role in its host organisation: its admins and coordinators, working in it,
 * and reaching the space, run it. Having created it gives nothing more.
 */
export function runsSpace(principal: Principal, space: SpaceFacts): boolean {
  return (
    actingIn(principal, space.hostOrgId) &&
    principal.spaceIds.includes(space.id) &&
    (principal.roles.includes('org_admin') || principal.roles.includes('coordinator'))
  );
}
