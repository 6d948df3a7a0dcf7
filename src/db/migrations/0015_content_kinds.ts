// The shared parts (comments, reactions, reports, moderation events) name content by a type and an id. The
// types were fixed by CHECK constraints listing 'story' and 'comment'; now they reference `content_kinds`,
// one row per registered kind, so a capability adding a kind adds a row in its own migration instead of
// rewriting four constraints. Notification settings become one row per person and kind of event, so a new
// capability adds an event without a column.
import { type Kysely, sql } from 'kysely';

const targets = ['moderation_events', 'reports', 'comments', 'reactions'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table content_kinds (
      type text primary key check (type ~ '^[a-z][a-z_]{1,39}$')
    );
    insert into content_kinds (type) values ('story'), ('comment');
  `.execute(db);
  for (const table of targets) {
    await sql
      .raw(`
        alter table ${table} drop constraint if exists ${table}_target_type_check;
        alter table ${table} add constraint ${table}_target_type_kind
          foreign key (target_type) references content_kinds (type);
      `)
      .execute(db);
  }
  await sql`
    create table notification_preferences (
      person_id uuid not null references users (id) on delete cascade,
      event text not null check (event ~ '^[a-z][a-z_]{1,59}$'),
      wanted boolean not null,
      updated_at timestamptz not null default now(),
      primary key (person_id, event)
    );
    insert into notification_preferences (person_id, event, wanted, updated_at)
      select person_id, 'comment_on_mine', comments_on_my_stories, updated_at from notification_settings
      union all
      select person_id, 'reply_to_my_comment', replies_to_my_comments, updated_at from notification_settings
      union all
      select person_id, 'moderation_outcome', moderation_outcomes, updated_at from notification_settings;
    drop table notification_settings;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification_settings (
      person_id uuid primary key references users (id) on delete cascade,
      comments_on_my_stories boolean not null default true,
      replies_to_my_comments boolean not null default true,
      moderation_outcomes boolean not null default true,
      updated_at timestamptz not null default now()
    );
    insert into notification_settings (person_id, comments_on_my_stories, replies_to_my_comments, moderation_outcomes, updated_at)
      select person_id,
        coalesce(bool_and(wanted) filter (where event = 'comment_on_mine'), true),
        coalesce(bool_and(wanted) filter (where event = 'reply_to_my_comment'), true),
        coalesce(bool_and(wanted) filter (where event = 'moderation_outcome'), true),
        max(updated_at)
      from notification_preferences group by person_id;
    drop table notification_preferences;
  `.execute(db);
  for (const table of targets) {
    await sql.raw(`alter table ${table} drop constraint ${table}_target_type_kind`).execute(db);
  }
  await sql`
    alter table moderation_events add constraint moderation_events_target_type_check check (target_type in ('story', 'comment'));
    alter table reports add constraint reports_target_type_check check (target_type in ('story', 'comment'));
    alter table comments add constraint comments_target_type_check check (target_type in ('story'));
    alter table reactions add constraint reactions_target_type_check check (target_type in ('story'));
    drop table content_kinds;
  `.execute(db);
}
