// Crash safety, proved: people write drafts (the API and autosave), comments and reactions at once through
// the real `waymark serve`; every write answered 2xx is written in a ledger; then Waymark is killed without
// warning (with every process of its embedded PostgreSQL, or alone against a PostgreSQL server), started
// again the same way, and every acknowledged write must be there, with nothing half-written visible.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, createPool, type Db } from '../../src/db/database.ts';
import { runningServerUrl } from '../../src/db/embedded.ts';
import { type Child, runWaymark } from '../support/process.ts';
import {
  demoCredentials,
  killAll,
  postgresProcesses,
  type Served,
  serve,
  stopLeftRunning,
  Visitor,
} from '../support/server-process.ts';
import { snapshotTables } from '../support/table-checksums.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-crash-'));
// mkdtemp makes a private folder; open it so that, as root, PostgreSQL's user can reach the data.
fs.chmodSync(root, 0o755);
const children: Child[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  await stopLeftRunning(children.map((c) => c.process));
  for (const clean of cleanups.reverse()) await clean().catch(() => {});
  fs.rmSync(root, { recursive: true, force: true });
});

async function started(env: Record<string, string>): Promise<Served> {
  const served = await serve(env);
  children.push(served.child);
  return served;
}

/** A demo person writing: their signed-in browser (forms, autosave) and an API token. */
interface Writer {
  email: string;
  personId: string;
  browser: Visitor;
  csrf: string;
  token: string;
}

/** What the server acknowledged, and what it was asked that may or may not have landed. */
interface Ledger {
  acknowledged: number;
  /** Story id → the last version acknowledged and the highest version sent. */
  stories: Map<string, { acked: number; sent: number }>;
  /** Comment id → its text. */
  comments: Map<string, { storyId: string; body: string }>;
  /** `person story` → whether it resonated before, and toggles acknowledged and sent. */
  reactions: Map<string, { personId: string; storyId: string; before: boolean; acked: number; sent: number }>;
}

const tag = `crash${randomBytes(3).toString('hex')}`;
const bodyOf = (version: number) => `${tag} version ${version}: what we learnt, written again.`;
const namedIn = (version: number) => [`${tag} ${version} Ada`, `${tag} ${version} Bea`];

async function writerFor(url: string, credential: { email: string; password: string }, db: Db): Promise<Writer> {
  const browser = new Visitor(url);
  expect((await browser.signIn(credential)).status, `sign in as ${credential.email}`).toBe(303);
  const tokensPage = await (await browser.fetch('/account/tokens')).text();
  const orgId = /<option value="([0-9a-f-]{36})"/.exec(tokensPage)?.[1] ?? '';
  const created = await browser.post(
    '/account/tokens',
    { name: 'crash test', orgId, lifetimeDays: '1' },
    /name="_csrf" value="([^"]+)"/.exec(tokensPage)?.[1] ?? '',
  );
  const token = /wmk_[\w-]{43}/.exec(await created.text())?.[0];
  if (!token) throw new Error(`no API token for ${credential.email}`);
  const person = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', credential.email)
    .executeTakeFirstOrThrow();
  return { email: credential.email, personId: person.id, browser, csrf: await browser.csrf('/stories/new'), token };
}

