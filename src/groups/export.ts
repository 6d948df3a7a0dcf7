// Reading groups' part of a person's data export (gathered by src/privacy/sections.ts): the groups they
// belong to or asked to join, and their answers to sessions. Other members are not the person's data.
import { sql } from 'kysely';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const readingGroupsSection: ExportSection = {
  key: 'readingGroups',
  describe:
    'The reading groups you belong to or asked to join, whether you facilitate them, your answers to their sessions, your private reflections, the actions you own, when you made a calendar address, and the invitations to a group you sent or that were sent to your address.',
  async collect(db, userId) {
    const [groups, answers, reflections, actions, feed, invitations] = await Promise.all([
      db
        .selectFrom('group_members as m')
        .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 'm.org_id').onRef('g.id', '=', 'm.group_id'))
        .select(['g.id', 'g.name', 'm.role', 'm.state', 'm.since'])
        .where('m.person_id', '=', userId)
        .orderBy('m.since')
        .execute(),
      db
        .selectFrom('session_rsvps as r')
        .innerJoin('group_sessions as s', (j) =>
          j.onRef('s.org_id', '=', 'r.org_id').onRef('s.id', '=', 'r.session_id'),
        )
        .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 's.org_id').onRef('g.id', '=', 's.group_id'))
        .select(['g.name as group', 's.title', 's.starts_at', 'r.answer', 'r.waiting_since', 'r.answered_at'])
        .where('r.person_id', '=', userId)
        .orderBy('s.starts_at')
        .execute(),
      // Reflections are read here by their author's own id only.
      db
        .selectFrom('session_reflections as f')
        .innerJoin('group_sessions as s', (j) =>
          j.onRef('s.org_id', '=', 'f.session_org').onRef('s.id', '=', 'f.session_id'),
        )
        .select(['s.title', 's.starts_at', 'f.body', 'f.updated_at'])
        .where('f.person_id', '=', userId)
        .orderBy('s.starts_at')
        .execute(),
      db
        .selectFrom('group_actions as a')
        .innerJoin('group_sessions as s', (j) =>
          j.onRef('s.org_id', '=', 'a.org_id').onRef('s.id', '=', 'a.session_id'),
        )
        .select(['s.title', 'a.text', sql<string>`a.due_on::text`.as('due_on'), 'a.done_at', 'a.created_at'])
        .where('a.owner_id', '=', userId)
        .orderBy('a.due_on')
        .execute(),
      // Only when the calendar address was made: never its secret or hash.
      db.selectFrom('calendar_feeds').select('created_at').where('person_id', '=', userId).executeTakeFirst(),
      // Invitations the person sent, and those sent to their address: never the link's secret or its hash.
      db
        .selectFrom('group_invitations as i')
        .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 'i.org_id').onRef('g.id', '=', 'i.group_id'))
        .select([
          'g.name',
          'i.email',
          'i.created_at',
          'i.expires_at',
          'i.accepted_at',
          'i.withdrawn_at',
          sql<boolean>`i.invited_by = ${userId}::uuid`.as('sent_by_you'),
        ])
        .where((eb) =>
          eb.or([
            eb('i.invited_by', '=', userId),
            eb(sql`lower(i.email)`, '=', sql`(select lower(email) from users where id = ${userId}::uuid)`),
          ]),
        )
        .orderBy('i.created_at')
        .execute(),
    ]);
    return {
      groups: groups.map((g) => ({
        group: g.id,
        name: g.name,
        youAre: g.role === 'facilitator' ? 'facilitator' : g.state === 'requested' ? 'asked to join' : 'member',
        since: iso(g.since),
      })),
      sessionAnswers: answers.map((a) => ({
        group: a.group,
        session: a.title,
        startsAt: iso(a.starts_at),
        answer: a.answer,
        onWaitingList: a.waiting_since !== null,
        answeredAt: iso(a.answered_at),
      })),
      privateReflections: reflections.map((r) => ({
        session: r.title,
        startsAt: iso(r.starts_at),
        reflection: r.body,
        updatedAt: iso(r.updated_at),
      })),
      calendarAddressMadeAt: iso(feed?.created_at),
      groupInvitations: invitations.map((i) => ({
        group: i.name,
        sentTo: i.email,
        sentByYou: i.sent_by_you === true,
        sentAt: iso(i.created_at),
        worksUntil: iso(i.expires_at),
        acceptedAt: iso(i.accepted_at),
        withdrawnAt: iso(i.withdrawn_at),
      })),
      actions: actions.map((a) => ({
        session: a.title,
        action: a.text,
        dueOn: a.due_on,
        doneAt: iso(a.done_at),
        agreedAt: iso(a.created_at),
      })),
    };
  },
};
