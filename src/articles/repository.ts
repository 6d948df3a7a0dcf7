// Articles in the database. Readers' reads go through the kind's one readable rule (published, in scope, its
// time reached); editors' reads and writes are scoped to the organisation they work in, passed by the caller.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { anonymous, type Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';
import { articleKind } from './kind.ts';
import type { ArticleInput, SeriesInput } from './schema.ts';

export interface ArticleRow {
  id: string;
  org_id: string;
  org_name: string;
  owner_id: string | null;
  visibility: string;
  article_kind: string;
  title: string;
  summary: string;
  body: string;
  series_id: string | null;
  series_title: string | null;
  tags: string[];
  guest_name: string | null;
  guest_job: string | null;
  guest_org: string | null;
  status: 'draft' | 'published';
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  /** The authors with an account, in order ("Former member" once erased). */
  authors: { id: string | null; name: string }[];
  /** The cover image's size and alt text; `version` changes with every new image, for its address. */
  cover: { width: number; height: number; alt: string; version: number } | null;
}

const readable = (principal: Principal, alias = 'a'): RawBuilder<SqlBool> => articleKind.readable(principal, alias);

/** The columns every article read selects, over `articles as a`. */
const selected = sql`a.id, a.org_id, o.name as org_name, a.owner_id, a.visibility, a.article_kind, a.title, a.summary,
  a.body, a.series_id, s.title as series_title, a.tags, a.guest_name, a.guest_job, a.guest_org, a.status,
  a.created_at, a.updated_at, a.published_at,
  coalesce((select json_agg(json_build_object('id', u.id, 'name', ${nameOrFormerMember('u.display_name')})
      order by au.position)
    from article_authors au left join users u on u.id = au.person_id
    where au.org_id = a.org_id and au.article_id = a.id), '[]') as authors,
  (select json_build_object('width', c.width, 'height', c.height, 'alt', c.alt,
      'version', floor(extract(epoch from c.updated_at) * 1000)::bigint)
    from article_covers c where c.org_id = a.org_id and c.article_id = a.id) as cover`;

const joined = sql`articles a join organisations o on o.id = a.org_id
  left join article_series s on s.org_id = a.org_id and s.id = a.series_id`;

export interface ListFilter {
  seriesId?: string;
  tag?: string;
  limit: number;
  offset: number;
}

const filtered = (filter: Pick<ListFilter, 'seriesId' | 'tag'>) => sql`
  ${filter.seriesId ? sql`and a.series_id = ${filter.seriesId}::uuid` : sql``}
  ${filter.tag ? sql`and a.tags @> array[${filter.tag}]::text[]` : sql``}`;

/** The articles the caller may read, newest first, and how many there are. */
export async function listReadable(db: Db, principal: Principal, filter: ListFilter) {
  const [items, count] = await Promise.all([
    sql<ArticleRow>`select ${selected} from ${joined}
      where ${readable(principal)} ${filtered(filter)}
      order by a.published_at desc, a.id limit ${filter.limit} offset ${filter.offset}`.execute(db),
    sql<{
      n: number;
    }>`select count(*)::int as n from articles a where ${readable(principal)} ${filtered(filter)}`.execute(db),
  ]);
  return { items: items.rows, total: count.rows[0]?.n ?? 0 };
}

/** One article the caller may read, or undefined. */
export async function findReadable(db: Db, principal: Principal, id: string): Promise<ArticleRow | undefined> {
  const { rows } = await sql<ArticleRow>`select ${selected} from ${joined}
    where a.id = ${id}::uuid and ${readable(principal)}`.execute(db);
  return rows[0];
}

/** One of the organisation's articles in any state, for its editors. */
export async function findInOrg(db: Db, orgId: string, id: string): Promise<ArticleRow | undefined> {
  const { rows } = await sql<ArticleRow>`select ${selected} from ${joined}
    where a.org_id = ${orgId}::uuid and a.id = ${id}::uuid`.execute(db);
  return rows[0];
}

/** Every article of the organisation, for its editors: drafts and scheduled first, then the newest. */
export async function listInOrg(db: Db, orgId: string): Promise<ArticleRow[]> {
  const { rows } = await sql<ArticleRow>`select ${selected} from ${joined}
    where a.org_id = ${orgId}::uuid
    order by (a.status = 'published' and a.published_at <= now()), coalesce(a.published_at, a.updated_at) desc, a.id
    limit 500`.execute(db);
  return rows;
}

