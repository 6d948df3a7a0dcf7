// Pages kept for anonymous readers: served from memory only to requests with no session and no token, and
// forgotten on every instance as soon as what they show changes (a story withdrawn, a comment added).
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpPageCache } from '../../src/web/page-cache.ts';
import { appOn, createTestApp, type TestApp } from '../support/app.ts';
import { signInCookie } from '../support/forms.ts';
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

describe('pages kept for anonymous readers', () => {
  it('answers a second anonymous request from memory, with the same page and headers', async () => {
    const first = await anonymous(t.app, `/stories/${storyId}`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-page-cache']).toBeUndefined();
    const again = await anonymous(t.app, `/stories/${storyId}`);
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    expect(again.headers['content-security-policy']).toBe(first.headers['content-security-policy']);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
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

  it('refuses to keep pages of a route that is not public', async () => {
    const app = Fastify();
    await setUpPageCache(app, { pool: t.database.pool, sessionCookies: ['waymark'] });
    expect(() =>
      app.get('/private', { config: { access: 'signed_in', pageCache: true } }, async () => 'secret'),
    ).toThrow('must be public');
    await app.close();
  });
});
