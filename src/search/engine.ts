// One search across every kind of content that declares a search document (src/content/kind.ts `search`):
// the site-wide search. Each kind's readable rule filters its own branch, so a record is found only by a
// caller who may read it. A kind's own search (stories: src/stories/search.ts, with facets and highlights)
// stays in its folder; this is the one ranked query over all of them.
//
// Large libraries: each kind contributes at most `perKindCap` matches, newest first, which are ranked
// together; `total` counts those candidates and says when it was capped, as the story search does.
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
}

export interface SiteResults {
  items: SiteHit[];
  /** Matches found, per kind and in all (capped at `perKindCap` per kind). */
  counts: Record<string, number>;
  total: number;
  /** True when some kind had more matches than were read. */
  capped: boolean;
}

export const perKindCap = 300;

type Searchable = ScopedKind & { search: KindSearch };

export const searchableKinds = (kinds: readonly ScopedKind[]) =>
  kinds.filter((k): k is Searchable => k.search !== undefined);

/** One kind's branch: its readable records matching the words, newest first, at most `cap`. */
function branch(kind: Searchable, principal: Principal, cap: number): RawBuilder<unknown> {
  const document = sql.ref(`t.${kind.search.document}`);
  const publishedAt = sql.ref(`t.${kind.search.publishedAt}`);
  return sql`(select ${kind.type}::text as type, t.id, ${sql.ref(`t.${kind.columns.title}`)}::text as title,
      ${publishedAt} as published_at, ts_rank(${document}, words.q) as rank
    from ${sql.table(kind.table)} as t, words
    where ${document} @@ words.q and ${kind.readable(principal, 't')}
    order by ${publishedAt} desc nulls last, t.id
    limit ${cap})`;
}

export async function searchAcrossKinds(
  db: Db,
  kinds: readonly ScopedKind[],
  principal: Principal,
  q: string,
  options: { limit: number; offset: number; cap?: number },
): Promise<SiteResults> {
  const searchable = searchableKinds(kinds);
  const cap = options.cap ?? perKindCap;
  if (searchable.length === 0 || q.trim() === '') return { items: [], counts: {}, total: 0, capped: false };
  const { rows } = await sql<{
    type: string;
    id: string;
    title: string;
    published_at: Date | null;
    rank: number;
    counts: Record<string, number>;
  }>`
    with words as (select websearch_to_tsquery('english', ${q}) as q),
    hits as materialized (${sql.join(
      searchable.map((k) => branch(k, principal, cap)),
      sql` union all `,
    )}),
    counted as (select coalesce(json_object_agg(type, n), '{}') as counts
      from (select type, count(*)::int as n from hits group by type) c)
    select h.type, h.id, h.title, h.published_at, h.rank, counted.counts
    from counted left join lateral (
      select * from hits order by rank desc, published_at desc nulls last, id
      limit ${options.limit} offset ${options.offset}) h on true`.execute(db);
  const counts = rows[0]?.counts ?? {};
  const byType = new Map(searchable.map((k) => [k.type, k]));
  const items = rows.flatMap((r) => {
    const kind = r.type === null ? undefined : byType.get(r.type);
    if (!kind) return [];
    return [
      {
        type: kind.type,
        noun: kind.noun,
        id: r.id,
        title: r.title,
        url: kind.url(r.id),
        rank: Number(r.rank),
        publishedAt: r.published_at,
      },
    ];
  });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return { items, counts, total, capped: Object.values(counts).some((n) => n >= cap) };
}
