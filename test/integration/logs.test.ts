// Secrets stay out of the request log: the JSON lines pino writes for a whole sign-in-link journey, an
// invitation accepted by link and a consent link opened hold none of the links' secrets, and every route
// with a secret in its path is on the one list the log redacts.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactedSegment, secretLinkRoutes, serverLogger, withoutSecrets } from '../../src/cli/logging.ts';
import { type DemoCredential, seedDemo } from '../../src/demo/seed.ts';
import { appOn } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { csrfOf, postForm, signInCookie } from '../support/forms.ts';

let database: TestDatabase;
let credentials: DemoCredential[];
let app: FastifyInstance;
/** Every line the request logger wrote, as written. */
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  app = await appOn(database.db, database.pool, {
    logger: serverLogger('info', { write: (line: string) => void lines.push(line) }),
  });
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

const cookieFrom = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/** The path of the newest link to `to` in the outbox, e.g. `/sign-in/link/…`. */
async function linkIn(to: string, path: RegExp) {
  const message = await database.db
    .selectFrom('email_outbox')
    .select('body_text')
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const found = path.exec(message.body_text)?.[0];
  if (!found) throw new Error(`no link in the message to ${to}`);
  return found;
}

/** Every line is JSON; none holds the secret, nor any 12 characters of it. */
function expectNoSecret(secret: string, logged: string[]) {
  expect(secret.length).toBeGreaterThanOrEqual(40);
  for (const line of logged) {
    expect(() => JSON.parse(line)).not.toThrow();
    for (let i = 0; i + 12 <= secret.length; i += 6) expect(line).not.toContain(secret.slice(i, i + 12));
  }
}

/** Every route's full path, read from Fastify's printed tree ("│   ├── /link (GET)" under its parents). */
function routePaths(tree: string): string[] {
  const stack: string[] = [];
  const found: string[] = [];
  for (const line of tree.split('\n')) {
    const parts = /^([│ ]*)[├└]── (.*?)(?: \([A-Z, ]+\))?$/.exec(line);
    if (!parts) continue;
    stack.length = (parts[1] ?? '').length / 4;
    stack.push(parts[2] ?? '');
    if (line.endsWith(')')) found.push(stack.join(''));
  }
  return found;
}

const paths = (logged: string[]) =>
  logged
    .map((line) => JSON.parse(line) as { req?: { path?: string } })
    .flatMap((l) => (l.req?.path ? [l.req.path] : []));

