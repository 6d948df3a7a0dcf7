// /sitemap.xml: the pages search engines may index. Every kind of content lists its records through its own
// readable rule for a visitor who is not signed in (so a scheduled article or an organisation's story never
// appears), beside the framework's pages. The registry names the tables; nothing here knows a kind.
import { sql } from 'kysely';
import { anonymous } from '../access/visibility.ts';
import type { ScopedKind } from '../content/kind.ts';
import type { Db } from '../db/database.ts';
import type { Framework } from '../framework/types.ts';

/** At most this many addresses of each kind: a sitemap file holds 50,000 at most. */
export const perKindLimit = 10_000;

export interface SitemapEntry {
  loc: string;
  lastmod?: Date;
}

/** The public records of each kind, newest first, as absolute addresses. */
export async function publicRecords(db: Db, kinds: readonly ScopedKind[], baseUrl: string): Promise<SitemapEntry[]> {
  const lists = await Promise.all(
    kinds.map(async (kind) => {
      const when = kind.search ? sql.ref(`t.${kind.search.publishedAt}`) : sql`null::timestamptz`;
      const { rows } = await sql<{ id: string; at: Date | null }>`
        select t.id, ${when} as at from ${sql.table(kind.table)} as t
        where ${kind.readable(anonymous, 't')}
        order by ${when} desc nulls last, t.id limit ${perKindLimit}`.execute(db);
      return rows.map((r) => ({ loc: `${baseUrl}${kind.url(r.id)}`, lastmod: r.at ?? undefined }));
    }),
  );
  return lists.flat();
}

export function frameworkPages(framework: Framework, baseUrl: string): SitemapEntry[] {
  return [
    '/',
    '/framework',
    '/stories',
    '/articles',
    ...framework.characteristics.map((c) => `/framework/characteristics/${c.key}`),
    ...framework.roles.map((r) => `/framework/roles/${r.key}`),
    ...framework.lessons.map((l) => `/framework/lessons/${l.key}`),
  ].map((path) => ({ loc: `${baseUrl}${path}` }));
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function sitemapXml(entries: readonly SitemapEntry[]): string {
  const urls = entries.map(
    (e) =>
      `  <url><loc>${escapeXml(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ''}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
