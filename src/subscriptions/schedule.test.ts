import { describe, expect, it } from 'vitest';
import { digestDue, latestSlot } from './schedule.ts';

describe('digest slots in London time', () => {
  // Hand-written: 7am London is 07:00 UTC in winter and 06:00 UTC in summer.
  const cases: [string, 'daily' | 'weekly', string][] = [
    ['2026-12-05T10:00:00Z', 'daily', '2026-12-05T07:00:00.000Z'], // Saturday, after 7am
    ['2026-12-05T06:59:00Z', 'daily', '2026-12-04T07:00:00.000Z'], // before 7am: yesterday's
    ['2026-07-01T06:30:00Z', 'daily', '2026-07-01T06:00:00.000Z'], // BST: 7:30am London
    ['2026-07-01T05:30:00Z', 'daily', '2026-06-30T06:00:00.000Z'], // BST: 6:30am London
    ['2026-12-05T10:00:00Z', 'weekly', '2026-11-30T07:00:00.000Z'], // Saturday: last Monday
    ['2026-11-30T07:00:00Z', 'weekly', '2026-11-30T07:00:00.000Z'], // Monday 7am exactly
    ['2026-11-30T06:59:00Z', 'weekly', '2026-11-23T07:00:00.000Z'], // Monday before 7am: the week before
    ['2027-03-29T06:10:00Z', 'weekly', '2027-03-29T06:00:00.000Z'], // the Monday after the clocks go forward
    ['2026-10-26T07:10:00Z', 'weekly', '2026-10-26T07:00:00.000Z'], // the Monday after they go back
  ];
  it.each(cases)('at %s the latest %s slot is %s', (now, frequency, slot) => {
    expect(latestSlot(frequency, new Date(now)).toISOString()).toBe(slot);
  });

  it('is due once per slot, always when immediate, never when off', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    expect(digestDue('daily', new Date('2026-12-05T06:00:00Z'), now)).toBe(true);
    expect(digestDue('daily', new Date('2026-12-05T07:05:00Z'), now)).toBe(false);
    expect(digestDue('weekly', new Date('2026-12-01T07:05:00Z'), now)).toBe(false);
    expect(digestDue('weekly', new Date('2026-11-29T07:05:00Z'), now)).toBe(true);
    expect(digestDue('immediate', now, now)).toBe(true);
    expect(digestDue('off', new Date(0), now)).toBe(false);
  });
});
