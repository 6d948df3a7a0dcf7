import { describe, expect, it } from 'vitest';
import { durationText, limits, periods, sessionCookieFor } from './facts.ts';

describe('the facts the about pages state', () => {
  it('says a period in the largest whole unit, as people say it', () => {
    const minute = 60_000;
    const table: [number, string][] = [
      [1000, '1 second'],
      [90_000, '90 seconds'],
      [minute, '1 minute'],
      [30 * minute, '30 minutes'],
      [60 * minute, '1 hour'],
      [90 * minute, '90 minutes'],
      [12 * 60 * minute, '12 hours'],
      [24 * 60 * minute, '24 hours'],
      [48 * 60 * minute, '2 days'],
      [36 * 60 * minute, '36 hours'],
      [14 * 24 * 60 * minute, '14 days'],
    ];
    for (const [ms, words] of table) expect(durationText(ms), words).toBe(words);
    for (const bad of [0, -minute, 1.5, Number.NaN]) expect(() => durationText(bad)).toThrow(RangeError);
  });

  it('are the periods and limits the code runs on (written here by hand, so a change is noticed)', () => {
    expect(periods).toEqual({
      sessionIdle: '30 minutes',
      sessionLongest: '12 hours',
      signInLink: '10 minutes',
      invitation: '14 days',
      consentLink: '30 days',
      sentEmail: '7 days',
      unconfirmedImport: '7 days',
      signInLock: '15 minutes',
      addressLock: '24 hours',
      signInLinkKept: '24 hours',
    });
    expect(limits).toEqual({
      failedSignIns: 10,
      failedSignInsPerAddress: 100,
      retentionMinDays: 30,
      retentionMaxDays: 3650,
    });
  });

  it('names the session cookie a deployment sets: __Host- behind https, plain on http', () => {
    expect(sessionCookieFor('https://waymark.example')).toBe('__Host-waymark');
    expect(sessionCookieFor('http://localhost:3000')).toBe('waymark');
  });
});
