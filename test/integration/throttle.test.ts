// Sign-in throttling: ten failures in a row lock one account from one address for 15 minutes, with a
// 429, a Retry-After and a page a person can read; a forged X-Forwarded-For does not get round it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { linkRequestLimits, signInLimits } from '../../src/accounts/throttle.ts';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { csrfOf } from '../support/forms.ts';

let t: TestApp;
let app: TestApp['app'];
let email = '';
let password = '';
beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
  email = t.credentials[0]?.email ?? '';
  password = t.credentials[0]?.password ?? '';
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const signIn = (address: string, attempt: { email: string; password: string }, headers = {}) =>
  postSignIn(app, attempt, { remoteAddress: address, headers });

describe('sign-in throttling', () => {
  it('locks an account from one address after ten failures in a row, for fifteen minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
    const wrong = { email, password: 'not-the-password' };
    for (let i = 0; i < signInLimits.consecutivePerAccountAndAddress; i++) {
      expect((await signIn('10.0.0.1', wrong)).statusCode).toBe(400);
    }
    const locked = await signIn('10.0.0.1', { email, password });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(locked.body).toContain('Too many attempts to sign in. Wait 15 minutes and try again');
    expect(locked.body).toContain(`value="${email}"`);

    // A forged header does not make the same socket look like someone else.
    expect((await signIn('10.0.0.1', { email, password }, { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(429);
    // The same person elsewhere is not locked out.
    expect((await signIn('10.0.0.2', { email, password })).statusCode).toBe(303);

    vi.setSystemTime(new Date('2026-11-23T09:15:01Z'));
    expect((await signIn('10.0.0.1', { email, password })).statusCode).toBe(303);
  });

  it('starts counting again after a successful sign-in', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T09:00:00Z'));
    const wrong = { email, password: 'still-wrong' };
    for (let i = 0; i < signInLimits.consecutivePerAccountAndAddress - 1; i++) await signIn('10.0.0.3', wrong);
    expect((await signIn('10.0.0.3', { email, password })).statusCode).toBe(303);
    for (let i = 0; i < signInLimits.consecutivePerAccountAndAddress - 1; i++) {
      expect((await signIn('10.0.0.3', wrong)).statusCode).toBe(400);
    }
  });

  it(`locks one address after ${signInLimits.perAddressPerDay} failures in a day, whichever accounts they were for`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-25T09:00:00Z'));
    for (let i = 0; i < signInLimits.perAddressPerDay; i++) {
      // A different account each time, so only the address counter can lock.
      const attempt = { email: `guess${i}@example.org`, password: 'a-guessed-password' };
      expect((await signIn('10.0.4.1', attempt)).statusCode).toBe(400);
    }
    const locked = await signIn('10.0.4.1', { email, password });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(23 * 60 * 60);
    expect((await signIn('10.0.4.1', { email, password }, { 'x-forwarded-for': '198.51.100.4' })).statusCode).toBe(429);
    expect((await signIn('10.0.4.2', { email, password })).statusCode).toBe(303);
  });
});

describe('sign-in link throttling', () => {
  const requestLink = async (address: string, remoteAddress: string, headers: Record<string, string> = {}) => {
    const page = await app.inject({ url: '/sign-in/link', remoteAddress });
    return app.inject({
      method: 'POST',
      url: '/sign-in/link',
      remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        ...headers,
      },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), email: address }).toString(),
    });
  };

  it(`allows ${linkRequestLimits.perNetworkAddress} requests from one network address in 30 minutes, for any addresses`, async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T09:00:00Z'));
    for (let i = 0; i < linkRequestLimits.perNetworkAddress; i++) {
      expect((await requestLink(`reader${i}@example.org`, '10.0.5.1')).statusCode).toBe(200);
    }
    const refused = await requestLink('someone.new@example.org', '10.0.5.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many links asked for');
    // A forged X-Forwarded-For does not make the same socket a new address.
    const forged = await requestLink('someone.new@example.org', '10.0.5.1', { 'x-forwarded-for': '198.51.100.5' });
    expect(forged.statusCode).toBe(429);
    expect((await requestLink('someone.new@example.org', '10.0.5.2')).statusCode).toBe(200);
    vi.setSystemTime(new Date('2026-11-26T09:30:01Z'));
    expect((await requestLink('someone.else@example.org', '10.0.5.1')).statusCode).toBe(200);
  });
});
