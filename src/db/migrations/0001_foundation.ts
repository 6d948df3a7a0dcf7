// The foundation: framework reference data, organisations, people, memberships, spaces, tokens,
// stories and sessions. See docs/ARCHITECTURE.md for how each kind of table distributes.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table framework_versions (
      version text primary key,
      released_at timestamptz not null default now()
    );
    create table characteristics (
      framework_version text not null references framework_versions (version),
      key text not null,
      position int not null,
      name text not null,
      summary text not null,
      description text not null,
      subject text not null check (subject in ('person', 'organisation')),
      primary key (framework_version, key)
    );
    create table characteristic_indicators (
      framework_version text not null,
      characteristic_key text not null,
      position int not null,
      text text not null,
      primary key (framework_version, characteristic_key, position),
      foreign key (framework_version, characteristic_key) references characteristics (framework_version, key)
    );
    create table roles (
      framework_version text not null references framework_versions (version),
      key text not null,
      position int not null,
      name text not null,
      role_group text not null check (role_group in ('emerging', 'newer', 'long-standing', 'in-practice')),
      summary text not null,
      description text not null,
      primary key (framework_version, key)
    );
    create table lessons (
      framework_version text not null references framework_versions (version),
      key text not null,
      number int not null,
      title text not null,
      summary text not null,
      body text not null,
      characteristics text[] not null default '{}',
      primary key (framework_version, key),
      unique (framework_version, number)
    );

    create table organisations (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 1 and 200),
      sector text not null check (sector in ('local-government', 'nhs', 'police', 'fire', 'civil-service',
        'voluntary', 'social-enterprise', 'private-provider', 'other')),
      region text not null default '',
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null check (email like '%_@_%'),
      display_name text not null check (length(display_name) between 1 and 200),
      password_hash text,
      platform_admin boolean not null default false,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index users_email_key on users (lower(email));

    create table memberships (
      org_id uuid not null references organisations (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      role text not null check (role in ('member', 'line_manager', 'hr_od', 'moderator', 'coordinator', 'org_admin')),
      created_at timestamptz not null default now(),
      primary key (org_id, user_id, role)
    );
    create index memberships_user on memberships (user_id);

    create table spaces (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      name text not null check (length(name) between 1 and 200),
      description text not null default '',
      host_org_id uuid not null references organisations (id),
      created_at timestamptz not null default now()
    );
    create table space_members (
      id uuid primary key default gen_random_uuid(),
      space_id uuid not null references spaces (id) on delete cascade,
      member_org_id uuid references organisations (id) on delete cascade,
      member_person_id uuid references users (id) on delete cascade,
      added_at timestamptz not null default now(),
      check ((member_org_id is null) <> (member_person_id is null))
    );
    create unique index space_members_org on space_members (space_id, member_org_id) where member_org_id is not null;
    create unique index space_members_person on space_members (space_id, member_person_id)
      where member_person_id is not null;
    create index space_members_by_org on space_members (member_org_id) where member_org_id is not null;
    create index space_members_by_person on space_members (member_person_id) where member_person_id is not null;

    create table api_tokens (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      person_id uuid not null references users (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      token_hash text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      primary key (org_id, id)
    );
    create index api_tokens_hash on api_tokens (token_hash);

    create table stories (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      slug text not null check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      title text not null check (length(title) between 1 and 200),
      form text not null check (form in ('profile', 'personal-narrative', 'quote', 'flash-fiction')),
      body text not null,
      primary_characteristic text not null,
      characteristics text[] not null check (primary_characteristic = any (characteristics)),
      roles text[] not null default '{}',
      place text not null default '',
      author_id uuid not null references users (id),
      visibility text not null check (visibility in ('private', 'organisation', 'space', 'signed_in', 'public')),
      space_id uuid references spaces (id),
      status text not null default 'draft' check (status in ('draft', 'published')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      primary key (org_id, id),
      unique (org_id, slug),
      check ((visibility = 'space') = (space_id is not null)),
      check ((status = 'published') = (published_at is not null))
    );
    create index stories_published on stories (published_at desc) where status = 'published';
    create index stories_characteristics on stories using gin (characteristics);

    create table sessions (
      sid varchar not null primary key,
      sess json not null,
      expire timestamp(6) not null
    );
    create index sessions_expire on sessions (expire);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table sessions, stories, api_tokens, space_members, spaces, memberships, users, organisations,
      lessons, roles, characteristic_indicators, characteristics, framework_versions;
  `.execute(db);
}
