// Single sign-on with OpenID Connect, one provider per organisation: the admin's settings (checked against the
// provider's discovery document, the client secret sealed), and signing in with the authorisation code flow,
// PKCE, state and nonce. People are found by issuer and subject, never by the email a provider reports.
import * as oidc from 'openid-client';
import { addMembership, findPersonByEmail, insertPerson } from '../accounts/repository.ts';
import type { AuditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import {
  deleteProvider,
  domainsClaimedElsewhere,
  findEnabledProviderForDomain,
  findEnabledProviderForOrg,
  findEnabledProviderForSlug,
  findIdentity,
  findProvider,
  insertIdentity,
  isMember,
  saveProvider,
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
}

/** How long a person may take at their provider before the sign-in must start again. */
export const pendingLifetimeMs = 10 * 60 * 1000;

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
  | 'conflict';

export type SignInOutcome =
  | { ok: true; personId: string; orgId: string; created: boolean }
  | { ok: false; problem: SignInProblem; detail?: string };

const scope = 'openid email profile';

/** The client configuration for a provider, from its discovery document (which also checks the issuer). */
async function discover(issuer: string, clientId: string, clientSecret: string): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  const insecure = isLoopbackHttp(url);
  const options = { timeout: 10, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) };
  // HTTP Basic is the standard's default way to send the secret; use POST only for a provider without it.
  const config = await oidc.discovery(url, clientId, clientSecret, oidc.ClientSecretBasic(clientSecret), options);
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
  if (!methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) return config;
  const postConfig = new oidc.Configuration(
    config.serverMetadata(),
    clientId,
    clientSecret,
    oidc.ClientSecretPost(clientSecret),
  );
  postConfig.timeout = 10;
  if (insecure) oidc.allowInsecureRequests(postConfig);
  return postConfig;
}