/** Published stories a writer's organisation may read, written by someone who is not writing in this test. */
async function storiesToDiscuss(db: Db, writers: Writer[]) {
  const rows = await db
    .selectFrom('stories')
    .innerJoin('memberships', (j) => j.onRef('memberships.org_id', '=', 'stories.org_id'))
    .select('stories.id')
    .where('stories.status', '=', 'published')
    .where('stories.visibility', 'in', ['organisation', 'signed_in', 'public'])
    .where('memberships.user_id', '=', writers[0]?.personId ?? '')
    .where(
      'stories.author_id',
      'not in',
      writers.map((w) => w.personId),
    )
    .where('stories.author_id', 'is not', null)
    .distinct()
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Each writer runs three lanes at once until `stop()`: drafts through the API (created, then changed),
 * drafts through autosave, and comments and reactions through the story page's forms.
 */
function drive(url: string, writers: Writer[], storyIds: string[], ledger: Ledger) {
  let stopped = false;
  const ack = () => (ledger.acknowledged += 1);
  const json = { 'content-type': 'application/json' };

  async function apiLane(w: Writer) {
    const auth = { authorization: `Bearer ${w.token}` };
    // 30 API drafts an hour per person: stay below it.
    for (let n = 0; n < 20 && !stopped; n++) {
      const created = await fetch(`${url}/api/v1/stories`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({
          title: `${tag} api ${w.email} ${n}`,
          form: 'personal-narrative',
          primaryCharacteristic: 'locality',
          body: bodyOf(0),
          named: namedIn(0).map((name) => ({ name })),
        }),
      });
      if (created.status !== 201) throw new Error(`API create answered ${created.status}`);
      const { id } = (await created.json()) as { id: string };
      ack();
      const entry = { acked: 0, sent: 0 };
      ledger.stories.set(id, entry);
      for (let version = 1; version <= 3 && !stopped; version++) {
        entry.sent = version;
        const changed = await fetch(`${url}/api/v1/stories/${id}`, {
          method: 'PATCH',
          headers: { ...json, ...auth },
          body: JSON.stringify({ body: bodyOf(version), named: namedIn(version).map((name) => ({ name })) }),
        });
        if (changed.status !== 200) throw new Error(`API change answered ${changed.status}`);
        entry.acked = version;
        ack();
      }
    }
  }

  async function autosaveLane(w: Writer) {
    for (let n = 0; !stopped; n++) {
      let id: string | undefined;
      let entry = { acked: 0, sent: 0 };
      for (let version = 0; version <= 4 && !stopped; version++) {
        entry.sent = version;
        const saved = await w.browser.post(
          id ? `/stories/${id}/autosave` : '/stories/new/autosave',
          {
            title: `${tag} autosave ${w.email} ${n}`,
            form: 'quote',
            primaryCharacteristic: 'ethos',
            visibility: 'private',
            body: bodyOf(version),
            namedName: namedIn(version),
            namedEmail: ['', ''],
          },
          w.csrf,
        );
        if (saved.status !== 200) throw new Error(`autosave answered ${saved.status}`);
        if (!id) {
          id = ((await saved.json()) as { id: string }).id;
          entry = { acked: 0, sent: 0 };
          ledger.stories.set(id, entry);
        } else {
          await saved.body?.cancel();
        }
        entry.acked = version;
        ack();
      }
    }
  }

  async function discussionLane(w: Writer) {
    // Under the limits: 30 comments and 60 reactions an hour per person.
    for (let n = 0; n < 25 && !stopped; n++) {
      const storyId = storyIds[n % storyIds.length] as string;
      const body = `${tag} comment ${n} from ${w.email}`;
      const commented = await w.browser.post(`/stories/${storyId}/comments`, { body }, w.csrf);
      const commentId = /#comment-([0-9a-f-]{36})$/.exec(commented.headers.get('location') ?? '')?.[1];
      if (commented.status !== 303 || !commentId) throw new Error(`comment answered ${commented.status}`);
      ledger.comments.set(commentId, { storyId, body });
      ack();
      if (stopped) break;
      const reaction = ledger.reactions.get(`${w.personId} ${storyId}`);
      if (!reaction) throw new Error('reaction not prepared');
      reaction.sent += 1;
      const toggled = await w.browser.post(`/stories/${storyId}/resonates`, {}, w.csrf);
      if (toggled.status !== 303) throw new Error(`resonates answered ${toggled.status}`);
      reaction.acked += 1;
      ack();
    }
  }

  const lanes = writers.flatMap((w) => [apiLane(w), autosaveLane(w), discussionLane(w)]);
  // A lane ends when the server stops answering (or answers wrongly, which the checks then catch).
  const errors: unknown[] = [];
  const done = Promise.all(lanes.map((lane) => lane.catch((e) => errors.push(e))));
  return {
    /** Lanes that stopped: before the kill, a refusal or a failure the test must report. */
    errors,
    stop() {
      stopped = true;
      return done.then(() => errors);
    },
  };
}

async function prepareReactions(db: Db, writers: Writer[], storyIds: string[], ledger: Ledger) {
  const existing = await db.selectFrom('reactions').select(['user_id', 'target_id']).execute();
  const held = new Set(existing.map((r) => `${r.user_id} ${r.target_id}`));
  for (const w of writers) {
    for (const storyId of storyIds) {
      const key = `${w.personId} ${storyId}`;
      ledger.reactions.set(key, { personId: w.personId, storyId, before: held.has(key), acked: 0, sent: 0 });
    }
  }
}

