// Single sign-on with OpenID Connect, one provider per organisation: the admin's settings (checked against the
// provider's discovery document, the client secret sealed), and signing in with the authorisation code flow,
// PKCE, state and nonce. People are found by issuer and subject, never by the email a provider reports.
import * as oidc from 'openid-client';
import { addMembership, findPersonByEmail, insertPerson } from '../accounts/repository.ts';
import { type AuditService, auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { claimInvitationsByEmail } from '../spaces/repository.ts';
import { assertPublicUrl, PrivateAddressError, providerFetch } from './outbound.ts';
import {
  approvedElsewhere,
  claimDiscoveryRefresh,
  claimsOf,
  decideClaim,
  deleteIdentity,
  deleteProvider,
  domainsClaimedElsewhere,
  findClaim,
  findEnabledProviderForDomain,
  findEnabledProviderForOrg,
  findEnabledProviderForSlug,
  findIdentity,
  findProvider,
  identitiesOf,
  insertIdentity,
  isDomainApproved,
  isMember,
  listClaims,
  lockDomains,
  saveDiscovery,
  saveProvider,
  syncClaims,
  touchIdentity,
} from './repository.ts';
import { domainOf, isLoopbackHttp, type SsoSettings } from './schema.ts';
import type { SecretSealer } from './seal.ts';

/** A sign-in started here and not yet finished: kept in the person's session until the provider sends them back. */
export interface PendingSignIn {
  orgId: string;
  issuer: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** ms since the epoch */
  startedAt: number;
  /** Set when a signed-in person asked to link their organisation's sign-in to their account: who they are. */
  linkFor?: string;
}

/** How long a person may take at their provider before the sign-in must start again. */
export const pendingLifetimeMs = 10 * 60 * 1000;
/** A discovery document older than this is read again at the next sign-in. */
export const discoveryLifetimeMs = 24 * 60 * 60 * 1000;
/** However many sign-ins start, Waymark reads an organisation's discovery document at most this often. */
export const discoverySpacingMs = 5 * 60 * 1000;

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

export type SignInOutcome =
  | { ok: true; personId: string; orgId: string; created: boolean; linked: boolean }
  | { ok: false; problem: SignInProblem; detail?: string };

const scope = 'openid email profile';
const timeoutSeconds = 10;

/** The addresses a discovery document names that Waymark itself will call (the authorisation page is the browser's). */
const calledEndpoints = ['token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const;

/**
 * Refuses a discovery document that names an endpoint Waymark would call on a private network: the issuer
 * being public is not enough, as the document could send the token request anywhere.
 */
export async function assertPublicEndpoints(metadata: oidc.ServerMetadata): Promise<void> {
  for (const name of calledEndpoints) {
    const value = metadata[name];
    if (typeof value !== 'string') continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`the discovery document's ${name} is not an address`);
    }
    await assertPublicUrl(url);
  }
}

/** Reads a provider's discovery document (which also checks the issuer) and the addresses it names. */
export async function readDiscovery(issuer: string, allowPrivate: boolean): Promise<oidc.ServerMetadata> {
  const url = new URL(issuer);
  // Checked before openid-client sends anything, and again by providerFetch as it connects.
  if (!allowPrivate) await assertPublicUrl(url);
  const options = {
    timeout: timeoutSeconds,
    [oidc.customFetch]: providerFetch(allowPrivate),
    ...(isLoopbackHttp(url) ? { execute: [oidc.allowInsecureRequests] } : {}),
  };
  const config = await oidc.discovery(url, 'waymark', undefined, oidc.None(), options);
  const metadata = { ...config.serverMetadata() };
  if (!allowPrivate) await assertPublicEndpoints(metadata);
  return metadata;
}

/** A client for a provider from its saved discovery document: sending the secret the way the provider prefers. */
function clientFor(metadata: oidc.ServerMetadata, clientId: string, clientSecret: string, allowPrivate: boolean) {
  const methods = metadata.token_endpoint_auth_methods_supported;
  // HTTP Basic is the standard's default way to send the secret; use POST only for a provider without it.
  const post = methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post');
  const auth = post ? oidc.ClientSecretPost(clientSecret) : oidc.ClientSecretBasic(clientSecret);
  const config = new oidc.Configuration(metadata, clientId, clientSecret, auth);
  config.timeout = timeoutSeconds;
  config[oidc.customFetch] = providerFetch(allowPrivate);
  if (isLoopbackHttp(new URL(metadata.issuer))) oidc.allowInsecureRequests(config);
  return config;
}

