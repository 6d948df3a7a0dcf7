// Tag suggestions end to end: the API as writers' tools call it, and the job that rebuilds the model from
// published stories and stores it for every instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { framework } from '../../src/framework/data.ts';
import { jobServices, startJobs } from '../../src/jobs/jobs.ts';
import { rebuildTagModel, taggingService } from '../../src/tagging/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
let token = '';
const amira = 'amira.okafor@northshire-county-council.example';

beforeAll(async () => {
  t = await createTestApp();
  token = await accountsService(t.database.db).createToken(amira, 'northshire-county-council', 'tagging');
});
afterAll(() => t.close());

const suggest = (payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/stories/suggest-tags', headers, payload: payload as object });

describe('POST /api/v1/stories/suggest-tags', () => {
  it('ranks every characteristic and role for a text, best first', async () => {
    const response = await suggest({
      text: 'When the budget was cut we combined two teams in one building and found volunteers to keep it open on less money.',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      characteristics: { key: string; score: number }[];
      roles: { key: string; score: number }[];
    };
    expect(body.characteristics[0]?.key).toBe('austerity');
    expect(body.characteristics.map((c) => c.key).sort()).toEqual(framework.characteristics.map((c) => c.key).sort());
    expect(body.roles.map((r) => r.key).sort()).toEqual(framework.roles.map((r) => r.key).sort());
    for (const list of [body.characteristics, body.roles]) {
      for (const s of list) expect(s.score >= 0 && s.score <= 1).toBe(true);
      expect([...list].sort((a, b) => b.score - a.score).map((s) => s.score)).toEqual(list.map((s) => s.score));
    }
  });

  it('serves a signed-in browser session too (with its CSRF token)', async () => {
    const credential = t.credentials.find((c) => c.email === amira);
    const cookie = await signInCookie(t.app, credential as { email: string; password: string });
    const page = await t.app.inject({ url: '/account', headers: { cookie } });
    const response = await suggest(
      { text: 'We asked residents of the estate what mattered to them.' },
      { cookie, 'x-csrf-token': csrfOf(page.body) },
    );
    expect(response.statusCode).toBe(200);
  });

  it('refuses callers who are not signed in', async () => {
    const page = await t.app.inject('/sign-in');
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await suggest({ text: 'Anything at all' }, { cookie, 'x-csrf-token': csrfOf(page.body) });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthorised');
    expect((await suggest({ text: 'Anything at all' }, { authorization: 'Bearer not-a-token' })).statusCode).toBe(401);
  });

  it.each([
    ['no text', {}],
    ['empty text', { text: '' }],
    ['only spaces', { text: '   \n ' }],
    ['not text', { text: 42 }],
    ['too long', { text: 'word '.repeat(10_001) }],
  ])('answers 400 for %s', async (_name, payload) => {
    const response = await suggest(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBeTypeOf('string');
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const operation = doc.paths['/api/v1/stories/suggest-tags'].post;
    expect(Object.keys(operation.requestBody.content['application/json'].schema.properties)).toEqual(['text']);
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '413', '415', '429']);
  });

  it('suggests in a few milliseconds once the model is loaded (the service every route calls)', async () => {
    const text = framework.characteristics.map((c) => c.description).join('\n\n');
    const service = taggingService(t.database.db);
    await service.suggest(text);
    // Processor time, not wall time: on a shared machine other work stretches the clock, not the work done.
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = process.cpuUsage();
      await service.suggest(text);
      const used = process.cpuUsage(started);
      times.push((used.user + used.system) / 1000);
    }
    expect(Math.min(...times)).toBeLessThan(15);
  });

  it('reads only the first 8,000 characters of a long text, so a 50,000-character text answers quickly', async () => {
    const opening = 'When the budget was cut we combined two teams and kept the building open on less money. ';
    const start = opening.repeat(Math.ceil(8000 / opening.length)).slice(0, 8000);
    const rest = 'We asked residents of the estate what mattered to them and listened to every answer. '.repeat(600);
    const long = (start + rest).slice(0, 50_000);
    expect(long).toHaveLength(50_000);
    const service = taggingService(t.database.db);
    const response = await suggest({ text: long });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(await service.suggest(start));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = process.cpuUsage();
      await service.suggest(long);
      const used = process.cpuUsage(started);
      times.push((used.user + used.system) / 1000);
    }
    expect(Math.min(...times)).toBeLessThan(40);
  });
});

