// Comments as a kind of content: they live inside the content they discuss (target_type, target_id), are
// readable exactly where that content is and while they are visible, and their reports go to the content's
// reviewers.
import { type SqlBool, sql } from 'kysely';
import type { NestedKind, ScopedKind } from '../content/kind.ts';

/** The comment kind, for the discussed kinds the registry holds (read when a query is built). */
export function commentKind(discussed: () => readonly ScopedKind[]): NestedKind {
  return {
    type: 'comment',
    noun: 'comment',
    table: 'comments',
    columns: { org: 'org_id', owner: 'author_id', status: 'status' },
    parent: { typeColumn: 'target_type', idColumn: 'target_id' },
    readable(principal, alias) {
      const parent = `${alias}_parent`;
      const onReadableParent = discussed().map(
        (kind) => sql<SqlBool>`(${sql.ref(`${alias}.target_type`)} = ${kind.type} and exists (
          select 1 from ${sql.table(kind.table)} as ${sql.id(parent)}
          where ${sql.ref(`${parent}.${kind.columns.org}`)} = ${sql.ref(`${alias}.org_id`)}
            and ${sql.ref(`${parent}.id`)} = ${sql.ref(`${alias}.target_id`)}
            and ${kind.readable(principal, parent)}))`,
      );
      if (onReadableParent.length === 0) return sql<SqlBool>`false`;
      return sql<SqlBool>`(${sql.ref(`${alias}.status`)} = 'visible' and (${sql.join(onReadableParent, sql` or `)}))`;
    },
    ownerIds: (alias) => sql<string[]>`array_remove(array[${sql.ref(`${alias}.author_id`)}], null)`,
    ownedBy: (personId, alias) => sql<SqlBool>`${sql.ref(`${alias}.author_id`)} = ${personId}::uuid`,
    reported: true,
  };
}
