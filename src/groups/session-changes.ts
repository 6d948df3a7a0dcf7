// Changing and cancelling a scheduled session. Each change raises the session's SEQUENCE, so calendars that
// took the invitation replace it (the calendar file now carries the change, or METHOD:CANCEL), and everyone
// who said yes or maybe is told by email in the same transaction.
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { dateTimeText } from '../text/dates.ts';
import { sessionInvite } from './calendar.ts';
import type { PlacesService } from './places.ts';
import { readableGroup, type SessionRow, sessionOf, stillReads } from './repository.ts';
import type { SessionInput } from './schema.ts';
import { type Outcome, sessionTimes } from './service.ts';

type Person = Extract<Principal, { kind: 'person' }>;

export function sessionChangesService(
  db: Db,
  {
    email,
    places,
    baseUrl,
    now = () => new Date(),
  }: { email: Outbox; places: PlacesService; baseUrl: string; now?: () => Date },
) {
  /** The session, for its facilitator, locked inside `trx` so a change and an answer never cross. */
  async function facilitatedSession(trx: Db, caller: Person, groupId: string, sessionId: string) {
    const group = await readableGroup(trx, caller, groupId);
    if (!group || group.mine !== 'facilitator') return undefined;
    const session = await sessionOf(trx, group.org_id, groupId, sessionId, true);
    return session ? { group, session } : undefined;
  }

  /** Emails everyone who said yes (with a place or waiting) or maybe. */
  async function tellAnswered(
    trx: Db,
    orgId: string,
    groupId: string,
    sessionId: string,
    subject: string,
    text: string,
    calendar: string,
  ) {
    const people = await trx
      .selectFrom('session_rsvps as r')
      .innerJoin('users as u', 'u.id', 'r.person_id')
      .select(['u.id', 'u.email'])
      .where('r.org_id', '=', orgId)
      .where('r.session_id', '=', sessionId)
      .where('r.answer', 'in', ['yes', 'maybe'])
      .execute();
    let told = 0;
    for (const p of people) {
      // Someone who left the group's organisation or space hears nothing more about it.
      if (!(await stillReads(trx, p.id, groupId))) continue;
      await email.send({ to: p.email, subject, text, calendar }, trx);
      told += 1;
    }
    return told;
  }

  const when = (s: { starts_at: Date; ends_at: Date }) =>
    `${dateTimeText(s.starts_at)} to ${dateTimeText(s.ends_at)} (UK time)`;

  return {
    /** The session as its edit form needs it, for its facilitator only. */
    async forEditing(caller: Person, groupId: string, sessionId: string) {
      const group = await readableGroup(db, caller, groupId);
      if (!group || group.mine !== 'facilitator') return undefined;
      const session = await sessionOf(db, group.org_id, groupId, sessionId);
      return session && !session.cancelled_at ? { group, session } : undefined;
    },

    async change(caller: Person, groupId: string, sessionId: string, input: SessionInput) {
      const times = sessionTimes(input);
      return db.transaction().execute(async (trx): Promise<Outcome<number> | 'not_found'> => {
        const found = await facilitatedSession(trx, caller, groupId, sessionId);
        if (!found || found.session.cancelled_at) return 'not_found';
        if (!times.ok) return times;
        const { group, session } = found;
        const changed: SessionRow = {
          ...session,
          title: input.title,
          starts_at: times.value.startsAt,
          ends_at: times.value.endsAt,
          place: input.place,
          online_link: input.onlineLink,
        };
        await trx
          .updateTable('group_sessions')
          .set({
            title: input.title,
            starts_at: times.value.startsAt,
            ends_at: times.value.endsAt,
            place: input.place,
            online_link: input.onlineLink,
            capacity: input.capacity,
            sequence: session.sequence + 1,
            updated_at: now(),
          })
          .where('org_id', '=', group.org_id)
          .where('id', '=', sessionId)
          .execute();
        const url = `${baseUrl}/groups/${groupId}/sessions/${sessionId}`;
        const told = await tellAnswered(
          trx,
          group.org_id,
          groupId,
          sessionId,
          `Changed: ${input.title}`,
          `The session “${session.title}” of ${group.name} has changed.\n\nWhen: ${when(changed)}${
            changed.place ? `\nWhere: ${changed.place}` : ''
          }${changed.online_link ? `\nOnline: ${changed.online_link}` : ''}\n\nThe attached invitation replaces the one in your calendar (it is also at ${url}/calendar.ics).\n\nYour answer stays as it was. To change it: ${url}`,
          sessionInvite(baseUrl, group, { ...changed, sequence: session.sequence + 1, updated_at: now() }),
        );
        // More places (or no limit now): the first people waiting get them, as when someone drops out.
        const after = await sessionOf(trx, group.org_id, groupId, sessionId);
        if (after) await places.fillFreePlaces(trx, group, after);
        return { ok: true, value: told };
      });
    },

    async cancel(caller: Person, groupId: string, sessionId: string) {
      return db.transaction().execute(async (trx) => {
        const found = await facilitatedSession(trx, caller, groupId, sessionId);
        if (!found) return 'not_found' as const;
        const { group, session } = found;
        if (session.cancelled_at) return 'cancelled' as const;
        await trx
          .updateTable('group_sessions')
          .set({ cancelled_at: now(), sequence: session.sequence + 1, updated_at: now() })
          .where('org_id', '=', group.org_id)
          .where('id', '=', sessionId)
          .execute();
        const url = `${baseUrl}/groups/${groupId}/sessions/${sessionId}`;
        await tellAnswered(
          trx,
          group.org_id,
          groupId,
          sessionId,
          `Cancelled: ${session.title}`,
          `The session “${session.title}” of ${group.name} on ${dateTimeText(session.starts_at)} is cancelled.\n\nThe attached cancellation takes it out of your calendar (it is also at ${url}/calendar.ics).\n\nThe group’s page: ${baseUrl}/groups/${groupId}`,
          sessionInvite(baseUrl, group, {
            ...session,
            cancelled_at: now(),
            sequence: session.sequence + 1,
            updated_at: now(),
          }),
        );
        return 'cancelled' as const;
      });
    },
  };
}