describe('the tag-model job', () => {
  it('builds and stores a model at start when there is none, from the published public stories only', async () => {
    const db = t.database.db;
    await db.deleteFrom('tag_models').execute();
    const log = { info: () => {}, warn: () => {} };
    const jobs = await startJobs({
      db,
      connectionString: t.database.url,
      log,
      services: jobServices(db, {
        connectionString: t.database.url,
        log,
        smtpUrl: undefined,
        mailFrom: 'waymark@example.org',
      }),
      pollingIntervalSeconds: 0.5,
    });
    try {
      const until = Date.now() + 30_000;
      let row: { story_count: number; model: unknown } | undefined;
      while (!row && Date.now() < until) {
        row = await db.selectFrom('tag_models').select(['story_count', 'model']).executeTakeFirst();
        if (!row) await new Promise((r) => setTimeout(r, 250));
      }
      const published = await db
        .selectFrom('stories')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'published')
        .where('visibility', '=', 'public')
        .executeTakeFirstOrThrow();
      expect(row?.story_count).toBe(Number(published.n));
      expect(row?.story_count).toBeGreaterThan(0);
      expect((row?.model as { format?: string } | undefined)?.format).toBe('waymark-tag-model');
    } finally {
      await jobs.stop();
    }
  });

  it('keeps the newest few models, and instances switch to a newer one within a minute', async () => {
    const db = t.database.db;
    let now = Date.now();
    const service = taggingService(db, { now: () => now });
    const text = 'The Quillerby owl sanctuary partnership.';
    const before = await service.suggest(text);
    // A published story that teaches the model a new word.
    const org = await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'northshire-county-council')
      .executeTakeFirstOrThrow();
    const author = await db.selectFrom('users').select('id').where('email', '=', amira).executeTakeFirstOrThrow();
    for (const n of [1, 2, 3]) {
      await db
        .insertInto('stories')
        .values({
          org_id: org.id,
          slug: `owl-sanctuary-${n}`,
          title: `Quillerby owl sanctuary ${n}`,
          form: 'profile',
          body: 'The Quillerby owl sanctuary partnership sold tickets and kept its public purpose.',
          primary_characteristic: 'ethos',
          characteristics: ['ethos'],
          roles: ['broker'],
          place: 'Quillerby',
          author_id: author.id,
          visibility: 'public',
          space_id: null,
          status: 'published',
          published_at: new Date(),
          submitted_at: null,
        })
        .execute();
    }
    // A story shared only within the organisation: the model, which serves every organisation, never sees it.
    await db
      .insertInto('stories')
      .values({
        org_id: org.id,
        slug: 'zephyrine-ledger',
        title: 'The Zephyrine ledger',
        form: 'profile',
        body: 'Zephyrine ledger zephyrine ledger: an internal reconciliation only our staff may read.',
        primary_characteristic: 'austerity',
        characteristics: ['austerity'],
        roles: ['navigator'],
        place: '',
        author_id: author.id,
        visibility: 'organisation',
        space_id: null,
        status: 'published',
        published_at: new Date(),
        submitted_at: null,
      })
      .execute();
    for (let i = 0; i < 4; i++) {
      // Built in a worker thread, so the instance keeps answering requests meanwhile.
      expect((await rebuildTagModel(db)).builtIn).toBe('worker');
    }
    const kept = await db.selectFrom('tag_models').select(['id', 'model']).orderBy('id', 'desc').execute();
    expect(kept).toHaveLength(3);
    const newest = JSON.stringify(kept[0]?.model).toLowerCase();
    expect(newest).toContain('quillerbi');
    expect(newest).not.toContain('zephyrin');
    // Cached for now: the same answer until the instance looks again.
    expect(await service.suggest(text)).toEqual(before);
    now += 61_000;
    const after = await service.suggest(text);
    expect(after.characteristics[0]?.key).toBe('ethos');
    expect(after.roles[0]?.key).toBe('broker');
  });
});