/** The organisation's members who hold the editor role: the authors an article may name. */
export async function editorsOf(db: Db, orgId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as id', 'u.display_name as name'])
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', 'editor')
    .where('u.disabled_at', 'is', null)
    .orderBy('u.display_name')
    .execute();
}

const columnsOf = (input: ArticleInput) => ({
  title: input.title,
  summary: input.summary,
  body: input.body,
  article_kind: input.kind,
  visibility: input.visibility,
  series_id: input.seriesId,
  tags: input.tags,
  guest_name: input.guestName,
  guest_job: input.guestJob,
  guest_org: input.guestOrg,
});

async function setAuthors(db: Db, orgId: string, articleId: string, authorIds: readonly string[]) {
  await db.deleteFrom('article_authors').where('org_id', '=', orgId).where('article_id', '=', articleId).execute();
  if (authorIds.length === 0) return;
  await db
    .insertInto('article_authors')
    .values(
      authorIds.map((personId, position) => ({ org_id: orgId, article_id: articleId, person_id: personId, position })),
    )
    .execute();
}

/**
 * Writes a new article inside the caller's transaction (the demo seeds its articles in its own): a draft, or
 * published at `publishedAt` with its first revision.
 */
export async function insertArticleIn(
  tx: Db,
  orgId: string,
  ownerId: string,
  input: ArticleInput,
  publishedAt: Date | null = null,
): Promise<string> {
  const { id } = await tx
    .insertInto('articles')
    .values({
      org_id: orgId,
      owner_id: ownerId,
      space_id: null,
      ...columnsOf(input),
      status: publishedAt ? 'published' : 'draft',
      published_at: publishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await setAuthors(tx, orgId, id, input.authorIds);
  if (publishedAt) await addRevision(tx, orgId, id, ownerId);
  return id;
}

export function insertArticle(db: Db, orgId: string, ownerId: string, input: ArticleInput): Promise<string> {
  return db.transaction().execute((tx) => insertArticleIn(tx, orgId, ownerId, input));
}

/** Keeps the article's current words as its next revision. */
async function addRevision(db: Db, orgId: string, articleId: string, savedBy: string) {
  await sql`insert into article_revisions (org_id, article_id, number, title, summary, body, saved_by)
    select a.org_id, a.id,
      coalesce((select max(number) from article_revisions r where r.org_id = a.org_id and r.article_id = a.id), 0) + 1,
      a.title, a.summary, a.body, ${savedBy}::uuid
    from articles a where a.org_id = ${orgId}::uuid and a.id = ${articleId}::uuid`.execute(db);
}

/** Saves an editor's changes; a published or scheduled article keeps the new words as a revision. */
export async function updateArticle(db: Db, orgId: string, id: string, savedBy: string, input: ArticleInput) {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('articles')
      .set({ ...columnsOf(input), updated_at: sql`now()` })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returning('status')
      .executeTakeFirst();
    if (!row) return false;
    await setAuthors(tx, orgId, id, input.authorIds);
    if (row.status === 'published') await addRevision(tx, orgId, id, savedBy);
    return true;
  });
}

/**
 * Publishes the article at `at` (now, or a time to come: scheduled), or takes it back to a draft (`null`).
 * Publishing a draft keeps its words as a revision, so the history starts with what readers first got.
 */
export async function setPublication(db: Db, orgId: string, id: string, savedBy: string, at: Date | 'now' | null) {
  return db.transaction().execute(async (tx) => {
    const before = await tx
      .selectFrom('articles')
      .select('status')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return false;
    await tx
      .updateTable('articles')
      .set({
        status: at === null ? 'draft' : 'published',
        published_at: at === null ? null : at === 'now' ? sql`now()` : at,
        updated_at: sql`now()`,
      })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
    if (at !== null && before.status === 'draft') await addRevision(tx, orgId, id, savedBy);
    return true;
  });
}

export interface RevisionRow {
  number: number;
  title: string;
  summary: string;
  body: string;
  saved_by_name: string;
  saved_at: Date;
}

export async function revisionsOf(db: Db, orgId: string, articleId: string): Promise<RevisionRow[]> {
  const { rows } = await sql<RevisionRow>`
    select r.number, r.title, r.summary, r.body, ${nameOrFormerMember('u.display_name')} as saved_by_name, r.saved_at
    from article_revisions r left join users u on u.id = r.saved_by
    where r.org_id = ${orgId}::uuid and r.article_id = ${articleId}::uuid
    order by r.number desc`.execute(db);
  return rows;
}

