// Reading groups' use-cases: finding and creating groups, joining, scheduling sessions, and answering them.
// A session's places are decided one answer at a time under a lock on its row, and a place that frees goes
// to the first person waiting, who is told in-app and by email in the same transaction.
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { actor, notificationText } from '../notifications/summary.ts';
import { dateTimeText, londonToInstant, skippedTimeMessage } from '../text/dates.ts';
import { calendarSessionOf, sessionInvite, sessionsCalendar } from './calendar.ts';
import { readingGroupKind } from './kind.ts';
import type { PlacesService } from './places.ts';
import {
  addMember,
  approveRequest,
  facilitatorIds,
  type GroupRow,
  insertGroup,
  insertSession,
  membersOf,
  promoteFirstWaiting,
  readableGroup,
  readableGroups,
  rsvpsOf,
  type SessionRow,
  saveRsvp,
  sessionOf,
  sessionsOf,
  setRsvpsClosed,
  spacesNamed,
  stillReads,
} from './repository.ts';
import type { GroupInput, SessionInput } from './schema.ts';

type Person = Extract<Principal, { kind: 'person' }>;
type Problems = Record<string, string>;
export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problems };

export type RsvpOutcome =
  | { ok: true; answer: 'yes' | 'maybe' | 'no'; waiting: boolean }
  | { ok: false; reason: 'not_member' | 'closed' | 'cancelled' | 'past' };

const isFacilitator = (group: GroupRow) => group.mine === 'facilitator';
const isMember = (group: GroupRow) => group.mine === 'facilitator' || group.mine === 'member';

/** A session's times from the form, checked: a real London time, the end after the start. */
export function sessionTimes(input: SessionInput): Outcome<{ startsAt: Date; endsAt: Date }> {
  const start = londonToInstant(input.date, input.startTime);
  const end = londonToInstant(input.date, input.endTime);
  const problems: Problems = {};
  const says = (problem: 'invalid' | 'skipped', field: string) =>
    problem === 'skipped'
      ? skippedTimeMessage(field)
      : field === 'Start time'
        ? 'Date and start time must be a real date and time'
        : 'End time must be a real time';
  if (!start.ok) problems[start.problem === 'skipped' ? 'startTime' : 'date'] = says(start.problem, 'Start time');
  if (!end.ok) problems.endTime = says(end.problem, 'End time');
  if (start.ok && end.ok && end.at <= start.at) problems.endTime = 'End time must be after the start time';
  if (!start.ok || !end.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, value: { startsAt: start.at, endsAt: end.at } };
}

