// Sign-in throttling: ten failures in a row lock one account from one address for 15 minutes, with a
// 429, a Retry-After and a page a person can read; a forged X-Forwarded-For does not get round it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInLimits } from '../../src/accounts/throttle.ts';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';

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
});
