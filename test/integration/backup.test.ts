// The restore drill: `waymark backup` under write load through the real server, `waymark restore` into a new
// folder, Waymark started on it, and every row acknowledged before the backup began found again. Then the
// refusals: a cut-off file, another format or PostgreSQL version, a folder in use or holding data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { create, WriteEntry } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createDb, createPool, type Db } from '../../src/db/database.ts';
import { runningServerUrl } from '../../src/db/embedded.ts';
import { runWaymark, waitFor } from '../support/process.ts';
import { serveEmbedded, stopLeftRunning } from '../support/server-process.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-backup-'));
// mkdtemp makes a private folder; open it so that, as root, PostgreSQL's user can reach the data.
fs.chmodSync(root, 0o755);
const liveDir = path.join(root, 'live');
const restoredDir = path.join(root, 'restored');
const backupFile = path.join(root, 'drill.tar.gz');
const children: ReturnType<typeof runWaymark>[] = [];
const databases: Db[] = [];

afterAll(async () => {
  for (const db of databases) await db.destroy().catch(() => undefined);
  await stopLeftRunning(children.map((c) => c.process));
  fs.rmSync(root, { recursive: true, force: true });
});

async function serve(dataDir: string) {
  const { child, url } = await serveEmbedded(dataDir, children);
  expect(child.process.exitCode, child.output()).toBeNull();
  const databaseUrl = runningServerUrl(dataDir);
  if (!databaseUrl) throw new Error('no database URL for the running Waymark');
  const db = createDb(createPool(databaseUrl, 2));
  databases.push(db);
  return { child, url, db };
}

async function waymark(args: string[], env: Record<string, string> = {}) {
  const child = runWaymark(args, { DATABASE_URL: '', SESSION_SECRET: '', ...env });
  children.push(child);
  const code = await child.exited;
  return { code, output: child.output() };
}

/** Every public table's rows as primary key → md5 of the whole row. */
async function rowsByKey(db: Db): Promise<Map<string, Map<string, string>>> {
  const keys = await sql<{ table: string; columns: string[] }>`
    select c.relname as table, array_agg(a.attname::text order by k.ord) as columns
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where i.indisprimary and n.nspname = 'public'
    group by c.relname`.execute(db);
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  const primaryKey = new Map(keys.rows.map((r) => [r.table, r.columns]));
  const result = new Map<string, Map<string, string>>();
  for (const { name } of tables.rows) {
    const columns = primaryKey.get(name);
    // A table without a primary key is compared row by whole row.
    const key = columns ? sql.raw(`row(${columns.map((c) => `t."${c}"`).join(', ')})::text`) : sql.raw('t::text');
    const rows = await sql<{ key: string; sum: string }>`
      select ${key} as key, md5(t::text) as sum from ${sql.table(name)} t`.execute(db);
    result.set(name, new Map(rows.rows.map((r) => [r.key, r.sum])));
  }
  return result;
}

interface Acknowledged {
  /** Story id → the highest revision of its body the server acknowledged. */
  revisions: Map<string, number>;
  writes: number;
}

