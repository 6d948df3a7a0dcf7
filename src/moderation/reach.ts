// Who reviews what: the one rule every moderation query applies, for any kind of content, so a moderator
// never reads a record outside their reach and one outside it looks exactly like one that does not exist.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { inReachSql, type Reach } from '../access/policies/index.ts';
import type { NestedKind, ScopedKind } from '../content/kind.ts';
import { column, policyColumns } from '../content/records.ts';

// Whose records a caller reviews is the content policy's reach (src/access/policies: `reachOf`, `inReach`).
export { type Reach, reachOf } from '../access/policies/index.ts';

/** Whether the caller reviews anything at all. */
export const reviewsAnything = (reach: Reach) => reach.platform || reach.moderatorOf !== null;

/**
 * Whether a report (a reports row aliased `report`) concerns the record whose id is `id`: it names the
 * record itself, or a record of a nested kind (a comment) whose parent it is.
 */
export function reportConcerns(
  kind: ScopedKind,
  id: RawBuilder<unknown>,
  report: string,
  nested: readonly NestedKind[],
): RawBuilder<SqlBool> {
  const type = sql.ref(`${report}.target_type`);
  const target = sql.ref(`${report}.target_id`);
  const clauses = [sql<SqlBool>`(${type} = ${kind.type} and ${target} = ${id})`];
  for (const inner of nested) {
    const n = `${report}_inner`;
    clauses.push(sql<SqlBool>`(${type} = ${inner.type} and exists (
      select 1 from ${sql.table(inner.table)} as ${sql.id(n)}
      where ${sql.ref(`${n}.${inner.columns.org}`)} = ${sql.ref(`${report}.org_id`)} and ${sql.ref(`${n}.id`)} = ${target}
        and ${sql.ref(`${n}.${inner.parent.typeColumn}`)} = ${kind.type} and ${sql.ref(`${n}.${inner.parent.idColumn}`)} = ${id}))`);
  }
  return sql<SqlBool>`(${sql.join(clauses, sql` or `)})`;
}

/**
 * Whether the record (a row of the kind's table aliased `alias`) is routed to the caller: the one
 * definition every moderation query uses, so a record outside it is a 404 exactly like an id that names
 * nothing.
 *
 * - Whose: by its visibility (see `Reach`); private records are nobody's to review.
 * - When: once its owner has let it go (waiting, or decided), or while a report on it or on a record inside
 *   it (a comment) is open. A record its owner took back is theirs alone until it returns.
 */
export function routedTo(
  reach: Reach,
  kind: ScopedKind,
  alias: string,
  nested: readonly NestedKind[],
): RawBuilder<SqlBool> {
  const columns = policyColumns(kind, alias);
  const whose = inReachSql(reach, columns);
  if (!reach.platform && reach.moderatorOf === null) return whose;
  const report = `${alias}_report`;
  // Under review (the content policy's `review`), or reported.
  const when = [
    columns.underReview,
    sql<SqlBool>`exists (select 1 from reports as ${sql.id(report)}
      where ${sql.ref(`${report}.org_id`)} = ${column(kind, alias, 'org')} and ${sql.ref(`${report}.resolved_at`)} is null
        and ${reportConcerns(kind, sql.ref(`${alias}.id`), report, nested)})`,
  ];
  return sql<SqlBool>`(${whose} and (${sql.join(when, sql` or `)}))`;
}
