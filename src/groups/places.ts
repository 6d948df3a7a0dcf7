// Places at a session that come free: given up by an answer, added by a facilitator raising the capacity,
// or left by a person whose account is erased. Each goes to the first person waiting who may still read the
// group, who is told in-app and (by their choice) by email in the same transaction, with the session's row
// locked first so two frees never give one place twice.
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { notificationText } from '../notifications/summary.ts';
import { dateTimeText } from '../text/dates.ts';
import { sessionInvite } from './calendar.ts';
import { readingGroupKind } from './kind.ts';
import { promoteFirstWaiting, type SessionRow, sessionOf } from './repository.ts';

/** What telling someone about a place needs to know of the group. */
export type PlaceGroup = { org_id: string; id: string; name: string };

export function placesService({
  email,
  notifications,
  baseUrl,
  now = () => new Date(),
}: {
  email: Outbox;
  notifications: NotificationsService;
  baseUrl: string;
  now?: () => Date;
}) {
  /** Tells the person who just got a place, in-app and (by their choice) by email, inside `trx`. */
  async function tellPlaceGiven(trx: Db, group: PlaceGroup, session: SessionRow, personId: string) {
    const url = `${baseUrl}/groups/${group.id}/sessions/${session.id}`;
    await notifications.record(trx, {
      orgId: group.org_id,
      personIds: [personId],
      event: 'group_place_given',
      target: { type: readingGroupKind.type, id: group.id },
      actorId: null,
      summary: notificationText`a place came up for you at “${session.title}”, and it is yours.`,
    });
    for (const r of await notifications.wanting([personId], 'group_place_given', trx)) {
      await email.send(
        {
          to: r.email,
          subject: `A place came up for you: ${session.title}`,
          text: `Good news: a place came up at “${session.title}” (${group.name}) on ${dateTimeText(session.starts_at)}, and it is now yours.\n\nIf you can no longer come, please change your answer so the next person waiting can have it: ${url}\n\nThe invitation is attached for your calendar, and is also at ${url}/calendar.ics\n\nYou can choose which emails Waymark sends you: ${baseUrl}/account/notifications`,
          calendar: sessionInvite(baseUrl, group, session),
        },
        trx,
      );
    }
  }

  /**
   * Gives free places to the people waiting, first come first served, and tells each. The caller holds the
   * session's row lock and passes the session as it now is (its capacity and its places taken).
   */
  async function fillFreePlaces(trx: Db, group: PlaceGroup, session: SessionRow): Promise<string[]> {
    const given: string[] = [];
    if (session.cancelled_at || session.starts_at <= now()) return given;
    let free = session.capacity === null ? Number.POSITIVE_INFINITY : session.capacity - session.going;
    while (free > 0) {
      const promoted = await promoteFirstWaiting(trx, group.org_id, group.id, session.id);
      if (!promoted) break;
      await tellPlaceGiven(trx, group, session, promoted);
      given.push(promoted);
      free -= 1;
    }
    return given;
  }

  return {
    tellPlaceGiven,
    fillFreePlaces,

    /**
     * Erasure: the person's answers to sessions still to come go, and each place they held goes to the first
     * person waiting, inside the erasure's transaction (`trx`). Their other answers go with the account.
     */
    async releasePlacesOf(trx: Db, personId: string) {
      const held = await trx
        .selectFrom('session_rsvps as r')
        .innerJoin('group_sessions as s', (j) =>
          j.onRef('s.org_id', '=', 'r.org_id').onRef('s.id', '=', 'r.session_id'),
        )
        .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 's.org_id').onRef('g.id', '=', 's.group_id'))
        .select(['g.org_id', 'g.id', 'g.name', 's.id as session_id'])
        .where('r.person_id', '=', personId)
        .where('r.answer', '=', 'yes')
        .where('r.waiting_since', 'is', null)
        .where('s.cancelled_at', 'is', null)
        .where('s.starts_at', '>', now())
        .orderBy('s.org_id')
        .orderBy('s.id')
        .execute();
      for (const h of held) {
        const group: PlaceGroup = { org_id: h.org_id, id: h.id, name: h.name };
        // Locked before the answer goes, as an answer locks it, so the freed place is decided once.
        await sessionOf(trx, group.org_id, group.id, h.session_id, true);
        await trx
          .deleteFrom('session_rsvps')
          .where('org_id', '=', group.org_id)
          .where('session_id', '=', h.session_id)
          .where('person_id', '=', personId)
          .execute();
        const session = await sessionOf(trx, group.org_id, group.id, h.session_id);
        if (session) await fillFreePlaces(trx, group, session);
      }
    },
  };
}

export type PlacesService = ReturnType<typeof placesService>;
