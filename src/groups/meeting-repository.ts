// The SQL of what happens in a session: its agenda, the group's own questions, shared notes, private
// reflections and actions. Every function here is called for a session already found through a group the
// caller may read (src/groups/service.ts); reflections are read and written only by their author's id.
import { sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { readingGroupKind } from './kind.ts';

export async function ownQuestions(db: Db, orgId: string, groupId: string) {
  return db
    .selectFrom('group_questions')
    .select(['id', 'text'])
    .where('org_id', '=', orgId)
    .where('group_id', '=', groupId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertQuestion(db: Db, orgId: string, groupId: string, text: string, by: string) {
  await db.insertInto('group_questions').values({ org_id: orgId, group_id: groupId, text, created_by: by }).execute();
}

export interface AgendaRow {
  position: number;
  question_key: string | null;
  question_id: string | null;
  own_text: string | null;
}

export async function agendaOf(db: Db, orgId: string, sessionId: string): Promise<AgendaRow[]> {
  return db
    .selectFrom('agenda_items as a')
    .leftJoin('group_questions as q', (j) => j.onRef('q.org_id', '=', 'a.org_id').onRef('q.id', '=', 'a.question_id'))
    .select(['a.position', 'a.question_key', 'a.question_id', 'q.text as own_text'])
    .where('a.org_id', '=', orgId)
    .where('a.session_id', '=', sessionId)
    .orderBy('a.position')
    .execute();
}

/** Replaces the agenda with these questions, in this order. */
export async function replaceAgenda(
  trx: Db,
  orgId: string,
  sessionId: string,
  items: readonly ({ key: string } | { id: string })[],
) {
  await trx.deleteFrom('agenda_items').where('org_id', '=', orgId).where('session_id', '=', sessionId).execute();
  if (items.length === 0) return;
  await trx
    .insertInto('agenda_items')
    .values(
      items.map((item, i) => ({
        org_id: orgId,
        session_id: sessionId,
        position: i + 1,
        question_key: 'key' in item ? item.key : null,
        question_id: 'id' in item ? item.id : null,
      })),
    )
    .execute();
}

export async function notesOf(db: Db, orgId: string, sessionId: string) {
  return db
    .selectFrom('session_notes as n')
    .leftJoin('users as u', 'u.id', 'n.updated_by')
    .select(['n.body', 'n.updated_at', 'u.display_name as updated_by'])
    .where('n.org_id', '=', orgId)
    .where('n.session_id', '=', sessionId)
    .executeTakeFirst();
}

export async function saveNotes(db: Db, orgId: string, sessionId: string, body: string, by: string, at: Date) {
  await db
    .insertInto('session_notes')
    .values({ org_id: orgId, session_id: sessionId, body, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.columns(['org_id', 'session_id']).doUpdateSet({ body, updated_by: by, updated_at: at }))
    .execute();
}

/** The author's own reflection on a session: nobody else's id ever reaches this query. */
export async function reflectionOf(db: Db, authorId: string, sessionId: string) {
  return db
    .selectFrom('session_reflections')
    .select(['body', 'updated_at'])
    .where('person_id', '=', authorId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
}

export async function saveReflection(
  db: Db,
  authorId: string,
  session: { orgId: string; id: string },
  body: string,
  at: Date,
) {
  if (body === '') {
    await db
      .deleteFrom('session_reflections')
      .where('person_id', '=', authorId)
      .where('session_id', '=', session.id)
      .execute();
    return;
  }
  await db
    .insertInto('session_reflections')
    .values({ person_id: authorId, session_org: session.orgId, session_id: session.id, body, updated_at: at })
    .onConflict((oc) => oc.columns(['person_id', 'session_id']).doUpdateSet({ body, updated_at: at }))
    .execute();
}

export interface ActionRow {
  id: string;
  text: string;
  due_on: string;
  owner_id: string;
  owner: string;
  done_at: Date | null;
}

export async function actionsOf(db: Db, orgId: string, sessionId: string): Promise<ActionRow[]> {
  return db
    .selectFrom('group_actions as a')
    .innerJoin('users as u', 'u.id', 'a.owner_id')
    .select([
      'a.id',
      'a.text',
      sql<string>`a.due_on::text`.as('due_on'),
      'a.owner_id',
      'u.display_name as owner',
      'a.done_at',
    ])
    .where('a.org_id', '=', orgId)
    .where('a.session_id', '=', sessionId)
    .orderBy('a.due_on')
    .orderBy('a.created_at')
    .execute();
}

export async function insertAction(
  db: Db,
  orgId: string,
  sessionId: string,
  values: { ownerId: string; text: string; dueOn: string; by: string },
) {
  await db
    .insertInto('group_actions')
    .values({
      org_id: orgId,
      session_id: sessionId,
      owner_id: values.ownerId,
      text: values.text,
      due_on: values.dueOn,
      created_by: values.by,
      done_at: null,
    })
    .execute();
}

/** "My actions": the person's actions in groups they may still read, the ones not done first, soonest due. */
export async function actionsOwnedBy(db: Db, principal: Principal, personId: string) {
  return db
    .selectFrom('group_actions as a')
    .innerJoin('group_sessions as s', (j) => j.onRef('s.org_id', '=', 'a.org_id').onRef('s.id', '=', 'a.session_id'))
    .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 's.org_id').onRef('g.id', '=', 's.group_id'))
    .where('a.owner_id', '=', personId)
    .where(readingGroupKind.readable(principal, 'g'))
    .select([
      'a.id',
      'a.text',
      sql<string>`a.due_on::text`.as('due_on'),
      'a.done_at',
      's.id as session_id',
      's.title as session_title',
      'g.id as group_id',
      'g.name as group_name',
    ])
    .orderBy(sql`a.done_at is not null`)
    .orderBy('a.due_on')
    .execute();
}
