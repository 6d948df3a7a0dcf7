// Email domains organisations claim for single sign-on: the platform admins' list, and their decisions.
import type { AuditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { approvedElsewhere, decideClaim, findClaim, listClaims, lockDomains } from './repository.ts';

export function domainClaimsService(db: Db, audit: AuditService) {
  return {
    /** Every organisation's claimed domains, for the platform admins who approve or refuse them. */
    async domainClaims() {
      const [pending, decided] = await listClaims(db, 50);
      return { pending, decided };
    },

    /**
     * A platform admin's decision on a claimed domain, recorded in the organisation's audit log. A domain
     * another organisation already holds cannot be approved.
     */
    async decideDomain(
      actorId: string,
      claim: { orgId: string; domain: string; decision: 'approve' | 'refuse' },
    ): Promise<'decided' | 'not_found' | 'held_elsewhere'> {
      const outcome = await db.transaction().execute(async (trx) => {
        await lockDomains(trx, [claim.domain]);
        const found = await findClaim(trx, claim.orgId, claim.domain);
        if (!found) return 'not_found' as const;
        if (claim.decision === 'approve' && (await approvedElsewhere(trx, claim.orgId, claim.domain))) {
          return 'held_elsewhere' as const;
        }
        const status = claim.decision === 'approve' ? 'approved' : 'refused';
        await decideClaim(trx, { ...claim, status, decidedBy: actorId, now: new Date() });
        return 'decided' as const;
      });
      if (outcome === 'decided') {
        await audit.record({
          orgId: claim.orgId,
          actorId,
          action: 'sso_changed',
          summary:
            claim.decision === 'approve'
              ? `A platform admin approved the email domain ${claim.domain} for single sign-on`
              : `A platform admin refused the email domain ${claim.domain} for single sign-on`,
        });
      }
      return outcome;
    },
  };
}
