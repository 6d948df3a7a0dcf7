// The SQL of the evidence library: every read goes through the kind's `readable` rule (published, and in the
// caller's scope); writes take the organisation from the caller's context, never from input.
import { sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { authorNames, type ItemType, type LibraryEntry } from './entry.ts';
import { libraryItemKind } from './kind.ts';

export const itemColumns = [
  'i.id',
  'i.org_id',
  'i.suggested_by',
  'i.visibility',
  'i.status',
  'i.item_type',
  'i.title',
  'i.authors',
  'i.year',
  'i.container',
  'i.publisher',
  'i.doi',
  'i.isbn',
  'i.url',
  'i.accessed',
  'i.summary',
  'i.lessons',
  'i.characteristics',
  'i.roles',
  'i.published_at',
  'i.updated_at',
] as const;

export interface ItemRow {
  id: string;
  org_id: string;
  suggested_by: string | null;
  visibility: string;
  status: string;
  item_type: ItemType;
  title: string;
  authors: { family: string; given: string }[];
  year: number | null;
  container: string;
  publisher: string;
  doi: string | null;
  isbn: string | null;
  url: string | null;
  accessed: string | null;
  summary: string;
  lessons: string[];
  characteristics: string[];
  roles: string[];
  published_at: Date | null;
  updated_at: Date;
}

export const entryOf = (row: ItemRow): LibraryEntry => ({
  itemType: row.item_type,
  title: row.title,
  authors: row.authors,
  year: row.year,
  container: row.container,
  publisher: row.publisher,
  doi: row.doi,
  isbn: row.isbn,
  url: row.url,
  accessed: row.accessed,
});

/** What we add to the bibliographic facts: our summary and the framework's keys. */
export interface ItemExtras {
  summary: string;
  lessons: string[];
  characteristics: string[];
  roles: string[];
  visibility: 'public' | 'signed_in' | 'organisation';
}

const columnsOf = (entry: LibraryEntry) => ({
  item_type: entry.itemType,
  title: entry.title,
  authors: JSON.stringify(entry.authors),
  author_names: authorNames(entry.authors).slice(0, 4000),
  year: entry.year,
  container: entry.container,
  publisher: entry.publisher,
  doi: entry.doi,
  isbn: entry.isbn,
  url: entry.url,
  accessed: entry.accessed,
});

export async function insertItem(
  db: Db,
  item: {
    orgId: string;
    suggestedBy: string | null;
    entry: LibraryEntry;
    extras: ItemExtras;
    publish: boolean;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('library_items')
    .values({
      org_id: item.orgId,
      suggested_by: item.suggestedBy,
      ...columnsOf(item.entry),
      summary: item.extras.summary,
      lessons: item.extras.lessons,
      characteristics: item.extras.characteristics,
      roles: item.extras.roles,
      visibility: item.extras.visibility,
      space_id: null,
      status: item.publish ? 'published' : 'submitted',
      submitted_at: item.at,
      published_at: item.publish ? item.at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes an item's facts and our additions; its status and scope stay as they are. */
export async function updateItem(
  db: Db,
  orgId: string,
  id: string,
  entry: LibraryEntry,
  extras: Omit<ItemExtras, 'visibility'>,
  at: Date,
) {
  await db
    .updateTable('library_items')
    .set({ ...columnsOf(entry), ...extras, updated_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** A published item the caller may read, or undefined. */
export async function readableItem(db: Db, principal: Principal, id: string): Promise<ItemRow | undefined> {
  return (await db
    .selectFrom('library_items as i')
    .select(itemColumns)
    .where('i.id', '=', id)
    .where(libraryItemKind.readable(principal, 'i'))
    .executeTakeFirst()) as ItemRow | undefined;
}

/** An item of the organisation in any status, for its moderators' edit page. */
export async function itemInOrg(db: Db, orgId: string, id: string): Promise<ItemRow | undefined> {
  return (await db
    .selectFrom('library_items as i')
    .select(itemColumns)
    .where('i.org_id', '=', orgId)
    .where('i.id', '=', id)
    .executeTakeFirst()) as ItemRow | undefined;
}

export interface LibraryQuery {
  words: string;
  type: ItemType | null;
  lesson: string | null;
  characteristic: string | null;
  role: string | null;
  /** Only these items (a selection), when given. */
  ids?: readonly string[];
}

function searchBase(db: Db, principal: Principal, q: LibraryQuery) {
  let query = db.selectFrom('library_items as i').where(libraryItemKind.readable(principal, 'i'));
  const words = q.words.trim();
  if (words !== '') query = query.where(sql<boolean>`i.search @@ websearch_to_tsquery('english', ${words})`);
  if (q.type) query = query.where('i.item_type', '=', q.type);
  if (q.lesson) query = query.where(sql<boolean>`${q.lesson} = any (i.lessons)`);
  if (q.characteristic) query = query.where(sql<boolean>`${q.characteristic} = any (i.characteristics)`);
  if (q.role) query = query.where(sql<boolean>`${q.role} = any (i.roles)`);
  if (q.ids)
    query = query.where('i.id', 'in', q.ids.length > 0 ? [...q.ids] : ['00000000-0000-0000-0000-000000000000']);
  return { query, words };
}

/** A page of readable items matching the query: best match first for words, else newest first. */
export async function searchItems(
  db: Db,
  principal: Principal,
  q: LibraryQuery,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: ItemRow[] }> {
  const { query, words } = searchBase(db, principal, q);
  const [count, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    query
      .select(itemColumns)
      .orderBy(
        words === ''
          ? sql`i.published_at desc`
          : sql`ts_rank(i.search, websearch_to_tsquery('english', ${words})) desc, i.published_at desc`,
      )
      .orderBy('i.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  return { total: Number(count.n), items: rows as ItemRow[] };
}

/** Items of the organisation already holding one of these DOIs or ISBNs, in any status. */
export async function existingIdentifiers(db: Db, orgId: string, dois: string[], isbns: string[]) {
  if (dois.length === 0 && isbns.length === 0) return { dois: new Set<string>(), isbns: new Set<string>() };
  const rows = await db
    .selectFrom('library_items')
    .select(['doi', 'isbn'])
    .where('org_id', '=', orgId)
    .where((eb) =>
      eb.or([
        ...(dois.length > 0
          ? [
              eb(
                sql`lower(doi)`,
                'in',
                dois.map((d) => d.toLowerCase()),
              ),
            ]
          : []),
        ...(isbns.length > 0 ? [eb('isbn', 'in', isbns)] : []),
      ]),
    )
    .execute();
  return {
    dois: new Set(rows.flatMap((r) => (r.doi ? [r.doi.toLowerCase()] : []))),
    isbns: new Set(rows.flatMap((r) => (r.isbn ? [r.isbn] : []))),
  };
}

export async function saveImport(db: Db, orgId: string, personId: string, format: 'bibtex' | 'ris', parsed: unknown) {
  const row = await db
    .insertInto('library_imports')
    .values({ org_id: orgId, created_by: personId, format, parsed: JSON.stringify(parsed), result: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findImport(db: Db, orgId: string, id: string) {
  return db
    .selectFrom('library_imports')
    .select(['id', 'format', 'parsed', 'result', 'created_at', 'confirmed_at', 'created_by'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Items a person suggested, for their data export. */
export function suggestedBy(db: Db, personId: string) {
  return db
    .selectFrom('library_items')
    .select(['id', 'title', 'status', 'item_type', 'created_at', 'published_at'])
    .where('suggested_by', '=', personId)
    .orderBy('created_at')
    .execute();
}
