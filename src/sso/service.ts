// Single sign-on with OpenID Connect, one provider per organisation: the admin's settings (checked against the
// provider's discovery document, the client secret sealed), and signing in with the authorisation code flow,
// PKCE, state and nonce. People are found by issuer and subject, never by the email a provider reports.
import * as oidc from 'openid-client';
import { type AuditService, auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { discoveryCache, readDiscovery } from './discovery.ts';
import { domainClaimsService } from './domains.ts';
import { PrivateAddressError } from './outbound.ts';
import {
  claimsOf,
  deleteIdentity,
  deleteProvider,
  domainsClaimedElsewhere,
  findEnabledProviderForDomain,
  findEnabledProviderForOrg,
  findEnabledProviderForSlug,
  findProvider,
  identitiesOf,
  lockDomains,
  saveProvider,
  syncClaims,
} from './repository.ts';
import { domainOf, type SsoSettings } from './schema.ts';
import type { SecretSealer } from './seal.ts';
import {
  type FoundIdentity,
  linkPerson,
  type Resolved,
  refusals,
  resolvePerson,
  type SignInProblem,
} from './sign-in.ts';

export { assertPublicEndpoints, discoveryLifetimeMs, discoverySpacingMs, readDiscovery } from './discovery.ts';
export type { SignInProblem } from './sign-in.ts';

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

export type SignInOutcome =
  | { ok: true; personId: string; orgId: string; created: boolean; linked: boolean }
  | { ok: false; problem: SignInProblem; detail?: string };

const scope = 'openid email profile';

const describeError = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export interface SsoOptions {
  audit: AuditService;
  sealer: SecretSealer;
  /** SSO_ALLOW_PRIVATE_ISSUERS: let providers on this machine or a private network be used (tests, intranets). */
  allowPrivateIssuers?: boolean;
}

export function ssoService(db: Db, { audit, sealer, allowPrivateIssuers = false }: SsoOptions) {
  const { clientForRow } = discoveryCache(db, allowPrivateIssuers);

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

    ...domainClaimsService(db, audit),

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

export type SsoService = ReturnType<typeof ssoService>;
