// Where a caller stands towards a space (reaches it, runs it, is an admin of an organisation in it), and the
// audit trail every change to a space leaves in each organisation concerned.
import { runsSpace } from '../access/policies/index.ts';
import type { Principal } from '../access/visibility.ts';
import type { AuditEntry, AuditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { findSpaceBySlug, type SpaceRecord } from './repository.ts';

export type Person = Extract<Principal, { kind: 'person' }>;

export function spaceStanding(db: Db, audit: AuditService) {
  const reaches = (caller: Person, space: SpaceRecord) => caller.spaceIds.includes(space.id);

  /**
   * Who runs a space is a policy (src/access/policies: `runsSpace`): a current admin or coordinator of its
   * host organisation, working in it. A creator who lost the role or left no longer runs it.
   */
  const manages = (caller: Person, space: SpaceRecord) =>
    runsSpace(caller, { id: space.id, hostOrgId: space.host_org_id });

  const isAdminOf = (caller: Person, orgId: string | null) =>
    orgId !== null && caller.currentOrgId === orgId && caller.roles.includes('org_admin');

  /** A space the caller runs, or undefined (which the routes turn into a 404 like any other). */
  async function managed(caller: Person, slug: string) {
    const space = await findSpaceBySlug(db, slug);
    return space && manages(caller, space) ? space : undefined;
  }

  /** Records one event in each organisation concerned (the host and, when another, the one affected). */
  const recordIn = (actorId: string, orgIds: (string | null)[], summary: (orgId: string) => AuditEntry['summary']) => {
    const entries: AuditEntry[] = [...new Set(orgIds.filter((id): id is string => id !== null))].map((orgId) => ({
      orgId,
      actorId,
      action: 'space_changed',
      summary: summary(orgId),
    }));
    return audit.record(...entries);
  };

  return { reaches, manages, isAdminOf, managed, recordIn };
}

export type SpaceStanding = ReturnType<typeof spaceStanding>;