export interface SeriesRow {
  id: string;
  org_id: string;
  title: string;
  summary: string;
}

export async function seriesInOrg(db: Db, orgId: string): Promise<SeriesRow[]> {
  return db
    .selectFrom('article_series')
    .select(['id', 'org_id', 'title', 'summary'])
    .where('org_id', '=', orgId)
    .orderBy('title')
    .execute();
}

export async function insertSeries(db: Db, orgId: string, input: SeriesInput): Promise<string | undefined> {
  const row = await db
    .insertInto('article_series')
    .values({ org_id: orgId, title: input.title, summary: input.summary })
    .onConflict((oc) => oc.columns(['org_id', 'title']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * A series as the caller may see it: when it holds an article they may read (so an organisation's series
 * never names itself to another organisation), or when they edit its organisation's articles.
 */
export async function findSeries(
  db: Db,
  principal: Principal,
  id: string,
  editorOf: string | null,
): Promise<SeriesRow | undefined> {
  const { rows } = await sql<SeriesRow>`select s.id, s.org_id, s.title, s.summary from article_series s
    where s.id = ${id}::uuid and (s.org_id = ${editorOf}::uuid or exists (
      select 1 from articles a where a.org_id = s.org_id and a.series_id = s.id and ${readable(principal)}))`.execute(
    db,
  );
  return rows[0];
}

/** Series holding at least one article the caller may read, with how many: for the list's filter. */
export async function readableSeries(db: Db, principal: Principal): Promise<(SeriesRow & { count: number })[]> {
  const { rows } = await sql<SeriesRow & { count: number }>`
    select s.id, s.org_id, s.title, s.summary, count(*)::int as count
    from article_series s join articles a on a.org_id = s.org_id and a.series_id = s.id
    where ${readable(principal)}
    group by s.org_id, s.id order by s.title`.execute(db);
  return rows;
}

/** Tags on articles the caller may read, with how many. */
export async function readableTags(db: Db, principal: Principal): Promise<{ tag: string; count: number }[]> {
  const { rows } = await sql<{ tag: string; count: number }>`
    select t.tag, count(*)::int as count from articles a, unnest(a.tags) as t(tag)
    where ${readable(principal)} group by t.tag order by t.tag`.execute(db);
  return rows;
}

/** Whether the series belongs to the organisation (an article may only join its own organisation's series). */
export async function seriesBelongs(db: Db, orgId: string, seriesId: string): Promise<boolean> {
  const row = await db
    .selectFrom('article_series')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', seriesId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The cover's bytes, when the caller may read the article or edits for its organisation. */
export async function coverImage(
  db: Db,
  principal: Principal,
  articleId: string,
  editorOf: string | null,
): Promise<{ image: Buffer; updated_at: Date; anyoneReads: boolean } | undefined> {
  const { rows } = await sql<{ image: Buffer; updated_at: Date; anyoneReads: boolean }>`
    select c.image, c.updated_at, ${readable(anonymous)} as "anyoneReads" from article_covers c
    join articles a on a.org_id = c.org_id and a.id = c.article_id
    where c.article_id = ${articleId}::uuid and (a.org_id = ${editorOf}::uuid or ${readable(principal)})`.execute(db);
  return rows[0];
}

export async function saveCover(
  db: Db,
  orgId: string,
  articleId: string,
  cover: { image?: { image: Buffer; width: number; height: number }; alt: string },
): Promise<void> {
  if (cover.image) {
    await db
      .insertInto('article_covers')
      .values({ org_id: orgId, article_id: articleId, ...cover.image, alt: cover.alt })
      .onConflict((oc) =>
        oc.columns(['org_id', 'article_id']).doUpdateSet({ ...cover.image, alt: cover.alt, updated_at: sql`now()` }),
      )
      .execute();
    return;
  }
  await db
    .updateTable('article_covers')
    .set({ alt: cover.alt, updated_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('article_id', '=', articleId)
    .execute();
}

export async function removeCover(db: Db, orgId: string, articleId: string): Promise<void> {
  await db.deleteFrom('article_covers').where('org_id', '=', orgId).where('article_id', '=', articleId).execute();
}

/**
 * When the next public article scheduled for later appears to everyone (the application's clock, as the
 * readable rule), or null when none is waiting: pages kept for anonymous readers are emptied then.
 */
export async function nextPublicArticleAt(db: Db): Promise<Date | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.min('published_at').as('at'))
    .where('status', '=', 'published')
    .where('visibility', '=', 'public')
    .where('published_at', '>', new Date())
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : null;
}
