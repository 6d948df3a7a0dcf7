// Reading groups as the API shows them: the wire format is chosen here, never a row passed through.
import { z } from 'zod';
import type { GroupRow, SessionRow } from './repository.ts';
import { groupVisibilities, joinRules, rsvpAnswers } from './schema.ts';

export const groupIdParams = z.object({ id: z.uuid() });
export const sessionIdParams = z.object({ id: z.uuid(), sessionId: z.uuid() });
export const groupListQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

export const apiGroup = z.object({
  id: z.uuid(),
  name: z.string(),
  about: z.string(),
  organisation: z.string(),
  visibility: z.enum(['private', ...groupVisibilities]),
  joinRule: z.enum(joinRules),
  members: z.number().int(),
  /** The caller's place in the group, or null. */
  you: z.enum(['facilitator', 'member', 'requested']).nullable(),
  url: z.string(),
});

export const apiSession = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  title: z.string(),
  startsAt: z.string().describe('ISO 8601, UTC'),
  endsAt: z.string().describe('ISO 8601, UTC'),
  place: z.string(),
  onlineLink: z.string(),
  capacity: z.number().int().nullable(),
  going: z.number().int(),
  waiting: z.number().int(),
  answersClosed: z.boolean(),
  cancelled: z.boolean(),
  url: z.string(),
  calendarUrl: z.string(),
});

export const groupListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  items: z.array(apiGroup),
});
export const groupResponse = apiGroup.extend({ sessions: z.array(apiSession) });
export const sessionResponse = apiSession.extend({
  yourAnswer: z.enum(rsvpAnswers).nullable(),
  youAreWaiting: z.boolean(),
});
export const rsvpBody = z.object({ answer: z.enum(rsvpAnswers) });
export const rsvpResponse = z.object({ answer: z.enum(rsvpAnswers), waiting: z.boolean() });

export function presentGroup(g: GroupRow, baseUrl: string): z.infer<typeof apiGroup> {
  return {
    id: g.id,
    name: g.name,
    about: g.about,
    organisation: g.organisation,
    visibility: g.visibility,
    joinRule: g.join_rule,
    members: g.members,
    you: g.mine,
    url: `${baseUrl}/groups/${g.id}`,
  };
}

export function presentSession(s: SessionRow, baseUrl: string): z.infer<typeof apiSession> {
  const url = `${baseUrl}/groups/${s.group_id}/sessions/${s.id}`;
  return {
    id: s.id,
    groupId: s.group_id,
    title: s.title,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    place: s.place,
    onlineLink: s.online_link,
    capacity: s.capacity,
    going: s.going,
    waiting: s.waiting,
    answersClosed: s.rsvps_closed,
    cancelled: s.cancelled_at !== null,
    url,
    calendarUrl: `${url}/calendar.ics`,
  };
}
