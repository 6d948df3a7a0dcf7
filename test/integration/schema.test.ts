// The distribution rule a tenant-sharded PostgreSQL (such as Citus) needs, read from the live catalogue:
// organisation-owned tables carry org_id in their primary key and in every foreign key between them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Tables shared by every organisation (reference tables when sharded). A new table must be added here
// deliberately, or carry org_id (organisation-owned) or person_id (person-owned).
const referenceTables = new Set([
  'framework_versions',
  'characteristics',
  'characteristic_indicators',
  'roles',
  'lessons',
  'organisations',
  'users',
  'spaces',
  'space_members',
  'space_invitations',
  'identities',
  'email_outbox',
  'sessions',
  'throttles',
  'tag_models',
  'content_kinds',
  'article_readers',
  'article_reader_ledger',
  'story_search_slice',
  'kysely_migration',
  'kysely_migration_lock',
]);

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function catalogue() {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = 'public'`.execute(database.db);
  const { rows: keys } = await sql<{
    table_name: string;
    kind: string;
    columns: string[];
    foreign_table: string | null;
    foreign_columns: string[] | null;
  }>`
    select c.conrelid::regclass::text as table_name, c.contype as kind,
      array(select a.attname from unnest(c.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i)::text[] as columns,
      c.confrelid::regclass::text as foreign_table,
      array(select a.attname from unnest(c.confkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i)::text[] as foreign_columns
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = 'public' and c.contype in ('p', 'f', 'u')`.execute(database.db);
  const tables = new Map<string, Set<string>>();
  for (const c of columns) tables.set(c.table_name, (tables.get(c.table_name) ?? new Set()).add(c.column_name));
  return { tables, keys };
}

async function distributionProblems(): Promise<string[]> {
  const { tables, keys } = await catalogue();
  const problems: string[] = [];
  for (const [table, cols] of tables) {
    const orgOwned = cols.has('org_id');
    const personOwned = !orgOwned && cols.has('person_id');
    if (!orgOwned && !personOwned && !referenceTables.has(table)) {
      problems.push(`${table}: has neither org_id nor person_id and is not a declared reference table`);
    }
    const distribution = orgOwned ? 'org_id' : personOwned ? 'person_id' : undefined;
    if (!distribution) continue;
    const pk = keys.find((k) => k.table_name === table && k.kind === 'p');
    if (!pk?.columns.includes(distribution)) problems.push(`${table}: primary key lacks ${distribution}`);
    for (const k of keys.filter((k) => k.table_name === table && k.kind === 'u')) {
      if (!k.columns.includes(distribution)) problems.push(`${table}: unique key (${k.columns}) lacks ${distribution}`);
    }
    for (const fk of keys.filter((k) => k.table_name === table && k.kind === 'f')) {
      const target = tables.get(String(fk.foreign_table));
      if (!target?.has(distribution)) continue; // To a reference table, or to another distribution.
      const at = fk.columns.indexOf(distribution);
      if (at < 0 || fk.foreign_columns?.[at] !== distribution) {
        problems.push(`${table}: foreign key (${fk.columns}) to ${fk.foreign_table} does not carry ${distribution}`);
      }
    }
  }
  return problems;
}

describe('table distribution rules', () => {
  it('classifies every table, and org-owned tables keep org_id in primary, unique and foreign keys', async () => {
    expect(await distributionProblems()).toEqual([]);
  });

  it('catches a table that breaks the rule', async () => {
    await sql`
      create table broken_parent (org_id uuid not null, id uuid primary key);
      create table broken_child (org_id uuid not null, id uuid, parent_id uuid references broken_parent (id),
        primary key (org_id, id));
      create table broken_unclassified (id uuid primary key);`.execute(database.db);
    try {
      const problems = await distributionProblems();
      expect(problems).toContain('broken_parent: primary key lacks org_id');
      expect(problems).toContain('broken_child: foreign key (parent_id) to broken_parent does not carry org_id');
      expect(problems).toContain(
        'broken_unclassified: has neither org_id nor person_id and is not a declared reference table',
      );
    } finally {
      await sql`drop table broken_child, broken_parent, broken_unclassified`.execute(database.db);
    }
  });
});

describe('the PostgreSQL server', () => {
  it('is a supported version (15 to 18)', async () => {
    const { rows } = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(database.db);
    const version = Number(rows[0]?.v);
    expect(version).toBeGreaterThanOrEqual(150000);
    expect(version).toBeLessThan(190000);
  });
});