/** Two writers creating drafts and rewriting them through the API, recording what the server acknowledged. */
function writeLoad(url: string, tokens: string[]) {
  const acknowledged: Acknowledged = { revisions: new Map(), writes: 0 };
  let running = true;
  const writer = async (token: string, name: string) => {
    const mine: string[] = [];
    const call = (method: string, target: string, body: unknown) =>
      fetch(`${url}${target}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (let n = 1; running; n++) {
      // A new draft now and then (the API allows 30 an hour each), else a rewrite of one of ours.
      if (mine.length < 8 && n % 3 === 1) {
        const response = await call('POST', '/api/v1/stories', {
          title: `Drill ${name} ${n}`,
          form: 'quote',
          body: 'revision 0',
          primaryCharacteristic: 'equals',
        });
        expect(response.status).toBe(201);
        const { id } = (await response.json()) as { id: string };
        mine.push(id);
        acknowledged.revisions.set(id, 0);
      } else if (mine.length > 0) {
        const id = mine[n % mine.length] as string;
        const response = await call('PATCH', `/api/v1/stories/${id}`, { body: `revision ${n}` });
        expect(response.status).toBe(200);
        acknowledged.revisions.set(id, n);
      }
      acknowledged.writes += 1;
    }
  };
  const done = Promise.all(tokens.map((token, i) => writer(token, `writer ${i + 1}`)));
  return {
    acknowledged,
    snapshot: (): Acknowledged => ({ revisions: new Map(acknowledged.revisions), writes: acknowledged.writes }),
    async stop() {
      running = false;
      await done;
    },
  };
}

describe('the restore drill', () => {
  let live: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    live = await serve(liveDir);
  }, 120_000);

  it('restores, from a backup taken under write load, every row acknowledged before the backup began', async () => {
    const tokens = await Promise.all(
      ['amira.okafor', 'tom.haddley'].map((person) =>
        accountsService(live.db).createToken(
          `${person}@northshire-county-council.example`,
          'northshire-county-council',
          'restore drill',
        ),
      ),
    );
    const load = writeLoad(live.url, tokens);
    await waitFor(() => load.acknowledged.writes >= 10, 60_000, 'writes before the backup');

    // What was acknowledged before the backup began, then the tables as they stand at that moment.
    const before = load.snapshot();
    const rowsBefore = await rowsByKey(live.db);
    const backup = await waymark(['backup', backupFile], { DATA_DIR: liveDir });
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/Backed up the database \(PostgreSQL 18, \d+ files\)/);
    const duringBackup = load.acknowledged.writes - before.writes;
    const rowsAfter = await rowsByKey(live.db);
    await load.stop();
    expect(duringBackup, 'writes acknowledged while the backup ran').toBeGreaterThan(0);

    // A folder in use is never restored into, and is left as it was.
    const intoLive = await waymark(['restore', backupFile, '--data-dir', liveDir, '--force']);
    expect(intoLive.code).toBe(2);
    expect(intoLive.output).toContain(`is using the data folder ${liveDir}: stop it before restoring into it.`);
    expect(fs.existsSync(path.join(liveDir, 'pg', 'PG_VERSION'))).toBe(true);

    live.child.process.kill('SIGTERM');
    expect(await live.child.exited).toBe(0);

    const restore = await waymark(['restore', backupFile, '--data-dir', restoredDir]);
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain(`into ${restoredDir}`);
    const restored = await serve(restoredDir);
    const rowsRestored = await rowsByKey(restored.db);

    // Every row there before the backup began is there again; one nobody changed since is there unchanged.
    let rowsCompared = 0;
    let tablesUnchanged = 0;
    for (const [table, rows] of rowsBefore) {
      const after = rowsAfter.get(table) ?? new Map();
      const found = rowsRestored.get(table);
      expect(found, `table ${table}`).toBeDefined();
      let unchanged = true;
      for (const [key, sum] of rows) {
        // A row the server itself removed or rewrote after the backup began may be newer in the backup.
        if (!after.has(key)) continue;
        rowsCompared += 1;
        expect(found?.has(key), `${table} row ${key}`).toBe(true);
        if (after.get(key) === sum) expect(found?.get(key), `${table} row ${key}`).toBe(sum);
        else unchanged = false;
      }
      if (unchanged && after.size === rows.size) tablesUnchanged += 1;
    }

    // Every draft acknowledged before the backup began is there, at the revision acknowledged then or later.
    const drafts = await restored.db
      .selectFrom('stories')
      .select(['id', 'body'])
      .where('id', 'in', [...before.revisions.keys()])
      .execute();
    expect(drafts.length).toBe(before.revisions.size);
    for (const draft of drafts) {
      const revision = Number(/^revision (\d+)$/.exec(draft.body)?.[1]);
      expect(revision).toBeGreaterThanOrEqual(before.revisions.get(draft.id) ?? Number.NaN);
    }

    const stories = (await (await fetch(`${restored.url}/api/v1/stories`)).json()) as { total: number };
    expect(stories.total).toBeGreaterThan(10);
    console.log(
      `Restore drill: ${before.writes} writes acknowledged before the backup and ${duringBackup} during it; ` +
        `${rowsBefore.size} tables compared (${tablesUnchanged} with identical checksums), ${rowsCompared} rows found, ` +
        `${drafts.length} acknowledged drafts found at their revision or later.`,
    );
    restored.child.process.kill('SIGTERM');
    expect(await restored.child.exited).toBe(0);
  }, 240_000);
});

/** A gzip tar with a Waymark header of our own making, as another version of Waymark might write one. */
async function archiveWithHeader(file: string, header: object) {
  await create({ file, gzip: true }, [
    new WriteEntry({ path: 'waymark-backup.json', mode: 0o644 }, JSON.stringify(header)),
    new WriteEntry({ path: 'pg/PG_VERSION', mode: 0o600 }, '17\n'),
  ]);
}

describe('restore refuses', () => {
  const target = path.join(root, 'refused');
  const untouched = () => expect(fs.existsSync(target)).toBe(false);

  it('a cut-off backup file, another PostgreSQL version or backup format, or a file that is no backup', async () => {
    const whole = fs.readFileSync(backupFile);
    const half = path.join(root, 'half.tar.gz');
    fs.writeFileSync(half, whole.subarray(0, Math.floor(whole.length / 2)));
    const nearlyAll = path.join(root, 'nearly-all.tar.gz');
    fs.writeFileSync(nearlyAll, whole.subarray(0, whole.length - 64));
    const older = path.join(root, 'older.tar.gz');
    await archiveWithHeader(older, {
      format: 'waymark-backup',
      version: 1,
      postgresMajor: 17,
      postgresVersion: '17.6',
      createdAt: '2026-01-05T09:00:00.000Z',
    });
    const newer = path.join(root, 'newer.tar.gz');
    await archiveWithHeader(newer, { format: 'waymark-backup', version: 2, postgresMajor: 18 });
    const notOurs = path.join(root, 'notes.txt');
    fs.writeFileSync(notOurs, 'Shopping: milk, bread.\n');

    const expected = new Map([
      [half, `waymark: ${half} is incomplete or damaged (unexpected end of file); nothing was restored.`],
      [nearlyAll, `waymark: ${nearlyAll} is incomplete or damaged (unexpected end of file); nothing was restored.`],
      [
        older,
        `waymark: ${older} holds a PostgreSQL 17 database, and this Waymark's embedded PostgreSQL is 18: restore it with a Waymark of the same PostgreSQL version; nothing was restored.`,
      ],
      [
        newer,
        `waymark: ${newer} is a Waymark backup of format 2, and this Waymark reads format 1; nothing was restored.`,
      ],
      [notOurs, `waymark: ${notOurs} is not a Waymark backup; nothing was restored.`],
    ]);
    const results = await Promise.all(
      [...expected.keys()].map((file) => waymark(['restore', file, '--data-dir', target])),
    );
    for (const [i, [file, message]] of [...expected].entries()) {
      expect(results[i]?.code, file).toBe(2);
      expect(results[i]?.output.trim()).toBe(message);
    }
    untouched();
    expect(fs.readdirSync(root).filter((name) => name.includes('restoring'))).toEqual([]);
  });

  it('a folder that already holds data, unless told to replace it', async () => {
    const refused = await waymark(['restore', backupFile, '--data-dir', restoredDir]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain(`The data folder ${restoredDir} already holds data`);
    const marker = path.join(restoredDir, 'left-by-the-operator');
    fs.writeFileSync(marker, 'x');
    const replaced = await waymark(['restore', backupFile, '--data-dir', restoredDir, '--force']);
    expect(replaced.code, replaced.output).toBe(0);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(path.join(restoredDir, 'pg', 'backup_label'))).toBe(true);
  });

  it('and backup, with DATABASE_URL, points to the server’s own tools', async () => {
    const result = await waymark(['backup', path.join(root, 'server.tar.gz')], {
      DATABASE_URL: 'postgres://waymark@127.0.0.1:1/waymark',
      SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
    });
    expect(result.code).toBe(2);
    expect(result.output).toContain('pg_dump or pg_basebackup');
    expect(fs.existsSync(path.join(root, 'server.tar.gz'))).toBe(false);
  });
});
