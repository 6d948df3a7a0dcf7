// Articles as a kind of content (src/content/kind.ts): blog posts, research summaries, guest columns and event
// write-ups. "Published and readable" for an article is defined here and nowhere else: published, in the
// caller's scope, and its publication time reached, so a scheduled article stays hidden everywhere until then.
// The time is the application's clock, not the database's, so a test's fake clock moves it.
import { type SqlBool, sql } from 'kysely';
import type { ScopedKind } from '../content/kind.ts';
import { publishedAndVisible } from '../content/records.ts';

const columns = {
  org: 'org_id',
  owner: 'owner_id',
  visibility: 'visibility',
  space: 'space_id',
  title: 'title',
  status: 'status',
};

export const articleKind: ScopedKind = {
  type: 'article',
  noun: 'article',
  table: 'articles',
  columns,
  published: 'published',
  url: (id) => `/articles/${id}`,
  readable: (principal, alias) =>
    sql<SqlBool>`(${publishedAndVisible(articleKind, principal, alias)}
      and ${sql.ref(`${alias}.published_at`)} <= ${new Date().toISOString()}::timestamptz)`,
  // The owner and the authors named on it (accounts); a guest byline has no account to tell.
  ownerIds: (alias) => sql<string[]>`array_remove(array[${sql.ref(`${alias}.owner_id`)}] || array(
    select a.person_id from article_authors a
    where a.org_id = ${sql.ref(`${alias}.org_id`)} and a.article_id = ${sql.ref(`${alias}.id`)}), null)`,
  ownedBy: (personId, alias) => sql<SqlBool>`(${sql.ref(`${alias}.owner_id`)} = ${personId}::uuid or exists (
    select 1 from article_authors a
    where a.org_id = ${sql.ref(`${alias}.org_id`)} and a.article_id = ${sql.ref(`${alias}.id`)}
      and a.person_id = ${personId}::uuid))`,
  discussed: true,
  reported: true,
  search: {
    document: 'search',
    publishedAt: 'published_at',
    facets: { tag: { column: 'tags', many: true }, articleKind: { column: 'article_kind', many: false } },
  },
};
