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
 * author, each published after that thing was followed; oldest first, at most `limit`. With no follows at all, every readable new article
 * (`everything`: a reader subscribed to all new articles). `unsent` is the caller's condition on an article's
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
  let matches = sql`true`;
  let via = sql`json_build_object('series', null, 'tags', '[]'::json, 'authors', '[]'::json)`;
  if (follows !== 'everything') {
    const [seriesIds, seriesSince] = columns(follows.series);
    const [tags, tagsSince] = columns(follows.tags);
    const [authorIds, authorsSince] = columns(follows.authors);
    // Each followed thing the article came out in, after it was followed: what brought it, and whether it is news.
    const bySeries = sql`from unnest(${seriesIds}::uuid[], ${seriesSince}::timestamptz[]) f (id, since)
      where f.id = a.series_id and a.published_at > f.since`;
    const byTag = sql`from unnest(${tags}::text[], ${tagsSince}::timestamptz[]) f (tag, since)
      where f.tag = any (a.tags) and a.published_at > f.since`;
    const byAuthor = (named: boolean) => sql`from article_authors au
      join unnest(${authorIds}::uuid[], ${authorsSince}::timestamptz[]) f (id, since) on f.id = au.person_id
      ${named ? sql`join users u on u.id = au.person_id` : sql``}
      where au.org_id = a.org_id and au.article_id = a.id and a.published_at > f.since`;
    matches = sql`(exists (select 1 ${bySeries}) or exists (select 1 ${byTag}) or exists (select 1 ${byAuthor(false)}))`;
    via = sql`json_build_object(
      'series', (select s.title from article_series s where s.org_id = a.org_id and s.id = a.series_id
        and exists (select 1 ${bySeries})),
      'tags', array(select f.tag ${byTag} order by f.tag),
      'authors', array(select ${nameOrFormerMember('u.display_name')} ${byAuthor(true)} order by 1))`;
  }
  const { rows } = await sql<FollowedArticle>`
    select a.id, a.title, a.summary, a.published_at, ${via} as via from articles a
    where ${articleKind.readable(principal, 'a')} and a.published_at > ${since} and ${matches}
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
