// API tokens stay in their lane: the API only (a page answers 401 with a code a program can read), one
// organisation only (never the person's records in another), never the account itself (tokens, password,
// export, erasure), and they expire (90 days unless chosen, at most a year, shown on the tokens page).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { postForm, signInCookie } from '../support/forms.ts';
import { runWaymark } from '../support/process.ts';

let t: TestApp;
const amira = 'amira.okafor@northshire-county-council.example';
const council = 'northshire-county-council';
const charity = 'kelbridge-wellbeing-network';

const db = () => t.database.db;
const credential = (email: string) => {
  const found = t.credentials.find((c) => c.email === email);
  if (!found) throw new Error(`no demo credential for ${email}`);
  return found;
};
const personId = async (email: string) =>
  (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const orgIdOf = async (slug: string) =>
  (await db().selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const makeToken = (email: string, org: string, options?: { lifetimeDays?: number; now?: Date }) =>
  accountsService(db()).createToken(email, org, 'test', options);

/** Amira's own stories in the charity, which she also belongs to: one private, one for its members. */
const charityStories = { private: '', organisation: '' };

beforeAll(async () => {
  t = await createTestApp();
  const amiraId = await personId(amira);
  const charityId = await orgIdOf(charity);
  await db().insertInto('memberships').values({ org_id: charityId, user_id: amiraId, role: 'member' }).execute();
  for (const visibility of ['private', 'organisation'] as const) {
    const row = await db()
      .insertInto('stories')
      .values({
        org_id: charityId,
        slug: `amira-at-the-charity-${visibility}`,
        title: `Amira at the charity (${visibility})`,
        form: 'personal-narrative',
        body: 'What I learnt volunteering at the Zephyrwick food bank.',
        primary_characteristic: 'reflects',
        characteristics: ['reflects'],
        roles: [],
        place: '',
        author_id: amiraId,
        visibility,
        space_id: null,
        status: 'published',
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    charityStories[visibility] = row.id;
  }
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

describe('a token on a page', () => {
  it('gets 401 with the code token_not_for_pages on /account/tokens, and can create nothing there', async () => {
    const token = await makeToken(amira, council);
    const page = await t.app.inject({ url: '/account/tokens', headers: bearer(token) });
    expect(page.statusCode).toBe(401);
    expect(page.json()).toEqual({
      error: {
        code: 'token_not_for_pages',
        message: 'API tokens work on /api/ routes only. Sign in to use the pages.',
      },
    });
    const before = await db().selectFrom('api_tokens').select('id').execute();
    const orgId = await orgIdOf(council);
    const create = await t.app.inject({
      method: 'POST',
      url: '/account/tokens',
      headers: { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'Made by a token', orgId, lifetimeDays: '365' }).toString(),
    });
    expect(create.statusCode).toBe(401);
    expect(create.json().error.code).toBe('token_not_for_pages');
    expect(await db().selectFrom('api_tokens').select('id').execute()).toHaveLength(before.length);
  });

  it('cannot change the password, sign out everywhere, export or erase the account', async () => {
    const person = credential(amira);
    const token = await makeToken(amira, council);
    const hashBefore = await db().selectFrom('users').select('password_hash').where('email', '=', amira).execute();
    const attempts: [string, Record<string, string>][] = [
      ['/account/password', { current: person.password, password: 'a taken-over passphrase' }],
      ['/account/sign-out-everywhere', {}],
      ['/account/export', {}],
      ['/account/delete', { stories: 'remove', email: amira }],
    ];
    for (const [url, fields] of attempts) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(token), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
      expect({ url, status: response.statusCode, code: response.json().error.code }).toEqual({
        url,
        status: 401,
        code: 'token_not_for_pages',
      });
      expect(response.body).not.toContain('Amira');
    }
    expect(await db().selectFrom('users').select('password_hash').where('email', '=', amira).execute()).toEqual(
      hashBefore,
    );
    // The token still works where it belongs, so nothing above revoked it either.
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('gets 401 on every page route, even alongside a signed-in cookie', async () => {
    const token = await makeToken(amira, council);
    const cookie = await signInCookie(t.app, credential(amira));
    // The health check is answered before any caller is looked at, and says only whether the database answers.
    const pages = t.app.routeTable.filter(
      (r) => !r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/healthz',
    );
    expect(pages.length).toBeGreaterThan(50);
    for (const route of pages) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: { ...bearer(token), cookie },
      });
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });
});

describe('a token acts for its one organisation', () => {
  it("never sees the person's records in another organisation, which their session and that organisation's token do", async () => {
    const councilToken = await makeToken(amira, council);
    const charityToken = await makeToken(amira, charity);
    for (const id of Object.values(charityStories)) {
      expect((await t.app.inject({ url: `/api/v1/stories/${id}`, headers: bearer(councilToken) })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ url: `/api/v1/stories/${id}`, headers: bearer(charityToken) })).statusCode).toBe(
        200,
      );
    }
    const listed = await t.app.inject({ url: '/api/v1/stories?pageSize=100', headers: bearer(councilToken) });
    const ids = (listed.json() as { items: { id: string }[] }).items.map((i) => i.id);
    expect(ids).not.toContain(charityStories.private);
    expect(ids).not.toContain(charityStories.organisation);
    const searched = await t.app.inject({ url: '/api/v1/stories?q=Zephyrwick', headers: bearer(councilToken) });
    expect(searched.json().total).toBe(0);
    const searchedByCharity = await t.app.inject({
      url: '/api/v1/stories?q=Zephyrwick',
      headers: bearer(charityToken),
    });
    expect(searchedByCharity.json().total).toBe(2);
    // Amira herself, signed in, belongs to both and reads both.
    const cookie = await signInCookie(t.app, credential(amira));
    for (const id of Object.values(charityStories)) {
      const page = await t.app.inject({ url: `/stories/${id}`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('What I learnt volunteering at the Zephyrwick food bank.');
    }
  });
});

describe('expiry', () => {
  it('lasts 90 days by default, then answers 401 with the code token_expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-02-01T10:00:00Z'));
    const token = await makeToken(amira, council);
    vi.setSystemTime(new Date('2026-05-01T09:59:00Z'));
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    vi.setSystemTime(new Date('2026-05-02T10:00:00Z'));
    const expired = await t.app.inject({ url: '/api/v1/me', headers: bearer(token) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toEqual({
      error: { code: 'token_expired', message: 'The API token has expired. Its owner can make a new one.' },
    });
    // An unknown token still gets the plain answer.
    const unknown = await t.app.inject({ url: '/api/v1/me', headers: bearer('wmk_not-a-real-token') });
    expect(unknown.json().error.code).toBe('unauthorised');
  });

  it('is chosen on the form (1 to 365 days, checked), and shown on the tokens page', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const cookie = await signInCookie(t.app, credential(amira));
    const page = await t.app.inject({ url: '/account/tokens', headers: { cookie } });
    expect(page.body).toContain('name="lifetimeDays"');
    expect(page.body).toMatch(/name="lifetimeDays"[^>]*value="90"/);
    const orgId = await orgIdOf(council);
    const count = async () => (await db().selectFrom('api_tokens').select('id').execute()).length;
    const before = await count();
    for (const lifetimeDays of ['0', '366', 'ninety', '', '12.5']) {
      const refused = await postForm(t.app, cookie, '/account/tokens', '/account/tokens', {
        name: 'Bad lifetime',
        orgId,
        lifetimeDays,
      });
      expect({ lifetimeDays, status: refused.statusCode }).toEqual({ lifetimeDays, status: 400 });
      expect(refused.body).toContain('Enter a number of days from 1 to 365');
      expect(refused.body).not.toContain('wmk_');
    }
    expect(await count()).toBe(before);
    const created = await postForm(t.app, cookie, '/account/tokens', '/account/tokens', {
      name: 'Month of reports',
      orgId,
      lifetimeDays: '30',
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('It works for 30 days.');
    const listing = await t.app.inject({ url: '/account/tokens', headers: { cookie } });
    const row =
      /<tr class="govuk-table__row">\s*<td class="govuk-table__cell"[^>]*>Month of reports<\/td>[\s\S]*?<\/tr>/.exec(
        listing.body,
      )?.[0];
    expect(row).toContain('31 March 2026');
    const year = await postForm(t.app, cookie, '/account/tokens', '/account/tokens', {
      name: 'Year of reports',
      orgId,
      lifetimeDays: '365',
    });
    expect(year.statusCode).toBe(200);
    const stored = await db()
      .selectFrom('api_tokens')
      .select(['name', 'expires_at'])
      .where('name', 'in', ['Month of reports', 'Year of reports'])
      .orderBy('name')
      .execute();
    expect(stored).toEqual([
      { name: 'Month of reports', expires_at: new Date('2026-03-31T12:00:00Z') },
      { name: 'Year of reports', expires_at: new Date('2027-03-01T12:00:00Z') },
    ]);
  });

  it('says "Expired" on the tokens page once the day has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T12:00:00Z'));
    await accountsService(db()).createToken(amira, council, 'Short-lived', { lifetimeDays: 1 });
    vi.setSystemTime(new Date('2026-06-03T12:00:00Z'));
    const cookie = await signInCookie(t.app, credential(amira));
    const listing = await t.app.inject({ url: '/account/tokens', headers: { cookie } });
    const row = /<td class="govuk-table__cell"[^>]*>Short-lived<\/td>[\s\S]*?<\/tr>/.exec(listing.body)?.[0] ?? '';
    expect(row).toContain('2 June 2026');
    expect(row).toContain('Expired');
    expect(row).not.toContain('Revoke');
  });

  it('can be chosen on the command line, within a year', async () => {
    const env = { DATABASE_URL: t.database.url, SESSION_SECRET: 'c'.repeat(40) };
    const args = ['token', 'create', '--email', amira, '--org', council, '--name', 'cli week'];
    const tooLong = runWaymark([...args, '--expires-in', '400'], env);
    expect(await tooLong.exited).not.toBe(0);
    expect(tooLong.output()).toContain('--expires-in must be a whole number of days from 1 to 365.');
    const started = Date.now();
    const week = runWaymark([...args, '--expires-in', '7'], env);
    expect(await week.exited).toBe(0);
    const secret = week.output().trim();
    expect(secret).toMatch(/^wmk_[\w-]{43}$/);
    const row = await db()
      .selectFrom('api_tokens')
      .select('expires_at')
      .where('name', '=', 'cli week')
      .executeTakeFirstOrThrow();
    const sevenDays = 7 * 24 * 60 * 60 * 1000;
    expect(row.expires_at.getTime()).toBeGreaterThanOrEqual(started + sevenDays - 1000);
    expect(row.expires_at.getTime()).toBeLessThanOrEqual(Date.now() + sevenDays);
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(secret) })).statusCode).toBe(200);
  });
});
