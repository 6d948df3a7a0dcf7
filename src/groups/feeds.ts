// Subscribable calendars: each person may make one secret address (only its SHA-256 is kept) that calendar
// programs fetch. It lists the sessions of every reading group they belong to, or of one group with
// `?group=`, as the person could read them now: leaving an organisation or a group takes its sessions out.
// Making a new address ends the old one; revoking ends it.
import { createHash, randomBytes } from 'node:crypto';
import { principalFor } from '../access/principal.ts';
import type { Db } from '../db/database.ts';
import { type CalendarSession, sessionsCalendar } from './calendar.ts';
import { readingGroupKind } from './kind.ts';

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function calendarFeedsService(db: Db, { baseUrl }: { baseUrl: string }) {
  const feedUrl = (secret: string) => `${baseUrl}/calendar/${secret}`;

  return {
    /** Whether the person has a feed, and since when (the address itself is shown only once). */
    status: (personId: string) =>
      db.selectFrom('calendar_feeds').select('created_at').where('person_id', '=', personId).executeTakeFirst(),

    /** A new secret address, replacing any earlier one; returned once, never stored. */
    async create(personId: string): Promise<string> {
      const secret = randomBytes(32).toString('base64url');
      await db
        .insertInto('calendar_feeds')
        .values({ person_id: personId, token_hash: hashOf(secret), created_at: new Date() })
        .onConflict((oc) => oc.column('person_id').doUpdateSet({ token_hash: hashOf(secret), created_at: new Date() }))
        .execute();
      return feedUrl(secret);
    },

    async revoke(personId: string) {
      await db.deleteFrom('calendar_feeds').where('person_id', '=', personId).execute();
    },

    /** The calendar a secret address names, or undefined for one that is unknown or revoked. */
    async calendarFor(secret: string, groupId?: string): Promise<string | undefined> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
      const feed = await db
        .selectFrom('calendar_feeds')
        .select('person_id')
        .where('token_hash', '=', hashOf(secret))
        .executeTakeFirst();
      if (!feed) return undefined;
      const principal = await principalFor(db, feed.person_id);
      let query = db
        .selectFrom('group_sessions as s')
        .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 's.org_id').onRef('g.id', '=', 's.group_id'))
        .innerJoin('group_members as m', (j) =>
          j.onRef('m.org_id', '=', 'g.org_id').onRef('m.group_id', '=', 'g.id').on('m.person_id', '=', feed.person_id),
        )
        .where('m.state', '=', 'member')
        .where(readingGroupKind.readable(principal, 'g'))
        .select([
          's.id',
          's.group_id',
          's.title',
          'g.name as group_name',
          's.starts_at',
          's.ends_at',
          's.place',
          's.online_link',
          's.sequence',
          's.cancelled_at',
          's.updated_at',
        ])
        .orderBy('s.starts_at')
        .limit(500);
      if (groupId !== undefined) query = query.where('g.id', '=', groupId);
      const rows = await query.execute();
      const sessions: CalendarSession[] = rows.map((s) => ({
        id: s.id,
        title: s.title,
        groupName: s.group_name,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        place: s.place,
        onlineLink: s.online_link,
        sequence: s.sequence,
        cancelled: s.cancelled_at !== null,
        updatedAt: s.updated_at,
        url: `${baseUrl}/groups/${s.group_id}/sessions/${s.id}`,
      }));
      const name = groupId !== undefined && rows[0] ? rows[0].group_name : 'My reading groups';
      return sessionsCalendar(name, 'publish', sessions);
    },
  };
}
