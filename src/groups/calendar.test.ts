import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { londonToInstant } from '../text/dates.ts';
import { type CalendarSession, sessionsCalendar, sessionUid } from './calendar.ts';

const at = (date: string, time: string) => {
  const result = londonToInstant(date, time);
  if (!result.ok) throw new Error(`${date} ${time}`);
  return result.at;
};

const session = (over: Partial<CalendarSession> = {}): CalendarSession => ({
  id: '2f0c6d1e-6a8b-4a59-9c1e-0d3c0b7e9a10',
  title: 'Chapter three',
  groupName: 'Wednesday readers',
  startsAt: at('2027-10-31', '10:30'),
  endsAt: at('2027-10-31', '12:00'),
  place: 'Room 4, Town Hall',
  onlineLink: '',
  sequence: 0,
  cancelled: false,
  updatedAt: new Date('2027-10-01T12:00:00Z'),
  url: 'https://waymark.example/groups/g/sessions/s',
  ...over,
});

/** Parsed with ical.js, a second library that shares no code with the one that wrote it. */
function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  const event = new ICAL.Event(component.getFirstSubcomponent('vevent') as ICAL.Component);
  return { method: component.getFirstPropertyValue('method'), event };
}

describe('session calendars', () => {
  it('writes an invite with the session’s UTC times, its UID and sequence', () => {
    const { method, event } = parse(sessionsCalendar('Wednesday readers', 'request', [session()]));
    expect(method).toBe('REQUEST');
    expect(event.uid).toBe(sessionUid('2f0c6d1e-6a8b-4a59-9c1e-0d3c0b7e9a10'));
    expect(event.sequence).toBe(0);
    // 10:30 on the Sunday the clocks go back is GMT: 10:30 UTC.
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-10-31T10:30:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2027-10-31T12:00:00.000Z');
    expect(event.location).toBe('Room 4, Town Hall');
    expect(event.summary).toBe('Wednesday readers: Chapter three');
  });

  it('keeps the UID and raises the sequence for an update, and cancels with METHOD:CANCEL', () => {
    const first = parse(sessionsCalendar('g', 'request', [session()])).event;
    const moved = parse(
      sessionsCalendar('g', 'request', [session({ sequence: 1, startsAt: at('2027-03-28', '10:30') })]),
    ).event;
    expect(moved.uid).toBe(first.uid);
    expect(moved.sequence).toBe(1);
    // 10:30 on the Sunday the clocks go forward is BST: 09:30 UTC.
    expect(moved.startDate.toJSDate().toISOString()).toBe('2027-03-28T09:30:00.000Z');
    const cancelled = parse(sessionsCalendar('g', 'cancel', [session({ sequence: 2, cancelled: true })]));
    expect(cancelled.method).toBe('CANCEL');
    expect(cancelled.event.uid).toBe(first.uid);
    expect(cancelled.event.sequence).toBe(2);
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
