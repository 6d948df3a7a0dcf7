// A warning before sign-in is paused: when one or two tries are left, the error says so, with the true
// numbers from the limits table, and says when the pause has started. The expected words are written out
// here by hand, for the limits as they stand.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInLimits } from '../../src/accounts/throttle.ts';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { readErrorPage } from '../support/error-page.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const wrong = 'The email address or password is not right';

/** The email field's message after each failure in a row: the same in the error summary and by the field. */
async function messagesAfterFailures(
  address: string,
  count: number,
  attempt: (i: number) => { email: string; password: string },
) {
  const said: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await postSignIn(t.app, attempt(i), { remoteAddress: address });
    expect(response.statusCode).toBe(400);
    const page = readErrorPage(response.body);
    expect(page.summary).toEqual([{ href: '#email', text: page.messages[0]?.text }]);
    expect(page.messages.map((m) => m.id)).toEqual(['email-error']);
    said.push(page.messages[0]?.text ?? '');
  }
  return said;
}

describe('the warning before sign-in is paused', () => {
  it('is written for the limits as they stand', () => {
    expect(signInLimits.consecutivePerAccountAndAddress).toBe(10);
    expect(signInLimits.accountLockSeconds).toBe(15 * 60);
    expect(signInLimits.perAddressPerDay).toBe(100);
    expect(signInLimits.addressLockSeconds).toBe(24 * 60 * 60);
  });

  it('counts down the last two tries for one account, then says the pause has started', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T20:42:00Z'));
    const email = t.credentials[0]?.email ?? '';
    const said = await messagesAfterFailures('10.9.0.1', 10, () => ({ email, password: 'not-the-password' }));
    expect(said).toEqual([
      wrong,
      wrong,
      wrong,
      wrong,
      wrong,
      wrong,
      wrong,
      `${wrong}. You have 2 more tries before sign-in is paused for 15 minutes`,
      `${wrong}. You have 1 more try before sign-in is paused for 15 minutes`,
      `${wrong}. Sign-in is now paused for 15 minutes: you can still ask for a link to sign in by email`,
    ]);
    const paused = await postSignIn(
      t.app,
      { email, password: t.credentials[0]?.password ?? '' },
      {
        remoteAddress: '10.9.0.1',
      },
    );
    expect(paused.statusCode).toBe(429);
  });

  it('warns about the address’s daily limit when guesses at many accounts come from one place', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-05T09:00:00Z'));
    // 97 guesses, each at another account, so only the address's count comes near its limit...
    const guess = (i: number) => ({ email: `guess${i}@example.org`, password: 'a-guessed-password' });
    const first = await messagesAfterFailures('10.9.0.2', 97, guess);
    expect(new Set(first)).toEqual(new Set([wrong]));
    // ...and the last three it may make today.
    const last = await messagesAfterFailures('10.9.0.2', 3, (i) => guess(97 + i));
    expect(last).toEqual([
      `${wrong}. You have 2 more tries before sign-in is paused for 24 hours`,
      `${wrong}. You have 1 more try before sign-in is paused for 24 hours`,
      `${wrong}. Sign-in is now paused for 24 hours: you can still ask for a link to sign in by email`,
    ]);
  });
});
