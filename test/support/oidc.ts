// A real OpenID provider (oidc-provider) on a free loopback port, for single sign-on tests: one or more
// registered clients, and accounts whose claims a test may change between sign-ins. Its built-in login and
// consent pages accept any password; the login name picks the account (it is the account's subject).
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { csrfOf } from './forms.ts';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestProvider {
  /** The issuer identifier, e.g. http://127.0.0.1:45123 (no trailing slash). */
  issuer: string;
  /** Accounts by subject; tests may add to or change them while the provider runs. */
  accounts: Map<string, TestAccount>;
  /** The path of every request the provider received, in order (for counting discovery fetches). */
  requests: string[];
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  clients: TestClient[];
  accounts?: Record<string, TestAccount>;
}): Promise<TestProvider> {
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  // Its own signing key, so the provider does not fall back to its development keys (and warn).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };

  // The issuer must be known before the port is: listen first, then mount the provider on that server.
  const { createServer } = await import('node:http');
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | null =
    null;
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-for-the-oidc-provider'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    pkce: { required: () => true },
    // Set explicitly so the provider does not print a notice for each default it falls back to.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, ...accounts.get(sub) };
        },
      };
    },
  });
  handler = provider.callback();

  return {
    issuer,
    accounts,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Cookies by name, enough for one journey through the provider's pages. */
class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const expired = attributes.some((a) => /^\s*expires=.*1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Plays the person at the provider: follows the authorisation URL, signs in as `login`, then consents (or
 * cancels), and returns the URL the provider finally sends the browser to (the app's callback).
 */
export async function signInAtProvider(
  authorisationUrl: string,
  login: string,
  options: { cancel?: boolean } = {},
): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorisationUrl);
  const origin = url.origin;
  let body: URLSearchParams | undefined;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body: body.toString() } : {}),
    });
    jar.store(response);
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      await response.arrayBuffer();
      if (url.origin !== origin) return url;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`The provider answered ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`Unexpected page at the provider: ${html.slice(0, 300)}`);
    if (options.cancel && prompt === 'consent') {
      const abort = /href="([^"]*\/abort)"/.exec(html)?.[1];
      if (!abort) throw new Error('The consent page has no way to cancel');
      url = new URL(abort.replaceAll('&amp;', '&'), url);
      continue;
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
  }
  throw new Error('Too many steps at the provider');
}

/**
 * Follows a "sign in with <organisation>" link as a browser does: the page (which starts an anonymous
 * session and names the organisation), then its Continue button, a POST with the page's CSRF token.
 * Returns the answer (a 303 to the provider when it starts) and the session cookie to come back with.
 */
export async function startFromOrgLink(app: FastifyInstance, slug: string) {
  const page = await app.inject({ url: `/sign-in/sso?org=${encodeURIComponent(slug)}` });
  const session = page.cookies.find((c) => c.name === 'waymark' || c.name === '__Host-waymark');
  const cookie = session ? `${session.name}=${session.value}` : '';
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in/sso',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrfOf(page.body), org: slug, returnTo: '' }).toString(),
  });
  const renewed = response.cookies.find((c) => c.name === session?.name);
  return { page, response, cookie: renewed ? `${renewed.name}=${renewed.value}` : cookie };
}
