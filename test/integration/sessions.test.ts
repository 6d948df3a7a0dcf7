// Sessions end after 30 minutes idle and 12 hours after sign-in (with a fake clock), cookies carry the
// right flags, and sign-out ends the session on the server, not just in the browser.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appOn, createTestApp, postSignIn, type TestApp } from '../support/app.ts';

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
  it('sets an HttpOnly, SameSite=Lax cookie with a fresh id at sign-in', async () => {
    const before = await app.inject('/sign-in');
    const { response } = await signIn();
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    const old = before.cookies.find((c) => c.name === 'waymark')?.value;
    expect(response.cookies.find((c) => c.name === 'waymark')?.value).not.toBe(old);
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

  it('signs a person out on every device at once', async () => {
    const first = await signIn();
    const second = await signIn();
    expect(await signedIn(second.cookie)).toBe(true);
    const account = await app.inject({ url: '/account', headers: { cookie: first.cookie } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('Sign out on every device');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(account.body)?.[1] ?? '';
    const out = await app.inject({
      method: 'POST',
      url: '/account/sign-out-everywhere',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: first.cookie },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signedOutEverywhere=1');
    expect(await signedIn(first.cookie)).toBe(false);
    expect(await signedIn(second.cookie)).toBe(false);
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
