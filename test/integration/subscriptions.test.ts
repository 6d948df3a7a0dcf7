// Subscriptions and digests on the real app and a real SMTP server: follow, publish (a scheduled article once
// its time passes), run the digest job, exactly one message with the article and RFC 8058 headers; never again,
// never empty, never an article the person may not read, never twice after a run that failed half-way; a GET of
// the unsubscribe link changes nothing and a POST with no session unsubscribes. Readers by address, the API
// and the job's timetable are in subscriptions-readers.test.ts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDelivery, smtpMailer } from '../../src/email/delivery.ts';
import { type Outbox, outbox } from '../../src/email/outbox.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import {
  baseUrl,
  gareth,
  priya,
  rosa,
  type SubscriptionsWorld,
  stranger,
  subscriptionsWorld,
} from '../support/subscriptions.ts';

let s: SubscriptionsWorld;
let smtp: TestSmtpServer;
let seriesId = '';
const db = () => s.db;
const articles = () => s.articles;
const w = {
  get: (url: string, who?: string) => s.w.get(url, who),
  get t() {
    return s.w.t;
  },
};
const digests = (email?: Outbox) => s.digests(email);
const personId = (email: string) => s.personId(email);
const digestsTo = (to: string) => s.digestsTo(to);
const published = (fields: Parameters<SubscriptionsWorld['published']>[0]) => s.published(fields);
const follow = (who: string, type: string, target: string) => s.follow(who, type, target);
const setFrequency = (who: string, frequency: string) => s.setFrequency(who, frequency);

beforeAll(async () => {
  s = await subscriptionsWorld();
  seriesId = s.seriesId;
  smtp = await startSmtpServer();
}, 120_000);
afterAll(async () => {
  await smtp?.stop();
  await s?.w.t.close();
});

