// The access matrix's reading group: the council's own (organisation only, joined on request), facilitated by
// the council member, with one session to come and the line manager asking to join.
import { createHash } from 'node:crypto';
import type { Db } from '../../src/db/database.ts';

export const groupMarkers = {
  readingGroup: 'Matrix reading group',
  groupSession: 'Matrix reading session',
  /** The member's own reflection on the session: hers alone, on every route. */
  reflection: 'Matrix private reflection',
  agendaQuestion: 'Matrix agenda question',
  readingListNote: 'Matrix reading list note',
  /** The facilitator's calendar address: whoever holds the link gets her groups' sessions, by design. */
  calendarSecret: 'Matrix-calendar-secret-0123456789abcdefghij',
  /**
   * An invitation's link to the group, sent to the line manager (who asked to join): it lets in only the
   * person it was sent to, and only when the group's scope already lets them read it.
   */
  invitationSecret: 'Matrix-group-invitation-0123456789abcdefghi',
} as const;

export async function plantGroupRecords(
  db: Db,
  councilId: string,
  facilitator: string,
  requester: string,
  /** A public story, on the group's reading list. */
  storyId: string,
) {
  const group = await db
    .insertInto('reading_groups')
    .values({
      org_id: councilId,
      created_by: facilitator,
      name: groupMarkers.readingGroup,
      visibility: 'organisation',
      space_id: null,
      join_rule: 'request',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('group_members')
    .values([
      { org_id: councilId, group_id: group.id, person_id: facilitator, role: 'facilitator' },
      { org_id: councilId, group_id: group.id, person_id: requester, state: 'requested' },
    ])
    .execute();
  const startsAt = new Date(Date.now() + 30 * 24 * 3_600_000);
  const session = await db
    .insertInto('group_sessions')
    .values({
      org_id: councilId,
      group_id: group.id,
      title: groupMarkers.groupSession,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 3_600_000),
      capacity: 8,
      cancelled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const question = await db
    .insertInto('group_questions')
    .values({ org_id: councilId, group_id: group.id, text: groupMarkers.agendaQuestion, created_by: facilitator })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('agenda_items')
    .values({ org_id: councilId, session_id: session.id, position: 1, question_key: null, question_id: question.id })
    .execute();
  await db
    .insertInto('session_reflections')
    .values({ person_id: facilitator, session_org: councilId, session_id: session.id, body: groupMarkers.reflection })
    .execute();
  await db
    .insertInto('calendar_feeds')
    .values({
      person_id: facilitator,
      token_hash: createHash('sha256').update(groupMarkers.calendarSecret).digest('hex'),
    })
    .execute();
  const listed = await db
    .insertInto('reading_list_items')
    .values({
      org_id: councilId,
      group_id: group.id,
      position: 1,
      target_type: 'story',
      target_id: storyId,
      note: groupMarkers.readingListNote,
      added_by: facilitator,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const invitee = await db.selectFrom('users').select('email').where('id', '=', requester).executeTakeFirstOrThrow();
  const invitation = await db
    .insertInto('group_invitations')
    .values({
      org_id: councilId,
      group_id: group.id,
      email: invitee.email,
      token_hash: createHash('sha256').update(groupMarkers.invitationSecret).digest('hex'),
      invited_by: facilitator,
      expires_at: new Date(Date.now() + 14 * 24 * 3_600_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    readingGroup: group.id,
    groupSession: session.id,
    groupRequester: requester,
    readingListItem: listed.id,
    groupInvitation: invitation.id,
  };
}
