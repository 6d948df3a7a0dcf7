// Reading groups and their sessions. A group is a kind of content (`reading_group` in content_kinds) with its
// own scope: one organisation, a space of several, everyone signed in, or everyone. Its members, sessions
// and answers are plain rows of the group, readable only where the group is. A session's time is stored as
// timestamptz; pages take and show it in London's time.
import { type Kysely, sql } from 'kysely';

const upStatements = [
  `insert into content_kinds (type) values ('reading_group')`,
  `create table reading_groups (
      org_id uuid not null references organisations (id),
      id uuid not null default gen_random_uuid(),
      created_by uuid references users (id) on delete set null,
      name text not null check (char_length(name) between 1 and 120),
      about text not null default '' check (char_length(about) <= 2000),
      -- 'private' is never offered by the forms: a group only its creator can find (the shared scope rule).
      visibility text not null check (visibility in ('private', 'organisation', 'space', 'signed_in', 'public')),
      space_id uuid references spaces (id),
      join_rule text not null check (join_rule in ('open', 'request')),
      status text not null default 'open' check (status in ('open', 'closed')),
      created_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', about), 'B')
      ) stored,
      primary key (org_id, id),
      check ((visibility = 'space') = (space_id is not null))
    )`,
  `create index reading_groups_search on reading_groups using gin (search)`,
  `create table group_members (
      org_id uuid not null,
      group_id uuid not null,
      person_id uuid not null references users (id) on delete cascade,
      role text not null default 'member' check (role in ('facilitator', 'member')),
      state text not null default 'member' check (state in ('member', 'requested')),
      since timestamptz not null default now(),
      primary key (org_id, group_id, person_id),
      foreign key (org_id, group_id) references reading_groups (org_id, id) on delete cascade,
      check (role = 'member' or state = 'member')
    )`,
  `create index group_members_person on group_members (person_id)`,
  `create table group_sessions (
      org_id uuid not null,
      id uuid not null default gen_random_uuid(),
      group_id uuid not null,
      title text not null check (char_length(title) between 1 and 120),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      place text not null default '' check (char_length(place) <= 200),
      online_link text not null default '' check (char_length(online_link) <= 500),
      capacity integer check (capacity between 1 and 1000),
      rsvps_closed boolean not null default false,
      cancelled_at timestamptz,
      sequence integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, group_id) references reading_groups (org_id, id) on delete cascade,
      check (ends_at > starts_at)
    )`,
  `create index group_sessions_group on group_sessions (org_id, group_id, starts_at)`,
  `-- One answer per person and session. A yes with waiting_since set is on the waiting list; the list is
    -- served in the order people joined it.
    create table session_rsvps (
      org_id uuid not null,
      session_id uuid not null,
      person_id uuid not null references users (id) on delete cascade,
      answer text not null check (answer in ('yes', 'no', 'maybe')),
      waiting_since timestamptz,
      answered_at timestamptz not null default now(),
      primary key (org_id, session_id, person_id),
      foreign key (org_id, session_id) references group_sessions (org_id, id) on delete cascade,
      check (waiting_since is null or answer = 'yes')
    )`,
  `create index session_rsvps_person on session_rsvps (person_id)`,
  // A facilitator's own questions, beside the three sets shipped as data (src/groups/questions.ts).
  `create table group_questions (
      org_id uuid not null,
      id uuid not null default gen_random_uuid(),
      group_id uuid not null,
      text text not null check (char_length(text) between 1 and 500),
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, group_id) references reading_groups (org_id, id) on delete cascade
    )`,
  // A session's agenda: questions in order, each from the shipped sets (by key) or the group's own (by id).
  `create table agenda_items (
      org_id uuid not null,
      session_id uuid not null,
      position integer not null check (position between 1 and 50),
      question_key text check (question_key ~ '^[a-z0-9-]{1,60}$'),
      question_id uuid,
      primary key (org_id, session_id, position),
      foreign key (org_id, session_id) references group_sessions (org_id, id) on delete cascade,
      foreign key (org_id, question_id) references group_questions (org_id, id) on delete cascade,
      check ((question_key is null) <> (question_id is null))
    )`,
  // The shared notes of a session, one text its members keep together.
  `create table session_notes (
      org_id uuid not null,
      session_id uuid not null,
      body text not null check (char_length(body) <= 20000),
      updated_by uuid references users (id) on delete set null,
      updated_at timestamptz not null default now(),
      primary key (org_id, session_id),
      foreign key (org_id, session_id) references group_sessions (org_id, id) on delete cascade
    )`,
  // A private reflection: its author's alone. Person-owned (no org_id), so it follows its author; the session
  // is named by session_org and session_id.
  `create table session_reflections (
      person_id uuid not null references users (id) on delete cascade,
      session_org uuid not null,
      session_id uuid not null,
      body text not null check (char_length(body) between 1 and 20000),
      updated_at timestamptz not null default now(),
      primary key (person_id, session_id),
      foreign key (session_org, session_id) references group_sessions (org_id, id) on delete cascade
    )`,
  // Actions agreed in a session, each with the member who owns it and when it is due.
  `create table group_actions (
      org_id uuid not null,
      id uuid not null default gen_random_uuid(),
      session_id uuid not null,
      owner_id uuid not null references users (id) on delete cascade,
      text text not null check (char_length(text) between 1 and 500),
      due_on date not null,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      done_at timestamptz,
      primary key (org_id, id),
      foreign key (org_id, session_id) references group_sessions (org_id, id) on delete cascade
    )`,
  `create index group_actions_owner on group_actions (owner_id, due_on)`,
  // A group's reading list: content of any registered kind, by type and id, in order, with a note on each.
  // Shown only where the reader may read the item itself (its kind's readable rule).
  `create table reading_list_items (
      org_id uuid not null,
      id uuid not null default gen_random_uuid(),
      group_id uuid not null,
      position integer not null,
      target_type text not null references content_kinds (type),
      target_id uuid not null,
      note text not null default '' check (char_length(note) <= 1000),
      added_by uuid references users (id) on delete set null,
      added_at timestamptz not null default now(),
      primary key (org_id, id),
      unique (org_id, group_id, target_type, target_id),
      foreign key (org_id, group_id) references reading_groups (org_id, id) on delete cascade
    )`,
  // A person's calendar feed: the SHA-256 of its secret only. Making a new one replaces it; revoking deletes it.
  `create table calendar_feeds (
      person_id uuid primary key references users (id) on delete cascade,
      token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now()
    )`,
  `create index calendar_feeds_token on calendar_feeds (token_hash)`,
];

const downStatements = [
  `drop table reading_list_items`,
  `drop table calendar_feeds`,
  `drop table group_actions`,
  `drop table session_reflections`,
  `drop table session_notes`,
  `drop table agenda_items`,
  `drop table group_questions`,
  `drop table session_rsvps`,
  `drop table group_sessions`,
  `drop table group_members`,
  `drop table reading_groups`,
  `delete from content_kinds where type = 'reading_group'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: the pool prepares statements, and a prepared statement holds only one.
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db);
}
