// Who may see what: the one place that decides whether a principal can see a record.
// `canSee` is the rule over plain data; `visibleTo` is the same rule as SQL for repositories.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Visibility } from '../db/vocabularies.ts';
import type { MembershipRole } from './roles.ts';

export { type Visibility, visibilities } from '../db/vocabularies.ts';

/** Who a record is shared with, in words for anyone looking at it: "Shared with: Everyone in the organisation". */
export const visibilityNames: Record<Visibility, string> = {
  private: 'Only the people who wrote it',
  organisation: 'Everyone in the organisation',
  space: 'Everyone in the shared space',
  signed_in: 'Everyone signed in to Waymark',
  public: 'Everyone, including people not signed in',
};

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'person';
      personId: string;
      /** Organisations the person belongs to now. */
      orgIds: readonly string[];
      /** Spaces the person reaches, directly or through one of their organisations. */
      spaceIds: readonly string[];
      platformAdmin: boolean;
      /** Reviews stories meant for the public, from every organisation (users.platform_moderator). */
      platformModerator?: boolean;
      /** The organisation the person is working in now (they switch between theirs); null if they have none. */
      currentOrgId: string | null;
      /** The person's roles in the current organisation. */
      roles: readonly MembershipRole[];
      /**
       * Set when the caller is an API token: the organisation the token acts for. The person's own records
       * then count only when they hold them through that organisation.
       */
      actingOrgId?: string;
    };

export const anonymous: Principal = { kind: 'anonymous' };

/** What the rule needs to know about a record, whatever its table. */
export interface ScopedRecord {
  orgId: string;
  ownerPersonId: string | null;
  visibility: Visibility;
  spaceId: string | null;
}

/**
 * Whether the record is the caller's own: they own it and, for an API token, hold it through the token's
 * organisation, so a token for one organisation never reaches what the person keeps in another.
 */
export function holds(principal: Principal, record: Pick<ScopedRecord, 'orgId' | 'ownerPersonId'>): boolean {
  if (principal.kind === 'anonymous' || record.ownerPersonId !== principal.personId) return false;
  return principal.actingOrgId === undefined || record.orgId === principal.actingOrgId;
}

export function canSee(principal: Principal, record: ScopedRecord): boolean {
  if (record.visibility === 'public') return true;
  if (principal.kind === 'anonymous') return false;
  switch (record.visibility) {
    case 'signed_in':
      return true;
    case 'organisation':
      return principal.orgIds.includes(record.orgId);
    case 'space':
      return record.spaceId !== null && principal.spaceIds.includes(record.spaceId);
    case 'private':
      return holds(principal, record);
  }
}

/** The columns that carry a table's scope, so one filter serves every scoped table. */
export interface ScopeColumns {
  org: string;
  owner: string;
  visibility: string;
  space: string;
}

/** The same rule as `holds`, as a WHERE condition (false for an anonymous caller). */
export function heldBy(principal: Principal, columns: Pick<ScopeColumns, 'org' | 'owner'>): RawBuilder<SqlBool> {
  if (principal.kind === 'anonymous') return sql<SqlBool>`false`;
  const owner = sql<SqlBool>`${sql.ref(columns.owner)} = ${principal.personId}::uuid`;
  if (principal.actingOrgId === undefined) return owner;
  return sql<SqlBool>`(${owner} and ${sql.ref(columns.org)} = ${principal.actingOrgId}::uuid)`;
}

/**
 * The same rule as `canSee`, as a WHERE condition. Repositories of scoped tables must put it in every
 * query they run for a principal; the tests compare the two on generated records.
 */
export function visibleTo(principal: Principal, columns: ScopeColumns): RawBuilder<SqlBool> {
  const visibility = sql.ref(columns.visibility);
  if (principal.kind === 'anonymous') return sql<SqlBool>`${visibility} = 'public'`;
  const orgIds = sql`${principal.orgIds as string[]}::uuid[]`;
  const spaceIds = sql`${principal.spaceIds as string[]}::uuid[]`;
  return sql<SqlBool>`(
    ${visibility} in ('public', 'signed_in')
    or (${visibility} = 'organisation' and ${sql.ref(columns.org)} = any (${orgIds}))
    or (${visibility} = 'space' and ${sql.ref(columns.space)} = any (${spaceIds}))
    or (${visibility} = 'private' and ${heldBy(principal, columns)})
  )`;
}
