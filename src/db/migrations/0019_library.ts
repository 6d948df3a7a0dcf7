// The evidence library: reports, papers, books, guidance, datasets and videos with their bibliographic facts
// and a summary written by us, suggested by members and published by moderators (a moderated kind,
// `library_item`), and pasted BibTeX or RIS kept for its preview until a moderator confirms it.
import { type Kysely, sql } from 'kysely';

const schema = `
    insert into content_kinds (type) values ('library_item');

    create table library_items (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      -- Who suggested it; erasing their account leaves the item, suggested by "a former member".
      suggested_by uuid references users (id) on delete set null,
      visibility text not null default 'public'
        check (visibility in ('private', 'organisation', 'space', 'signed_in', 'public')),
      space_id uuid references spaces (id) on delete set null,
      status text not null default 'submitted'
        check (status in ('submitted', 'changes_requested', 'published', 'rejected')),
      item_type text not null check (item_type in ('report', 'paper', 'book', 'guidance', 'dataset', 'video')),
      title text not null check (length(title) between 1 and 300),
      -- [{ family, given }], in the order the work names them.
      authors jsonb not null default '[]' check (jsonb_typeof(authors) = 'array'),
      author_names text not null default '' check (length(author_names) <= 4000),
      year int check (year between 1800 and 2100),
      container text not null default '' check (length(container) <= 300),
      publisher text not null default '' check (length(publisher) <= 300),
      doi text check (doi is null or doi ~ '^10\\.[0-9]{4,9}/\\S+$'),
      isbn text check (isbn is null or isbn ~ '^([0-9]{9}[0-9X]|[0-9]{13})$'),
      url text check (url is null or length(url) <= 2000),
      accessed date,
      summary text not null default '' check (length(summary) <= 20000),
      lessons text[] not null default '{}',
      characteristics text[] not null default '{}',
      roles text[] not null default '{}',
      submitted_at timestamptz,
      published_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      search tsvector generated always as (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', author_names || ' ' || container || ' ' || publisher), 'B') ||
        setweight(to_tsvector('english', summary), 'C')
      ) stored,
      primary key (org_id, id),
      constraint library_items_published check ((status = 'published') = (published_at is not null))
    );
    create index library_items_id on library_items (id);
    create index library_items_search on library_items using gin (search);
    create index library_items_published on library_items (published_at desc) where status = 'published';
    create index library_items_waiting on library_items (org_id, submitted_at) where status = 'submitted';
    create index library_items_doi on library_items (org_id, lower(doi)) where doi is not null;
    create index library_items_isbn on library_items (org_id, isbn) where isbn is not null;
    create index library_items_suggested_by on library_items (suggested_by) where suggested_by is not null;

    -- Pasted BibTeX or RIS, parsed and kept until the moderator confirms the preview.
    create table library_imports (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      created_by uuid references users (id) on delete cascade,
      format text not null check (format in ('bibtex', 'ris')),
      parsed jsonb not null,
      result jsonb,
      created_at timestamptz not null default now(),
      confirmed_at timestamptz,
      primary key (org_id, id)
    );
`;

/** The schema one statement at a time (the connection refuses several statements in one call). */
const statements = schema
  .split(/;\n/)
  .map((t) => t.trim())
  .filter((t) => t !== '');

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'drop table library_imports',
    'drop table library_items',
    "delete from moderation_events where target_type = 'library_item'",
    "delete from reports where target_type = 'library_item'",
    "delete from content_kinds where type = 'library_item'",
  ]) {
    await sql.raw(statement).execute(db);
  }
}
