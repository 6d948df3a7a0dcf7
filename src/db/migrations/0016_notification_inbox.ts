// In-app notifications: one row for each person told about an event (a comment on their story, a reply,
// a moderator's decision), written in the event's own transaction whatever their email choice. A row names
// people only by id: the summary is a template whose `{actor}` is filled with the actor's name when read,
// and erasing the actor sets actor_id to null, so it then reads "a former member". Erasing the person told
// deletes their rows. The content is named by kind and id, like comments and reports.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notifications (
      org_id uuid not null references organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      person_id uuid not null references users (id) on delete cascade,
      event text not null check (event ~ '^[a-z][a-z_]{1,59}$'),
      target_type text not null references content_kinds (type),
      target_id uuid not null,
      actor_id uuid references users (id) on delete set null,
      summary text not null check (length(summary) between 1 and 300),
      created_at timestamptz not null default now(),
      read_at timestamptz,
      primary key (org_id, id)
    );
    create index notifications_for_person on notifications (person_id, created_at desc, id desc);
    create index notifications_unread_for_person on notifications (person_id, org_id) where read_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table notifications`.execute(db);
}
