// The audit log's part of a person's data export: what organisations' logs record them doing (gathered by
// src/privacy/sections.ts), with anyone else's email address in a summary blanked out.
import { type ExportSection, iso } from '../personal-data/export-section.ts';
import { auditEvents as auditEventsWithNames, namedEvent } from './names.ts';

const emailPattern = /[^\s@<>()“”"',;:]+@[^\s@<>()“”"',;:]+\.[^\s@<>()“”"',;:]+/g;

/** Audit summaries may name other people's addresses (a refused single sign-on); only the person's own stays. */
function withoutOtherEmails(text: string, ownEmail: string): string {
  return text.replace(emailPattern, (found) =>
    found.toLowerCase() === ownEmail.toLowerCase() ? found : '[another email address]',
  );
}

export const auditEventsSection: ExportSection = {
  key: 'auditEvents',
  describe: 'What organisations’ audit logs record you doing: signing in, changes you made, exports.',
  async collect(db, userId) {
    const person = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    const rows = await auditEventsWithNames(db)
      .innerJoin('organisations', 'organisations.id', 'audit_events.org_id')
      .select('organisations.name as organisation')
      .where('audit_events.actor_id', '=', userId)
      .orderBy('audit_events.at')
      .orderBy('audit_events.id')
      .execute();
    return rows.map((e) => ({
      organisation: e.organisation,
      at: iso(e.at),
      action: e.action,
      summary: withoutOtherEmails(namedEvent(e).summary, person?.email ?? ''),
    }));
  },
};
