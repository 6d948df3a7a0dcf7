// Stories of practice in full: the editorial workflow (draft to published), sector and region, full-text
// search, the people in a story and their consent, audio with a transcript, moderation and reports (for any
// kind of content), comments and reactions (for any kind of content), notification settings, the tag
// suggestion model and collection imports waiting for confirmation. See docs/ARCHITECTURE.md.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Platform moderators review stories meant for the public, whichever organisation they come from.
    alter table users add column platform_moderator boolean not null default false;

    alter table stories drop constraint stories_status_check;
    alter table stories add constraint stories_status_check
      check (status in ('draft', 'submitted', 'changes_requested', 'published', 'rejected', 'withdrawn'));
    alter table stories add column sector text;
    alter table stories add column region text not null default '';
    update stories set sector = organisations.sector, region = organisations.region
      from organisations where organisations.id = stories.org_id;
    alter table stories alter column sector set not null;
    -- A story written without a sector takes its organisation's sector and region.
    create function stories_take_organisation_defaults() returns trigger language plpgsql as $fn$
    begin
      if new.sector is null then
        select o.sector, case when new.region = '' then o.region else new.region end
          into new.sector, new.region from organisations o where o.id = new.org_id;
      end if;
      return new;
    end $fn$;
    create trigger stories_organisation_defaults before insert on stories
      for each row execute function stories_take_organisation_defaults();
    alter table stories add constraint stories_sector_check check (sector in ('local-government', 'nhs', 'police',
      'fire', 'civil-service', 'voluntary', 'social-enterprise', 'private-provider', 'other'));
    -- Required before a story with audio is published, so it stays accessible and searchable.
    alter table stories add column transcript text not null default '';
    alter table stories add column submitted_at timestamptz;
    -- Imported by a moderator who marked consent and moderation as already done elsewhere.
    alter table stories add column cleared boolean not null default false;
    -- Title above body above transcript; the English configuration stems and drops stop words.
    alter table stories add column search tsvector generated always as (
      setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', body), 'B') ||
      setweight(to_tsvector('english', transcript), 'C')
    ) stored;
    create index stories_search on stories using gin (search);
    create index stories_roles on stories using gin (roles);
    create index stories_status on stories (org_id, status, submitted_at) where status = 'submitted';

    -- Everyone in a story besides its owner (stories.author_id): co-authors, the partner it was told with,
    -- the subject of a profile, and people named or pictured. Consent is asked by a link (no account needed).
    create table story_people (
      org_id uuid not null,
      story_id uuid not null,
      id uuid not null default gen_random_uuid(),
      relation text not null check (relation in ('author', 'told_with', 'subject', 'named')),
      user_id uuid references users (id) on delete set null,
      name text not null check (length(name) between 1 and 200),
      email text check (email is null or length(email) <= 320),
      consent text not null default 'not_asked'
        check (consent in ('not_needed', 'not_asked', 'pending', 'given', 'refused', 'anonymised')),
      consent_token_hash text,
      consent_requested_at timestamptz,
      consent_answered_at timestamptz,
      -- The subject of a profile approves the final text: a hash of the title and body they approved.
      approved_text_hash text,
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      foreign key (org_id, story_id) references stories (org_id, id) on delete cascade
    );
    create index story_people_story on story_people (org_id, story_id);
    create index story_people_token on story_people (consent_token_hash) where consent_token_hash is not null;
    create index story_people_user on story_people (user_id) where user_id is not null;

    create table story_audio (
      org_id uuid not null,
      story_id uuid not null,
      media_type text not null check (media_type in ('audio/webm', 'audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/wav')),
      bytes bytea not null,
      size_bytes int not null check (size_bytes between 1 and 26214400),
      duration_seconds numeric(8, 2) not null check (duration_seconds > 0 and duration_seconds <= 3600),
      created_at timestamptz not null default now(),
      primary key (org_id, story_id),
      foreign key (org_id, story_id) references stories (org_id, id) on delete cascade
    );

    -- What happened to a piece of content on its way to readers, and why: the history moderators and
    -- authors see. target_type names the kind of content (a story, a comment; articles later).
    create table moderation_events (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      target_type text not null check (target_type in ('story', 'comment')),
      target_id uuid not null,
      action text not null check (action in ('submitted', 'published', 'changes_requested', 'rejected',
        'withdrawn', 'hidden', 'restored', 'report_dismissed')),
      reason text not null default '' check (length(reason) <= 2000),
      actor_id uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (org_id, id)
    );
    create index moderation_events_target on moderation_events (org_id, target_type, target_id, created_at);

    -- Readers' reports of published content; an open report sits in the moderators' queue.
    create table reports (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      target_type text not null check (target_type in ('story', 'comment')),
      target_id uuid not null,
      reporter_id uuid references users (id) on delete set null,
      reason text not null check (length(reason) between 1 and 2000),
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid references users (id) on delete set null,
      outcome text check (outcome in ('dismissed', 'removed')),
      primary key (org_id, id),
      check ((resolved_at is null) = (outcome is null))
    );
    create index reports_open on reports (org_id, created_at) where resolved_at is null;

    -- Comments on any content, one level of replies; org_id is the organisation of the content.
    create table comments (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      target_type text not null check (target_type in ('story')),
      target_id uuid not null,
      parent_id uuid,
      author_id uuid references users (id) on delete set null,
      body text not null check (length(body) between 1 and 5000),
      status text not null default 'visible' check (status in ('visible', 'hidden', 'deleted')),
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      primary key (org_id, id),
      foreign key (org_id, parent_id) references comments (org_id, id) on delete cascade
    );
    create index comments_target on comments (org_id, target_type, target_id, created_at);

    create table reactions (
      org_id uuid not null references organisations (id) on delete cascade,
      target_type text not null check (target_type in ('story')),
      target_id uuid not null,
      user_id uuid not null references users (id) on delete cascade,
      kind text not null default 'resonates' check (kind in ('resonates')),
      created_at timestamptz not null default now(),
      primary key (org_id, target_type, target_id, user_id, kind)
    );

    -- Which emails a person wants; no row means the defaults (all on).
    create table notification_settings (
      person_id uuid not null primary key references users (id) on delete cascade,
      comments_on_my_stories boolean not null default true,
      replies_to_my_comments boolean not null default true,
      moderation_outcomes boolean not null default true,
      updated_at timestamptz not null default now()
    );

    -- The tag suggestion model, rebuilt by a job; the newest row is the one in use.
    create table tag_models (
      id bigint generated always as identity primary key,
      built_at timestamptz not null default now(),
      story_count int not null,
      model jsonb not null
    );

    -- A collection a moderator uploaded, parsed and waiting for them to confirm the preview.
    create table story_imports (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      created_by uuid references users (id) on delete set null,
      file_name text not null,
      parsed jsonb not null,
      cleared boolean not null default false,
      created_at timestamptz not null default now(),
      confirmed_at timestamptz,
      primary key (org_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table story_imports, tag_models, notification_settings, reactions, comments, reports,
      moderation_events, story_audio, story_people;
    drop trigger stories_organisation_defaults on stories;
    drop function stories_take_organisation_defaults();
    drop index stories_status;
    drop index stories_roles;
    alter table stories drop column search, drop column cleared, drop column submitted_at,
      drop column transcript, drop column region, drop column sector;
    update stories set status = 'draft', published_at = null where status <> 'published';
    alter table stories drop constraint stories_status_check;
    alter table stories add constraint stories_status_check check (status in ('draft', 'published'));
    alter table users drop column platform_moderator;
  `.execute(db);
}
