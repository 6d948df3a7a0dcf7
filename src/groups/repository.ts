// The SQL of reading groups. Every read of a group goes through the kind's `readable` rule for the caller;
// members, sessions and answers are read only for a group already found that way (or inside a transaction
// that found it), by its organisation and id.
import { sql } from 'kysely';
import { principalFor } from '../access/principal.ts';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { readingGroupKind } from './kind.ts';

export const groupPageSize = 20;

export type MemberState = 'facilitator' | 'member' | 'requested' | null;

export interface GroupRow {
  org_id: string;
  id: string;
  name: string;
  about: string;
  visibility: 'private' | 'organisation' | 'space' | 'signed_in' | 'public';
  join_rule: 'open' | 'request';
  created_at: Date;
  organisation: string;
  members: number;
  /** The caller's place in the group. */
  mine: MemberState;
}

const personOf = (principal: Principal) => (principal.kind === 'person' ? principal.personId : null);

function groupsQuery(db: Db, principal: Principal) {
  const me = personOf(principal);
  return db
    .selectFrom('reading_groups as g')
    .innerJoin('organisations as o', 'o.id', 'g.org_id')
    .where(readingGroupKind.readable(principal, 'g'))
    .select([
      'g.org_id',
      'g.id',
      'g.name',
      'g.about',
      'g.visibility',
      'g.join_rule',
      'g.created_at',
      'o.name as organisation',
      sql<number>`(select count(*)::int from group_members m
        where m.org_id = g.org_id and m.group_id = g.id and m.state = 'member')`.as('members'),
      sql<MemberState>`(select case when m.role = 'facilitator' then 'facilitator' else m.state end
        from group_members m where m.org_id = g.org_id and m.group_id = g.id and m.person_id = ${me}::uuid)`.as('mine'),
    ]);
}

