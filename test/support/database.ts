// A fresh database per test file on the run's PostgreSQL server, migrated and optionally seeded.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, createPool, type Database, type Db } from '../../src/db/database.ts';
import { prepareSchema } from '../../src/main.ts';

export interface TestDatabase {
  url: string;
  db: Db;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `waymark_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 5);
  const db = createDb(pool);
  await prepareSchema(db);
  return {
    url: url.toString(),
    db,
    pool,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A person's roles in an organisation, by their email, sorted: none when they are not a member. */
export async function rolesIn(db: Db, orgId: string, email: string) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select('memberships.role')
    .where('memberships.org_id', '=', orgId)
    .where('users.email', '=', email)
    .execute();
  return rows.map((r) => r.role).sort();
}

/** How many rows a table holds. */
export async function rowCount(db: Db, table: keyof Database & string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
