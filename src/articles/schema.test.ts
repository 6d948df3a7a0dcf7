import { describe, expect, it } from 'vitest';
import { scheduleTime } from './schema.ts';

describe('when a scheduled article is published', () => {
  // Written out by hand from the UK's clock changes (28 March and 31 October 2027): GMT in winter, BST
  // (UTC+1) in summer; in the repeated hour of October the first (BST) time is meant.
  const now = new Date('2027-01-01T00:00:00Z');
  const table: [day: string, month: string, time: string, instant: string][] = [
    ['15', '1', '09:30', '2027-01-15T09:30:00.000Z'],
    ['1', '7', '09:30', '2027-07-01T08:30:00.000Z'],
    ['28', '3', '00:59', '2027-03-28T00:59:00.000Z'],
    ['28', '3', '02:00', '2027-03-28T01:00:00.000Z'],
    ['28', '3', '09:00', '2027-03-28T08:00:00.000Z'],
    ['31', '10', '00:30', '2027-10-30T23:30:00.000Z'],
    ['31', '10', '01:30', '2027-10-31T00:30:00.000Z'],
    ['31', '10', '01.00', '2027-10-31T00:00:00.000Z'],
    ['31', '10', '02:00', '2027-10-31T02:00:00.000Z'],
    ['31', '10', '09:00', '2027-10-31T09:00:00.000Z'],
  ];
  it.each(table)('%s/%s/2027 at %s in London is %s', (day, month, time, instant) => {
    expect(scheduleTime({ day, month, year: '2027', time }, now)).toEqual({ ok: true, at: new Date(instant) });
  });

  it('refuses a time the clocks skip, in the words the session form uses', () => {
    for (const time of ['01:00', '01:30', '01:59']) {
      expect(scheduleTime({ day: '28', month: '3', year: '2027', time }, now)).toEqual({
        ok: false,
        problems: {
          time: 'Time to publish falls in the hour the clocks go forward: choose a time before 1am or from 2am',
        },
      });
    }
  });

  it('takes a real date and time still to come, and says what is wrong otherwise', () => {
    const now = new Date('2027-03-01T12:00:00Z');
    expect(scheduleTime({ day: '2', month: '3', year: '2027', time: '09:15' }, now)).toEqual({
      ok: true,
      at: new Date('2027-03-02T09:15:00Z'),
    });
    const problem = (fields: Record<string, string>) => {
      const result = scheduleTime(fields, now);
      return result.ok ? undefined : result.problems;
    };
    expect(problem({})).toEqual({ 'publish-date': 'Enter the date to publish the article' });
    expect(problem({ day: '30', month: '2', year: '2027', time: '09:00' })).toEqual({
      'publish-date': 'Date to publish must be a real date, like 27 3 2027',
    });
    expect(problem({ day: '1', month: '3', year: '2027', time: '11:59' })).toEqual({
      'publish-date': 'Date and time to publish must be in the future',
    });
    expect(problem({ day: '2', month: '3', year: '2027', time: 'noon' })).toEqual({
      time: 'Enter a time in 24-hour form, like 09:30 or 17:00',
    });
    expect(problem({ day: '2', month: '3', year: '2027', time: '24:00' })).toEqual({
      time: 'Enter a time in 24-hour form, like 09:30 or 17:00',
    });
  });
});
