// Articles (blog posts, research summaries, guest columns, event write-ups) as a kind of content, their series
// and revisions, and the `editor` role that writes and publishes an organisation's articles. An article is
// scheduled when it is published with `published_at` still to come: the kind's one readable rule compares
// it with now(), so nothing has to run at the hour for it to appear.
import { type Kysely, sql } from 'kysely';

const rolesBefore = `'member', 'line_manager', 'hr_od', 'moderator', 'coordinator', 'org_admin'`;
const rolesAfter = `${rolesBefore}, 'editor'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    alter table memberships drop constraint memberships_role_check;
    alter table memberships add constraint memberships_role_check check (role in (${rolesAfter}));
    alter table invitations drop constraint invitations_role_check;
    alter table invitations add constraint invitations_role_check check (role in (${rolesAfter}));
  `)
    .execute(db);
  await sql`
    create table article_series (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      title text not null check (length(title) between 1 and 200),
      summary text not null default '' check (length(summary) <= 2000),
      created_at timestamptz not null default now(),
      primary key (org_id, id),
      unique (org_id, title)
    );

    create table articles (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      owner_id uuid references users (id) on delete set null,
      visibility text not null check (visibility in ('private', 'organisation', 'space', 'signed_in', 'public')),
      space_id uuid references spaces (id),
      article_kind text not null check (article_kind in ('blog_post', 'research_summary', 'guest_column', 'event_write_up')),
      title text not null check (length(title) between 1 and 200),
      summary text not null default '' check (length(summary) <= 500),
      body text not null default '' check (length(body) <= 100000),
      series_id uuid,
      tags text[] not null default '{}',
      guest_name text check (length(guest_name) between 1 and 200),
      guest_job text check (length(guest_job) <= 200),
      guest_org text check (length(guest_org) <= 200),
      status text not null default 'draft' check (status in ('draft', 'published')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B') ||
        setweight(to_tsvector('english', body), 'C')) stored,
      primary key (org_id, id),
      foreign key (org_id, series_id) references article_series (org_id, id),
      check ((visibility = 'space') = (space_id is not null)),
      check ((status = 'published') = (published_at is not null))
    );
    create index articles_id on articles (id);
    create index articles_published on articles (published_at desc) where status = 'published';
    create index articles_tags on articles using gin (tags);
    create index articles_search on articles using gin (search);

    -- An author who erases their account stays in the byline as "Former member" (person_id becomes null).
    create table article_authors (
      org_id uuid not null,
      article_id uuid not null,
      position int not null check (position >= 0),
      person_id uuid references users (id) on delete set null,
      primary key (org_id, article_id, position),
      foreign key (org_id, article_id) references articles (org_id, id) on delete cascade
    );
    create index article_authors_person on article_authors (person_id);

    create table article_revisions (
      org_id uuid not null,
      article_id uuid not null,
      number int not null check (number > 0),
      title text not null,
      summary text not null,
      body text not null,
      saved_by uuid references users (id) on delete set null,
      saved_at timestamptz not null default now(),
      primary key (org_id, article_id, number),
      foreign key (org_id, article_id) references articles (org_id, id) on delete cascade
    );

    -- The cover image, already resized and stripped of its metadata (src/articles/cover.ts).
    create table article_covers (
      org_id uuid not null,
      article_id uuid not null,
      image bytea not null,
      width int not null check (width > 0),
      height int not null check (height > 0),
      alt text not null check (length(alt) between 1 and 250),
      updated_at timestamptz not null default now(),
      primary key (org_id, article_id),
      foreign key (org_id, article_id) references articles (org_id, id) on delete cascade
    );

    insert into content_kinds (type) values ('article');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from content_kinds where type = 'article';
    drop table article_covers, article_revisions, article_authors, articles, article_series;
    delete from memberships where role = 'editor';
    delete from invitations where role = 'editor';
  `.execute(db);
  await sql
    .raw(`
    alter table memberships drop constraint memberships_role_check;
    alter table memberships add constraint memberships_role_check check (role in (${rolesBefore}));
    alter table invitations drop constraint invitations_role_check;
    alter table invitations add constraint invitations_role_check check (role in (${rolesBefore}));
  `)
    .execute(db);
}
