// Reading group sessions as iCalendar (ical-generator): the invite a person adds to their calendar
// (METHOD:REQUEST), the same with a higher SEQUENCE after a change, a cancellation (METHOD:CANCEL), and the
// subscribable feeds (METHOD:PUBLISH). Times are written in UTC, which every calendar reads the same way;
// the UID is the session's id, so each version replaces the last.
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { SessionRow } from './repository.ts';

export interface CalendarSession {
  id: string;
  title: string;
  groupName: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  onlineLink: string;
  sequence: number;
  cancelled: boolean;
  /** When it last changed: the DTSTAMP, so a calendar can tell versions apart. */
  updatedAt: Date;
  url: string;
}

export type CalendarMethod = 'request' | 'cancel' | 'publish';

const methods: Record<CalendarMethod, ICalCalendarMethod> = {
  request: ICalCalendarMethod.REQUEST,
  cancel: ICalCalendarMethod.CANCEL,
  publish: ICalCalendarMethod.PUBLISH,
};

/** The UID every version of a session's event carries. */
export const sessionUid = (id: string) => `reading-group-session-${id}@waymark`;

export function sessionsCalendar(name: string, method: CalendarMethod, sessions: readonly CalendarSession[]): string {
  const calendar = ical({
    name,
    method: methods[method],
    prodId: { company: 'Waymark', product: 'Reading groups', language: 'EN' },
  });
  for (const s of sessions) {
    const where = [s.place, s.onlineLink].filter((part) => part !== '').join(', ');
    calendar.createEvent({
      id: sessionUid(s.id),
      sequence: s.sequence,
      stamp: s.updatedAt,
      start: s.startsAt,
      end: s.endsAt,
      summary: `${s.groupName}: ${s.title}`,
      description: `A session of the reading group “${s.groupName}”. Details and your answer: ${s.url}`,
      location: where === '' ? null : where,
      url: s.url,
      status: s.cancelled || method === 'cancel' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** A session as a calendar holds it, its page at `baseUrl`. */
export function calendarSessionOf(baseUrl: string, group: { name: string }, s: SessionRow): CalendarSession {
  return {
    id: s.id,
    title: s.title,
    groupName: group.name,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    place: s.place,
    onlineLink: s.online_link,
    sequence: s.sequence,
    cancelled: s.cancelled_at !== null,
    updatedAt: s.updated_at,
    url: `${baseUrl}/groups/${s.group_id}/sessions/${s.id}`,
  };
}

/** The invitation an email carries (src/email/outbox.ts `calendar`): a request, or the cancellation. */
export const sessionInvite = (baseUrl: string, group: { name: string }, s: SessionRow) =>
  sessionsCalendar(group.name, s.cancelled_at ? 'cancel' : 'request', [calendarSessionOf(baseUrl, group, s)]);
