// Subscriptions beyond members' digests: readers without an account (double opt-in, the same answer whatever
// the address, expiry, their daily digest and one-click unsubscribe), the API for one's own follows, and the
// digests job on the runner's timetable.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf } from '../support/forms.ts';
import {
  baseUrl,
  priya,
  type SubscriptionsWorld,
  sessionSecret,
  subscriptionsWorld,
} from '../support/subscriptions.ts';

let s: SubscriptionsWorld;
let seriesId = '';
const db = () => s.db;
const w = {
  get t() {
    return s.w.t;
  },
};
const digests = () => s.digests();
const published = (fields: Parameters<SubscriptionsWorld['published']>[0]) => s.published(fields);

beforeAll(async () => {
  s = await subscriptionsWorld();
  seriesId = s.seriesId;
  // Priya follows the series and a sector before the API lists them.
  expect((await s.follow(priya, 'series', seriesId)).statusCode).toBe(303);
  expect((await s.follow(priya, 'tag', 'sector:nhs')).statusCode).toBe(303);
}, 120_000);
afterAll(() => s?.w.t.close());

describe('readers without an account', () => {
  const reader = 'reader@example.org';
  async function ask(address: string) {
    const page = await w.t.app.inject({ url: '/articles/subscribe' });
    const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    return w.t.app.inject({
      method: 'POST',
      url: '/articles/subscribe',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), email: address }).toString(),
    });
  }
  const confirmations = async (to: string) =>
    (
      await sql<{ body_text: string }>`select body_text from email_outbox where to_address = ${to}
        and subject = 'Confirm your subscription to Waymark articles' order by created_at`.execute(db())
    ).rows;
  const readerDigests = async (to: string) =>
    (
      await sql<{ subject: string; body_text: string; headers: Record<string, string> }>`
        select subject, body_text, headers from email_outbox where to_address = ${to}
          and subject like 'New on Waymark%' order by created_at`.execute(db())
    ).rows;
  // Tomorrow after 7am London time: a reader's daily digest is due.
  const tomorrowMorning = () => new Date(Date.now() + 86_400_000 + 3_600_000 * 8);

  it('asks for confirmation first, sends nothing until then, and says the same for a confirmed address', async () => {
    const first = await ask(reader);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/articles/subscribe?sent=1');
    expect(await confirmations(reader)).toHaveLength(1);
    await published({ title: 'Before the reader confirmed' });
    await digests().run(tomorrowMorning());
    expect(await readerDigests(reader)).toEqual([]);

    const secret = /\/articles\/subscribe\/([A-Za-z0-9_-]{43})/.exec(
      (await confirmations(reader))[0]?.body_text ?? '',
    )?.[1];
    const confirmPage = await w.t.app.inject({ url: `/articles/subscribe/${secret}` });
    expect(confirmPage.statusCode).toBe(200);
    const cookie = confirmPage.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const confirmed = await w.t.app.inject({
      method: 'POST',
      url: `/articles/subscribe/${secret}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(confirmPage.body) }).toString(),
    });
    expect(confirmed.statusCode).toBe(200);
    // The link works once.
    expect((await w.t.app.inject({ url: `/articles/subscribe/${secret}` })).statusCode).toBe(410);

    // Asking again for a confirmed address: the same answer, and no email.
    const again = await ask(reader.toUpperCase());
    expect(again.headers.location).toBe('/articles/subscribe?sent=1');
    expect(await confirmations(reader)).toHaveLength(1);
    expect(await confirmations(reader.toUpperCase())).toHaveLength(0);

    const id = await published({ title: 'For every reader' });
    await digests().run(tomorrowMorning());
    await digests().run(tomorrowMorning());
    const sent = await readerDigests(reader);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body_text).toContain(`/articles/${id}`);
    expect(sent[0]?.body_text).not.toContain('Before the reader confirmed');
    expect(sent[0]?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const link = /\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(sent[0]?.headers['List-Unsubscribe'] ?? '')?.[1];
    const gone = await w.t.app.inject({ method: 'POST', url: `/unsubscribe/${link}` });
    expect(gone.statusCode).toBe(200);
    const { rows } = await sql`select 1 from article_readers where lower(email) = ${reader}`.execute(db());
    expect(rows).toEqual([]);
  });

  it('lets an unconfirmed request expire after 7 days', async () => {
    await ask('late@example.org');
    const secret = /\/articles\/subscribe\/([A-Za-z0-9_-]{43})/.exec(
      (await confirmations('late@example.org'))[0]?.body_text ?? '',
    )?.[1];
    await sql`update article_readers set requested_at = now() - interval '8 days'
      where email = 'late@example.org'`.execute(db());
    expect((await w.t.app.inject({ url: `/articles/subscribe/${secret}` })).statusCode).toBe(410);
  });

  it('refuses an address in the wrong format with the form and its message', async () => {
    const response = await ask('not an address');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter an email address in the correct format, like name@example.com');
  });
});

describe('the subscriptions API', () => {
  it('lists, adds and removes the caller’s own follows with a token, and 404s what it cannot read', async () => {
    const { accountsService } = await import('../../src/accounts/service.ts');
    const token = await accountsService(db()).createToken(priya, 'northshire-county-council', 'Subscriptions');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const follow = (body: Record<string, string>) =>
      w.t.app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers, payload: JSON.stringify(body) });
    const added = await follow({ type: 'tag', target: 'lesson:generic-skills' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ type: 'tag', target: 'lesson:generic-skills' });
    // Followed already: the follow as it was, from its first moment, and nothing more counted towards the limit.
    const counted = async () => {
      const { rows } = await sql<{ points: number }>`select t.points from throttles t join users u
        on t.key = 'write_follows:' || u.id where u.email = ${priya}`.execute(db());
      return rows[0]?.points;
    };
    const before = await counted();
    expect(before).toBeGreaterThan(0);
    const twice = await follow({ type: 'tag', target: 'lesson:generic-skills' });
    expect(twice.statusCode, twice.body).toBe(200);
    expect(twice.json().since).toBe(added.json().since);
    const unknown = await follow({ type: 'author', target: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
    expect(await counted()).toBe(before);
    const bad = await follow({ type: 'planet', target: '' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['target', 'type']);
    const listed = await w.t.app.inject({ url: '/api/v1/subscriptions', headers });
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as { type: string; target: string; label: string | null }[];
    expect(items.map((i) => `${i.type}:${i.target}`).sort()).toEqual(
      [`series:${seriesId}`, 'tag:lesson:generic-skills', 'tag:sector:nhs'].sort(),
    );
    expect(items.find((i) => i.target === 'sector:nhs')?.label).toBe('NHS');
    const removed = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/subscriptions/tag/${encodeURIComponent('lesson:generic-skills')}`,
      headers: { authorization: headers.authorization },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const again = await w.t.app.inject({
      method: 'DELETE',
      url: `/api/v1/subscriptions/tag/${encodeURIComponent('lesson:generic-skills')}`,
      headers: { authorization: headers.authorization },
    });
    expect(again.statusCode).toBe(404);
  });
});

describe('the digests job', () => {
  it('is registered on the runner every 5 minutes when the composition root passes the digest settings', async () => {
    const { jobServices, startJobs } = await import('../../src/jobs/jobs.ts');
    const log = { info() {}, warn() {} };
    const base = { connectionString: w.t.database.url, log, smtpUrl: undefined, mailFrom: 'Waymark <w@example.org>' };
    expect(jobServices(db(), base).digests).toBeUndefined();
    const services = jobServices(db(), { ...base, digests: { sessionSecret, baseUrl } });
    expect(services.digests).toBeDefined();
    const jobs = await startJobs({
      db: db(),
      connectionString: w.t.database.url,
      log,
      services,
      pollingIntervalSeconds: 0.5,
    });
    try {
      const { rows } = await sql<{ name: string; cron: string }>`select name, cron from pgboss.schedule
        where name = 'digests'`.execute(db());
      expect(rows).toEqual([{ name: 'digests', cron: '*/5 * * * *' }]);
    } finally {
      await jobs.stop();
    }
  });
});
