// An organisation's provider's discovery document: read (refusing private addresses), saved, and refreshed.
import * as oidc from 'openid-client';
import type { Db } from '../db/database.ts';
import { assertPublicUrl, providerFetch } from './outbound.ts';
import { claimDiscoveryRefresh, type findEnabledProviderForOrg, saveDiscovery } from './repository.ts';
import { isLoopbackHttp } from './schema.ts';

/** A discovery document older than this is read again at the next sign-in. */
export const discoveryLifetimeMs = 24 * 60 * 60 * 1000;
/** However many sign-ins start, Waymark reads an organisation's discovery document at most this often. */
export const discoverySpacingMs = 5 * 60 * 1000;

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

export type ProviderForSignIn = NonNullable<Awaited<ReturnType<typeof findEnabledProviderForOrg>>>;

export function discoveryCache(db: Db, allowPrivateIssuers: boolean) {
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

  return { metadataFor, clientForRow };
}
