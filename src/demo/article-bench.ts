// Bench data for articles: published articles of every kind spread over the newest organisations (those the
// bench just added), their words recombined from the demo articles with a seeded generator, so the same count
// gives the same words. A few are drafts or scheduled, as on a live blog. Written in batches straight to the
// table, as the story bench is, with the search document PostgreSQL generates.

import { sql } from 'kysely';
import { articleKinds } from '../articles/schema.ts';
import type { Db } from '../db/database.ts';
import { framework } from '../framework/data.ts';
import { sectors } from '../organisations/types.ts';
import { demoArticles } from './articles.ts';

export async function seedArticleBench(db: Db, count: number, onProgress: (done: number) => void = () => {}) {
  let state = 2028;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const orgs = (
    await db.selectFrom('organisations').select('id').orderBy('created_at', 'desc').limit(500).execute()
  ).map((r) => r.id);
  if (orgs.length === 0) return;
  const sentences = demoArticles.flatMap((a) =>
    a.input.body
      .replace(/[#>*_`-]/g, '')
      .split(/(?<=[.!?])\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length > 20),
  );
  const titles = demoArticles.map((a) => a.input.title);
  const tags = [
    ...framework.characteristics.map((c) => `characteristic:${c.key}`),
    ...framework.roles.map((r) => `role:${r.key}`),
    ...framework.lessons.map((l) => `lesson:${l.key}`),
    ...sectors.map((s) => `sector:${s}`),
  ];
  const now = Date.now();
  for (let i = 0; i < count; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - i) }, (_, j) => {
      const roll = random();
      const status = roll < 0.03 ? ('draft' as const) : ('published' as const);
      // About one in fifty is scheduled: published, with its time still to come.
      const publishedAt =
        status === 'draft'
          ? null
          : roll < 0.05
            ? new Date(now + (1 + Math.floor(random() * 30)) * 86_400_000)
            : new Date(now - Math.floor(random() * 3 * 365) * 86_400_000 - (i + j) * 1000);
      return {
        org_id: pick(orgs),
        owner_id: null,
        visibility: random() < 0.85 ? ('public' as const) : pick(['organisation', 'signed_in'] as const),
        space_id: null,
        article_kind: pick(articleKinds),
        title: `${pick(titles)} (${i + j})`,
        summary: pick(sentences).slice(0, 500),
        body: Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
          Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(sentences)).join(' '),
        ).join('\n\n'),
        series_id: null,
        tags: tags.filter(() => random() < 0.08).slice(0, 5),
        guest_name: null,
        guest_job: null,
        guest_org: null,
        status,
        published_at: publishedAt,
      };
    });
    await db.insertInto('articles').values(rows).execute();
    onProgress(Math.min(i + 1000, count));
  }
  // Fresh statistics, as autovacuum would gather soon after a bulk load (see library-bench.ts).
  await sql`analyze articles`.execute(db);
}
