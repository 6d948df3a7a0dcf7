// Bench data for the evidence library: published items of every kind spread over the newest organisations
// (those the bench just added), their titles and summaries recombined from the demo items with a seeded
// generator, so the same count gives the same words. Written in batches straight to the table, as the story
// bench is, and with the search document PostgreSQL generates.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { framework } from '../framework/data.ts';
import { itemTypes } from '../library/entry.ts';
import { demoLibraryItems } from './library-items.ts';

export async function seedLibraryBench(db: Db, count: number, onProgress: (done: number) => void = () => {}) {
  let state = 2027;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const orgs = (
    await db.selectFrom('organisations').select('id').orderBy('created_at', 'desc').limit(500).execute()
  ).map((r) => r.id);
  if (orgs.length === 0) return;
  const words = demoLibraryItems.flatMap((i) => i.title.split(/\s+/)).filter((w) => w.length > 4);
  const sentences = demoLibraryItems.flatMap((i) => i.summary.split(/(?<=[.!?])\s+/));
  const authors = demoLibraryItems.flatMap((i) => i.authors);
  const lessonKeys = framework.lessons.map((l) => l.key);
  const characteristicKeys = framework.characteristics.map((c) => c.key);
  const roleKeys = framework.roles.map((r) => r.key);
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
      const named = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(authors));
      const publishedAt = new Date(now - Math.floor(random() * 5 * 365) * 86_400_000 - (i + j) * 1000);
      return {
        org_id: pick(orgs),
        suggested_by: null,
        visibility: random() < 0.85 ? ('public' as const) : ('signed_in' as const),
        space_id: null,
        status: 'published' as const,
        item_type: pick(itemTypes),
        title: `${pick(words)} ${pick(words)}: ${pick(demoLibraryItems).title} (${i + j})`.slice(0, 300),
        authors: JSON.stringify(named.map(([family, given]) => ({ family, given }))),
        author_names: named.map(([family, given]) => `${given} ${family}`).join(', '),
        year: 1990 + Math.floor(random() * 36),
        summary: Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(sentences)).join(' '),
        lessons: lessonKeys.filter(() => random() < 0.2),
        characteristics: characteristicKeys.filter(() => random() < 0.15),
        roles: roleKeys.filter(() => random() < 0.12),
        submitted_at: publishedAt,
        published_at: publishedAt,
      };
    });
    await db.insertInto('library_items').values(rows).execute();
    onProgress(Math.min(i + 1000, count));
  }
  // Fresh statistics, as autovacuum would gather soon after a bulk load: without them the planner takes the
  // new items for an empty table and the site-wide search walks all of them for a word none holds.
  await sql`analyze library_items`.execute(db);
}