/** Checks the restarted database against the ledger; returns how many acknowledged writes were found. */
async function verify(db: Db, ledger: Ledger): Promise<number> {
  let found = 0;
  // Drafts: at least the last acknowledged version, at most the last one sent, and the people in it from
  // the same version (a story row with another version's story_people rows would be half-written).
  const stories = await db
    .selectFrom('stories')
    .select(['id', 'body', 'status'])
    .where('title', 'like', `${tag} %`)
    .execute();
  const people = await db
    .selectFrom('story_people')
    .select(['story_id', 'name', 'relation'])
    .where('name', 'like', `${tag} %`)
    .execute();
  const byStory = new Map(stories.map((s) => [s.id, s]));
  for (const s of stories) {
    const version = Number(/version (\d+):/.exec(s.body)?.[1]);
    const names = people
      .filter((p) => p.story_id === s.id)
      .map((p) => `${p.relation} ${p.name}`)
      .sort();
    expect(names, `people of story ${s.id} at version ${version}`).toEqual(namedIn(version).map((n) => `named ${n}`));
    expect(s.status).toBe('draft');
  }
  expect(
    people.filter((p) => !byStory.has(p.story_id)),
    'story_people rows without their story',
  ).toEqual([]);
  for (const [id, entry] of ledger.stories) {
    const s = byStory.get(id);
    expect(s, `acknowledged story ${id}`).toBeDefined();
    const version = Number(/version (\d+):/.exec(s?.body ?? '')?.[1]);
    expect(version, `version of story ${id}`).toBeGreaterThanOrEqual(entry.acked);
    expect(version, `version of story ${id}`).toBeLessThanOrEqual(entry.sent);
    found += entry.acked + 1;
  }

  // Comments: every acknowledged one with its words; none (acknowledged or not) without its story or
  // without the email it sends the story's author.
  const comments = await db
    .selectFrom('comments')
    .leftJoin('stories', 'stories.id', 'comments.target_id')
    .select(['comments.id', 'comments.body', 'comments.target_id', 'stories.id as story', 'stories.author_id'])
    .where('comments.body', 'like', `${tag} %`)
    .execute();
  const commentById = new Map(comments.map((c) => [c.id, c]));
  for (const [id, entry] of ledger.comments) {
    const c = commentById.get(id);
    expect(c, `acknowledged comment ${id}`).toBeDefined();
    expect(c?.body).toBe(entry.body);
    expect(c?.target_id).toBe(entry.storyId);
    found += 1;
  }
  expect(
    comments.filter((c) => c.story === null),
    'comments without their story',
  ).toEqual([]);
  const emails = await db
    .selectFrom('email_outbox')
    .select('body_text')
    .where('body_text', 'like', '%#comment-%')
    .execute();
  for (const c of comments) {
    const sent = emails.filter((e) => e.body_text.includes(`#comment-${c.id}`));
    expect(sent.length, `emails about comment ${c.id} to the story's author`).toBeGreaterThan(0);
  }

  // Reactions: each person's state is what their acknowledged toggles left, or one more if a toggle was
  // in flight.
  const reactions = await db.selectFrom('reactions').select(['user_id', 'target_id']).execute();
  const held = new Set(reactions.map((r) => `${r.user_id} ${r.target_id}`));
  for (const [key, r] of ledger.reactions) {
    const allowed = new Set([r.before !== (r.acked % 2 === 1), r.before !== (r.sent % 2 === 1)]);
    expect(allowed.has(held.has(key)), `reaction ${key}`).toBe(true);
    found += r.acked;
  }
  const missingTargets = await db
    .selectFrom('reactions')
    .leftJoin('stories', 'stories.id', 'reactions.target_id')
    .select('reactions.target_id')
    .where('stories.id', 'is', null)
    .execute();
  expect(missingTargets, 'reactions without their story').toEqual([]);
  return found;
}

const ledgerTables = ['stories', 'story_people', 'comments', 'reactions', 'email_outbox'];

async function connect(url: string) {
  const pool = createPool(url, 3);
  const db = createDb(pool);
  cleanups.push(() => db.destroy());
  return db;
}

