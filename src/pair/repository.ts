// Pair sessions and their two turns in the database. Every read is for one of the two partners: a session
// anyone else asks for is simply not found.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';
import type { TurnNotes } from './prompts.ts';

export type Mode = 'together' | 'apart';

export async function findMember(db: Db, orgId: string, email: string) {
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .where('memberships.org_id', '=', orgId)
    .where(sql`lower(users.email)`, '=', email.trim().toLowerCase())
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function displayName(db: Db, personId: string): Promise<string> {
  const row = await db.selectFrom('users').select('display_name').where('id', '=', personId).executeTakeFirst();
  return row?.display_name ?? 'A colleague';
}

export async function createSession(
  db: Db,
  input: { orgId: string; startedBy: string; partnerId: string; mode: Mode; firstStoryteller: string; at: Date },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('pair_sessions')
      .values({
        org_id: input.orgId,
        started_by: input.startedBy,
        partner_id: input.partnerId,
        mode: input.mode,
        created_at: input.at,
        updated_at: input.at,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = input.firstStoryteller === input.startedBy ? input.partnerId : input.startedBy;
    await trx
      .insertInto('pair_turns')
      .values([
        {
          org_id: input.orgId,
          session_id: id,
          turn: 1,
          storyteller_id: input.firstStoryteller,
          interviewer_id: other,
          started_at: input.at,
          notes_saved_at: null,
          finished_at: null,
          story_id: null,
        },
        {
          org_id: input.orgId,
          session_id: id,
          turn: 2,
          storyteller_id: other,
          interviewer_id: input.firstStoryteller,
          started_at: null,
          notes_saved_at: null,
          finished_at: null,
          story_id: null,
        },
      ])
      .execute();
    return id;
  });
}

/** Who is asking: a partner reaches a session only while they still belong to its organisation. */
export interface PairCaller {
  personId: string;
  orgIds: readonly string[];
}

const participant = (caller: PairCaller) =>
  caller.orgIds.length === 0
    ? sql<boolean>`false`
    : sql<boolean>`(pair_sessions.started_by = ${caller.personId} or pair_sessions.partner_id = ${caller.personId})
        and pair_sessions.org_id in (${sql.join(caller.orgIds)})`;

/** The sessions a person takes part in, newest first, with both partners' names. */
export async function sessionsOf(db: Db, caller: PairCaller, options: { limit: number; offset: number }) {
  const rows = await db
    .selectFrom('pair_sessions')
    .innerJoin('organisations', 'organisations.id', 'pair_sessions.org_id')
    .leftJoin('users as starter', 'starter.id', 'pair_sessions.started_by')
    .leftJoin('users as partner', 'partner.id', 'pair_sessions.partner_id')
    .select([
      'pair_sessions.id',
      'pair_sessions.org_id',
      'pair_sessions.mode',
      'pair_sessions.status',
      'pair_sessions.current_turn',
      'pair_sessions.created_at',
      'pair_sessions.started_by',
      'organisations.name as organisation',
      nameOrFormerMember('starter.display_name').as('starter_name'),
      nameOrFormerMember('partner.display_name').as('partner_name'),
      sql<string>`count(*) over ()`.as('total'),
    ])
    .where(participant(caller))
    .orderBy('pair_sessions.created_at', 'desc')
    .orderBy('pair_sessions.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return { total: Number(rows[0]?.total ?? 0), items: rows.map(({ total: _, ...r }) => r) };
}

/**
 * The exercises a person takes part in that are still under way, latest activity first, with the current
 * turn's interviewer and storyteller: whose move it is.
 */
export async function sessionsUnderWay(db: Db, caller: PairCaller, limit: number) {
  const rows = await db
    .selectFrom('pair_sessions')
    .innerJoin('pair_turns', (join) =>
      join
        .onRef('pair_turns.org_id', '=', 'pair_sessions.org_id')
        .onRef('pair_turns.session_id', '=', 'pair_sessions.id')
        .onRef('pair_turns.turn', '=', 'pair_sessions.current_turn'),
    )
    .leftJoin('users as starter', 'starter.id', 'pair_sessions.started_by')
    .leftJoin('users as partner', 'partner.id', 'pair_sessions.partner_id')
    .select([
      'pair_sessions.id',
      'pair_sessions.mode',
      'pair_sessions.current_turn',
      'pair_sessions.started_by',
      'pair_sessions.updated_at',
      'pair_turns.interviewer_id',
      'pair_turns.storyteller_id',
      nameOrFormerMember('starter.display_name').as('starter_name'),
      nameOrFormerMember('partner.display_name').as('partner_name'),
      sql<string>`count(*) over ()`.as('total'),
    ])
    .where(participant(caller))
    .where('pair_sessions.status', '=', 'active')
    .orderBy('pair_sessions.updated_at', 'desc')
    .orderBy('pair_sessions.id')
    .limit(limit)
    .execute();
  return { total: Number(rows[0]?.total ?? 0), items: rows.map(({ total: _, ...r }) => r) };
}

export async function findSession(db: Db, caller: PairCaller, id: string) {
  const session = await db
    .selectFrom('pair_sessions')
    .innerJoin('organisations', 'organisations.id', 'pair_sessions.org_id')
    .leftJoin('users as starter', 'starter.id', 'pair_sessions.started_by')
    .leftJoin('users as partner', 'partner.id', 'pair_sessions.partner_id')
    .select([
      'pair_sessions.id',
      'pair_sessions.org_id',
      'pair_sessions.mode',
      'pair_sessions.status',
      'pair_sessions.current_turn',
      'pair_sessions.started_by',
      'pair_sessions.partner_id',
      'pair_sessions.created_at',
      'organisations.name as organisation',
      nameOrFormerMember('starter.display_name').as('starter_name'),
      nameOrFormerMember('partner.display_name').as('partner_name'),
    ])
    .where('pair_sessions.id', '=', id)
    .where(participant(caller))
    .executeTakeFirst();
  if (!session) return undefined;
  const turns = await db
    .selectFrom('pair_turns')
    .leftJoin('users as teller', 'teller.id', 'pair_turns.storyteller_id')
    .leftJoin('users as asker', 'asker.id', 'pair_turns.interviewer_id')
    .selectAll('pair_turns')
    .select([
      nameOrFormerMember('teller.display_name').as('storyteller_name'),
      'teller.email as storyteller_email',
      nameOrFormerMember('asker.display_name').as('interviewer_name'),
    ])
    .where('pair_turns.org_id', '=', session.org_id)
    .where('pair_turns.session_id', '=', id)
    .orderBy('pair_turns.turn')
    .execute();
  return { ...session, turns };
}

export type PairSession = NonNullable<Awaited<ReturnType<typeof findSession>>>;
export type PairTurn = PairSession['turns'][number];

export async function saveNotes(
  db: Db,
  key: { orgId: string; sessionId: string; turn: 1 | 2 },
  notes: TurnNotes & { characteristic: string },
  at: Date,
) {
  await db
    .updateTable('pair_turns')
    .set({ ...notes, notes_saved_at: at })
    .where('org_id', '=', key.orgId)
    .where('session_id', '=', key.sessionId)
    .where('turn', '=', key.turn)
    .where('finished_at', 'is', null)
    .execute();
  await touch(db, key.orgId, key.sessionId, at);
}

async function touch(db: Db, orgId: string, sessionId: string, at: Date) {
  await db
    .updateTable('pair_sessions')
    .set({ updated_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', sessionId)
    .execute();
}

const slugSuffix = () => randomBytes(4).toString('hex');

/**
 * Ends a turn: the storyteller's first draft (private, theirs, told with the interviewer) is written, and the
 * session moves to the second turn or finishes. One transaction, and only once: a turn already finished
 * (a double click, the other partner's screen) changes nothing and returns undefined.
 */
export async function finishTurn(
  db: Db,
  input: {
    orgId: string;
    sessionId: string;
    turn: 1 | 2;
    storytellerId: string;
    interviewer: { id: string | null; name: string };
    notes: TurnNotes & { characteristic: string };
    draft: { title: string; body: string; form: 'profile' | 'personal-narrative' };
    at: Date;
  },
): Promise<string | undefined> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('pair_turns')
      .set({ ...input.notes, notes_saved_at: input.at, finished_at: input.at })
      .where('org_id', '=', input.orgId)
      .where('session_id', '=', input.sessionId)
      .where('turn', '=', input.turn)
      .where('finished_at', 'is', null)
      .returning('turn')
      .executeTakeFirst();
    if (!claimed) return undefined;
    const story = await trx
      .insertInto('stories')
      .values({
        org_id: input.orgId,
        slug: `pair-draft-${slugSuffix()}-${slugSuffix()}`,
        title: input.draft.title,
        form: input.draft.form,
        body: input.draft.body,
        primary_characteristic: input.notes.characteristic,
        characteristics: [input.notes.characteristic],
        roles: [],
        place: '',
        author_id: input.storytellerId,
        visibility: 'private',
        space_id: null,
        status: 'draft',
        created_at: input.at,
        updated_at: input.at,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('story_people')
      .values({
        org_id: input.orgId,
        story_id: story.id,
        relation: 'told_with',
        user_id: input.interviewer.id,
        name: input.interviewer.name,
        email: null,
        // The partner took part in the telling; asking them again would be a formality.
        consent: 'not_needed',
        consent_token_hash: null,
        consent_requested_at: null,
        consent_answered_at: null,
        approved_text_hash: null,
      })
      .execute();
    await trx
      .updateTable('pair_turns')
      .set({ story_id: story.id })
      .where('org_id', '=', input.orgId)
      .where('session_id', '=', input.sessionId)
      .where('turn', '=', input.turn)
      .execute();
    if (input.turn === 1) {
      await trx
        .updateTable('pair_turns')
        .set({ started_at: input.at })
        .where('org_id', '=', input.orgId)
        .where('session_id', '=', input.sessionId)
        .where('turn', '=', 2)
        .execute();
      await trx
        .updateTable('pair_sessions')
        .set({ current_turn: 2, updated_at: input.at })
        .where('org_id', '=', input.orgId)
        .where('id', '=', input.sessionId)
        .execute();
    } else {
      await trx
        .updateTable('pair_sessions')
        .set({ status: 'finished', finished_at: input.at, updated_at: input.at })
        .where('org_id', '=', input.orgId)
        .where('id', '=', input.sessionId)
        .execute();
    }
    return story.id;
  });
}

/** Stops a session; the notes of turns not yet finished are personal and go with it. Drafts already made stay. */
export async function abandonSession(db: Db, orgId: string, sessionId: string, at: Date) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pair_turns')
      .set({ introduce: '', why_characteristic: '', example: '', what_changed: '', tips: '', characteristic: '' })
      .where('org_id', '=', orgId)
      .where('session_id', '=', sessionId)
      .where('finished_at', 'is', null)
      .execute();
    await trx
      .updateTable('pair_sessions')
      .set({ status: 'abandoned', finished_at: at, updated_at: at })
      .where('org_id', '=', orgId)
      .where('id', '=', sessionId)
      .where('status', '=', 'active')
      .execute();
  });
}
