// Single sign-on's part of a person's data export: the identities linked to their account (gathered by
// src/privacy/sections.ts).
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const identitiesSection: ExportSection = {
  key: 'identities',
  describe: 'The single sign-on accounts linked to yours: the provider and your identifier there.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('identities')
      .select(['issuer', 'subject', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((i) => ({
      issuer: i.issuer,
      subject: i.subject,
      linkedAt: iso(i.created_at),
      lastUsedAt: iso(i.last_used_at),
    }));
  },
};
