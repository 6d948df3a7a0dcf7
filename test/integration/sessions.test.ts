// Sessions end after 30 minutes idle and 12 hours after sign-in (with a fake clock), cookies carry the
// right flags, sign-out ends the session on the server, not just in the browser, and a password change or
// "sign out everywhere" ends every other session and the person's tokens at once.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertSignInLink } from '../../src/accounts/repository.ts';
import { accountsService } from '../../src/accounts/service.ts';
import { appOn, createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { csrfOf, postForm } from '../support/forms.ts';

let t: TestApp;
let app: TestApp['app'];
let email = '';
let password = '';
beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
  email = t.credentials[1]?.email ?? '';
  password = t.credentials[1]?.password ?? '';
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const minutes = (n: number) => n * 60 * 1000;

async function signIn() {
  const response = await postSignIn(app, { email, password });
  expect(response.statusCode).toBe(303);
  const cookie = response.cookies.find((c) => c.name === 'waymark');
  expect(cookie).toBeDefined();
  return { response, cookie: `waymark=${cookie?.value}` };
}

const signedIn = async (cookie: string) =>
  (await app.inject({ url: '/', headers: { cookie } })).body.includes('Signed in as');

describe('sessions', () => {
  it('sets an HttpOnly, SameSite=Lax cookie at sign-in', async () => {
    const { response } = await signIn();
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
  });

  it('issues a new session id at sign-in, so a cookie fixed before sign-in signs nobody in', async () => {
    // The sign-in page starts an anonymous session (it holds the CSRF secret); an attacker could plant
    // that cookie in a victim's browser and hope the victim signs in with it.
    const form = await app.inject('/sign-in');
    const fixed = form.cookies.find((c) => c.name === 'waymark');
    expect(fixed).toBeDefined();
    const fixedCookie = `waymark=${fixed?.value}`;
    const response = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: fixedCookie },
      payload: new URLSearchParams({ _csrf: csrfOf(form.body), email, password }).toString(),
    });
    expect(response.statusCode).toBe(303);
    const issued = response.cookies.find((c) => c.name === 'waymark');
    expect(issued?.value).toBeDefined();
    const sidOf = (value: string | undefined) =>
      decodeURIComponent(value ?? '')
        .replace(/^s:/, '')
        .split('.')[0] ?? '';
    expect(sidOf(issued?.value)).not.toBe(sidOf(fixed?.value));
    expect(await signedIn(`waymark=${issued?.value}`)).toBe(true);
    expect(await signedIn(fixedCookie)).toBe(false);
    const stored = await t.database.db
      .selectFrom('sessions')
      .select('sid')
      .where('sid', '=', sidOf(fixed?.value))
      .execute();
    expect(stored).toEqual([]);
  });

  it('ends after 30 minutes without a request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
    const { cookie } = await signIn();
    vi.setSystemTime(new Date(Date.now() + minutes(29)));
    expect(await signedIn(cookie)).toBe(true);
    vi.setSystemTime(new Date(Date.now() + minutes(29)));
    expect(await signedIn(cookie)).toBe(true);
    vi.setSystemTime(new Date(Date.now() + minutes(31)));
    expect(await signedIn(cookie)).toBe(false);
  });

  it('ends 12 hours after sign-in however active the person is', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T07:00:00Z'));
    const { cookie } = await signIn();
    for (let elapsed = 20; elapsed < 12 * 60; elapsed += 20) {
      vi.setSystemTime(new Date(Date.parse('2026-11-24T07:00:00Z') + minutes(elapsed)));
      expect(await signedIn(cookie), `after ${elapsed} minutes`).toBe(true);
    }
    vi.setSystemTime(new Date(Date.parse('2026-11-24T07:00:00Z') + minutes(12 * 60)));
    expect(await signedIn(cookie)).toBe(false);
  });

  it('sign-out ends the session on the server', async () => {
    const { cookie } = await signIn();
    const page = await app.inject({ url: '/', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const out = await app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.statusCode).toBe(303);
    // The old cookie, replayed, no longer signs anyone in.
    expect(await signedIn(cookie)).toBe(false);
  });
});

