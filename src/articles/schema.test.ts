import { describe, expect, it } from 'vitest';
import { londonTime, scheduleTime } from './schema.ts';

describe('when a scheduled article is published', () => {
  it('reads the time as London’s, in winter and in summer', () => {
    expect(londonTime(2027, 1, 15, 9, 30).toISOString()).toBe('2027-01-15T09:30:00.000Z');
    expect(londonTime(2027, 7, 1, 9, 30).toISOString()).toBe('2027-07-01T08:30:00.000Z');
    // The mornings the clocks change (28 March and 31 October 2027).
    expect(londonTime(2027, 3, 28, 9, 0).toISOString()).toBe('2027-03-28T08:00:00.000Z');
    expect(londonTime(2027, 10, 31, 9, 0).toISOString()).toBe('2027-10-31T09:00:00.000Z');
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