const describeError = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export function ssoService(db: Db, { audit, sealer }: { audit: AuditService; sealer: SecretSealer }) {
  return {
    /** The settings as the admin's page shows them: never the secret, only whether one is saved. */
    async settings(orgId: string) {
      const row = await findProvider(db, orgId);
      if (!row) return undefined;
      return {
        issuer: row.issuer,
        clientId: row.client_id,
        allowedDomains: row.allowed_domains,
        enabled: row.enabled,
        updatedAt: row.updated_at,
      };
    },

    /**
     * Saves an organisation's provider after reading its discovery document. Returns what to fix, by field
     * (empty when saved). A blank secret keeps the saved one, unless the issuer changes: the saved secret
     * is never sent to a new address without the admin typing it again.
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
      const taken = await domainsClaimedElsewhere(db, orgId, input.allowedDomains);
      if (taken.length > 0) {
        problems.allowedDomains = `${taken.join(', ')} ${taken.length === 1 ? 'is' : 'are'} already used for single sign-on by another organisation`;
      }
      if (Object.keys(problems).length > 0 || secret === undefined) return problems;

      let issuer: string;
      try {
        issuer = (await discover(input.issuer, input.clientId, secret)).serverMetadata().issuer;
      } catch {
        const where = `${input.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
        return {
          issuer: `Waymark could not read a discovery document at ${where}: check the issuer URL and that the provider can be reached`,
        };
      }

      await saveProvider(db, {
        orgId,
        issuer,
        clientId: input.clientId,
        clientSecretSealed: sealer.seal(secret, orgId),
        allowedDomains: input.allowedDomains,
        enabled: input.enabled,
        updatedBy: actorId,
      });
      const parts = [
        `issuer ${issuer}`,
        `client ID ${input.clientId}`,
        `email domains ${input.allowedDomains.join(', ')}`,
        input.enabled ? 'switched on' : 'switched off',
      ];
      if (input.clientSecret !== '') parts.push('a new client secret was entered');
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

    /** The organisation whose switched-on provider serves this work email, if any. */
    async providerForEmail(email: string) {
      const row = await findEnabledProviderForDomain(db, domainOf(email));
      return row && { orgId: row.org_id, orgName: row.orgName };
    },

    async providerForSlug(slug: string) {
      const row = await findEnabledProviderForSlug(db, slug);
      return row && { orgId: row.org_id, orgName: row.orgName };
    },

    /** Where to send the person, and what to remember until they come back. */
    async begin(
      orgId: string,
      redirectUri: string,
      returnTo: string,
      now = Date.now(),
    ): Promise<{ url: string; pending: PendingSignIn } | { problem: 'unavailable'; detail?: string }> {
      const row = await findEnabledProviderForOrg(db, orgId);
      const secret = row && sealer.open(row.client_secret_sealed, orgId);
      if (!row || secret === undefined) return { problem: 'unavailable', detail: 'no usable provider' };
      let config: oidc.Configuration;
      try {
        config = await discover(row.issuer, row.client_id, secret);
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
      return {
        url: url.href,
        pending: { orgId, issuer: row.issuer, state, nonce, codeVerifier, returnTo, startedAt: now },
      };
    },

    /**
     * Finishes a sign-in when the provider sends the person back: checks state, exchanges the code (with the
     * PKCE verifier, checking the nonce), then finds, links or creates the person.
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
        const config = await discover(row.issuer, row.client_id, secret);
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
      let result: Resolved;
      try {
        result = await db
          .transaction()
          .execute(async (trx) => resolvePerson(trx, row, claims.sub, email, claims.email_verified, name, now));
      } catch (err) {
        // Two sign-ins racing to create the same person or identity: the loser starts again.
        return { ok: false, problem: 'failed', detail: describeError(err) };
      }
      // The audit log is written after the transaction, once the person it names exists for everyone.
      if (!result.ok) {
        await audit.record({
          orgId,
          actorId: null,
          action: 'sign_in_failed',
          summary: `Single sign-on refused for ${email || `subject ${claims.sub.slice(0, 100)}`}: ${refusals[result.problem]}`,
        });
        return { ok: false, problem: result.problem };
      }
      if (result.created) {
        await audit.record({
          orgId,
          actorId: result.personId,
          action: 'member_added',
          summary: `${result.displayName} joined through single sign-on`,
        });
      }
      await audit.recordForPerson(result.personId, {
        actorId: result.personId,
        action: 'sign_in',
        summary: 'Signed in with single sign-on',
      });
      return { ok: true, personId: result.personId, orgId, created: result.created };
    },
  };
}

const refusals: Partial<Record<SignInProblem, string>> = {
  no_email: 'the provider gave no email address',
  domain: 'the email domain is not one the organisation allows',
  unverified: 'the provider has not verified the email address',
  disabled: 'the account is disabled',
  conflict: 'an account with this email belongs to other organisations only',
};

type Resolved =
  | { ok: true; personId: string; created: boolean; displayName: string }
  | { ok: false; problem: SignInProblem };

/** Finds the person by issuer and subject; else links a member with the same email, or creates a member. */
async function resolvePerson(
  trx: Db,
  provider: { org_id: string; issuer: string; allowed_domains: string[] },
  subject: string,
  email: string,
  emailVerified: unknown,
  name: string,
  now: number,
): Promise<Resolved> {
  const orgId = provider.org_id;
  const identity = await findIdentity(trx, provider.issuer, subject);
  if (identity) {
    if (identity.disabled_at) return { ok: false, problem: 'disabled' };
    await touchIdentity(trx, identity.id, new Date(now));
    return { ok: true, personId: identity.personId, created: false, displayName: '' };
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 320) return { ok: false, problem: 'no_email' };
  if (!provider.allowed_domains.includes(domainOf(email))) return { ok: false, problem: 'domain' };
  if (emailVerified === false) return { ok: false, problem: 'unverified' };
  const existing = await findPersonByEmail(trx, email);
  if (existing) {
    if (existing.disabled_at) return { ok: false, problem: 'disabled' };
    // Only someone already in this organisation is linked: one organisation's provider must never take over
    // an account that only other organisations vouch for.
    if (!(await isMember(trx, orgId, existing.id))) return { ok: false, problem: 'conflict' };
    await insertIdentity(trx, existing.id, provider.issuer, subject, new Date(now));
    return { ok: true, personId: existing.id, created: false, displayName: existing.display_name };
  }
  const displayName = (name || email.slice(0, email.indexOf('@'))).slice(0, 200);
  const personId = await insertPerson(trx, { email, displayName, passwordHash: null });
  await addMembership(trx, orgId, personId, 'member');
  await insertIdentity(trx, personId, provider.issuer, subject, new Date(now));
  return { ok: true, personId, created: true, displayName };
}

export type SsoService = ReturnType<typeof ssoService>;
