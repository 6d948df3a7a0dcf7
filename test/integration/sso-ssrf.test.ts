// Single sign-on cannot be used to make Waymark call into the network it runs in: an issuer, or an address its
// discovery document names, on a loopback, private, link-local or unique-local address is refused (unless
// SSO_ALLOW_PRIVATE_ISSUERS is set), and a saved discovery document is not fetched again for every visitor.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoUsers } from '../../src/demo/content.ts';
import { isPublicAddress, PrivateAddressError, providerFetch, publicOnlyLookup } from '../../src/sso/outbound.ts';
import { assertPublicEndpoints } from '../../src/sso/service.ts';
import { appOn, createTestApp, type TestApp } from '../support/app.ts';
import { postForm, signInCookie } from '../support/forms.ts';
import { startFromOrgLink, startOidcProvider, type TestProvider } from '../support/oidc.ts';

const councilAdmin = demoUsers.find((u) => u.org === 'northshire-county-council' && u.role === 'org_admin')?.email;
const secret = 'ssrf-test-client-secret-0123456789';

let t: TestApp;
/** Something on this machine that answers like a provider and counts who called it. */
let decoy: Server;
let decoyPort = 0;
let decoyCalls = 0;
let decoy6: Server | undefined;
let decoy6Port = 0;

function listenDecoy(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      decoyCalls++;
      const origin = `http://${req.headers.host}`;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          issuer: origin,
          authorization_endpoint: `${origin}/auth`,
          token_endpoint: `${origin}/token`,
          jwks_uri: `${origin}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    });
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}

async function adminCookie() {
  const credential = t.credentials.find((c) => c.email === councilAdmin);
  if (!credential) throw new Error('no council admin');
  return signInCookie(t.app, credential);
}

const saveIssuer = async (app: FastifyInstance, cookie: string, issuer: string) =>
  postForm(app, cookie, '/organisation/sso', '/organisation/sso', {
    issuer,
    clientId: 'waymark',
    clientSecret: secret,
    allowedDomains: 'northshire-county-council.example',
    enabled: 'yes',
  });

beforeAll(async () => {
  t = await createTestApp();
  decoy = await listenDecoy('127.0.0.1');
  decoyPort = (decoy.address() as AddressInfo).port;
  // IPv6 loopback may be missing in a container; the refusal must not depend on it.
  decoy6 = await listenDecoy('::1').catch(() => undefined);
  decoy6Port = decoy6 ? (decoy6.address() as AddressInfo).port : 9;
});
afterAll(async () => {
  decoy?.close();
  decoy6?.close();
  await t?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('without SSO_ALLOW_PRIVATE_ISSUERS', () => {
  it('refuses issuers on loopback, private, link-local and metadata addresses, without calling them', async () => {
    const cookie = await adminCookie();
    const issuers = [
      `http://127.0.0.1:${decoyPort}`,
      'https://10.0.0.1',
      'https://169.254.169.254',
      `http://[::1]:${decoy6Port}`,
      'https://[::ffff:169.254.169.254]',
      'https://172.20.0.5',
      'https://192.168.1.1',
      'https://100.64.0.1',
      'https://[fd00::1]',
      'https://[fe80::1]',
      'https://0.0.0.0',
    ];
    for (const issuer of issuers) {
      const response = await saveIssuer(t.app, cookie, issuer);
      expect(response.statusCode, issuer).toBe(400);
      expect(response.body, issuer).toContain('Waymark only uses sign-in services on the public internet');
    }
    expect(decoyCalls).toBe(0);
    expect(await t.database.db.selectFrom('sso_providers').select('org_id').execute()).toEqual([]);
  });

  it('refuses a discovery document that names a token, user details or keys address on a private network', async () => {
    const publicDocument = {
      issuer: 'https://1.1.1.1',
      authorization_endpoint: 'https://1.1.1.1/authorize',
      token_endpoint: 'https://1.1.1.1/token',
      userinfo_endpoint: 'https://8.8.8.8/userinfo',
      jwks_uri: 'https://[2606:4700:4700::1111]/keys',
    };
    await expect(assertPublicEndpoints(publicDocument)).resolves.toBeUndefined();
    const privateOnes: Record<string, string>[] = [
      { token_endpoint: 'https://10.0.0.1/token' },
      { token_endpoint: `http://127.0.0.1:${decoyPort}/token` },
      { userinfo_endpoint: 'https://169.254.169.254/latest/meta-data/' },
      { jwks_uri: 'https://[::1]/keys' },
      { jwks_uri: 'https://[::ffff:192.168.0.10]/keys' },
      { userinfo_endpoint: 'https://[fc00::5]/userinfo' },
    ];
    for (const change of privateOnes) {
      await expect(assertPublicEndpoints({ ...publicDocument, ...change }), JSON.stringify(change)).rejects.toThrow(
        PrivateAddressError,
      );
    }
    // The authorisation page is where the browser goes, not Waymark: it is not Waymark's request to make.
    await expect(
      assertPublicEndpoints({ ...publicDocument, authorization_endpoint: 'https://10.0.0.1/authorize' }),
    ).resolves.toBeUndefined();
    expect(decoyCalls).toBe(0);
  });

  it('checks every request it makes to a provider, not only discovery', async () => {
    const fetchFromProvider = providerFetch(false);
    await expect(
      fetchFromProvider(`http://127.0.0.1:${decoyPort}/token`, { method: 'POST', headers: {}, body: 'code=x' }),
    ).rejects.toThrow(PrivateAddressError);
    expect(decoyCalls).toBe(0);
  });

  it('checks again as it connects, so a name that changes its answer still cannot reach this machine', async () => {
    // The name is looked up again by the connection itself, through the same check.
    const refused = await new Promise<unknown>((resolve) => {
      const request = httpRequest({ host: 'localhost', port: decoyPort, path: '/token', lookup: publicOnlyLookup });
      request.on('error', resolve);
      request.on('response', () => resolve(undefined));
      request.end();
    });
    expect(refused).toBeInstanceOf(PrivateAddressError);
    expect(decoyCalls).toBe(0);
  });

  it('tells public addresses from the rest', () => {
    const expected: Record<string, boolean> = {
      '8.8.8.8': true,
      '172.32.0.1': true,
      '100.128.0.1': true,
      '2001:4860:4860::8888': true,
      '127.0.0.1': false,
      '127.255.255.254': false,
      '10.255.255.255': false,
      '172.16.0.1': false,
      '172.31.255.255': false,
      '192.168.0.1': false,
      '100.64.0.1': false,
      '100.127.255.255': false,
      '169.254.169.254': false,
      '0.0.0.0': false,
      '::': false,
      '::1': false,
      'fe80::1': false,
      'febf::1': false,
      'fc00::1': false,
      'fdff::1': false,
      '::ffff:127.0.0.1': false,
      '::ffff:10.0.0.1': false,
      '::ffff:169.254.169.254': false,
      '::ffff:8.8.8.8': true,
      // Reserved IPv4 ranges that are not the public internet.
      '192.0.0.1': false,
      '192.0.2.1': false,
      '198.18.0.1': false,
      '198.19.255.255': false,
      '198.51.100.7': false,
      '203.0.113.9': false,
      '198.20.0.1': true,
      // IPv6 forms that carry an IPv4 address a gateway could deliver to this network.
      '::ffff:0:127.0.0.1': false,
      '64:ff9b::a9fe:a9fe': false,
      '64:ff9b::a00:1': false,
      '64:ff9b:1::7f00:1': false,
      '2002:a9fe:a9fe::1': false,
      '2001:0:4136:e378:8000:63bf:80ff:fffe': false,
      '2001:db8::1': false,
      '100::1': false,
      'fec0::1': false,
      '2606:4700:4700::1111': true,
    };
    const actual = Object.fromEntries(Object.keys(expected).map((a) => [a, isPublicAddress(a)]));
    expect(actual).toEqual(expected);
  });
});

