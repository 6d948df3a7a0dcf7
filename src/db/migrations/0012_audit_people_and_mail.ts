// The audit log names people by id (`subject_id`, `second_subject_id`, and `by_person` to tell an erased
// actor from the system), so a summary holds place-holders that the page fills with the current names.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_events
      add column subject_id uuid references users (id) on delete set null,
      add column second_subject_id uuid references users (id) on delete set null,
      add column by_person boolean not null default false;
    update audit_events set by_person = true where actor_id is not null;
    -- Summaries are templates now: a brace already in one (a unit's name) is doubled, so it reads as before.
    update audit_events set summary = replace(summary, '{', '{{') where summary like '%{%';
    -- Erasing a person sets these to null: the indexes keep that from reading the whole log.
    create index audit_events_actor on audit_events (actor_id) where actor_id is not null;
    create index audit_events_subject on audit_events (subject_id) where subject_id is not null;
    create index audit_events_second_subject on audit_events (second_subject_id) where second_subject_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Back to plain text: the people's names as they are now, and doubled braces single again.
  await sql`
    update audit_events set summary = replace(replace(replace(replace(summary, '{{', chr(1)),
      '{subject}', coalesce((select display_name from users where id = subject_id), 'a former member')),
      '{second_subject}', coalesce((select display_name from users where id = second_subject_id), 'a former member')),
      chr(1), '{')
    where summary like '%{%';
    alter table audit_events drop column subject_id, drop column second_subject_id, drop column by_person;
    drop index if exists audit_events_actor;
  `.execute(db);
}
