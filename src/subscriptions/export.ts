// Subscriptions' part of a person's data export (gathered by src/privacy/sections.ts): what they follow, how
// often they asked to hear, and which items their digests carried. Never the unsubscribe link or its hash.
// Erasure deletes all of it with the account (the tables' foreign keys cascade).
import { sql } from 'kysely';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const subscriptionsSection: ExportSection = {
  key: 'subscriptions',
  describe:
    'The series, tags, reading groups and authors you follow, how often you asked us to email you, what those emails listed, and whether your address asked for new articles by email.',
  async collect(db, userId) {
    const [follows, settings, sent, byAddress] = await Promise.all([
      sql<{ target_type: string; target: string; created_at: Date }>`
        select target_type, target, created_at from subscriptions where person_id = ${userId}
        order by created_at`.execute(db),
      sql<{ frequency: string }>`select frequency from digest_settings where person_id = ${userId}`.execute(db),
      sql<{ item_type: string; item_id: string; sent_at: Date }>`
        select item_type, item_id, sent_at from digest_ledger where person_id = ${userId}
        order by sent_at, item_type, item_id`.execute(db),
      // New articles by email, if the account's address also subscribed that way.
      sql<{ requested_at: Date; confirmed_at: Date | null }>`
        select r.requested_at, r.confirmed_at from article_readers r join users u on lower(u.email) = lower(r.email)
        where u.id = ${userId}`.execute(db),
    ]);
    return {
      frequency: settings.rows[0]?.frequency ?? null,
      follows: follows.rows.map((f) => ({ type: f.target_type, target: f.target, since: iso(f.created_at) })),
      emailed: sent.rows.map((s) => ({ type: s.item_type, id: s.item_id, at: iso(s.sent_at) })),
      newArticlesByEmail:
        byAddress.rows.map((r) => ({
          requested: iso(r.requested_at),
          confirmed: iso(r.confirmed_at),
        }))[0] ?? null,
    };
  },
};
