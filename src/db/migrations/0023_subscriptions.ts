// Subscriptions and digests: what a person follows (a series, a tag, a reading group, an author), how often
// they want a digest, and the ledger of what each digest has carried, so no item goes to a person twice. A
// digest's ledger rows and its outbox row are written in one transaction. Readers without an account
// subscribe to new articles by address, confirmed by an emailed link (double opt-in).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table subscriptions (
      person_id uuid not null references users (id) on delete cascade,
      target_type text not null check (target_type in ('series', 'tag', 'group', 'author')),
      target text not null check (length(target) between 1 and 200),
      created_at timestamptz not null default now(),
      primary key (person_id, target_type, target)
    );

    -- One row per person who follows anything. Nothing published before since goes out (it moves on when
    -- digests are turned back on); last_digest_at is when a daily or weekly digest was last considered. The
    -- unsubscribe link's secret is derived from the session secret; only its SHA-256 is kept, to find the row.
    create table digest_settings (
      person_id uuid primary key references users (id) on delete cascade,
      frequency text not null default 'weekly' check (frequency in ('immediate', 'daily', 'weekly', 'off')),
      since timestamptz not null default now(),
      last_digest_at timestamptz,
      unsubscribe_hash bytea
    );
    -- Not a unique key: a person-owned table's keys hold person_id. The hash is of an HMAC of the person's id.
    create index digest_settings_unsubscribe on digest_settings (unsubscribe_hash);

    create table digest_ledger (
      person_id uuid not null references users (id) on delete cascade,
      item_type text not null check (item_type in ('article', 'group_session')),
      item_id uuid not null,
      sent_at timestamptz not null,
      primary key (person_id, item_type, item_id)
    );

    -- Readers without an account: an address, confirmed or waiting (requested_at; unconfirmed ones expire
    -- after 7 days). They get a daily digest of new public articles.
    create table article_readers (
      id uuid primary key default gen_random_uuid(),
      email text not null check (length(email) between 3 and 254),
      confirm_hash bytea unique,
      requested_at timestamptz not null default now(),
      confirmed_at timestamptz,
      since timestamptz,
      last_digest_at timestamptz,
      unsubscribe_hash bytea unique
    );
    create unique index article_readers_email on article_readers (lower(email));

    create table article_reader_ledger (
      reader_id uuid not null references article_readers (id) on delete cascade,
      article_id uuid not null,
      sent_at timestamptz not null,
      primary key (reader_id, article_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table article_reader_ledger, article_readers, digest_ledger, digest_settings, subscriptions`.execute(
    db,
  );
}