export async function readableGroups(db: Db, principal: Principal, page: number, pageSize = groupPageSize) {
  const [items, count] = await Promise.all([
    groupsQuery(db, principal)
      .orderBy('g.name')
      .orderBy('g.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute() as Promise<GroupRow[]>,
    db
      .selectFrom('reading_groups as g')
      .where(readingGroupKind.readable(principal, 'g'))
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

/** One group the caller may read; inside a transaction, `lock` holds the group's row until it ends. */
export async function readableGroup(db: Db, principal: Principal, id: string): Promise<GroupRow | undefined> {
  return (await groupsQuery(db, principal).where('g.id', '=', id).executeTakeFirst()) as GroupRow | undefined;
}

export async function insertGroup(
  trx: Db,
  values: {
    orgId: string;
    createdBy: string;
    name: string;
    about: string;
    visibility: Exclude<GroupRow['visibility'], 'private'>;
    spaceId: string | null;
    joinRule: GroupRow['join_rule'];
  },
): Promise<string> {
  const row = await trx
    .insertInto('reading_groups')
    .values({
      org_id: values.orgId,
      created_by: values.createdBy,
      name: values.name,
      about: values.about,
      visibility: values.visibility,
      space_id: values.spaceId,
      join_rule: values.joinRule,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('group_members')
    .values({ org_id: values.orgId, group_id: row.id, person_id: values.createdBy, role: 'facilitator' })
    .execute();
  return row.id;
}

/** Joins (state `member`) or asks to join (`requested`); an existing row is kept as it is. True if added. */
export async function addMember(
  trx: Db,
  orgId: string,
  groupId: string,
  personId: string,
  state: 'member' | 'requested',
): Promise<boolean> {
  const added = await trx
    .insertInto('group_members')
    .values({ org_id: orgId, group_id: groupId, person_id: personId, state })
    .onConflict((oc) => oc.columns(['org_id', 'group_id', 'person_id']).doNothing())
    .returning('person_id')
    .executeTakeFirst();
  return added !== undefined;
}

/** The ids of the people who run a group. */
export async function facilitatorIds(db: Db, orgId: string, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members')
    .select('person_id')
    .where('org_id', '=', orgId)
    .where('group_id', '=', groupId)
    .where('role', '=', 'facilitator')
    .execute();
  return rows.map((r) => r.person_id);
}

export async function approveRequest(trx: Db, orgId: string, groupId: string, personId: string): Promise<boolean> {
  const result = await trx
    .updateTable('group_members')
    .set({ state: 'member', since: new Date() })
    .where('org_id', '=', orgId)
    .where('group_id', '=', groupId)
    .where('person_id', '=', personId)
    .where('state', '=', 'requested')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function membersOf(db: Db, orgId: string, groupId: string) {
  return db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.person_id')
    .select(['m.person_id', 'u.display_name as name', 'm.role', 'm.state', 'm.since'])
    .where('m.org_id', '=', orgId)
    .where('m.group_id', '=', groupId)
    .orderBy(sql`m.role = 'facilitator'`, 'desc')
    .orderBy('u.display_name')
    .execute();
}

export interface SessionRow {
  org_id: string;
  id: string;
  group_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string;
  online_link: string;
  capacity: number | null;
  rsvps_closed: boolean;
  cancelled_at: Date | null;
  sequence: number;
  updated_at: Date;
  going: number;
  waiting: number;
}

const sessionColumns = [
  's.org_id',
  's.id',
  's.group_id',
  's.title',
  's.starts_at',
  's.ends_at',
  's.place',
  's.online_link',
  's.capacity',
  's.rsvps_closed',
  's.cancelled_at',
  's.sequence',
  's.updated_at',
  sql<number>`(select count(*)::int from session_rsvps r where r.org_id = s.org_id and r.session_id = s.id
    and r.answer = 'yes' and r.waiting_since is null)`.as('going'),
  sql<number>`(select count(*)::int from session_rsvps r where r.org_id = s.org_id and r.session_id = s.id
    and r.waiting_since is not null)`.as('waiting'),
] as const;

export async function sessionsOf(db: Db, orgId: string, groupId: string): Promise<SessionRow[]> {
  return (await db
    .selectFrom('group_sessions as s')
    .select(sessionColumns)
    .where('s.org_id', '=', orgId)
    .where('s.group_id', '=', groupId)
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .execute()) as SessionRow[];
}

/** One session of a group; `forUpdate` locks its row so answers to it are decided one at a time. */
export async function sessionOf(
  db: Db,
  orgId: string,
  groupId: string,
  sessionId: string,
  forUpdate = false,
): Promise<SessionRow | undefined> {
  if (forUpdate) {
    await db
      .selectFrom('group_sessions')
      .select('id')
      .where('org_id', '=', orgId)
      .where('id', '=', sessionId)
      .forUpdate()
      .execute();
  }
  return (await db
    .selectFrom('group_sessions as s')
    .select(sessionColumns)
    .where('s.org_id', '=', orgId)
    .where('s.group_id', '=', groupId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst()) as SessionRow | undefined;
}

export interface SessionValues {
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  onlineLink: string;
  capacity: number | null;
}

export async function insertSession(trx: Db, orgId: string, groupId: string, v: SessionValues): Promise<string> {
  const row = await trx
    .insertInto('group_sessions')
    .values({
      org_id: orgId,
      group_id: groupId,
      title: v.title,
      starts_at: v.startsAt,
      ends_at: v.endsAt,
      place: v.place,
      online_link: v.onlineLink,
      capacity: v.capacity,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setRsvpsClosed(trx: Db, orgId: string, sessionId: string, closed: boolean) {
  await trx
    .updateTable('group_sessions')
    .set({ rsvps_closed: closed, updated_at: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', sessionId)
    .execute();
}

export interface RsvpRow {
  person_id: string;
  name: string;
  answer: 'yes' | 'no' | 'maybe';
  waiting_since: Date | null;
}

export async function rsvpsOf(db: Db, orgId: string, sessionId: string): Promise<RsvpRow[]> {
  return db
    .selectFrom('session_rsvps as r')
    .innerJoin('users as u', 'u.id', 'r.person_id')
    .select(['r.person_id', 'u.display_name as name', 'r.answer', 'r.waiting_since'])
    .where('r.org_id', '=', orgId)
    .where('r.session_id', '=', sessionId)
    .orderBy(sql`r.waiting_since nulls first`)
    .orderBy('r.answered_at')
    .execute();
}

export async function saveRsvp(
  trx: Db,
  orgId: string,
  sessionId: string,
  personId: string,
  answer: 'yes' | 'no' | 'maybe',
  waitingSince: Date | null,
  at: Date,
) {
  await trx
    .insertInto('session_rsvps')
    .values({
      org_id: orgId,
      session_id: sessionId,
      person_id: personId,
      answer,
      waiting_since: waitingSince,
      answered_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['org_id', 'session_id', 'person_id'])
        .doUpdateSet({ answer, waiting_since: waitingSince, answered_at: at }),
    )
    .execute();
}

/**
 * Whether a person may still read the group: someone who left its organisation or space keeps their rows
 * of it, but is told nothing more about it and given no place.
 */
export async function stillReads(trx: Db, personId: string, groupId: string): Promise<boolean> {
  return (await readableGroup(trx, await principalFor(trx, personId), groupId)) !== undefined;
}

/** Gives the first person waiting who may still read the group a place; their id, or undefined. */
export async function promoteFirstWaiting(
  trx: Db,
  orgId: string,
  groupId: string,
  sessionId: string,
): Promise<string | undefined> {
  const waiting = await trx
    .selectFrom('session_rsvps')
    .select('person_id')
    .where('org_id', '=', orgId)
    .where('session_id', '=', sessionId)
    .where('waiting_since', 'is not', null)
    .orderBy('waiting_since')
    .orderBy('person_id')
    .execute();
  for (const { person_id } of waiting) {
    if (!(await stillReads(trx, person_id, groupId))) continue;
    await trx
      .updateTable('session_rsvps')
      .set({ waiting_since: null })
      .where('org_id', '=', orgId)
      .where('session_id', '=', sessionId)
      .where('person_id', '=', person_id)
      .execute();
    return person_id;
  }
  return undefined;
}

/** Sessions a person answered yes or maybe to, in groups they may still read, soonest first. */
export async function sessionsFor(db: Db, principal: Principal, personId: string) {
  return db
    .selectFrom('session_rsvps as r')
    .innerJoin('group_sessions as s', (j) => j.onRef('s.org_id', '=', 'r.org_id').onRef('s.id', '=', 'r.session_id'))
    .innerJoin('reading_groups as g', (j) => j.onRef('g.org_id', '=', 's.org_id').onRef('g.id', '=', 's.group_id'))
    .where('r.person_id', '=', personId)
    .where('r.answer', 'in', ['yes', 'maybe'])
    .where(readingGroupKind.readable(principal, 'g'))
    .select([
      's.id',
      's.group_id',
      'g.name as group_name',
      's.title',
      's.starts_at',
      's.ends_at',
      's.place',
      's.online_link',
      's.cancelled_at',
      's.sequence',
      's.updated_at',
      'r.answer',
      'r.waiting_since',
    ])
    .orderBy('s.starts_at')
    .execute();
}

/** The names of the spaces a group may be shared with (the ones its creator reaches). */
export async function spacesNamed(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('spaces')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .orderBy('name')
    .execute();
}
