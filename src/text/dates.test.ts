// One date and time style everywhere, checked against a hand-written table: London's time in winter (GMT)
// and in summer (BST), either side of both clock changes, midnight and noon.
import { describe, expect, it } from 'vitest';
import { dateText, dateTimeText, timeText } from './dates.ts';

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
