// Invitations to a reading group by email. The link's secret is kept only as its SHA-256; an invitation
// works for 14 days, once, and until a facilitator withdraws it. Erasing the person who sent it clears
// `invited_by`; erasing the person it was sent to deletes it (src/groups/erasure.ts).
import { type Kysely, sql } from 'kysely';

const upStatements = [
  `create table group_invitations (
      org_id uuid not null,
      id uuid not null default gen_random_uuid(),
      group_id uuid not null,
      email text not null check (char_length(email) between 3 and 320),
      token_hash text not null check (token_hash ~ '^[0-9a-f]{64}$'),
      invited_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_by uuid references users (id) on delete set null,
      accepted_at timestamptz,
      withdrawn_at timestamptz,
      primary key (org_id, id),
      foreign key (org_id, group_id) references reading_groups (org_id, id) on delete cascade,
      check (expires_at > created_at)
    )`,
  `create index group_invitations_token on group_invitations (token_hash)`,
  `create index group_invitations_group on group_invitations (org_id, group_id, created_at)`,
  `create index group_invitations_email on group_invitations (lower(email))`,
];

const downStatements = [`drop table group_invitations`];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: the pool prepares statements, and a prepared statement holds only one.
  for (const statement of upStatements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db);
}