/** Signs in, drives the load until `kill` has something to cut off, kills, and returns the ledger. */
async function writeThenCrash(
  served: Served,
  db: Db,
  kill: (ledger: Ledger) => Promise<void>,
  credentials: { email: string; password: string }[],
) {
  const northshire = credentials.filter((c) => c.email.endsWith('@northshire-county-council.example')).slice(0, 3);
  const writers = await Promise.all(northshire.map((c) => writerFor(served.url, c, db)));
  const storyIds = (await storiesToDiscuss(db, writers)).slice(0, 6);
  expect(storyIds.length).toBeGreaterThan(1);
  const ledger: Ledger = { acknowledged: 0, stories: new Map(), comments: new Map(), reactions: new Map() };
  await prepareReactions(db, writers, storyIds, ledger);
  const load = drive(served.url, writers, storyIds, ledger);
  const started = Date.now();
  while (ledger.acknowledged < 80 && Date.now() - started < 8000) await new Promise((r) => setTimeout(r, 50));
  expect(load.errors.map(String), 'writes refused before the kill').toEqual([]);
  await kill(ledger);
  await load.stop();
  await served.child.exited;
  return { ledger, writers };
}

function report(variant: string, ledger: Ledger, found: number, tables: number) {
  const acknowledged = ledger.acknowledged;
  console.log(
    `crash test (${variant}): writes acknowledged ${acknowledged}, writes found ${found}, tables compared ${ledgerTables.length} (and all ${tables} tables read back)`,
  );
  expect(acknowledged, 'writes acknowledged before the kill').toBeGreaterThan(0);
  expect(found).toBe(acknowledged);
}

describe('crash safety', () => {
  it('keeps every acknowledged write when Waymark and every process of its embedded PostgreSQL are killed', async () => {
    const dataDir = path.join(root, 'data');
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', SESSION_SECRET: '' };
    const first = await started(env);
    const credentials = demoCredentials(first.child.output());
    const before = await connect(runningServerUrl(dataDir) as string);
    const { ledger, writers } = await writeThenCrash(
      first,
      before,
      async () => {
        // The worst moment for a comment: hold the outbox (as a long delivery transaction would) so that
        // comments in flight are cut off between their own row and the email that tells the story's author.
        const holder = new pg.Client({ connectionString: runningServerUrl(dataDir) });
        holder.on('error', () => {});
        await holder.connect();
        await holder.query('begin; lock table email_outbox in share mode');
        // A write waiting for the outbox shows in pg_locks (its statement text may still be the previous one).
        const waiting = async () =>
          (await holder.query("select 1 from pg_locks where not granted and relation = 'email_outbox'::regclass"))
            .rowCount !== 0;
        for (let i = 0; i < 100 && !(await waiting()); i++) await new Promise((r) => setTimeout(r, 50));
        expect(await waiting(), 'a comment waiting to queue its email').toBe(true);
        await killAll([first.child.process.pid as number, ...postgresProcesses(dataDir)]);
        holder.end().catch(() => {});
      },
      credentials,
    );
    // Its connections died with the server: let the pool go without waiting for goodbyes.
    before.destroy().catch(() => {});

    const second = await started(env);
    const after = await connect(runningServerUrl(dataDir) as string);
    const found = await verify(after, ledger);
    const tables = (await snapshotTables(after)).tables.size;
    report('embedded PostgreSQL killed too', ledger, found, tables);
    // The restarted Waymark serves what was written to the same signed-in browser: sessions live in the
    // database too, so an acknowledged comment is on its story's page without signing in again.
    const [commentId, comment] = [...ledger.comments][0] ?? [];
    expect(comment).toBeDefined();
    const page = await (await writers[0]?.browser.on(second.url).fetch(`/stories/${comment?.storyId}`))?.text();
    expect(page).toContain(`id="comment-${commentId}"`);
    second.child.process.kill('SIGTERM');
    expect(await second.child.exited).toBe(0);
  });

  it('keeps every acknowledged write when Waymark alone is killed, on a PostgreSQL server', async () => {
    const adminUrl = inject('adminDatabaseUrl');
    const name = `waymark_crash_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString(), SESSION_SECRET: 'k'.repeat(40) };
    let seedOutput = '';
    for (const args of [['migrate'], ['seed', 'demo']]) {
      const child = runWaymark(args, env);
      expect(await child.exited, `waymark ${args.join(' ')}: ${child.output()}`).toBe(0);
      seedOutput = child.output();
    }
    const db = await connect(url.toString());
    const first = await started(env);
    const { ledger } = await writeThenCrash(
      first,
      db,
      () => killAll([first.child.process.pid as number]),
      demoCredentials(seedOutput),
    );

    // The server rolls back whatever the killed process left open; the restarted Waymark finds the rest.
    const second = await started(env);
    const found = await verify(db, ledger);
    const tables = (await snapshotTables(db)).tables.size;
    report('Waymark alone, PostgreSQL server', ledger, found, tables);
    second.child.process.kill('SIGTERM');
    expect(await second.child.exited).toBe(0);
  });
});