describe('following and the digest', () => {
  it('sends one message with a scheduled article once its time has come, with one-click unsubscribe', async () => {
    expect((await follow(rosa, 'series', seriesId)).statusCode).toBe(303);
    await setFrequency(rosa, 'immediate');
    const page = await w.get(`/articles/series/${seriesId}`, rosa);
    expect(page.body).toContain('Following<span class="govuk-visually-hidden"> Moving between sectors');

    const saved = await articles().create(s.w.councilId, s.tomId, {
      title: 'Scheduled for later',
      summary: 'Published at its time.',
      body: 'Words.',
      kind: 'blog_post',
      visibility: 'public',
      seriesId,
      tags: [],
      authorIds: [],
      guestName: null,
      guestJob: null,
      guestOrg: null,
    });
    if (!saved.ok) throw new Error('not saved');
    await articles().schedule(s.w.councilId, s.tomId, saved.id, new Date(Date.now() + 3_600_000));
    expect((await digests().run(new Date())).sent).toBe(0);
    expect(await digestsTo(rosa)).toEqual([]);

    // Its time comes: moved to now by the application’s clock, which the readable rule compares with.
    await sql`update articles set published_at = ${new Date()} where id = ${saved.id}`.execute(db());
    expect((await digests().run(new Date())).sent).toBe(1);
    const queued = await digestsTo(rosa);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.subject).toBe('New on Waymark: Scheduled for later');
    expect(queued[0]?.body_text).toContain(`${baseUrl}/articles/${saved.id}`);
    // It says which of the things she follows brought it.
    expect(queued[0]?.body_text).toContain('Because you follow the series “Moving between sectors”.');
    // The article published before Rosa followed is not news to her.
    expect(queued[0]?.body_text).not.toContain('The first piece in the series');

    await emailDelivery(db(), { mailer: smtpMailer(smtp.url), from: 'Waymark <waymark@example.org>' }).deliver();
    const message = await smtp.waitFor((m) => m.rcptTo.includes(rosa));
    expect(message.subject).toBe('New on Waymark: Scheduled for later');
    expect(message.text).toContain(`${baseUrl}/articles/${saved.id}`);
    expect(message.headers['list-unsubscribe']).toMatch(/^<http:\/\/localhost\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
    expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // Run again: nothing new, so nothing at all.
    expect((await digests().run(new Date())).sent).toBe(0);
    expect(await digestsTo(rosa)).toHaveLength(1);
  });

  it('never sends an article the person may not read, and sends one they may', async () => {
    await setFrequency(priya, 'immediate');
    expect((await follow(priya, 'tag', 'sector:nhs')).statusCode).toBe(303);
    // An organisation-only article in another organisation, with the tag Priya follows.
    const fire = await db()
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'northshire-fire-rescue')
      .executeTakeFirstOrThrow();
    const strangerId = await personId(stranger);
    const other = await articles().create(fire.id, strangerId, {
      title: 'Only for the fire service',
      summary: '',
      body: 'Words.',
      kind: 'blog_post',
      visibility: 'organisation',
      seriesId: null,
      tags: ['sector:nhs'],
      authorIds: [],
      guestName: null,
      guestJob: null,
      guestOrg: null,
    });
    if (!other.ok) throw new Error('not saved');
    await articles().publish(fire.id, strangerId, other.id);
    const own = await published({ title: 'Only for the council', tags: ['sector:nhs'], visibility: 'organisation' });
    await digests().run(new Date());
    const queued = await digestsTo(priya);
    expect(queued).toHaveLength(1);
    expect(queued[0]?.body_text).toContain(`/articles/${own}`);
    expect(queued[0]?.body_text).toContain('Because you follow the tag “NHS”.');
    expect(queued[0]?.body_text).not.toContain('Only for the fire service');
    expect(queued[0]?.body_text).not.toContain(other.id);
  });

  it('counts what is news from when each thing was followed, not from the person’s first follow', async () => {
    // Rosa has followed the series since the first test; a tag she takes up now brings nothing published before.
    const before = await published({ title: 'Out before Rosa followed the tag', tags: ['sector:fire'] });
    const sentBefore = (await digestsTo(rosa)).length;
    expect((await follow(rosa, 'tag', 'sector:fire')).statusCode).toBe(303);
    await digests().run(new Date());
    expect(await digestsTo(rosa)).toHaveLength(sentBefore);
    const after = await published({ title: 'Out after Rosa followed the tag', tags: ['sector:fire'] });
    await digests().run(new Date());
    const queued = await digestsTo(rosa);
    expect(queued).toHaveLength(sentBefore + 1);
    const last = queued.at(-1)?.body_text ?? '';
    expect(last).toContain(`/articles/${after}`);
    expect(last).not.toContain(`/articles/${before}`);
  });

  it('refuses to follow what the person cannot read, as not found', async () => {
    expect((await follow(gareth, 'tag', 'sector:moon')).statusCode).toBe(404);
    expect((await follow(gareth, 'group', '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await follow(gareth, 'series', 'not-an-id')).statusCode).toBe(404);
  });

  it('sends nothing while a person’s digests are off', async () => {
    await follow(gareth, 'series', seriesId);
    await setFrequency(gareth, 'off');
    await published({ title: 'While Gareth is away', seriesId });
    await digests().run(new Date());
    expect(await digestsTo(gareth)).toEqual([]);
  });

  it('sends each person exactly one message after a run that failed half-way', async () => {
    const people = [rosa, priya, gareth];
    await follow(priya, 'series', seriesId);
    await setFrequency(gareth, 'immediate');
    const before = new Map(await Promise.all(people.map(async (p) => [p, (await digestsTo(p)).length] as const)));
    const id = await published({ title: 'After the crash', seriesId });
    // The mail queue fails on the second message: that person's transaction, ledger and all, rolls back.
    let calls = 0;
    const real = outbox(db());
    const failing: Outbox = {
      send(message, via) {
        calls += 1;
        if (calls === 2) throw new Error('the process died here');
        return real.send(message, via);
      },
    };
    await expect(digests(failing).run(new Date())).rejects.toThrow('the process died here');
    expect((await digests().run(new Date())).sent).toBe(2);
    expect((await digests().run(new Date())).sent).toBe(0);
    for (const p of people) {
      const mine = (await digestsTo(p)).slice(before.get(p));
      expect(
        mine.filter((m) => m.body_text.includes(`/articles/${id}`)),
        p,
      ).toHaveLength(1);
    }
  });

  it('sends each person one message when two runs overlap (two instances)', async () => {
    const people = [rosa, priya, gareth];
    const before = new Map(await Promise.all(people.map(async (p) => [p, (await digestsTo(p)).length] as const)));
    const id = await published({ title: 'Two runs at once', seriesId });
    const [a, b] = await Promise.all([digests().run(new Date()), digests().run(new Date())]);
    expect(a.sent + b.sent).toBe(3);
    for (const p of people) {
      const mine = (await digestsTo(p)).slice(before.get(p));
      expect(
        mine.filter((m) => m.body_text.includes(`/articles/${id}`)),
        p,
      ).toHaveLength(1);
    }
  });
});

describe('a busy tag', () => {
  it('sends at most 30 articles in one message and the rest in the next, none twice', async () => {
    const morven = 'morven.quayle@northshire-county-council.example';
    await setFrequency(morven, 'immediate');
    expect((await follow(morven, 'tag', 'role:broker')).statusCode).toBe(303);
    const ids: string[] = [];
    for (let i = 1; i <= 31; i += 1)
      ids.push(await published({ title: `Brokering, part ${i}`, tags: ['role:broker'] }));
    const listed = async () =>
      (await digestsTo(morven)).map((m) => ids.filter((id) => m.body_text.includes(`/articles/${id}`)).length);
    await digests().run(new Date());
    expect(await listed()).toEqual([30]);
    await digests().run(new Date());
    expect(await listed()).toEqual([30, 1]);
    await digests().run(new Date());
    expect(await listed()).toEqual([30, 1]);
  });
});

describe('follow buttons', () => {
  it('are on the framework’s topic pages and a tag’s articles for people signed in, and on no page for visitors', async () => {
    const declan = 'declan.ashworth@northshire-county-council.example';
    for (const url of ['/framework/lessons/generic-skills', '/articles?tag=lesson%3Ageneric-skills']) {
      const page = await w.get(url, declan);
      expect(page.body, url).toMatch(/Follow<span class="govuk-visually-hidden"> Lesson \d: /);
      expect(page.body, url).toContain('name="target" value="lesson:generic-skills"');
      expect((await w.get(url)).body, url).not.toContain('action="/subscriptions/follow"');
    }
    expect((await follow(declan, 'tag', 'lesson:generic-skills')).statusCode).toBe(303);
    const after = await w.get('/framework/lessons/generic-skills', declan);
    expect(after.body).toContain('action="/subscriptions/unfollow"');
    expect(after.body).toMatch(/Following<span class="govuk-visually-hidden"> Lesson \d: /);
  });
});

describe('following a reading group', () => {
  it('sends its new sessions to a follower who may read it, and never a cancelled one', async () => {
    const group = await db()
      .selectFrom('reading_groups')
      .select(['id', 'org_id'])
      .where('name', '=', 'Northshire story circle')
      .executeTakeFirstOrThrow();
    // The circle is kept to the council: someone from the fire service cannot follow it.
    expect((await follow(stranger, 'group', group.id)).statusCode).toBe(404);
    expect((await follow(gareth, 'group', group.id)).statusCode).toBe(303);
    const before = (await digestsTo(gareth)).length;
    const session = async (title: string, cancelled: boolean) =>
      (
        await sql<{ id: string }>`insert into group_sessions (org_id, group_id, title, starts_at, ends_at, cancelled_at)
          values (${group.org_id}, ${group.id}, ${title}, now() + interval '3 days', now() + interval '3 days 1 hour',
            ${cancelled ? sql`now()` : sql`null`}) returning id`.execute(db())
      ).rows[0]?.id;
    await session('Lunch and a story', false);
    await session('Called off', true);
    await digests().run(new Date());
    const mine = (await digestsTo(gareth)).slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.subject).toBe('New session: Lunch and a story');
    expect(mine[0]?.body_text).toContain(`Northshire story circle: Lunch and a story`);
    expect(mine[0]?.body_text).toContain(`${baseUrl}/groups/${group.id}`);
    expect(mine[0]?.body_text).not.toContain('Called off');
  });
});

describe('unsubscribing with one click', () => {
  it('changes nothing on a GET, and stops the digests on a POST with no session or CSRF token', async () => {
    const [last] = (await digestsTo(rosa)).slice(-1);
    const link = /\/unsubscribe\/([A-Za-z0-9_-]{43})/.exec(last?.headers['List-Unsubscribe'] ?? '')?.[1];
    expect(link).toBeDefined();
    const frequency = async () =>
      (
        await sql<{ frequency: string }>`select frequency from digest_settings
          where person_id = ${await personId(rosa)}`.execute(db())
      ).rows[0]?.frequency;
    const page = await w.t.app.inject({ url: `/unsubscribe/${link}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop these emails');
    expect(await frequency()).toBe('immediate');

    // As RFC 8058 asks mail providers to post it: multipart/form-data, with no session and no CSRF token.
    const boundary = 'waymark-one-click';
    const posted = await w.t.app.inject({
      method: 'POST',
      url: `/unsubscribe/${link}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(posted.statusCode).toBe(200);
    expect(await frequency()).toBe('off');
    // The form-encoded body the RFC also allows is answered the same way.
    const encoded = await w.t.app.inject({
      method: 'POST',
      url: `/unsubscribe/${link}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(encoded.statusCode).toBe(200);
    expect(await frequency()).toBe('off');
    const count = (await digestsTo(rosa)).length;
    await published({ title: 'After Rosa unsubscribed', seriesId });
    await digests().run(new Date());
    expect(await digestsTo(rosa)).toHaveLength(count);
    // An unknown link is a 404, and still changes nothing.
    const unknown = await w.t.app.inject({ method: 'POST', url: `/unsubscribe/${'a'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('personal data', () => {
  it('exports what a person follows and was sent, never the link, and erasure deletes it all', async () => {
    const { subscriptionsSection } = await import('../../src/subscriptions/export.ts');
    const { createServices } = await import('../../src/services.ts');
    const garethId = await personId(gareth);
    // His address also asked for new articles by email, and confirmed.
    await sql`insert into article_readers (email, confirmed_at, since) values (${gareth.toUpperCase()}, now(), now())`.execute(
      db(),
    );
    const exported = (await subscriptionsSection.collect(db(), garethId)) as {
      frequency: string;
      follows: { type: string; target: string }[];
      emailed: unknown[];
      newArticlesByEmail: { confirmed: string | null } | null;
    };
    expect(exported.newArticlesByEmail?.confirmed).toBeTruthy();
    expect(exported.frequency).toBe('immediate');
    expect(exported.follows.map((f) => f.type).sort()).toEqual(['group', 'series']);
    expect(exported.emailed.length).toBeGreaterThan(0);
    const { rows } = await sql<{ hash: Buffer }>`select unsubscribe_hash as hash from digest_settings
      where person_id = ${garethId}`.execute(db());
    const json = JSON.stringify(exported);
    expect(rows[0]?.hash).toBeDefined();
    expect(json).not.toContain(rows[0]?.hash.toString('hex') ?? 'none');
    expect(json).not.toContain(rows[0]?.hash.toString('base64') ?? 'none');

    const outcome = await createServices(db(), w.t.database.pool).privacy.eraseAccount(garethId, {
      email: gareth,
      stories: 'anonymise',
    });
    expect(outcome).toMatchObject({ ok: true });
    for (const table of ['subscriptions', 'digest_settings', 'digest_ledger']) {
      const left = await sql`select 1 from ${sql.table(table)} where person_id = ${garethId}`.execute(db());
      expect(left.rows, table).toEqual([]);
    }
    const address = await sql`select 1 from article_readers where lower(email) = ${gareth}`.execute(db());
    expect(address.rows).toEqual([]);
  });
});
