// Email's part of a person's data export: the messages sent or queued to them, by subject and date only
// (gathered by src/privacy/sections.ts).
import { sql } from 'kysely';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const emailSection: ExportSection = {
  key: 'email',
  describe:
    'Email Waymark has sent or is about to send you: subject and dates (not the text, which may hold a sign-in link).',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('email_outbox')
      .innerJoin('users', (join) =>
        join.on('users.id', '=', userId).on(sql`lower(users.email)`, '=', sql`lower(email_outbox.to_address)`),
      )
      .select(['email_outbox.subject', 'email_outbox.created_at', 'email_outbox.sent_at'])
      .orderBy('email_outbox.created_at')
      .execute();
    return rows.map((m) => ({ subject: m.subject, queuedAt: iso(m.created_at), sentAt: iso(m.sent_at) }));
  },
};
