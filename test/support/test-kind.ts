// A kind of content that exists only in tests: "notes", with their own table, scope, workflow and owners.
// It proves that moderation, discussion, reports, search and the leak tests work for a kind other than
// stories without changing their code: the tests add this declaration to the services and nothing else.
import { type SqlBool, sql } from 'kysely';
import type { ScopedKind } from '../../src/content/kind.ts';
import { publishedAndVisible } from '../../src/content/records.ts';
import type { Db } from '../../src/db/database.ts';

const columns = {
  org: 'org_id',
  owner: 'writer_id',
  visibility: 'shared_with',
  space: 'space_id',
  title: 'heading',
  status: 'state',
};

/** A note's workflow, written out by hand: it shares no code with the story workflow. */
const moves: Record<
  string,
  Record<string, { to: string; event: 'published' | 'changes_requested' | 'rejected'; needsReason: boolean }>
> = {
  publish: { waiting: { to: 'out', event: 'published', needsReason: false } },
  request_changes: { waiting: { to: 'editing', event: 'changes_requested', needsReason: true } },
  reject: { waiting: { to: 'refused', event: 'rejected', needsReason: true } },
};

export const noteKind: ScopedKind = {
  type: 'note',
  noun: 'note',
  table: 'test_notes',
  columns,
  published: 'out',
  url: (id) => `/notes/${id}`,
  readable: (principal, alias) => publishedAndVisible(noteKind, principal, alias),
  ownerIds: (alias) =>
    sql<string[]>`array_remove(array[${sql.ref(`${alias}.writer_id`)}, ${sql.ref(`${alias}.second_writer_id`)}], null)`,
  ownedBy: (personId, alias) =>
    sql<SqlBool>`(${sql.ref(`${alias}.writer_id`)} = ${personId}::uuid or ${sql.ref(`${alias}.second_writer_id`)} = ${personId}::uuid)`,
  discussed: true,
  reported: true,
  search: { document: 'search', publishedAt: 'out_at' },
  moderation: {
    waiting: 'waiting',
    decided: ['out', 'refused'],
    submittedAt: 'sent_at',
    publishedAt: 'out_at',
    transition: (action, from) => moves[action]?.[from] ?? null,
    // A note naming nobody can go out; one with `blocked` set says why it cannot.
    async blockers(db, record) {
      const row = await sql<{ blocked: string | null }>`
        select blocked from test_notes where org_id = ${record.orgId}::uuid and id = ${record.id}::uuid`.execute(db);
      const blocked = row.rows[0]?.blocked;
      return blocked ? [{ code: 'note_blocked', message: blocked }] : [];
    },
    takenDownTo: 'editing',
    body: 'body',
  },
};

/** Creates the notes table and registers the kind's type (what a capability's migration does). */
export async function createNoteTable(db: Db) {
  await sql`
    create table if not exists test_notes (
      org_id uuid not null references organisations (id),
      id uuid primary key default gen_random_uuid(),
      writer_id uuid references users (id) on delete set null,
      second_writer_id uuid references users (id) on delete set null,
      heading text not null,
      body text not null default '',
      shared_with text not null check (shared_with in ('private', 'organisation', 'space', 'signed_in', 'public')),
      space_id uuid,
      state text not null default 'draft',
      blocked text,
      sent_at timestamptz,
      out_at timestamptz,
      search tsvector generated always as (to_tsvector('english', heading || ' ' || body)) stored
    );
    insert into content_kinds (type) values ('note') on conflict do nothing;
  `.execute(db);
}

export interface NewNote {
  orgId: string;
  writerId: string | null;
  heading: string;
  body?: string;
  sharedWith: string;
  spaceId?: string | null;
  state: string;
  blocked?: string | null;
  secondWriterId?: string | null;
}

export async function plantNote(db: Db, note: NewNote): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into test_notes (org_id, writer_id, second_writer_id, heading, body, shared_with, space_id, state, blocked, sent_at, out_at)
    values (${note.orgId}::uuid, ${note.writerId}::uuid, ${note.secondWriterId ?? null}::uuid, ${note.heading},
      ${note.body ?? ''}, ${note.sharedWith}, ${note.spaceId ?? null}::uuid, ${note.state}, ${note.blocked ?? null},
      ${note.state === 'waiting' ? sql`now()` : sql`null`}, ${note.state === 'out' ? sql`now()` : sql`null`})
    returning id`.execute(db);
  return rows[0]?.id as string;
}
