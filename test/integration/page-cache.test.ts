// Pages kept for anonymous readers: served from memory only to requests with no session and no token, and
// forgotten on every instance as soon as what they show changes (a story withdrawn, a comment added).
import Fastify from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous as anonymousReader } from '../../src/access/visibility.ts';
import { contentChannel, setUpPageCache } from '../../src/web/page-cache.ts';
import { appOn, createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';
import { waitFor } from '../support/process.ts';

let t: TestApp;
let second: TestApp['app'];
let storyId = '';
let storyTitle = '';

beforeAll(async () => {
  t = await createTestApp();
  // A second instance on the same database, as in production behind a load balancer.
  second = await appOn(t.database.db, t.database.pool);
  const story = await t.database.db
    .selectFrom('stories')
    .select(['id', 'title'])
    .where('status', '=', 'published')
    .where('visibility', '=', 'public')
    .orderBy('published_at', 'desc')
    .executeTakeFirstOrThrow();
  storyId = story.id;
  storyTitle = story.title;
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const anonymous = (app: TestApp['app'], url: string) => app.inject({ url });

const republish = () =>
  t.database.db
    .updateTable('stories')
    .set({ status: 'published', published_at: new Date() })
    .where('id', '=', storyId)
    .where('status', '<>', 'published')
    .execute();

/**
 * How many content notifications the database sent while `work` ran. A probe on another channel is sent
 * after it: notifications arrive in commit order, so by the probe every one `work` caused has arrived.
 */
async function notificationsDuring(work: () => Promise<void>): Promise<number> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  let count = 0;
  let probed = () => {};
  const probe = new Promise<void>((resolve) => {
    probed = resolve;
  });
  client.on('notification', (n) => {
    if (n.channel === contentChannel) count += 1;
    else probed();
  });
  await client.query(`listen ${contentChannel}`);
  await client.query('listen waymark_test_probe');
  try {
    await work();
    await sql`notify waymark_test_probe`.execute(t.database.db);
    await probe;
    return count;
  } finally {
    await client.end();
  }
}

describe('pages kept for anonymous readers', () => {
  it('answers a second anonymous request from memory, with the same page and headers', async () => {
    const first = await anonymous(t.app, `/stories/${storyId}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-page-cache']).toBeUndefined();
    const again = await anonymous(t.app, `/stories/${storyId}`);
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    // Every header of the page as rendered (the security headers among them), and no cookie. A kept page says
    // it varies by encoding, as it may be answered compressed.
    const { date: _, vary: __, ...rendered } = first.headers;
    const { date: ___, vary, 'x-page-cache': ____, ...kept } = again.headers;
    expect(vary).toBe('accept-encoding');
    expect(kept).toEqual(rendered);
    expect(again.headers['content-security-policy']).toContain("default-src 'self'");
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('answers a kept page from the HTTP server itself, as the page was rendered, and nobody signed in', async () => {
    const origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `/stories/${storyId}`;
    await anonymous(t.app, url);
    const rendered = await anonymous(t.app, url);
    expect(rendered.headers['x-page-cache']).toBe('hit');
    const hits = t.app.pageCacheStats?.hits ?? 0;

    const plain = await fetch(`${origin}${url}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toBe(rendered.body);
    const { date: _, connection: __, 'keep-alive': ___, ...expected } = rendered.headers;
    const answered = Object.fromEntries(
      [...plain.headers].filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)),
    );
    expect(answered).toEqual(expected);
    expect(t.app.pageCacheStats?.hits).toBe(hits + 1);

    // Compressed for a client that accepts it, as Fastify's own answers are.
    const compressed = await fetch(`${origin}${url}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers.get('content-encoding')).toBe('gzip');
    expect(await compressed.text()).toBe(rendered.body);

    // A signed-in reader, a query and a HEAD request go on to Fastify, as do pages nobody has kept.
    const credential = t.credentials.find((c) => c.email === 'amira.okafor@northshire-county-council.example');
    const cookie = await signInCookie(t.app, credential as { email: string; password: string });
    const signedIn = await fetch(`${origin}${url}`, { headers: { cookie } });
    expect(signedIn.headers.get('x-page-cache')).toBeNull();
    expect(await signedIn.text()).toContain('Signed in as Amira Okafor');
    const query = await fetch(`${origin}${url}?from=feed`);
    expect(query.headers.get('x-page-cache')).toBeNull();
    const head = await fetch(`${origin}${url}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-page-cache')).toBeNull();
    expect(t.app.pageCacheStats?.hits).toBe(hits + 2);
  });

  it('never answers a signed-in person, a token or a query from memory', async () => {
    await anonymous(t.app, '/stories');
    await anonymous(t.app, '/stories');
    const credential = t.credentials.find((c) => c.email === 'amira.okafor@northshire-county-council.example');
    const cookie = await signInCookie(t.app, credential as { email: string; password: string });
    const signedIn = await t.app.inject({ url: '/stories', headers: { cookie } });
    expect(signedIn.headers['x-page-cache']).toBeUndefined();
    expect(signedIn.body).toContain('Signed in as Amira Okafor');
    const token = await t.app.inject({ url: '/stories', headers: { authorization: 'Bearer wmk_not-a-real-token' } });
    expect(token.headers['x-page-cache']).toBeUndefined();
    const query = await anonymous(t.app, '/stories?page=1');
    expect(query.headers['x-page-cache']).toBeUndefined();
  });

  it('never keeps a signed-in person’s page, however the cookie is written', async () => {
    const credential = t.credentials.find((c) => c.email === 'tom.haddley@northshire-county-council.example');
    const cookie = await signInCookie(t.app, credential as { email: string; password: string });
    const [name, value] = cookie.split('=');
    // A space before the "=" still signs the person in (cookie names are trimmed).
    const spaced = await t.app.inject({ url: '/framework', headers: { cookie: `${name} =${value}` } });
    expect(spaced.body).toContain('Signed in as Tom Haddley');
    const later = await anonymous(t.app, '/framework');
    expect(later.body).not.toContain('Tom Haddley');
    expect(later.body).not.toContain('name="_csrf"');
  });

  it('forgets a page on every instance as soon as its story is withdrawn', async () => {
    for (const app of [t.app, second]) {
      await anonymous(app, `/stories/${storyId}`);
      expect((await anonymous(app, `/stories/${storyId}`)).headers['x-page-cache']).toBe('hit');
      await anonymous(app, '/');
      expect((await anonymous(app, '/')).body).toContain(storyTitle);
    }
    await t.database.db
      .updateTable('stories')
      .set({ status: 'withdrawn', published_at: null })
      .where('id', '=', storyId)
      .execute();
    for (const app of [t.app, second]) {
      await waitFor(
        async () => (await anonymous(app, `/stories/${storyId}`)).statusCode === 404,
        5000,
        'the withdrawal',
      );
      expect((await anonymous(app, '/')).body).not.toContain(storyTitle);
    }
  });

  it('shows a new comment at once', async () => {
    const story = await t.database.db
      .selectFrom('stories')
      .select(['id', 'org_id'])
      .where('status', '=', 'published')
      .where('visibility', '=', 'public')
      .executeTakeFirstOrThrow();
    await anonymous(second, `/stories/${story.id}`);
    expect((await anonymous(second, `/stories/${story.id}`)).headers['x-page-cache']).toBe('hit');
    await t.database.db
      .insertInto('comments')
      .values({
        org_id: story.org_id,
        target_type: 'story',
        target_id: story.id,
        parent_id: null,
        author_id: null,
        body: 'A comment that arrived a moment ago.',
        edited_at: null,
      })
      .execute();
    await waitFor(
      async () =>
        (await anonymous(second, `/stories/${story.id}`)).body.includes('A comment that arrived a moment ago.'),
      5000,
      'the new comment',
    );
  });

  it('stays warm through an autosave of a draft, a sign-in and a reaction no kept page shows', async () => {
    const url = `/stories/${storyId}`;
    // Published again (an earlier test withdrew it), and kept.
    await republish();
    await waitFor(async () => (await anonymous(t.app, url)).headers['x-page-cache'] === 'hit', 5000, 'a kept page');
    const credential = t.credentials.find((c) => c.email === 'amira.okafor@northshire-county-council.example');
    const hidden = await t.database.db
      .selectFrom('stories as s')
      .innerJoin('organisations as o', 'o.id', 's.org_id')
      .select('s.id')
      .where('o.slug', '=', 'northshire-county-council')
      .where('s.status', '=', 'published')
      .where('s.visibility', '=', 'organisation')
      .executeTakeFirstOrThrow();
    let cookie = '';
    const sent = await notificationsDuring(async () => {
      cookie = await signInCookie(t.app, credential as { email: string; password: string });
      const form = await t.app.inject({ url: '/stories/new', headers: { cookie } });
      const fields = {
        title: 'A draft nobody else sees',
        form: 'personal-narrative',
        body: 'First words.',
        primaryCharacteristic: 'locality',
        characteristics: 'locality',
        place: '',
        region: '',
        visibility: 'organisation',
      };
      const headers = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
      const created = await t.app.inject({
        method: 'POST',
        url: '/stories/new/autosave',
        headers,
        payload: new URLSearchParams({ ...fields, _csrf: csrfOf(form.body) }).toString(),
      });
      expect(created.statusCode, created.body).toBe(200);
      const again = await t.app.inject({
        method: 'POST',
        url: created.json().autosaveUrl,
        headers: { ...headers, 'csrf-token': csrfOf(form.body) },
        payload: new URLSearchParams({ ...fields, body: 'First words, then more.' }).toString(),
      });
      expect(again.statusCode, again.body).toBe(200);
      const page = await t.app.inject({ url: `/stories/${hidden.id}`, headers: { cookie } });
      const reacted = await t.app.inject({
        method: 'POST',
        url: `/stories/${hidden.id}/resonates`,
        headers,
        payload: new URLSearchParams({ _csrf: csrfOf(page.body) }).toString(),
      });
      expect(reacted.statusCode, reacted.body).toBe(303);
    });
    expect(sent).toBe(0);
    expect((await anonymous(t.app, url)).headers['x-page-cache']).toBe('hit');
    // A reaction to a story the kept page shows does count (its count is on the page).
    const page = await t.app.inject({ url, headers: { cookie } });
    const shown = await notificationsDuring(async () => {
      await t.app.inject({
        method: 'POST',
        url: `${url}/resonates`,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfOf(page.body) }).toString(),
      });
    });
    expect(shown).toBe(1);
    await waitFor(async () => (await anonymous(t.app, url)).body.includes('1 person finds'), 5000, 'the reaction');
  });

  it('still hears of every change a kept page shows, and of none to a draft', async () => {
    await republish();
    const db = t.database.db;
    const story = await db
      .selectFrom('stories')
      .select(['org_id', 'author_id', 'title'])
      .where('id', '=', storyId)
      .executeTakeFirstOrThrow();
    const author = await db
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', story.author_id as string)
      .executeTakeFirstOrThrow();
    const comment = await db
      .insertInto('comments')
      .values({
        org_id: story.org_id,
        target_type: 'story',
        target_id: storyId,
        parent_id: null,
        author_id: null,
        body: 'A comment a moderator will hide.',
        edited_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const onStory = db.updateTable('stories').where('id', '=', storyId);
    const changes: [string, () => Promise<unknown>][] = [
      ['its title', () => onStory.set({ title: `${story.title}, retold` }).execute()],
      ['its body', () => onStory.set({ body: 'Told again, differently.' }).execute()],
      ['made visible to the organisation only', () => onStory.set({ visibility: 'organisation' }).execute()],
      ['made public again', () => onStory.set({ visibility: 'public' }).execute()],
      ['unpublished', () => onStory.set({ status: 'withdrawn', published_at: null }).execute()],
      ['published again', republish],
      [
        'its author renamed',
        () =>
          db
            .updateTable('users')
            .set({ display_name: `${author.display_name} Renamed` })
            .where('id', '=', story.author_id as string)
            .execute(),
      ],
      [
        'a comment hidden by a moderator',
        () => db.updateTable('comments').set({ status: 'hidden' }).where('id', '=', comment.id).execute(),
      ],
      ['the framework', () => sql`update characteristics set name = name`.execute(db)],
    ];
    for (const [what, change] of changes) {
      expect(
        await notificationsDuring(async () => {
          await change();
        }),
        what,
      ).toBeGreaterThan(0);
    }
    const draft = await db.selectFrom('stories').select('id').where('status', '=', 'draft').executeTakeFirstOrThrow();
    expect(
      await notificationsDuring(async () => {
        await db.updateTable('stories').set({ title: 'A draft, retitled' }).where('id', '=', draft.id).execute();
      }),
    ).toBe(0);
    await db
      .updateTable('users')
      .set({ display_name: author.display_name })
      .where('id', '=', story.author_id as string)
      .execute();
  });

  it('empties itself when its listening connection comes back, so a change made meanwhile shows', async () => {
    const url = `/stories/${storyId}`;
    await republish();
    await waitFor(async () => (await anonymous(t.app, url)).headers['x-page-cache'] === 'hit', 5000, 'a kept page');
    const listeners = sql<{ pid: number }>`select pid from pg_stat_activity
      where application_name = 'waymark-page-cache' and datname = current_database()`;
    const before = (await listeners.execute(t.database.db)).rows.map((r) => r.pid);
    expect(before).toHaveLength(2);
    // The listening connections drop; the change made now sends a notification nobody hears.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'waymark-page-cache' and datname = current_database()`.execute(t.database.db);
    await t.database.db
      .updateTable('stories')
      .set({ title: 'A title changed while nobody listened' })
      .where('id', '=', storyId)
      .execute();
    await waitFor(
      async () => {
        const now = (await listeners.execute(t.database.db)).rows.map((r) => r.pid);
        return now.length === 2 && now.every((pid) => !before.includes(pid));
      },
      10_000,
      'the listeners to come back',
    );
    await waitFor(async () => (await anonymous(t.app, url)).headers['x-page-cache'] === 'hit', 10_000, 'a kept page');
    const kept = await anonymous(t.app, url);
    expect(kept.headers['x-page-cache']).toBe('hit');
    expect(kept.body).toContain('A title changed while nobody listened');
  });

  it('shows a scheduled article on kept pages when its time comes, never before, with no change to announce it', async () => {
    const db = t.database.db;
    const org = await db.selectFrom('stories').select('org_id').where('id', '=', storyId).executeTakeFirstOrThrow();
    const title = 'Notes from a week on the district nursing rota';
    // Due in two seconds; only the notification of its being scheduled arrives, none at its time.
    const article = await db
      .insertInto('articles')
      .values({
        org_id: org.org_id,
        visibility: 'public',
        article_kind: 'blog_post',
        title,
        body: 'Nine visits on Monday.',
        status: 'published',
        published_at: sql<Date>`now() + interval '2 seconds'`,
      })
      .returning(['id', sql<number>`extract(epoch from published_at) * 1000`.as('due')])
      .executeTakeFirstOrThrow();
    const due = Number(article.due);
    const dbNow = async () =>
      Number(
        (await sql<{ now: string }>`select extract(epoch from clock_timestamp()) * 1000 as now`.execute(db)).rows[0]
          ?.now,
      );
    // Each answer, with the database's time once it had arrived.
    const seen: { answeredAt: number; cache: unknown; shown: boolean }[] = [];
    const look = async () => {
      const page = await anonymous(second, '/articles');
      seen.push({ answeredAt: await dbNow(), cache: page.headers['x-page-cache'], shown: page.body.includes(title) });
      return page.body.includes(title);
    };
    await waitFor(
      async () => (await anonymous(second, '/articles')).headers['x-page-cache'] === 'hit',
      5000,
      'a kept list',
    );
    // Without the scheduled emptying, the kept list would hide it for the cache's five minutes.
    await waitFor(look, 6000, 'the scheduled article on the kept list');
    expect(seen.some((s) => s.cache === 'hit' && !s.shown)).toBe(true);
    // No answer given before its time showed it.
    expect(seen.filter((s) => s.answeredAt < due && s.shown)).toEqual([]);
    const page = await anonymous(second, `/articles/${article.id}`);
    expect(page.statusCode).toBe(200);
    await db.deleteFrom('articles').where('id', '=', article.id).execute();
  });

  it('hears of a change to a public article, and of none to a draft', async () => {
    const db = t.database.db;
    const org = await db.selectFrom('stories').select('org_id').where('id', '=', storyId).executeTakeFirstOrThrow();
    const values = {
      org_id: org.org_id,
      visibility: 'public',
      article_kind: 'blog_post',
      title: 'A draft column',
    } as const;
    const draft = await db.insertInto('articles').values(values).returning('id').executeTakeFirstOrThrow();
    expect(
      await notificationsDuring(async () => {
        await db
          .updateTable('articles')
          .set({ title: 'A draft column, retitled' })
          .where('id', '=', draft.id)
          .execute();
      }),
    ).toBe(0);
    expect(
      await notificationsDuring(async () => {
        await db
          .updateTable('articles')
          .set({ status: 'published', published_at: new Date() })
          .where('id', '=', draft.id)
          .execute();
      }),
    ).toBeGreaterThan(0);
    expect(
      await notificationsDuring(async () => {
        await db.updateTable('articles').set({ title: 'A column, retitled' }).where('id', '=', draft.id).execute();
      }),
    ).toBeGreaterThan(0);
    await db.deleteFrom('articles').where('id', '=', draft.id).execute();
  });

  it('offers each request to the page cache first, on Fastify’s own server with its time limits', async () => {
    const app = Fastify({ keepAliveTimeout: 72_000, requestTimeout: 30_000 });
    let reachedFastify = 0;
    app.addHook('onRequest', async () => {
      reachedFastify += 1;
    });
    await setUpPageCache(app, { pool: t.database.pool, sessionCookies: ['waymark'] });
    app.get('/kept', { config: { access: 'public', pageCache: true } }, async (request, reply) => {
      // Rendered for nobody in particular, as Waymark's caller hook says of an anonymous request.
      request.principal = anonymousReader;
      return reply.type('text/html').send(`rendered ${Date.now()} ${Math.random()}`);
    });
    app.get('/other', async () => 'from Fastify');
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    await waitFor(async () => (await fetch(`${origin}/kept`)).headers.get('x-page-cache') === 'hit');
    const rendered = await (await fetch(`${origin}/kept`)).text();
    const before = reachedFastify;
    const hit = await fetch(`${origin}/kept`);
    expect(hit.headers.get('x-page-cache')).toBe('hit');
    expect(await hit.text()).toBe(rendered);
    // Answered by the server's listener: Fastify never saw the request.
    expect(reachedFastify).toBe(before);
    expect(await (await fetch(`${origin}/other`)).text()).toBe('from Fastify');
    expect(reachedFastify).toBe(before + 1);
    expect(app.server.keepAliveTimeout).toBe(72_000);
    expect(app.server.requestTimeout).toBe(30_000);
    expect(app.server.listenerCount('request')).toBe(1);
    await app.close();
  });

  it('refuses to keep pages of a route that is not public', async () => {
    const app = Fastify();
    await setUpPageCache(app, { pool: t.database.pool, sessionCookies: ['waymark'] });
    expect(() =>
      app.get('/private', { config: { access: 'signed_in', pageCache: true } }, async () => 'secret'),
    ).toThrow('must be public');
    await app.close();
  });
});