const isMetadataFor = (value: unknown, issuer: string): value is oidc.ServerMetadata =>
  typeof value === 'object' && value !== null && (value as { issuer?: unknown }).issuer === issuer;

const describeError = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

type ProviderForSignIn = NonNullable<Awaited<ReturnType<typeof findEnabledProviderForOrg>>>;

export interface SsoOptions {
  audit: AuditService;
  sealer: SecretSealer;
  /** SSO_ALLOW_PRIVATE_ISSUERS: let providers on this machine or a private network be used (tests, intranets). */
  allowPrivateIssuers?: boolean;
}

export function ssoService(db: Db, { audit, sealer, allowPrivateIssuers = false }: SsoOptions) {
  /**
   * The provider's saved discovery document, read again only when it is older than a day, and then by one
   * sign-in at most every few minutes, so a stream of visitors cannot make Waymark fetch on demand. When a
   * refresh fails the saved document is still used.
   */
  async function metadataFor(row: ProviderForSignIn, now: Date): Promise<oidc.ServerMetadata> {
    const saved = isMetadataFor(row.discovery, row.issuer) ? row.discovery : undefined;
    const fresh = saved && row.discovered_at && now.getTime() - row.discovered_at.getTime() < discoveryLifetimeMs;
    if (fresh) return saved;
    if (await claimDiscoveryRefresh(db, row.org_id, now, discoverySpacingMs)) {
      try {
        const metadata = await readDiscovery(row.issuer, allowPrivateIssuers);
        if (metadata.issuer === row.issuer) {
          await saveDiscovery(db, row.org_id, row.issuer, metadata, now);
          return metadata;
        }
      } catch (err) {
        if (!saved) throw err;
      }
    }
    if (saved) return saved;
    throw new Error('the discovery document has not been read yet, and was read too recently to try again');
  }

  async function clientForRow(row: ProviderForSignIn, secret: string, now: Date) {
    return clientFor(await metadataFor(row, now), row.client_id, secret, allowPrivateIssuers);
  }

  return {
    /** The settings as the admin's page shows them: never the secret, only whether one is saved. */
    async settings(orgId: string) {
      const row = await findProvider(db, orgId);
      if (!row) return undefined;
      const claims = await claimsOf(db, orgId);
      return {
        issuer: row.issuer,
        clientId: row.client_id,
        allowedDomains: row.allowed_domains,
        claims,
        enabled: row.enabled,
        updatedAt: row.updated_at,
      };
    },

    /**
     * Saves an organisation's provider after reading its discovery document. Returns what to fix, by field
     * (empty when saved). A blank secret keeps the saved one, unless the issuer changes: the saved secret
     * is never sent to a new address without the admin typing it again. New domains wait for a platform admin.
     */
    async saveSettings(orgId: string, actorId: string, input: SsoSettings): Promise<Record<string, string>> {
      const existing = await findProvider(db, orgId);
      const problems: Record<string, string> = {};
      let secret: string | undefined = input.clientSecret !== '' ? input.clientSecret : undefined;
      if (secret === undefined && existing) {
        if (existing.issuer !== input.issuer && new URL(existing.issuer).href !== new URL(input.issuer).href) {
          problems.clientSecret = 'Enter the client secret again: the issuer URL has changed';
        } else {
          secret = sealer.open(existing.client_secret_sealed, orgId);
          if (secret === undefined)
            problems.clientSecret = 'Enter the client secret again: the saved one cannot be read';
        }
      } else if (secret === undefined) {
        problems.clientSecret = 'Enter the client secret';
      }
      const takenProblem = (taken: string[]) =>
        `${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} already used for single sign-on by another organisation`;
      const taken = await domainsClaimedElsewhere(db, orgId, input.allowedDomains);
      if (taken.length > 0) problems.allowedDomains = takenProblem(taken);
      if (Object.keys(problems).length > 0 || secret === undefined) return problems;

      let metadata: oidc.ServerMetadata;
      try {
        metadata = await readDiscovery(input.issuer, allowPrivateIssuers);
      } catch (err) {
        if (err instanceof PrivateAddressError) {
          return {
            issuer: `Waymark only uses sign-in services on the public internet: ${err.message}. Check the issuer URL`,
          };
        }
        const where = `${input.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
        return {
          issuer: `Waymark could not read a discovery document at ${where}: check the issuer URL and that the provider can be reached`,
        };
      }
      const issuer = metadata.issuer;

      const now = new Date();
      const saved = await db.transaction().execute(async (trx): Promise<{ taken: string[] } | { added: string[] }> => {
        // Checked again under the lock: another organisation may have claimed a domain while we read.
        await lockDomains(trx, input.allowedDomains);
        const takenNow = await domainsClaimedElsewhere(trx, orgId, input.allowedDomains);
        if (takenNow.length > 0) return { taken: takenNow };
        await saveProvider(trx, {
          orgId,
          issuer,
          clientId: input.clientId,
          clientSecretSealed: sealer.seal(secret, orgId),
          allowedDomains: input.allowedDomains,
          enabled: input.enabled,
          updatedBy: actorId,
          discovery: metadata,
          discoveredAt: now,
        });
        return { added: await syncClaims(trx, orgId, input.allowedDomains, now) };
      });
      if ('taken' in saved) return { allowedDomains: takenProblem(saved.taken) };
      const parts = [
        `issuer ${issuer}`,
        `client ID ${input.clientId}`,
        `email domains ${input.allowedDomains.join(', ')}`,
        input.enabled ? 'switched on' : 'switched off',
      ];
      if (input.clientSecret !== '') parts.push('a new client secret was entered');
      if (saved.added.length > 0) parts.push(`${saved.added.join(', ')} waiting for a platform admin to approve`);
      await audit.record({
        orgId,
        actorId,
        action: 'sso_changed',
        summary: `${existing ? 'Changed' : 'Set up'} single sign-on: ${parts.join('; ')}`,
      });
      return {};
    },

    async remove(orgId: string, actorId: string): Promise<boolean> {
      const existing = await findProvider(db, orgId);
      if (!existing || !(await deleteProvider(db, orgId))) return false;
      await audit.record({
        orgId,
        actorId,
        action: 'sso_changed',
        summary: `Removed single sign-on with ${existing.issuer}`,
      });
      return true;
    },

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

    /** The organisation whose switched-on provider serves this work email (an approved domain), if any. */
    async providerForEmail(email: string) {
      const row = await findEnabledProviderForDomain(db, domainOf(email));
      return row && { orgId: row.org_id, orgName: row.orgName };
    },

    async providerForSlug(slug: string) {
      const row = await findEnabledProviderForSlug(db, slug);
      return row && { orgId: row.org_id, orgName: row.orgName };
    },

    async providerForOrg(orgId: string) {
      const row = await findEnabledProviderForOrg(db, orgId);
      return row && { orgId: row.org_id, orgName: row.orgName, issuer: row.issuer };
    },

    /** The links a person has made, for their account page. */
    linksOf(personId: string) {
      return identitiesOf(db, personId);
    },

    async unlink(personId: string, identityId: string): Promise<boolean> {
      const orgId = await deleteIdentity(db, personId, identityId);
      if (orgId === undefined) return false;
      await audit.record({
        orgId,
        actorId: personId,
        action: 'sso_changed',
        summary: 'Unlinked their account from single sign-on',
      });
      return true;
    },

    /** Where to send the person, and what to remember until they come back. */
    async begin(
      orgId: string,
      redirectUri: string,
      returnTo: string,
      now = Date.now(),
      linkFor?: string,
    ): Promise<{ url: string; pending: PendingSignIn } | { problem: 'unavailable'; detail?: string }> {
      const row = await findEnabledProviderForOrg(db, orgId);
      const secret = row && sealer.open(row.client_secret_sealed, orgId);
      if (!row || secret === undefined) return { problem: 'unavailable', detail: 'no usable provider' };
      let config: oidc.Configuration;
      try {
        config = await clientForRow(row, secret, new Date(now));
      } catch (err) {
        return { problem: 'unavailable', detail: describeError(err) };
      }
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      const pending: PendingSignIn = {
        orgId,
        issuer: row.issuer,
        state,
        nonce,
        codeVerifier,
        returnTo,
        startedAt: now,
      };
      if (linkFor !== undefined) pending.linkFor = linkFor;
      return { url: url.href, pending };
    },

    /**
     * Finishes when the provider sends the person back: checks state, exchanges the code (with the PKCE
     * verifier, checking the nonce), then signs in the person the identity belongs to, creates an account for
     * someone new, or (when a signed-in person asked, `pending.linkFor`) links the identity to their account.
     * An existing account is never linked just because the provider reports its email address.
     */
    async finish(pending: PendingSignIn, callbackUrl: URL, now = Date.now()): Promise<SignInOutcome> {
      if (now - pending.startedAt > pendingLifetimeMs) return { ok: false, problem: 'expired' };
      // Checked here as well as by openid-client, so a forged callback is refused before anything is sent anywhere.
      if (callbackUrl.searchParams.get('state') !== pending.state) return { ok: false, problem: 'state' };
      const error = callbackUrl.searchParams.get('error');
      if (error !== null) {
        return {
          ok: false,
          problem: error === 'access_denied' ? 'denied' : 'failed',
          detail: `provider said ${error}`,
        };
      }
      const row = await findEnabledProviderForOrg(db, pending.orgId);
      const secret = row && sealer.open(row.client_secret_sealed, pending.orgId);
      if (!row || secret === undefined || row.issuer !== pending.issuer) {
        return { ok: false, problem: 'unavailable', detail: 'provider changed, switched off or removed' };
      }

      let claims: { sub: string; email?: unknown; email_verified?: unknown; name?: unknown };
      try {
        const config = await clientForRow(row, secret, new Date(now));
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) return { ok: false, problem: 'failed', detail: 'no ID token' };
        claims = idClaims;
        // Many providers put the email only in the UserInfo response when the code flow is used.
        if (typeof claims.email !== 'string' && config.serverMetadata().userinfo_endpoint) {
          const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          claims = {
            sub: idClaims.sub,
            email: info.email,
            email_verified: info.email_verified ?? idClaims.email_verified,
            name: idClaims.name ?? info.name,
          };
        }
      } catch (err) {
        return { ok: false, problem: 'failed', detail: describeError(err) };
      }

      const orgId = pending.orgId;
      const email = typeof claims.email === 'string' ? claims.email.trim() : '';
      const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : '';
      const found: FoundIdentity = { subject: claims.sub, email, emailVerified: claims.email_verified, name };
      let result: Resolved;
      try {
        result = await db
          .transaction()
          .execute(async (trx) =>
            pending.linkFor !== undefined
              ? linkPerson(trx, row, pending.linkFor, found, now)
              : resolvePerson(trx, row, found, now),
          );
      } catch (err) {
        // Two sign-ins racing to create the same person or identity: the loser starts again.
        return { ok: false, problem: 'failed', detail: describeError(err) };
      }
      // The audit log is written after the transaction, once the person it names exists for everyone.
      if (!result.ok) {
        await audit.record({
          orgId,
          actorId: pending.linkFor ?? null,
          action: 'sign_in_failed',
          summary: `Single sign-on refused for ${email ? `an address at ${domainOf(email)}` : 'someone'}: ${refusals[result.problem] ?? result.problem}`,
        });
        return { ok: false, problem: result.problem };
      }
      if (result.created) {
        await audit.record({
          orgId,
          actorId: result.personId,
          action: 'member_added',
          summary: auditText`${mention(result.personId)} joined through single sign-on`,
        });
      }
      if (result.linked) {
        await audit.record({
          orgId,
          actorId: result.personId,
          action: 'sso_changed',
          summary: 'Linked their account to single sign-on, signed in with their password or an emailed link',
        });
        return { ok: true, personId: result.personId, orgId, created: false, linked: true };
      }
      await audit.recordForPerson(result.personId, {
        actorId: result.personId,
        action: 'sign_in',
        summary: 'Signed in with single sign-on',
      });
      return { ok: true, personId: result.personId, orgId, created: result.created, linked: false };
    },
  };
}

const refusals: Partial<Record<SignInProblem, string>> = {
  no_email: 'the provider gave no email address',
  domain: 'the email domain is not one a platform admin approved for the organisation',
  unverified: 'the provider has not verified the email address',
  disabled: 'the account is disabled',
  link_required: 'an account with this email exists and has not been linked by its owner',
  taken: 'this sign-in is already linked to another account',
  not_member: 'the person is not a member of the organisation',
};

interface FoundIdentity {
  subject: string;
  email: string;
  emailVerified: unknown;
  name: string;
}

type Resolved =
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
async function resolvePerson(trx: Db, provider: Provider, found: FoundIdentity, now: number): Promise<Resolved> {
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
async function linkPerson(
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

export type SsoService = ReturnType<typeof ssoService>;
