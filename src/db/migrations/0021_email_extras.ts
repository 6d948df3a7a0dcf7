// What some messages carry beyond their text: header fields from a short allowed list (List-Unsubscribe and
// List-Unsubscribe-Post for digests, RFC 8058), and an iCalendar invitation (a session's invite, update or
// cancellation). Both are emptied with the text once a mail server has the message: an unsubscribe link is
// a secret, and an invitation says where someone will be.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_outbox
    add column headers jsonb not null default '{}'::jsonb check (jsonb_typeof(headers) = 'object'),
    add column calendar text check (length(calendar) <= 100000)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_outbox drop column headers, drop column calendar`.execute(db);
}
