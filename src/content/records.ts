// Reading any kind's records through its declaration: one lookup of a readable record by id, the scope
// columns under an alias, and the owners to tell. The SQL names the kind's table and columns from its
// declaration (src/content/kind.ts), so a new kind needs no code here.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { allowed, type ContentColumns } from '../access/policies/index.ts';
import type { Principal, ScopeColumns } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import type { ContentKind, KindColumns, ScopedKind } from './kind.ts';

/** A record of any kind, as the shared parts need it: what it is, whose it is, what it is called. */
export interface ContentRecord {
  type: string;
  /** "story", "comment": for sentences in pages and emails. */
  noun: string;
  id: string;
  orgId: string;
  title: string;
  visibility: string;
  url: string;
}

/** A column of the kind's row under an alias, as a reference. */
export const column = (kind: ScopedKind, alias: string, name: keyof KindColumns) =>
  sql.ref(`${alias}.${kind.columns[name]}`);

/** The kind's scope columns under an alias, for `visibleTo` and `heldBy`. */
export function scopeOf(kind: Pick<ScopedKind, 'columns'>, alias: string): ScopeColumns {
  const { org, owner, visibility, space } = kind.columns;
  return {
    org: `${alias}.${org}`,
    owner: `${alias}.${owner}`,
    visibility: `${alias}.${visibility}`,
    space: `${alias}.${space}`,
  };
}

/** The facts the content policies decide over (src/access/policies), as SQL over the kind's row. */
export function policyColumns(kind: ScopedKind, alias: string): ContentColumns {
  const status = sql.ref(`${alias}.${kind.columns.status}`);
  const reviewed = kind.moderation ? [kind.moderation.waiting, ...kind.moderation.decided] : [];
  return {
    ...scopeOf(kind, alias),
    // A literal, so partial indexes `where status = 'published'` serve queries with any parameters.
    published: sql<SqlBool>`${status} = ${sql.lit(kind.published)}`,
    underReview: reviewed.length > 0 ? sql<SqlBool>`${status} = any (${reviewed}::text[])` : sql<SqlBool>`false`,
    writtenBy: (personId) => kind.ownedBy(personId, alias),
  };
}

/**
 * "Published and readable" for a kind with its own scope: the content policy's `read` (published, and its
 * scope lets the caller see it). A kind's `readable` is `(principal, alias) => publishedAndVisible(kind,
 * principal, alias)` unless it lives inside another.
 */
export function publishedAndVisible(kind: ScopedKind, principal: Principal, alias: string): RawBuilder<SqlBool> {
  return allowed(principal, 'read', policyColumns(kind, alias));
}

/** The record as the shared parts see it, from a row already read (so a page reads its record once). */
export function recordOf(
  kind: ScopedKind,
  row: { id: string; org_id: string; title: string; visibility: string },
): ContentRecord {
  return {
    type: kind.type,
    noun: kind.noun,
    id: row.id,
    orgId: row.org_id,
    title: row.title,
    visibility: row.visibility,
    url: kind.url(row.id),
  };
}

/** A published record of this kind that the caller may read, or undefined (which callers answer as a 404). */
export async function readableRecord(
  db: Db,
  kind: ScopedKind,
  principal: Principal,
  id: string,
): Promise<ContentRecord | undefined> {
  const { rows } = await sql<{ id: string; org_id: string; title: string; visibility: string }>`
    select t.id, ${column(kind, 't', 'org')} as org_id, ${column(kind, 't', 'title')} as title,
      ${column(kind, 't', 'visibility')}::text as visibility
    from ${sql.table(kind.table)} as t
    where t.id = ${id}::uuid and ${kind.readable(principal, 't')}`.execute(db);
  const row = rows[0];
  return row && recordOf(kind, row);
}

/** The people a record belongs to (its owner, co-owners), to tell them what happened to it. */
export async function ownersOf(db: Db, kind: ContentKind, record: { orgId: string; id: string }): Promise<string[]> {
  const { rows } = await sql<{ ids: string[] | null }>`
    select ${kind.ownerIds('t')} as ids from ${sql.table(kind.table)} as t
    where ${sql.ref(`t.${kind.columns.org}`)} = ${record.orgId}::uuid and t.id = ${record.id}::uuid`.execute(db);
  return [...new Set((rows[0]?.ids ?? []).filter((id): id is string => !!id))];
}
