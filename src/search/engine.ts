// One search across every kind of content that declares a search document (src/content/kind.ts `search`):
// the site-wide search. Each kind's readable rule filters its own branch, so a record is found only by a
// caller who may read it. A kind's own search (stories: src/stories/search.ts, with facets and highlights)
// stays in its folder; this is the one ranked query over all of them, with the story search's ranking rules:
// `ts_rank_cd`, ties newest first.
//
// Large libraries: each kind contributes at most `perKindCap` matches, newest first, which are ranked
// together; `total` counts those candidates and says when it was capped, as the story search does. Only the
// page's rows pay for their highlighted title and snippet.
import { type RawBuilder, sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { KindSearch, ScopedKind } from '../content/kind.ts';
import type { Db } from '../db/database.ts';

export interface SiteHit {
  type: string;
  noun: string;
  id: string;
  title: string;
  url: string;
  rank: number;
  publishedAt: Date | null;
  /** The title with the words found between `markStart` and `markEnd` (src/text/highlight.ts). */
  titleMarked: string;
  /** Some of its text around the words found, marked the same way; null for a kind without a snippet. */
  snippetMarked: string | null;
}

export interface SiteResults {
  items: SiteHit[];
  /** Matches found, per kind (every searchable kind named, 0 when none) and in all, capped per kind. */
  counts: Record<string, number>;
  total: number;
  /** True when some kind had more matches than were read. */
  capped: boolean;
}

export const perKindCap = 300;

/** How much of a text ts_headline reads for a snippet. */
const snippetChars = 5000;

type Searchable = ScopedKind & { search: KindSearch };

export const searchableKinds = (kinds: readonly ScopedKind[]) =>
  kinds.filter((k): k is Searchable => k.search !== undefined);

/**
 * One kind's branch: its readable records matching the words, newest first, at most `cap`. The order is the
 * one the kinds' newest-first indexes hold (`published_at desc, id desc`), so a common word walks the index
 * and stops at the cap instead of sorting every match.
 */
function branch(kind: Searchable, principal: Principal, cap: number, q: string): RawBuilder<unknown> {
  const document = sql.ref(`t.${kind.search.document}`);
  const publishedAt = sql.ref(`t.${kind.search.publishedAt}`);
  // The words written into each branch (not taken from a CTE), so the planner sees them and estimates how many
  // records hold them; the rank is computed for the kept records only, after the cap.
  const words = sql`websearch_to_tsquery('english', ${q})`;
  return sql`(select ${kind.type}::text as type, c.id, c.published_at, ts_rank_cd(c.document, ${words}) as rank
    from (select t.id, ${publishedAt} as published_at, ${document} as document
      from ${sql.table(kind.table)} as t
      where ${document} @@ ${words} and ${kind.readable(principal, 't')}
      order by ${publishedAt} desc, t.id desc
      limit ${cap}) c)`;
}

const marks = sql`'StartSel=' || chr(2) || ', StopSel=' || chr(3)`;

/** The title and snippet of a page's row of one kind (nothing for rows of other kinds). */
function decorated(kind: Searchable, n: number): RawBuilder<unknown> {
  const alias = sql.raw(`d${n}`);
  const title = sql.ref(`t.${kind.columns.title}`);
  const snippet = kind.search.snippet
    ? sql`ts_headline('english', translate(left(${sql.ref(`t.${kind.search.snippet}`)}, ${snippetChars}),
        chr(2) || chr(3), ''), words.q, ${marks} || ', MaxWords=35, MinWords=15')`
    : sql`null::text`;
  return sql`left join lateral (
      select ts_headline('english', translate(${title}, chr(2) || chr(3), ''), words.q,
          ${marks} || ', HighlightAll=true') as title, ${snippet} as snippet
      from ${sql.table(kind.table)} as t
      where p.type = ${kind.type} and t.id = p.id) ${alias} on true`;
}

export async function searchAcrossKinds(
  db: Db,
  kinds: readonly ScopedKind[],
  principal: Principal,
  q: string,
  options: { limit: number; offset: number; cap?: number; only?: readonly string[] },
): Promise<SiteResults> {
  const searchable = searchableKinds(kinds);
  const cap = options.cap ?? perKindCap;
  const none = Object.fromEntries(searchable.map((k) => [k.type, 0]));
  if (searchable.length === 0 || q.trim() === '') return { items: [], counts: none, total: 0, capped: false };
  // Counted for every kind (so each can say how many it holds); listed only for those asked for.
  const listed = searchable.filter((k) => !options.only?.length || options.only.includes(k.type));
  const { rows } = await sql<{
    type: string | null;
    id: string;
    published_at: Date | null;
    rank: number;
    counts: Record<string, number>;
    titles: (string | null)[];
    snippets: (string | null)[];
  }>`
    with words as (select websearch_to_tsquery('english', ${q}) as q),
    hits as materialized (${sql.join(
      searchable.map((k) => branch(k, principal, cap, q)),
      sql` union all `,
    )}),
    counted as (select coalesce(json_object_agg(type, n), '{}') as counts
      from (select type, count(*)::int as n from hits group by type) c),
    p as (select * from hits where type = any (${listed.map((k) => k.type)}::text[])
      order by rank desc, published_at desc, id desc
      limit ${options.limit} offset ${options.offset})
    select p.type, p.id, p.published_at, p.rank, counted.counts,
      array[${sql.join(
        listed.map((_, n) => sql.raw(`d${n}.title`)),
        sql`, `,
      )}] as titles,
      array[${sql.join(
        listed.map((_, n) => sql.raw(`d${n}.snippet`)),
        sql`, `,
      )}] as snippets
    from counted left join p on true cross join words
      ${sql.join(
        listed.map((k, n) => decorated(k, n)),
        sql` `,
      )}
    order by p.rank desc, p.published_at desc, p.id desc`.execute(db);
  const counts = { ...none, ...(rows[0]?.counts ?? {}) };
  const byType = new Map(listed.map((k, n) => [k.type, { kind: k, n }]));
  const items = rows.flatMap((r) => {
    const found = r.type === null ? undefined : byType.get(r.type);
    if (!found) return [];
    const titleMarked = r.titles[found.n] ?? '';
    return [
      {
        type: found.kind.type,
        noun: found.kind.noun,
        id: r.id,
        title: titleMarked.replaceAll('\u0002', '').replaceAll('\u0003', ''),
        url: found.kind.url(r.id),
        rank: Number(r.rank),
        publishedAt: r.published_at,
        titleMarked,
        snippetMarked: r.snippets[found.n] ?? null,
      },
    ];
  });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { items, counts, total, capped: Object.values(counts).some((n) => n >= cap) };
}
