// Cross-site request forgery, route by route: every state-changing route of the app is posted to with a
// signed-in session that could otherwise make the call, first with no CSRF token, then with another
// session's valid token. Every one must be refused with 403 and change no table. The routes come from
// `app.routeTable`, so a route added tomorrow is swept without anyone remembering to list it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccessWorld, buildAccessWorld, type CallerName, callAs, concreteUrl } from '../support/access-world.ts';
import { changedTables, snapshotTables } from '../support/table-checksums.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Routes that take a state-changing call without a CSRF token, and why. There is one: the one-click
 * unsubscribe a mail client posts (RFC 8058), with no session at all. The consent, sign-in link and invitation
 * answers are posted from a page Waymark served, which put the CSRF secret in the visitor's session (anonymous
 * or not), and signing in and out are protected too, so nobody can be signed in to, or out of, an account by
 * another site. Beside that route the one exemption is by credential: a call carrying `Authorization: Bearer`
 * (the API) has no ambient credential a browser would attach, so it needs no CSRF token (checked below: such
 * a call never falls back to the session's cookie).
 */
const csrfFreeRoutes: Record<string, string> = {
  // RFC 8058 one-click unsubscribe: a mail client posts to the link with no session. The 256-bit secret in the
  // path is the authority, and all it can do is stop the emails of the person it was sent to.
  'POST /unsubscribe/:token': 'one-click unsubscribe from a mail client, authorised by the secret in the link',
};

/** A session that would be allowed to make the call, so the CSRF check is all that stops it. */
function actingCaller(url: string): CallerName {
  if (url.startsWith('/moderation/comments/')) return 'platform_moderator';
  if (url.startsWith('/moderation') || url.startsWith('/api/v1/moderation')) return 'moderator';
  if (url.startsWith('/admin')) return 'platform_admin';
  if (url.startsWith('/spaces/invitations/')) return 'unrelated_member';
  if (url.startsWith('/organisation') || url.startsWith('/spaces')) return 'org_admin';
  return 'member';
}

let world: AccessWorld;

beforeAll(async () => {
  world = await buildAccessWorld();
});
afterAll(() => world.t.close());

const unsafeRoutes = () =>
  world.t.app.routeTable.filter(
    (route) => unsafeMethods.has(route.method) && !(`${route.method} ${route.url}` in csrfFreeRoutes),
  );

async function sweep(tokenFor: (caller: CallerName) => string | undefined) {
  const db = world.t.database.db;
  const failures: string[] = [];
  for (const route of unsafeRoutes()) {
    const url = concreteUrl(route.url, world.records);
    if (url === undefined) {
      failures.push(`${route.method} ${route.url}: no record for its parameters in test/support/access-world.ts`);
      continue;
    }
    const name = actingCaller(url);
    const before = await snapshotTables(db);
    const response = await callAs(world.t, world.caller(name), route.method, url, { csrf: tokenFor(name) });
    const where = `${name} ${route.method} ${url}`;
    if (response.statusCode !== 403) failures.push(`${where}: ${response.statusCode}, expected 403`);
    else if (url.startsWith('/api/') && response.json().error?.code !== 'forbidden') {
      failures.push(`${where}: no machine-readable error`);
    }
    const changed = changedTables(before, await snapshotTables(db));
    if (changed.length > 0) failures.push(`${where} changed ${changed}`);
  }
  return failures;
}

describe('the CSRF sweep', () => {
  it('covers every state-changing route, with a session behind each', () => {
    const routes = unsafeRoutes().map((route) => `${route.method} ${route.url}`);
    // A few of every kind: sign-in and secret links, forms, the API, uploads.
    for (const route of [
      'POST /sign-in',
      'POST /sign-out',
      'POST /consent/:secret',
      'POST /sign-in/link/:secret',
      'POST /invitations/:token',
      'POST /account/password',
      'POST /organisation/import',
      'POST /api/v1/stories',
      'PATCH /api/v1/stories/:id',
    ]) {
      expect(routes, route).toContain(route);
    }
    for (const route of unsafeRoutes()) expect(concreteUrl(route.url, world.records), route.url).toBeDefined();
  });

  it('refuses every state-changing call with no CSRF token, changing nothing', async () => {
    expect(await sweep(() => undefined)).toEqual([]);
  });

  it("refuses every state-changing call with another session's valid CSRF token, changing nothing", async () => {
    // The anonymous visitor's token for a moderator's call, the moderator's for everyone else's.
    const otherToken = (caller: CallerName) => world.caller(caller === 'moderator' ? 'anonymous' : 'moderator').csrf;
    expect(world.callers.every((c) => c.token || c.csrf.length > 0)).toBe(true);
    expect(await sweep(otherToken)).toEqual([]);
  });

  it('takes a CSRF token from the session it was made for (the sweep is not refusing everything)', async () => {
    // The same kind of call as above, with the session's own token, gets past the check.
    const member = world.caller('member');
    const response = await callAs(world.t, member, 'POST', '/account/notifications');
    expect(response.statusCode).not.toBe(403);
  });

  it('never lets a bearer header carry a session cookie past the CSRF check', async () => {
    const db = world.t.database.db;
    const member = world.caller('member');
    const before = await snapshotTables(db);
    for (const [method, url] of [
      ['POST', '/api/v1/stories'],
      ['PATCH', `/api/v1/stories/${world.records.writingDraft}`],
      ['POST', '/account/sign-out-everywhere'],
      ['POST', '/account/tokens'],
    ] as const) {
      const response = await world.t.app.inject({
        method,
        url,
        headers: {
          cookie: member.cookie,
          authorization: 'Bearer not-a-real-token',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'title=Forged',
      });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().error?.code, `${method} ${url}`).toEqual(expect.any(String));
    }
    expect(changedTables(before, await snapshotTables(db))).toEqual([]);
  });
});
