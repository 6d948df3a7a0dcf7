// Accounts and access: units, placements (unit and line manager), space invitations, sign-in links, single
// sign-on, invitations, the audit log, the email outbox and retention. See docs/ARCHITECTURE.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table organisations add column retention_days int check (retention_days between 30 and 3650);

    create table units (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      parent_id uuid,
      name text not null check (length(name) between 1 and 200),
      kind text not null check (kind in ('directorate', 'service', 'team')),
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, parent_id) references units (org_id, id) on delete restrict
    );

    -- Where a person sits in an organisation: their unit and their line manager.
    create table placements (
      org_id uuid not null references organisations (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      unit_id uuid,
      manager_id uuid references users (id) on delete set null,
      primary key (org_id, user_id),
      foreign key (org_id, unit_id) references units (org_id, id) on delete set null (unit_id)
    );
    create index placements_manager on placements (org_id, manager_id) where manager_id is not null;

    -- An organisation that joins a space either brings everyone, or only the people its admin chose
    -- (rows with member_person_id and via_org_id, which lapse when the person leaves that organisation).
    alter table space_members add column everyone boolean not null default true;
    alter table space_members add column via_org_id uuid references organisations (id) on delete cascade;
    alter table spaces add column created_by uuid references users (id) on delete set null;

    create table space_invitations (
      id uuid primary key default gen_random_uuid(),
      space_id uuid not null references spaces (id) on delete cascade,
      invited_org_id uuid references organisations (id) on delete cascade,
      invited_person_id uuid references users (id) on delete cascade,
      invited_by uuid references users (id) on delete set null,
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'withdrawn')),
      created_at timestamptz not null default now(),
      responded_at timestamptz,
      check ((invited_org_id is null) <> (invited_person_id is null))
    );
    create unique index space_invitations_pending_org on space_invitations (space_id, invited_org_id)
      where status = 'pending' and invited_org_id is not null;
    create unique index space_invitations_pending_person on space_invitations (space_id, invited_person_id)
      where status = 'pending' and invited_person_id is not null;

    -- One-time sign-in links: only the SHA-256 of the secret is kept.
    create table sign_in_links (
      person_id uuid not null references users (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      token_hash text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      primary key (person_id, id)
    );
    create index sign_in_links_hash on sign_in_links (token_hash);

    -- Single sign-on with OpenID Connect, one provider per organisation.
    create table sso_providers (
      org_id uuid not null primary key references organisations (id) on delete cascade,
      issuer text not null,
      client_id text not null,
      client_secret_sealed text not null,
      allowed_domains text[] not null default '{}',
      enabled boolean not null default true,
      updated_at timestamptz not null default now(),
      updated_by uuid references users (id) on delete set null
    );
    -- People are keyed by issuer and subject, never by the email a provider reports.
    create table identities (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      issuer text not null,
      subject text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      unique (issuer, subject)
    );
    create index identities_user on identities (user_id);

    create table invitations (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      email text not null check (email like '%_@_%'),
      display_name text not null check (length(display_name) between 1 and 200),
      role text not null check (role in ('member', 'line_manager', 'hr_od', 'moderator', 'coordinator', 'org_admin')),
      unit_id uuid,
      manager_email text,
      token_hash text not null,
      invited_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz,
      primary key (org_id, id),
      foreign key (org_id, unit_id) references units (org_id, id) on delete set null (unit_id)
    );
    create index invitations_token on invitations (token_hash);

    -- What happened in an organisation, for its admins: never secrets, never feedback text.
    create table audit_events (
      org_id uuid not null references organisations (id) on delete cascade,
      id bigint generated always as identity,
      at timestamptz not null default now(),
      actor_id uuid references users (id) on delete set null,
      action text not null,
      summary text not null,
      primary key (org_id, id)
    );
    create index audit_events_recent on audit_events (org_id, at desc);

    -- Email waits here until the delivery job has sent it (or, with no SMTP server, logged it).
    create table email_outbox (
      id uuid primary key default gen_random_uuid(),
      to_address text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      attempts int not null default 0,
      last_error text
    );
    create index email_outbox_unsent on email_outbox (created_at) where sent_at is null;

    -- Stories outlive their author's account when the author chooses to leave them anonymised.
    alter table stories alter column author_id drop not null;
    alter table stories drop constraint stories_author_id_fkey;
    alter table stories add constraint stories_author_id_fkey foreign key (author_id) references users (id)
      on delete set null;
    create index stories_author on stories (author_id);
  `.execute(db);
}
