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
}

/** Followed things: series ids, tag values, author (person) ids. Any of them may be empty. */
export interface ArticleFollows {
  seriesIds: readonly string[];
  tags: readonly string[];
  authorIds: readonly string[];
}

/**
 * Readable articles published after `since` in any followed series, with any followed tag or by any
 * followed author, oldest first, at most `limit`. With no follows at all, every readable new article
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
  const matches =
    follows === 'everything'
      ? sql`true`
      : sql`(a.series_id = any (${[...follows.seriesIds]}::uuid[]) or a.tags && ${[...follows.tags]}::text[]
          or exists (select 1 from article_authors au where au.org_id = a.org_id and au.article_id = a.id
            and au.person_id = any (${[...follows.authorIds]}::uuid[])))`;
  const { rows } = await sql<FollowedArticle>`
    select a.id, a.title, a.summary, a.published_at from articles a
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
