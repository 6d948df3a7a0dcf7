import { describe, expect, it } from 'vitest';
import { londonToInstant, londonWallClock } from './london-time.ts';

// Written out by hand from the UK's clock changes: GMT in winter, BST (UTC+1) from 1am GMT on the last
// Sunday of March to 1am GMT on the last Sunday of October.
const cases: [string, string, string][] = [
  ['2027-01-15', '19:00', '2027-01-15T19:00:00.000Z'],
  ['2027-07-01', '19:00', '2027-07-01T18:00:00.000Z'],
  // 28 March 2027 is the last Sunday of March: 00:59 is GMT, 02:00 is already BST.
  ['2027-03-28', '00:59', '2027-03-28T00:59:00.000Z'],
  ['2027-03-28', '02:00', '2027-03-28T01:00:00.000Z'],
  ['2027-03-28', '10:30', '2027-03-28T09:30:00.000Z'],
  ['2027-03-27', '10:30', '2027-03-27T10:30:00.000Z'],
  // 31 October 2027 is the last Sunday of October: 00:30 is BST, 01:30 happens twice (BST first), 02:00 is GMT.
  ['2027-10-31', '00:30', '2027-10-30T23:30:00.000Z'],
  ['2027-10-31', '01:30', '2027-10-31T00:30:00.000Z'],
  ['2027-10-31', '02:00', '2027-10-31T02:00:00.000Z'],
  ['2027-10-31', '10:30', '2027-10-31T10:30:00.000Z'],
  ['2027-10-30', '10:30', '2027-10-30T09:30:00.000Z'],
];

describe('London time', () => {
  it.each(cases)('%s at %s is %s', (date, time, instant) => {
    const result = londonToInstant(date, time);
    expect(result).toEqual({ ok: true, at: new Date(instant) });
    if (result.ok) expect(londonWallClock(result.at)).toEqual({ date, time: time.padStart(5, '0') });
  });

  it('refuses a time the clocks skip when they go forward', () => {
    expect(londonToInstant('2027-03-28', '01:30')).toEqual({ ok: false, problem: 'skipped' });
    expect(londonToInstant('2026-03-29', '01:00')).toEqual({ ok: false, problem: 'skipped' });
  });

  it('refuses dates and times that do not exist', () => {
    for (const [date, time] of [
      ['2027-02-30', '10:00'],
      ['2027-13-01', '10:00'],
      ['2027-01-01', '24:00'],
      ['2027-01-01', '10:60'],
      ['1 Jan', '10:00'],
      ['2027-01-01', 'ten'],
    ] as const) {
      expect(londonToInstant(date, time), `${date} ${time}`).toEqual({ ok: false, problem: 'invalid' });
    }
  });
});