export function groupsService(
  db: Db,
  {
    email,
    notifications,
    places,
    baseUrl,
    now = () => new Date(),
  }: { email: Outbox; notifications: NotificationsService; places: PlacesService; baseUrl: string; now?: () => Date },
) {
  const sessionUrl = (groupId: string, sessionId: string) => `${baseUrl}/groups/${groupId}/sessions/${sessionId}`;

  const calendarSession = (group: { name: string }, s: SessionRow) => calendarSessionOf(baseUrl, group, s);

  /** Tells each facilitator who may still read the group that someone asked to join, inside `trx`. */
  async function tellFacilitatorsOfRequest(trx: Db, group: GroupRow, personId: string) {
    const facilitators: string[] = [];
    for (const id of await facilitatorIds(trx, group.org_id, group.id)) {
      if (await stillReads(trx, id, group.id)) facilitators.push(id);
    }
    if (facilitators.length === 0) return;
    await notifications.record(trx, {
      orgId: group.org_id,
      personIds: facilitators,
      event: 'group_join_request',
      target: { type: readingGroupKind.type, id: group.id },
      actorId: personId,
      summary: notificationText`${actor} asked to join “${group.name}”.`,
    });
    const asker = await trx.selectFrom('users').select('display_name').where('id', '=', personId).executeTakeFirst();
    const requests = `${baseUrl}/groups/${group.id}#requests`;
    for (const r of await notifications.wanting(facilitators, 'group_join_request', trx)) {
      await email.send(
        {
          to: r.email,
          subject: `${asker?.display_name ?? 'Someone'} asked to join ${group.name}`,
          text: `${asker?.display_name ?? 'Someone'} asked to join “${group.name}”, a reading group you run.\n\nTo let them join, go to the group's requests: ${requests}\n\nYou can choose which emails Waymark sends you: ${baseUrl}/account/notifications`,
        },
        trx,
      );
    }
  }

  /** Confirms a yes to the person who said it, with the session's calendar file to add, inside `trx`. */
  async function confirmAnswer(trx: Db, personId: string, group: GroupRow, session: SessionRow, waiting: boolean) {
    const person = await trx.selectFrom('users').select('email').where('id', '=', personId).executeTakeFirst();
    if (!person) return;
    const url = sessionUrl(group.id, session.id);
    await email.send(
      {
        to: person.email,
        subject: waiting ? `You are on the waiting list: ${session.title}` : `You have a place: ${session.title}`,
        text: `${
          waiting
            ? `“${session.title}” (${group.name}) is full, so you are on the waiting list. If a place comes up, it is yours and we will email you.`
            : `You have a place at “${session.title}” (${group.name}).`
        }\n\nWhen: ${dateTimeText(session.starts_at)} to ${dateTimeText(session.ends_at)} (UK time)${
          session.place ? `\nWhere: ${session.place}` : ''
        }${session.online_link ? `\nOnline: ${session.online_link}` : ''}\n\n${waiting ? 'The session is in your calendar file too, so you can keep the time free' : 'The invitation is attached for your calendar'}, and is also at ${url}/calendar.ics\n\nIf you can no longer come, change your answer so someone else can have the place: ${url}`,
        calendar: sessionInvite(baseUrl, group, session),
      },
      trx,
    );
  }

  return {
    list: (principal: Principal, page: number) => readableGroups(db, principal, page),

    /** One group the caller may read, with their place in it; undefined otherwise. */
    find: (principal: Principal, id: string) => readableGroup(db, principal, id),

    /** The shared spaces the caller may share a new group with. */
    spaceChoices: (caller: Person) => spacesNamed(db, caller.spaceIds),

    async view(principal: Principal, id: string) {
      const group = await readableGroup(db, principal, id);
      if (!group) return undefined;
      const [members, sessions] = await Promise.all([
        membersOf(db, group.org_id, id),
        sessionsOf(db, group.org_id, id),
      ]);
      return {
        group,
        // Who else is in the group is for its members; anyone else sees who runs it.
        members: isMember(group)
          ? members.filter((m) => m.state === 'member')
          : members.filter((m) => m.role === 'facilitator'),
        requests: isFacilitator(group) ? members.filter((m) => m.state === 'requested') : [],
        sessions,
        facilitator: isFacilitator(group),
        member: isMember(group),
      };
    },

    async create(caller: Person, orgId: string, input: GroupInput): Promise<Outcome<string>> {
      if (input.visibility === 'space' && (input.spaceId === null || !caller.spaceIds.includes(input.spaceId))) {
        return { ok: false, problems: { spaceId: 'Select a shared space you belong to' } };
      }
      const id = await db.transaction().execute((trx) =>
        insertGroup(trx, {
          orgId,
          createdBy: caller.personId,
          name: input.name,
          about: input.about,
          visibility: input.visibility,
          spaceId: input.visibility === 'space' ? input.spaceId : null,
          joinRule: input.joinRule,
        }),
      );
      return { ok: true, value: id };
    },

    /**
     * Joins an open group, or asks to join one that needs a facilitator's yes; a new request tells each
     * facilitator (in-app, and by email as they chose) in the same transaction. `asked` is true only then.
     */
    async join(caller: Person, id: string): Promise<{ outcome: 'joined' | 'requested'; asked: boolean } | 'not_found'> {
      return db.transaction().execute(async (trx) => {
        const group = await readableGroup(trx, caller, id);
        if (!group) return 'not_found' as const;
        if (group.mine === 'member' || group.mine === 'facilitator')
          return { outcome: 'joined' as const, asked: false };
        const state = group.join_rule === 'open' ? 'member' : 'requested';
        const added = await addMember(trx, group.org_id, id, caller.personId, state);
        if (state === 'member') return { outcome: 'joined' as const, asked: false };
        if (added) await tellFacilitatorsOfRequest(trx, group, caller.personId);
        return { outcome: 'requested' as const, asked: added };
      });
    },

    async approve(caller: Person, id: string, personId: string): Promise<'approved' | 'not_found'> {
      const group = await readableGroup(db, caller, id);
      if (!group || !isFacilitator(group)) return 'not_found';
      return (await approveRequest(db, group.org_id, id, personId)) ? 'approved' : 'not_found';
    },

    /** The group, if the caller runs it: the form to schedule a session needs nothing more. */
    async facilitated(caller: Person, id: string) {
      const group = await readableGroup(db, caller, id);
      return group && isFacilitator(group) ? group : undefined;
    },

    async schedule(caller: Person, groupId: string, input: SessionInput): Promise<Outcome<string> | 'not_found'> {
      const group = await readableGroup(db, caller, groupId);
      if (!group || !isFacilitator(group)) return 'not_found';
      const times = sessionTimes(input);
      if (!times.ok) return times;
      const id = await insertSession(db, group.org_id, groupId, {
        title: input.title,
        startsAt: times.value.startsAt,
        endsAt: times.value.endsAt,
        place: input.place,
        onlineLink: input.onlineLink,
        capacity: input.capacity,
      });
      return { ok: true, value: id };
    },

    async session(principal: Principal, groupId: string, sessionId: string) {
      const group = await readableGroup(db, principal, groupId);
      if (!group) return undefined;
      const session = await sessionOf(db, group.org_id, groupId, sessionId);
      if (!session) return undefined;
      const answers = await rsvpsOf(db, group.org_id, sessionId);
      const me = principal.kind === 'person' ? principal.personId : null;
      return {
        group,
        session,
        // Names of who is coming are for the group's members.
        answers: isMember(group) ? answers : [],
        mine: answers.find((a) => a.person_id === me),
        facilitator: isFacilitator(group),
        member: isMember(group),
        past: session.starts_at <= now(),
      };
    },

    /**
     * Records a member's answer. A yes takes a place while there is one and joins the waiting list when
     * there is not; a place given up goes to the first person waiting. The session's row is locked first,
     * so two people answering at once for the last place are decided one after the other.
     */
    async rsvp(caller: Person, groupId: string, sessionId: string, answer: 'yes' | 'maybe' | 'no') {
      return db.transaction().execute(async (trx): Promise<RsvpOutcome | 'not_found'> => {
        const group = await readableGroup(trx, caller, groupId);
        if (!group) return 'not_found';
        const session = await sessionOf(trx, group.org_id, groupId, sessionId, true);
        if (!session) return 'not_found';
        if (!isMember(group)) return { ok: false, reason: 'not_member' };
        if (session.cancelled_at) return { ok: false, reason: 'cancelled' };
        if (session.starts_at <= now()) return { ok: false, reason: 'past' };
        const answers = await rsvpsOf(trx, group.org_id, sessionId);
        const previous = answers.find((a) => a.person_id === caller.personId);
        // Closed answers still let someone say they can no longer come, so their place can go to another.
        if (session.rsvps_closed && answer !== 'no') return { ok: false, reason: 'closed' };
        if (answer === 'yes' && previous?.answer === 'yes') {
          return { ok: true, answer, waiting: previous.waiting_since !== null };
        }
        const at = now();
        const full = session.capacity !== null && session.going >= session.capacity;
        const waiting = answer === 'yes' && full;
        await saveRsvp(trx, group.org_id, sessionId, caller.personId, answer, waiting ? at : null, at);
        if (answer === 'yes') await confirmAnswer(trx, caller.personId, group, session, waiting);
        const gaveUpPlace = previous?.answer === 'yes' && previous.waiting_since === null && answer !== 'yes';
        if (gaveUpPlace) {
          const promoted = await promoteFirstWaiting(trx, group.org_id, group.id, sessionId);
          if (promoted) await places.tellPlaceGiven(trx, group, session, promoted);
        }
        return { ok: true, answer, waiting };
      });
    },

    async setRsvpsClosed(caller: Person, groupId: string, sessionId: string, closed: boolean) {
      const group = await readableGroup(db, caller, groupId);
      if (!group || !isFacilitator(group)) return 'not_found' as const;
      const session = await sessionOf(db, group.org_id, groupId, sessionId);
      if (!session) return 'not_found' as const;
      await setRsvpsClosed(db, group.org_id, sessionId, closed);
      return 'done' as const;
    },

    /** One session as an invite to add to a calendar (a cancelled one as its cancellation). */
    async sessionCalendar(principal: Principal, groupId: string, sessionId: string) {
      const group = await readableGroup(db, principal, groupId);
      if (!group) return undefined;
      const session = await sessionOf(db, group.org_id, groupId, sessionId);
      if (!session) return undefined;
      const method = session.cancelled_at ? 'cancel' : 'request';
      return sessionsCalendar(group.name, method, [calendarSession(group, session)]);
    },
  };
}

export type GroupsService = ReturnType<typeof groupsService>;
