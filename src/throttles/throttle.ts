// Throttles on everything that sends email or writes for someone, counted in PostgreSQL (the `throttles`
// table sign-in also uses) so every instance shares one count.

import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { type Limit, type LimitName, type LimitOverrides, refusalText, writeLimits } from './limits.ts';

export interface Refusal {
  limit: LimitName;
  retryAfterSeconds: number;
  /** What was limited, to how many, and how long to wait, in a sentence. */
  message: string;
}

/** The keys to count one action against: a limit's name and whose count it is (a person's id, a story's...). */
export type ThrottleKeys = Partial<Record<LimitName, string>>;

export interface WriteThrottles {
  /** The limits in force (the defaults, or a test's overrides). */
  readonly limits: Record<LimitName, Limit>;
  /**
   * Counts one action (or `points` of them, as a staff import does) against each limit named. The refusal of
   * the first limit that is full, and then nothing is counted anywhere; undefined when the action may go ahead.
   */
  consume(keys: ThrottleKeys, points?: number): Promise<Refusal | undefined>;
  /** Gives back what `consume` counted, for an action that then did not happen (a form with a mistake). */
  giveBack(keys: ThrottleKeys, points?: number): Promise<void>;
}

/** A counter in the shared `throttles` table (created by migration 0002), for sign-in's limits and these. */
export function postgresLimiter(pool: pg.Pool, keyPrefix: string, points: number, durationSeconds: number) {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'throttles',
    tableCreated: true,
    keyPrefix,
    points,
    duration: durationSeconds,
  });
}

export function writeThrottles(pool: pg.Pool, overrides: LimitOverrides = {}): WriteThrottles {
  const limits = Object.fromEntries(
    Object.entries(writeLimits).map(([name, limit]) => [name, { ...limit, ...overrides[name as LimitName] }]),
  ) as Record<LimitName, Limit>;
  const limiters = new Map<LimitName, RateLimiterPostgres>();
  const limiterFor = (name: LimitName) => {
    let limiter = limiters.get(name);
    if (!limiter) {
      limiter = postgresLimiter(pool, `write_${name}`, limits[name].points, limits[name].durationSeconds);
      limiters.set(name, limiter);
    }
    return limiter;
  };

  return {
    limits,
    async consume(keys, points = 1) {
      const counted: [RateLimiterPostgres, string][] = [];
      for (const [name, key] of Object.entries(keys) as [LimitName, string | undefined][]) {
        if (key === undefined) continue;
        const limiter = limiterFor(name);
        try {
          await limiter.consume(key, points);
          counted.push([limiter, key]);
        } catch (err) {
          // Over the limit, consume rejects with the limiter's answer (and has still added the points).
          if (!(err instanceof RateLimiterRes)) throw err;
          // A refused action is not counted: giving the points back keeps an import larger than what is left
          // of the day's allowance from using it all up, and spares the limits counted before this one.
          await Promise.all([...counted, [limiter, key] as const].map(([l, k]) => l.reward(k, points)));
          const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
          return { limit: name, retryAfterSeconds, message: refusalText(limits[name], retryAfterSeconds) };
        }
      }
      return undefined;
    },
    async giveBack(keys, points = 1) {
      const counted = Object.entries(keys).filter((entry): entry is [LimitName, string] => entry[1] !== undefined);
      await Promise.all(counted.map(([name, key]) => limiterFor(name).reward(key, points)));
    },
  };
}