describe('the request log', () => {
  it('holds no secret from a whole sign-in-link journey', async () => {
    const from = lines.length;
    const email = 'amira.okafor@northshire-county-council.example';
    const form = await app.inject({ url: '/sign-in/link' });
    const asked = await app.inject({
      method: 'POST',
      url: '/sign-in/link',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(form) },
      payload: new URLSearchParams({ _csrf: csrfOf(form.body), email }).toString(),
    });
    expect(asked.statusCode).toBe(200);
    const link = await linkIn(email, /\/sign-in\/link\/[\w-]+/);
    const secret = link.split('/').at(-1) as string;

    const confirm = await app.inject({ url: link });
    expect(confirm.statusCode).toBe(200);
    const signedIn = await app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(confirm) },
      payload: new URLSearchParams({ _csrf: csrfOf(confirm.body) }).toString(),
    });
    expect(signedIn.statusCode).toBe(303);
    // The used link again, and a path beneath it that no route serves.
    expect((await app.inject({ url: link })).statusCode).toBe(410);
    expect((await app.inject({ url: `${link}/more` })).statusCode).toBe(404);

    const logged = lines.slice(from);
    expect(logged.length).toBeGreaterThanOrEqual(10);
    expectNoSecret(secret, logged);
    // The log still says what happened, with the secret's place marked.
    expect(paths(logged)).toEqual(
      expect.arrayContaining(['/sign-in/link', '/sign-in/link/[redacted]', '/sign-in/link/[redacted]/more']),
    );
  });

  it('holds no secret from a link spelt another way: escaped (which is still served) or with a doubled slash', async () => {
    const from = lines.length;
    const email = 'tom.haddley@northshire-county-council.example';
    const form = await app.inject({ url: '/sign-in/link' });
    await app.inject({
      method: 'POST',
      url: '/sign-in/link',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(form) },
      payload: new URLSearchParams({ _csrf: csrfOf(form.body), email }).toString(),
    });
    const link = await linkIn(email, /\/sign-in\/link\/[\w-]+/);
    const secret = link.split('/').at(-1) as string;

    // The router decodes escapes, so this is the live link's confirmation page.
    expect((await app.inject({ url: `/sign-in/%6Cink/${secret}` })).statusCode).toBe(200);
    const escapedSecret = `${secret.slice(0, 4)}%${secret.charCodeAt(4).toString(16)}${secret.slice(5)}`;
    expect((await app.inject({ url: `/sign-in/link/${escapedSecret}` })).statusCode).toBe(200);
    // Not served, but the secret in it is still unused.
    expect((await app.inject({ url: `/${link}` })).statusCode).toBe(404);

    const logged = lines.slice(from);
    expectNoSecret(secret, logged);
    expect(paths(logged).filter((p) => p.includes('[redacted]'))).toEqual([
      '/sign-in/link/[redacted]',
      '/sign-in/link/[redacted]',
      '//sign-in/link/[redacted]',
    ]);
  });

  it('holds no secret from an invitation accepted by link, or a consent link opened', async () => {
    const from = lines.length;
    const admin = await signInCookie(
      app,
      credentials.find((c) => c.email === 'declan.ashworth@northshire-county-council.example') as DemoCredential,
    );
    const invited = 'rowan.ellery@northshire-county-council.example';
    const sent = await postForm(app, admin, '/organisation/invitations/new', '/organisation/invitations', {
      name: 'Rowan Ellery',
      email: invited,
      role: 'member',
    });
    expect(sent.statusCode).toBe(303);
    const link = await linkIn(invited, /\/invitations\/[\w-]+/);
    const page = await app.inject({ url: link });
    expect(page.statusCode).toBe(200);
    const joined = await app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieFrom(page) },
      payload: new URLSearchParams({
        _csrf: csrfOf(page.body),
        displayName: 'Rowan Ellery',
        password: 'granite lantern meadow piano',
      }).toString(),
    });
    expect(joined.statusCode).toBe(303);

    const consentSecret = 'Qm9vdHN0cmFwIGNvbnNlbnQgc2VjcmV0IGZvciB0ZXN0cw';
    expect((await app.inject({ url: `/consent/${consentSecret}` })).statusCode).toBe(410);

    const logged = lines.slice(from);
    expectNoSecret(link.split('/').at(-1) as string, logged);
    expectNoSecret(consentSecret, logged);
    expect(paths(logged)).toEqual(expect.arrayContaining(['/invitations/[redacted]', '/consent/[redacted]']));
  });

  it('redacts every route with a secret in its path, from one list', async () => {
    // Written out by hand: adding a secret link means adding it here and to `secretLinkRoutes`.
    expect([...secretLinkRoutes].sort()).toEqual([
      '/articles/subscribe/:secret',
      '/calendar/:secret',
      '/consent/:secret',
      '/group-invitations/:token',
      '/invitations/:token',
      '/sign-in/link/:secret',
      '/unsubscribe/:token',
    ]);
    // Every route the app serves whose path names a secret or token is on the list.
    const secretBearing = routePaths(app.printRoutes({ commonPrefix: false })).filter((p) =>
      /:(secret|token)/i.test(p),
    );
    expect(secretBearing.length).toBeGreaterThanOrEqual(3);
    for (const route of secretBearing) expect(secretLinkRoutes, route).toContain(route);

    const secret = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v';
    for (const route of secretLinkRoutes) {
      const path = route.replace(/:\w+$/, secret);
      expect(withoutSecrets(path)).toBe(route.replace(/:\w+$/, redactedSegment));
      expect(withoutSecrets(`Route GET:${path}?x=1 not found`)).toBe(
        `Route GET:${route.replace(/:\w+$/, redactedSegment)}?x=1 not found`,
      );
    }
    // An error logged with the request: its message, stack and any other text it carries.
    const { serializers } = serverLogger('info') as { serializers: { err: (e: Error) => object } };
    const failure = Object.assign(new Error(`Could not answer /consent/${secret}`), { url: `/consent/${secret}` });
    const logged = JSON.stringify(serializers.err(failure));
    expect(logged).not.toContain(secret);
    expect(logged).toContain(`"url":"/consent/${redactedSegment}"`);
    expect(withoutSecrets(`failed on http://localhost:3000/consent/${secret}.`)).toBe(
      'failed on http://localhost:3000/consent/[redacted]',
    );
    // Paths that merely contain alike segments are left alone.
    for (const path of ['/organisation/invitations/new', '/spaces/invitations/7b1c', '/sign-in/link']) {
      expect(withoutSecrets(path)).toBe(path);
    }
  });
});