describe('ending the other sessions', () => {
  const me = async (token: string) =>
    (await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode;
  const makeToken = () => accountsService(t.database.db).createToken(email, orgSlug, 'sheet');
  let orgSlug = '';
  beforeAll(async () => {
    const org = await t.database.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .select('organisations.slug')
      .where('users.email', '=', email)
      .executeTakeFirstOrThrow();
    orgSlug = org.slug;
  });

  /** The stored session behind a cookie, as a request in flight holds it in memory. */
  async function storedSession(cookie: string) {
    const sid = decodeURIComponent(cookie.replace(/^waymark=/, ''))
      .replace(/^s:/, '')
      .split('.')[0];
    return t.database.db
      .selectFrom('sessions')
      .selectAll()
      .where('sid', '=', sid ?? '')
      .executeTakeFirstOrThrow();
  }

  async function signOutEverywhere(cookie: string) {
    const account = await app.inject({ url: '/account', headers: { cookie } });
    expect(account.statusCode).toBe(200);
    return app.inject({
      method: 'POST',
      url: '/account/sign-out-everywhere',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ _csrf: csrfOf(account.body) }).toString(),
    });
  }

  it('"sign out everywhere" says first what it does, then ends every other session and revokes the tokens', async () => {
    const here = await signIn();
    const phone = await signIn();
    const laptop = await signIn();
    const token = await makeToken();
    expect(await me(token)).toBe(200);
    // A sign-in link sent earlier and not yet used, as one in a mailbox someone else reads would be.
    const personId = (
      await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
    ).id;
    const link = await insertSignInLink(t.database.db, personId, new Date(Date.now() + 5 * 60 * 1000));
    const account = await app.inject({ url: '/account', headers: { cookie: here.cookie } });
    expect(account.body).toContain('Sign out on every other device');
    expect(account.body).toContain('This also revokes all your API tokens');
    const out = await signOutEverywhere(here.cookie);
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/account?saved=signed-out-everywhere');
    expect(await signedIn(here.cookie)).toBe(true);
    expect(await signedIn(phone.cookie)).toBe(false);
    expect(await signedIn(laptop.cookie)).toBe(false);
    expect(await me(token)).toBe(401);
    // The link sent before no longer signs anyone in.
    const form = await app.inject('/sign-in');
    const pressed = await app.inject({
      method: 'POST',
      url: `/sign-in/link/${link}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `waymark=${form.cookies.find((c) => c.name === 'waymark')?.value}`,
      },
      payload: new URLSearchParams({ _csrf: csrfOf(form.body) }).toString(),
    });
    expect(pressed.statusCode).toBe(410);
    const after = await app.inject({ url: '/account?saved=signed-out-everywhere', headers: { cookie: here.cookie } });
    expect(after.body).toContain('You were signed out on every other device, and your API tokens were revoked.');
  });

  it('a password change says first what it does, then ends every other session and revokes the tokens', async () => {
    const here = await signIn();
    const other = await signIn();
    const token = await makeToken();
    const form = await app.inject({ url: '/account/password', headers: { cookie: here.cookie } });
    expect(form.body).toContain(
      'Saving a new password signs you out on every other device and revokes all your API tokens.',
    );
    const newPassword = 'harbour lantern thistle';
    const saved = await postForm(app, here.cookie, '/account/password', '/account/password', {
      current: password,
      password: newPassword,
    });
    try {
      expect(saved.statusCode).toBe(303);
      expect(await signedIn(here.cookie)).toBe(true);
      expect(await signedIn(other.cookie)).toBe(false);
      expect(await me(token)).toBe(401);
    } finally {
      // Put the password back for the other tests (which signs the first session's siblings out again).
      const back = await postForm(app, here.cookie, '/account/password', '/account/password', {
        current: newPassword,
        password,
      });
      expect(back.statusCode).toBe(303);
    }
  });

  it('a refused password change ends nothing', async () => {
    const here = await signIn();
    const other = await signIn();
    const token = await makeToken();
    const refused = await postForm(app, here.cookie, '/account/password', '/account/password', {
      current: 'not my password',
      password: 'harbour lantern thistle',
    });
    expect(refused.statusCode).toBe(400);
    expect(await signedIn(other.cookie)).toBe(true);
    expect(await me(token)).toBe(200);
  });

  it('stays ended when a request in flight writes the old session back', async () => {
    const here = await signIn();
    const other = await signIn();
    // A request on the other session that started before the sign-out holds the session in memory and
    // saves it when it finishes (sessions roll on every request), after the sign-out deleted it.
    const inFlight = await storedSession(other.cookie);
    expect((await signOutEverywhere(here.cookie)).statusCode).toBe(303);
    await t.database.db.insertInto('sessions').values(inFlight).execute();
    expect(await signedIn(other.cookie)).toBe(false);
    expect(await signedIn(here.cookie)).toBe(true);
  });

  it('stays ended after a disabled account is enabled again, even for a session written back or a token', async () => {
    const person = await signIn();
    const token = await makeToken();
    const inFlight = await storedSession(person.cookie);
    const personId = (
      await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()
    ).id;
    const accounts = accountsService(t.database.db);
    await accounts.setDisabled(personId, personId, true);
    await t.database.db.insertInto('sessions').values(inFlight).execute();
    await accounts.setDisabled(personId, personId, false);
    expect(await signedIn(person.cookie)).toBe(false);
    // Disabling revoked the token: enabling the account again does not bring it back.
    expect(await me(token)).toBe(401);
    expect(await signedIn((await signIn()).cookie)).toBe(true);
  });
});

describe('behind a TLS proxy', () => {
  async function signInThrough(headers: Record<string, string>, trustProxy: false | number) {
    const behind = await appOn(t.database.db, t.database.pool, { baseUrl: 'https://waymark.example', trustProxy });
    try {
      return await postSignIn(behind, { email, password }, { headers, remoteAddress: '127.0.0.1' });
    } finally {
      await behind.close();
    }
  }

  it('sets a __Host- cookie that is Secure, HttpOnly, SameSite=Lax, host-only, when the trusted proxy says https', async () => {
    const response = await signInThrough({ 'x-forwarded-proto': 'https' }, 1);
    expect(response.statusCode).toBe(303);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^__Host-waymark=/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).not.toMatch(/Domain=/);
  });

  it('never sends the session cookie over plain http, nor when an untrusted client claims https', async () => {
    for (const [headers, trust] of [
      [{}, 1],
      [{ 'x-forwarded-proto': 'https' }, false],
    ] as const) {
      const response = await signInThrough(headers, trust);
      expect(response.cookies.find((c) => c.name.endsWith('waymark'))).toBeUndefined();
    }
  });
});
