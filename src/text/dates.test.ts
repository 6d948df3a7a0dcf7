// One date and time style everywhere, checked against a hand-written table: London's time in winter (GMT)
// and in summer (BST), either side of both clock changes, midnight and noon.
import { describe, expect, it } from 'vitest';
import { dateText, dateTimeText, londonToInstant, londonWallClock, timeText } from './dates.ts';

const table: [instant: string, date: string, dateTime: string][] = [
  ['2026-12-04T20:42:00Z', '4 December 2026', '4 December 2026 at 8:42pm'], // GMT: London is UTC
  ['2026-07-04T20:42:00Z', '4 July 2026', '4 July 2026 at 9:42pm'], // BST: London is an hour ahead
  ['2026-07-04T23:30:00Z', '5 July 2026', '5 July 2026 at 12:30am'], // the next day already in London
  ['2026-12-05T00:00:00Z', '5 December 2026', '5 December 2026 at 12:00am'], // midnight
  ['2026-12-05T12:00:00Z', '5 December 2026', '5 December 2026 at 12:00pm'], // noon
  ['2026-06-21T11:00:00Z', '21 June 2026', '21 June 2026 at 12:00pm'], // noon in summer
  ['2026-03-29T00:59:00Z', '29 March 2026', '29 March 2026 at 12:59am'], // the last minute of GMT
  ['2026-03-29T01:00:00Z', '29 March 2026', '29 March 2026 at 2:00am'], // clocks go forward
  ['2026-10-25T00:30:00Z', '25 October 2026', '25 October 2026 at 1:30am'], // BST, before they go back
  ['2026-10-25T01:30:00Z', '25 October 2026', '25 October 2026 at 1:30am'], // GMT, after they go back
  ['2027-01-01T09:05:00Z', '1 January 2027', '1 January 2027 at 9:05am'],
];

describe('dates and times', () => {
  it.each(table)('%s is %s, and %s', (instant, date, dateTime) => {
    expect(dateText(new Date(instant))).toBe(date);
    expect(dateTimeText(new Date(instant))).toBe(dateTime);
    expect(dateTimeText(instant)).toBe(dateTime);
    expect(timeText(instant)).toBe(dateTime.split(' at ')[1]);
  });
});

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
