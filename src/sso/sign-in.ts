// Who a provider's identity signs in or is linked to: found by issuer and subject, never by the email alone.
import { addMembership, findPersonByEmail, insertPerson } from '../accounts/repository.ts';
import type { Db } from '../db/database.ts';
import { claimInvitationsByEmail } from '../spaces/repository.ts';
import { findIdentity, insertIdentity, isDomainApproved, isMember, touchIdentity } from './repository.ts';
import { domainOf } from './schema.ts';

export type SignInProblem =
  | 'expired'
  | 'state'
  | 'denied'
  | 'unavailable'
  | 'failed'
  | 'no_email'
  | 'domain'
  | 'unverified'
  | 'disabled'
  | 'link_required'
  | 'taken'
  | 'not_member';

export const refusals: Partial<Record<SignInProblem, string>> = {
  no_email: 'the provider gave no email address',
  domain: 'the email domain is not one a platform admin approved for the organisation',
  unverified: 'the provider has not verified the email address',
  disabled: 'the account is disabled',
  link_required: 'an account with this email exists and has not been linked by its owner',
  taken: 'this sign-in is already linked to another account',
  not_member: 'the person is not a member of the organisation',
};

export interface FoundIdentity {
  subject: string;
  email: string;
  emailVerified: unknown;
  name: string;
}

export type Resolved =
  | { ok: true; personId: string; created: boolean; linked: boolean; displayName: string }
  | { ok: false; problem: SignInProblem };

type Provider = { org_id: string; issuer: string };

/** What a provider's email must be before Waymark creates or links an account with it. */
async function emailProblem(trx: Db, provider: Provider, found: FoundIdentity): Promise<SignInProblem | undefined> {
  if (!/^[^\s@]+@[^\s@]+$/.test(found.email) || found.email.length > 320) return 'no_email';
  if (found.emailVerified !== true) return 'unverified';
  if (!(await isDomainApproved(trx, provider.org_id, domainOf(found.email)))) return 'domain';
  return undefined;
}

/**
 * Signing in: the person this organisation's provider linked the subject to; else, when no account has the
 * email, a new member. An account that already has the email is never taken over: its owner links it.
 */
export async function resolvePerson(trx: Db, provider: Provider, found: FoundIdentity, now: number): Promise<Resolved> {
  const orgId = provider.org_id;
  const identity = await findIdentity(trx, orgId, provider.issuer, found.subject);
  if (identity) {
    if (identity.disabled_at) return { ok: false, problem: 'disabled' };
    await touchIdentity(trx, identity.id, new Date(now));
    return { ok: true, personId: identity.personId, created: false, linked: false, displayName: '' };
  }
  const problem = await emailProblem(trx, provider, found);
  if (problem) return { ok: false, problem };
  const existing = await findPersonByEmail(trx, found.email);
  // The same answer for a disabled account: a provider's owner learns nothing about accounts it is not linked to.
  if (existing) return { ok: false, problem: 'link_required' };
  const displayName = (found.name || found.email.slice(0, found.email.indexOf('@'))).slice(0, 200);
  const personId = await insertPerson(trx, { email: found.email, displayName, passwordHash: null });
  await addMembership(trx, orgId, personId, 'member');
  await insertIdentity(trx, { personId, orgId, issuer: provider.issuer, subject: found.subject, now: new Date(now) });
  // Like joining by an invitation's link: spaces that invited the (verified, approved) address by name ask them.
  await claimInvitationsByEmail(trx, personId, found.email);
  return { ok: true, personId, created: true, linked: false, displayName };
}

/** Linking, asked for by a signed-in member of the organisation: the identity becomes a way into their account. */
export async function linkPerson(
  trx: Db,
  provider: Provider,
  personId: string,
  found: FoundIdentity,
  now: number,
): Promise<Resolved> {
  const orgId = provider.org_id;
  if (!(await isMember(trx, orgId, personId))) return { ok: false, problem: 'not_member' };
  const identity = await findIdentity(trx, orgId, provider.issuer, found.subject);
  if (identity) {
    if (identity.personId !== personId) return { ok: false, problem: 'taken' };
    return { ok: true, personId, created: false, linked: true, displayName: '' };
  }
  const problem = await emailProblem(trx, provider, found);
  if (problem) return { ok: false, problem };
  await insertIdentity(trx, { personId, orgId, issuer: provider.issuer, subject: found.subject, now: new Date(now) });
  return { ok: true, personId, created: false, linked: true, displayName: '' };
}