describe('with SSO_ALLOW_PRIVATE_ISSUERS, discovery is kept', () => {
  let idp: TestProvider;
  let app: FastifyInstance;
  beforeAll(async () => {
    idp = await startOidcProvider({
      clients: [{ clientId: 'waymark', clientSecret: secret, redirectUris: ['http://localhost/sign-in/sso/callback'] }],
    });
    app = await appOn(t.database.db, t.database.pool, {}, { ssoAllowPrivateIssuers: true });
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  const discoveryReads = () => idp.requests.filter((r) => r.startsWith('/.well-known/openid-configuration')).length;
  const start = async () => {
    const { response } = await startFromOrgLink(app, 'northshire-county-council');
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(new RegExp(`^${idp.issuer}/`));
  };

  it('is read when the admin saves, and visitors starting to sign in do not make Waymark read it again', async () => {
    const credential = t.credentials.find((c) => c.email === councilAdmin);
    if (!credential) throw new Error('no council admin');
    const saved = await saveIssuer(app, await signInCookie(app, credential), idp.issuer);
    expect(saved.statusCode).toBe(303);
    expect(discoveryReads()).toBe(1);

    await start();
    await start();
    await start();
    expect(discoveryReads()).toBe(1);

    // A day later the next start reads it once; those straight after it do not.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 25 * 60 * 60 * 1000);
    await start();
    await start();
    expect(discoveryReads()).toBe(2);
  });

  it('is not read again within a few minutes of the last try, even when it is out of date', async () => {
    // Out of date, and a read was tried a minute ago (as when the provider did not answer): the saved document
    // still serves, and visitors do not make Waymark try again yet.
    await t.database.db
      .updateTable('sso_providers')
      .set({
        discovered_at: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000),
        discovery_checked_at: new Date(Date.now() - 60 * 1000),
      })
      .execute();
    const before = discoveryReads();
    await start();
    await start();
    expect(discoveryReads()).toBe(before);
    await t.database.db
      .updateTable('sso_providers')
      .set({ discovery_checked_at: new Date(Date.now() - 6 * 60 * 1000) })
      .execute();
    await start();
    await start();
    expect(discoveryReads()).toBe(before + 1);
  });
});
