// Throttling sign-in, shared by every instance through PostgreSQL: 10 failures in a row for one account
// from one address lock that pair for 15 minutes; 100 failures from one address in a day lock the address.

import type pg from 'pg';
import { type RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { postgresLimiter } from '../throttles/throttle.ts';

export const signInLimits = {
  consecutivePerAccountAndAddress: 10,
  accountLockSeconds: 15 * 60,
  perAddressPerDay: 100,
  addressLockSeconds: 24 * 60 * 60,
} as const;

/** How close a failure has brought the caller to a pause: the tries left before it, and how long it lasts. */
export interface TriesLeft {
  tries: number;
  pauseSeconds: number;
}

export interface SignInThrottle {
  /** Seconds until the caller may try again, or 0 when they may try now. */
  retryAfter(email: string, address: string): Promise<number>;
  /** Counts a failure; the tries left before the nearest pause (0 once it has started). */
  failed(email: string, address: string): Promise<TriesLeft>;
  succeeded(email: string, address: string): Promise<void>;
}

export function signInThrottle(pool: pg.Pool): SignInThrottle {
  const byAccount = postgresLimiter(
    pool,
    'signin_account_address',
    signInLimits.consecutivePerAccountAndAddress,
    24 * 60 * 60,
  );
  const byAddress = postgresLimiter(pool, 'signin_address', signInLimits.perAddressPerDay, 24 * 60 * 60);
  const accountKey = (email: string, address: string) => `${email.trim().toLowerCase()}|${address}`;
  // A blocked key holds more points than the limit allows, until the block expires.
  const wait = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints > points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;

  /** Counts a failure; the one that reaches the limit starts the lock. The tries left before it. */
  const consume = async (l: RateLimiterPostgres, key: string, lockSeconds: number): Promise<TriesLeft> => {
    let res: RateLimiterRes;
    try {
      res = await l.consume(key);
    } catch (err) {
      // Over the limit consume rejects with the limiter's answer: already locked, nothing more to do.
      if (err instanceof RateLimiterRes) return { tries: 0, pauseSeconds: lockSeconds };
      throw err;
    }
    if (res.consumedPoints >= l.points) await l.block(key, lockSeconds);
    return { tries: Math.max(0, l.points - res.consumedPoints), pauseSeconds: lockSeconds };
  };

  return {
    async retryAfter(email, address) {
      const [account, addr] = await Promise.all([byAccount.get(accountKey(email, address)), byAddress.get(address)]);
      return Math.max(
        wait(account, signInLimits.consecutivePerAccountAndAddress),
        wait(addr, signInLimits.perAddressPerDay),
      );
    },
    async failed(email, address) {
      const [account, addr] = await Promise.all([
        consume(byAccount, accountKey(email, address), signInLimits.accountLockSeconds),
        consume(byAddress, address, signInLimits.addressLockSeconds),
      ]);
      // The nearer pause; of two equally near, the longer one is what the person will meet.
      return addr.tries < account.tries || (addr.tries === account.tries && addr.pauseSeconds > account.pauseSeconds)
        ? addr
        : account;
    },
    async succeeded(email, address) {
      await byAccount.delete(accountKey(email, address));
    },
  };
}

export const linkRequestLimits = {
  perEmailAddress: 5,
  perNetworkAddress: 20,
  windowSeconds: 30 * 60,
} as const;

/** Sign-in link requests: 5 per email address and 20 per network address in 30 minutes, on every instance. */
export function linkRequestThrottle(pool: pg.Pool) {
  const byEmail = postgresLimiter(
    pool,
    'link_email',
    linkRequestLimits.perEmailAddress,
    linkRequestLimits.windowSeconds,
  );
  const byAddress = postgresLimiter(
    pool,
    'link_address',
    linkRequestLimits.perNetworkAddress,
    linkRequestLimits.windowSeconds,
  );
  return {
    /** Counts a request; the seconds to wait when it is over a limit (and must not be sent), else 0. */
    async consume(email: string, address: string): Promise<number> {
      const results = await Promise.allSettled([
        byEmail.consume(email.trim().toLowerCase()),
        byAddress.consume(address),
      ]);
      let waitSeconds = 0;
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        if (!(result.reason instanceof RateLimiterRes)) throw result.reason;
        waitSeconds = Math.max(waitSeconds, Math.max(1, Math.ceil(result.reason.msBeforeNext / 1000)));
      }
      return waitSeconds;
    },
  };
}
