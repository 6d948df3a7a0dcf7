// What subscriptions ask of articles (src/subscriptions reads them only through here): the articles a person
// may read that are newly published in what they follow, and whether an author may be followed. Every read
// goes through the kind's readable rule, so a scheduled article, or one the person may not read, never shows.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';
import { articleKind } from './kind.ts';

export interface FollowedArticle {
  id: string;
  title: string;
  summary: string;
  published_at: Date;
  /** What brought it, of what the person follows (empty for a reader subscribed to every new article). */
  via: { series: string | null; tags: string[]; authors: string[] };
}

/** One thing followed, and since when: only what is published after that is news to the follower. */
export interface Followed {
  target: string;
  since: Date;
}

/** Followed things: series ids, tag values, author (person) ids. Any of them may be empty. */
export interface ArticleFollows {
  series: readonly Followed[];
  tags: readonly Followed[];
  authors: readonly Followed[];
}

/** The follows as two parallel arrays, for `unnest` (targets, and the times they were followed from). */
const columns = (follows: readonly Followed[]) =>
  [follows.map((f) => f.target), follows.map((f) => f.since.toISOString())] as const;

/**
 * Readable articles published after `since`, in any followed series, with any followed tag or by any followed
 * author, each published after that thing was followed, with what brought it; oldest first, at most `limit`.
 * With no follows at all, every readable new article (`everything`: a reader subscribed to all new articles). `unsent` is the caller's condition on an article's
 * id (its column reference), so articles already sent do not take the places of newer ones.
 */
export async function newArticlesFollowed(
  db: Db,
  principal: Principal,
  follows: ArticleFollows | 'everything',
  since: Date,
  limit: number,
  unsent: (id: RawBuilder<unknown>) => RawBuilder<SqlBool> = () => sql<SqlBool>`true`,
): Promise<FollowedArticle[]> {
  // What brought each article, read once: the followed series, tags and authors it came out in after each was
  // followed. An article nothing brought is not news (except to a reader of everything).
  let brought = sql`select null::text as series, '{}'::text[] as tags, '{}'::text[] as authors`;
  let news = sql`true`;
  if (follows !== 'everything') {
    const [seriesIds, seriesSince] = columns(follows.series);
    const [tags, tagsSince] = columns(follows.tags);
    const [authorIds, authorsSince] = columns(follows.authors);
    brought = sql`select
      (select s.title from article_series s
        join unnest(${seriesIds}::uuid[], ${seriesSince}::timestamptz[]) f (id, since) on f.id = s.id
        where s.org_id = a.org_id and s.id = a.series_id and a.published_at > f.since) as series,
      array(select f.tag from unnest(${tags}::text[], ${tagsSince}::timestamptz[]) f (tag, since)
        where f.tag = any (a.tags) and a.published_at > f.since order by f.tag) as tags,
      array(select ${nameOrFormerMember('u.display_name')} from article_authors au
        join unnest(${authorIds}::uuid[], ${authorsSince}::timestamptz[]) f (id, since) on f.id = au.person_id
        join users u on u.id = au.person_id
        where au.org_id = a.org_id and au.article_id = a.id and a.published_at > f.since order by 1) as authors`;
    news = sql`(v.series is not null or cardinality(v.tags) > 0 or cardinality(v.authors) > 0)`;
  }
  const { rows } = await sql<FollowedArticle>`
    select a.id, a.title, a.summary, a.published_at,
      json_build_object('series', v.series, 'tags', v.tags, 'authors', v.authors) as via
    from articles a cross join lateral (${brought}) v
    where ${articleKind.readable(principal, 'a')} and a.published_at > ${since} and ${news}
      and ${unsent(sql.ref('a.id'))}
    order by a.published_at, a.id limit ${limit}`.execute(db);
  return rows;
}

/** The name of a person who is an author of an article the caller may read, or undefined. */
export async function readableAuthorName(db: Db, principal: Principal, personId: string): Promise<string | undefined> {
  const { rows } = await sql<{ name: string }>`
    select ${nameOrFormerMember('u.display_name')} as name from users u
    where u.id = ${personId}::uuid and exists (
      select 1 from article_authors au join articles a on a.org_id = au.org_id and a.id = au.article_id
      where au.person_id = u.id and ${articleKind.readable(principal, 'a')})`.execute(db);
  return rows[0]?.name;
}
