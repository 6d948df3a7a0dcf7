// Every request is bounded: a search PostgreSQL stops at its time limit asks the reader to narrow it (a page
// that keeps the words, the API's 422 search_too_broad), never a 500; a search's page is at most 50 stories,
// and its snippets read only the opening of a long body. A request without a session cookie never writes a
// session.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchDbBeside } from '../../src/db/database.ts';
import { createServices } from '../../src/services.ts';
import { storiesService } from '../../src/stories/service.ts';
import { appOn, createTestApp, type TestApp } from '../support/app.ts';
import { signInCookie } from '../support/forms.ts';

let t: TestApp;
/** The same app and database, but every search stopped after a millisecond (the test option). */
let hurried: TestApp['app'];
const sessionSecret = 'test-secret-that-is-long-enough-for-sessions-0123456789';

async function addStory(title: string, body: string, n: number) {
  const org = await t.database.db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto('stories')
    .values({
      org_id: org.id,
      slug: `bounds-test-${n}`,
      title,
      form: 'personal-narrative',
      body,
      primary_characteristic: 'locality',
      characteristics: ['locality'],
      roles: [],
      place: '',
      author_id: null,
      visibility: 'public',
      space_id: null,
      status: 'published',
      published_at: new Date(Date.now() - n * 60_000),
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const services = createServices(t.database.db, t.database.pool, { sessionSecret });
  hurried = await appOn(t.database.db, t.database.pool, {
    services: { ...services, stories: storiesService(t.database.db, { search: searchDbBeside(t.database.pool, 1) }) },
    pageCache: false,
  });
  for (let n = 0; n < 60; n++) await addStory(`Wombat crossing ${n}`, `Notes on the wombat crossing, part ${n}.`, n);
  await addStory(
    'A very long account',
    `${'Minutes of the meeting about bins. '.repeat(200)}Then the pangolin arrived.`,
    61,
  );
});
afterAll(async () => {
  await hurried?.close();
  await t.close();
});

describe('a search stopped at its time limit', () => {
  it('gives the reader a page asking to narrow the search, with their words kept', async () => {
    const page = await hurried.inject('/stories?q=wombat+OR+crossing+-housing');
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Narrow your search');
    expect(page.body).toContain('value="wombat OR crossing -housing"');
    expect(page.body).not.toContain('Something went wrong');
  });

  it('gives the API a 422 with search_too_broad', async () => {
    const response = await hurried.inject('/api/v1/stories?q=wombat');
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('search_too_broad');
  });

  it('leaves the connection as it was: the next search on the normal app answers', async () => {
    for (let i = 0; i < 6; i++) await hurried.inject('/api/v1/stories?q=wombat');
    const response = await t.app.inject('/api/v1/stories?q=wombat');
    expect(response.statusCode).toBe(200);
    expect(response.json().total).toBe(60);
    const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(t.database.db);
    expect(rows[0]?.statement_timeout).toBe('0');
  });
});

describe('the size of a search', () => {
  it('answers at most 50 stories a page when there are words to find', async () => {
    const searched = await t.app.inject('/api/v1/stories?q=wombat&pageSize=100');
    expect(searched.statusCode).toBe(200);
    expect(searched.json().items).toHaveLength(50);
    expect(searched.json().pageSize).toBe(50);
    const listed = await t.app.inject('/api/v1/stories?pageSize=100');
    expect(listed.json().items.length).toBeGreaterThan(60);
    const page = await t.app.inject('/stories?q=wombat&pageSize=100');
    expect(page.body.match(/class="waymark-card"/g)).toHaveLength(50);
    expect(page.body).toContain('page 1 of 2');
  });

  it('highlights only what the opening of a long story holds', async () => {
    const response = await t.app.inject('/stories?q=pangolin');
    expect(response.body).toContain('A very long account');
    expect(response.body).toContain('Minutes of the meeting about bins.');
    expect(response.body).not.toContain('<mark>pangolin</mark>');
  });
});

describe('the uncached path', () => {
  const sessions = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from sessions`.execute(t.database.db)).rows[0]?.n);

  it('never stores a session for a request without a cookie, unless its page holds a form', async () => {
    const story = await t.database.db
      .selectFrom('stories')
      .select('id')
      .where('status', '=', 'published')
      .where('visibility', '=', 'public')
      .executeTakeFirstOrThrow();
    const before = await sessions();
    for (const url of [
      '/',
      '/framework',
      '/stories',
      '/stories?q=wombat',
      `/stories/${story.id}`,
      '/healthz',
      '/api/v1/framework',
      '/api/v1/stories',
      `/api/v1/stories/${story.id}`,
      '/no-such-page',
    ]) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.headers['set-cookie'], url).toBeUndefined();
    }
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/stories', payload: {} });
    expect(post.statusCode).toBeLessThan(500);
    expect(post.headers['set-cookie']).toBeUndefined();
    expect(await sessions()).toBe(before);
    // A cookie naming no stored session starts none either.
    const made = await t.app.inject({ url: '/stories', headers: { cookie: 'waymark=made-up.value' } });
    expect(made.statusCode).toBe(200);
    expect(await sessions()).toBe(before);
    // The sign-in form needs a CSRF secret, so it is the page that starts a session.
    const signIn = await t.app.inject('/sign-in');
    expect(signIn.headers['set-cookie']).toBeDefined();
    expect(await sessions()).toBe(before + 1);
  });

  it('writes a signed-in reader’s session back at most once a minute, not on every page', async () => {
    const credential = t.credentials.find((c) => c.email === 'amira.okafor@northshire-county-council.example');
    const cookie = await signInCookie(t.app, credential as { email: string; password: string });
    const stored = async () =>
      (await sql<{ sess: string }>`select sess::text from sessions order by expire desc limit 1`.execute(t.database.db))
        .rows[0]?.sess;
    await t.app.inject({ url: '/stories', headers: { cookie } });
    const first = await stored();
    for (let i = 0; i < 3; i++) {
      const page = await t.app.inject({ url: '/stories', headers: { cookie } });
      expect(page.body).toContain('Signed in as Amira Okafor');
    }
    expect(await stored()).toBe(first);
  });
});
