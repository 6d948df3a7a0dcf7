// Proof that a request changed nothing: the row count and an md5 of every row of every table in the public
// schema, taken before and after. Sessions and throttles change on every request by design, so they are
// left out; the audit log may gain a row (an attempt on an organisation is worth recording), but the rows
// it already held must stay exactly as they were.
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';

/** Tables a refused request may legitimately write to. */
export const volatileTables = ['sessions', 'throttles'] as const;
const auditTable = 'audit_events';

export interface TableSnapshot {
  /** `rows:md5` per table. */
  tables: Map<string, string>;
  /** The audit log's rows as they were, by id. */
  audit: Map<string, string>;
}

async function publicTables(db: Db): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !(volatileTables as readonly string[]).includes(name));
}

let tableNames: string[] | undefined;

export async function snapshotTables(db: Db): Promise<TableSnapshot> {
  tableNames ??= await publicTables(db);
  const parts = tableNames
    .filter((name) => name !== auditTable)
    .map(
      (name) =>
        sql`select ${name}::text as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '' order by t::text)), '') as sum from ${sql.table(name)} t`,
    );
  const rows = await sql<{ name: string; sum: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  const audit = await sql<{
    id: string;
    row: string;
  }>`select id::text as id, t::text as row from audit_events t`.execute(db);
  return {
    tables: new Map(rows.rows.map((r) => [r.name, r.sum])),
    audit: new Map(audit.rows.map((r) => [r.id, r.row])),
  };
}

/** The tables whose content differs between two snapshots (the audit log only if a row changed or went). */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const changed = [...before.tables.keys(), ...after.tables.keys()].filter(
    (name, i, all) => all.indexOf(name) === i && before.tables.get(name) !== after.tables.get(name),
  );
  const auditKept = [...before.audit].every(([id, row]) => after.audit.get(id) === row);
  return auditKept ? changed : [...changed, auditTable];
}
