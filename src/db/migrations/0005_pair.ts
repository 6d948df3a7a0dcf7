// The pair exercise: two people interview each other in turns around five prompts, and each turn ends with
// a first draft of the storyteller's story. See docs/ARCHITECTURE.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table pair_sessions (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      started_by uuid references users (id) on delete set null,
      partner_id uuid references users (id) on delete set null,
      -- together: one screen, the person who started it types; apart: each on their own screen.
      mode text not null check (mode in ('together', 'apart')),
      status text not null default 'active' check (status in ('active', 'finished', 'abandoned')),
      current_turn smallint not null default 1 check (current_turn in (1, 2)),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (org_id, id)
    );
    create index pair_sessions_started_by on pair_sessions (started_by);
    create index pair_sessions_partner on pair_sessions (partner_id);

    -- One turn: the interviewer's notes on the storyteller's answers to the five prompts. The notes are about
    -- the storyteller, so they go when the storyteller's account is erased.
    create table pair_turns (
      org_id uuid not null,
      session_id uuid not null,
      turn smallint not null check (turn in (1, 2)),
      storyteller_id uuid references users (id) on delete cascade,
      interviewer_id uuid references users (id) on delete set null,
      characteristic text not null default '',
      introduce text not null default '' check (length(introduce) <= 10000),
      why_characteristic text not null default '' check (length(why_characteristic) <= 10000),
      example text not null default '' check (length(example) <= 10000),
      what_changed text not null default '' check (length(what_changed) <= 10000),
      tips text not null default '' check (length(tips) <= 10000),
      started_at timestamptz,
      notes_saved_at timestamptz,
      finished_at timestamptz,
      story_id uuid,
      primary key (org_id, session_id, turn),
      foreign key (org_id, session_id) references pair_sessions (org_id, id) on delete cascade,
      foreign key (org_id, story_id) references stories (org_id, id) on delete set null (story_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table pair_turns, pair_sessions`.execute(db);
}
