// What a story page lists under the story: related stories and more from the same author, both read in one
// statement through the story kind's readable rule (published, and in the caller's scope), so neither list
// can name a story the caller may not read.
import { sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { readable } from './search-sample.ts';

export interface NearbyStory {
  id: string;
  title: string;
  form: string;
  published_at: Date;
  org_name: string;
}

/**
 * Related stories: those sharing the most characteristics and roles first, then the most similar text (the
 * story's title words against each candidate's text). Candidates are the newest 120 sharing something, which
 * keeps the story page fast in a large library. The story's own tags are passed in as values, so the planner
 * sees real arrays and walks the newest-first index instead of every match. More from the same author: their
 * newest other readable stories; a story listed there is not listed again as related.
 */
export async function storiesNearby(
  db: Db,
  principal: Principal,
  story: { id: string; title: string; characteristics: string[]; roles: string[]; author_id: string | null },
  limits: { related: number; byAuthor: number } = { related: 3, byAuthor: 3 },
): Promise<{ related: NearbyStory[]; byAuthor: NearbyStory[] }> {
  const characteristics = sql`${story.characteristics}::text[]`;
  // One containment test per tag of this story (a handful), cheaper than intersecting arrays per row.
  const shared = sql.join(
    [
      ...story.characteristics.map((c) => sql`(s.characteristics @> ${[c]}::text[])::int`),
      ...story.roles.map((r) => sql`(s.roles @> ${[r]}::text[])::int`),
      sql`0`,
    ],
    sql` + `,
  );
  const roles = sql`${story.roles}::text[]`;
  const { rows } = await sql<NearbyStory & { list: 'related' | 'author'; position: number }>`
    with words as (
      select nullif(array_to_string(array(
        select '''' || replace(replace(l, '\\', ''), '''', '''''') || ''''
        from unnest(tsvector_to_array(to_tsvector('english', ${story.title}))) l), ' | '), '')::tsquery as q
    ), by_author as (
      select s.id, s.title, s.form, s.published_at, s.org_id
      from stories s
      where ${readable(principal)} and s.author_id = ${story.author_id}::uuid and s.id <> ${story.id}::uuid
      order by s.published_at desc, s.id desc
      limit ${limits.byAuthor}
    ), candidates as (
      select s.id, s.title, s.form, s.published_at, s.org_id, s.search,
        ${shared} as shared
      from stories s
      where ${readable(principal)} and s.id <> ${story.id}::uuid
        and s.id not in (select id from by_author)
        and (s.characteristics && ${characteristics} or s.roles && ${roles})
      order by s.published_at desc
      limit 120
    ), closest as (
      -- Text similarity only breaks ties among those sharing the most, so only they pay for ts_rank.
      select * from candidates order by shared desc, published_at desc limit 24
    ), related as (
      select c.id, c.title, c.form, c.published_at, c.org_id,
        row_number() over (order by c.shared desc, coalesce(ts_rank(c.search, words.q), 0) desc, c.published_at desc) as position
      from closest c, words
    )
    select n.list, n.position, n.id, n.title, n.form, n.published_at, o.name as org_name
    from (
      select 'related' as list, position, id, title, form, published_at, org_id from related where position <= ${limits.related}
      union all
      select 'author', row_number() over (order by published_at desc, id desc), id, title, form, published_at, org_id
      from by_author
    ) n join organisations o on o.id = n.org_id
    order by n.list, n.position`.execute(db);
  const strip = ({ list: _, position: __, ...row }: (typeof rows)[number]): NearbyStory => row;
  return {
    related: rows.filter((r) => r.list === 'related').map(strip),
    byAuthor: rows.filter((r) => r.list === 'author').map(strip),
  };
}
