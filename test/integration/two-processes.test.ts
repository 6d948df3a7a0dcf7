// Two instances as two processes: two `waymark serve` on one PostgreSQL server, as behind a load balancer.
// Nothing that matters lives in either process: sign-outs, throttles, email delivery and the pages kept
// for anonymous readers agree across both at once.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { waitFor } from '../support/process.ts';
import { type Served, serve, Visitor } from '../support/server-process.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let database: TestDatabase;
let smtp: TestSmtpServer;
let credentials: { email: string; password: string }[] = [];
let a: Served;
let b: Served;

const slowAddress = 'kit.marsden@kelbridge-city-council.example';

// Each instance signs its mail with its own sender, so the envelope says which one delivered it.
const senderOf = { a: 'instance-a@waymark.example', b: 'instance-b@waymark.example' };

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  // A message to the slow address is accepted only after 15 seconds, so a delivery run can be caught holding it.
  smtp = await startSmtpServer({ answerAfterMs: (to) => (to.includes(slowAddress) ? 15_000 : 0) });
  const env = { DATABASE_URL: database.url, SESSION_SECRET: 't'.repeat(40), SMTP_URL: smtp.url };
  [a, b] = await Promise.all([serve({ ...env, MAIL_FROM: senderOf.a }), serve({ ...env, MAIL_FROM: senderOf.b })]);
});
afterAll(async () => {
  for (const served of [a, b]) {
    if (!served) continue;
    served.child.process.kill('SIGCONT');
    served.child.process.kill('SIGTERM');
    await served.child.exited;
  }
  await smtp?.stop();
  await database?.drop();
});

const credential = (email: string) => {
  const found = credentials.find((c) => c.email === email);
  if (!found) throw new Error(`no demo credential for ${email}`);
  return found;
};
const amira = () => credential('amira.okafor@northshire-county-council.example');

const askForLink = async (url: string, email: string) => {
  const visitor = new Visitor(url);
  const sent = await visitor.post('/sign-in/link', { email }, await visitor.csrf('/sign-in/link'));
  expect(sent.status, `link for ${email}`).toBe(200);
};
const arrived = (email: string) => smtp.messages.filter((m) => m.rcptTo.includes(email));
const pause = (served: Served) => served.child.process.kill('SIGSTOP');
const resume = (served: Served) => served.child.process.kill('SIGCONT');
const deliveryRuns = async (state: string) => {
  const { rows } = await sql<{ runs: number }>`select count(*)::int as runs from pgboss.job
    where name = 'email-delivery' and state = ${state}`.execute(database.db);
  return rows[0]?.runs ?? 0;
};

describe('two waymark serve processes on one database', () => {
  it('honours a sign-out made on one instance on the other at once', async () => {
    const browser = new Visitor(a.url);
    expect((await browser.signIn(amira())).status).toBe(303);
    const sameCookieOnB = browser.on(b.url);
    expect(await sameCookieOnB.signedIn()).toBe(true);
    expect((await browser.post('/sign-out', {}, await browser.csrf('/stories/new'))).status).toBe(303);
    // The cookie, replayed on the other instance right after, no longer signs anyone in.
    expect(await sameCookieOnB.signedIn()).toBe(false);

    // "Sign out everywhere" on A ends a session made on B before the next request.
    const onA = new Visitor(a.url);
    const onB = new Visitor(b.url);
    expect((await onA.signIn(amira())).status).toBe(303);
    expect((await onB.signIn(amira())).status).toBe(303);
    expect(await onB.signedIn()).toBe(true);
    const ended = await onA.post('/account/sign-out-everywhere', {}, await onA.csrf('/stories/new'));
    expect(ended.headers.get('location')).toBe('/account?saved=signed-out-everywhere');
    expect(await onB.signedIn()).toBe(false);
    expect(await onA.signedIn()).toBe(true);
  });

  it('counts failed sign-ins on both instances against one limit', async () => {
    const tom = credential('tom.haddley@northshire-county-council.example');
    // Ten failures in a row for one account from one address lock it: five on each instance.
    for (let i = 0; i < 10; i++) {
      const visitor = new Visitor(i % 2 === 0 ? a.url : b.url);
      const failed = await visitor.signIn({ email: tom.email, password: `not-the-password-${i}` });
      expect(failed.status, `failure ${i + 1}`).toBe(400);
    }
    for (const url of [a.url, b.url]) {
      const refused = await new Visitor(url).signIn(tom);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      expect(await refused.text()).toContain('Too many attempts to sign in');
    }
  });

  it('splits email delivery between the instances and sends each message exactly once', async () => {
    const people = credentials
      .map((c) => c.email)
      .filter((e) => e !== amira().email && !e.startsWith('tom.') && e !== slowAddress);

    // While B is paused only A can deliver, and the other way round; then both run at once.
    const waves: { pausedNow: Served; via: Served; emails: string[]; from?: string }[] = [
      { pausedNow: b, via: a, emails: people.slice(0, 2), from: senderOf.a },
      { pausedNow: a, via: b, emails: people.slice(2, 4), from: senderOf.b },
    ];
    // A run of delivery taken by an instance just as it is paused would stay its own (one run at a time, by
    // design) until pg-boss gives up on it: each wave starts when no email waits and no delivery is under way.
    const quiet = async () => {
      const { rows } = await sql<{ unsent: number; runs: number }>`select
          (select count(*)::int from email_outbox where sent_at is null) as unsent,
          (select count(*)::int from pgboss.job
            where name = 'email-delivery' and state in ('created', 'retry', 'active')) as runs`.execute(database.db);
      return rows[0]?.unsent === 0 && rows[0]?.runs === 0;
    };
    for (const wave of waves) {
      await waitFor(quiet, 30_000, 'no delivery under way');
      pause(wave.pausedNow);
      try {
        for (const email of wave.emails) await askForLink(wave.via.url, email);
        await waitFor(() => wave.emails.every((e) => arrived(e).length > 0), 20_000, 'a wave of email');
      } finally {
        resume(wave.pausedNow);
      }
    }
    const together = people.slice(4, 10);
    await Promise.all(together.map((email, i) => askForLink(i % 2 === 0 ? a.url : b.url, email)));
    await waitFor(() => together.every((e) => arrived(e).length > 0), 20_000, 'the last wave of email');
    // Time for a second delivery of anything, had either instance sent a message twice.
    await new Promise((r) => setTimeout(r, 3000));

    for (const wave of waves) {
      for (const email of wave.emails) expect(arrived(email).map((m) => m.mailFrom)).toEqual([wave.from]);
    }
    for (const email of [...waves.flatMap((w) => w.emails), ...together]) {
      expect(arrived(email), `messages to ${email}`).toHaveLength(1);
      expect(arrived(email)[0]?.subject).toMatch(/sign in/i);
    }
    const outbox = await database.db
      .selectFrom('email_outbox')
      .select(['to_address', 'sent_at', 'attempts'])
      .where('to_address', 'in', [...waves.flatMap((w) => w.emails), ...together])
      .execute();
    expect(outbox).toHaveLength(10);
    expect(outbox.every((m) => m.sent_at !== null && m.attempts === 1)).toBe(true);
  });

  it('delivers through the other instance within half a minute when one freezes in the middle of a run', {
    timeout: 150_000,
  }, async () => {
    const waiting = async () =>
      (await deliveryRuns('active')) + (await deliveryRuns('created')) + (await deliveryRuns('retry'));
    await waitFor(async () => (await waiting()) === 0, 30_000, 'no delivery under way');
    const other = 'joel.ashdown@hollinsford-district-council.example';
    pause(b);
    let frozen = false;
    try {
      // A takes the run and sends the message to the slow server, which takes 15 seconds to answer: A freezes
      // there, holding the run and the message.
      await askForLink(a.url, slowAddress);
      await waitFor(() => arrived(slowAddress).length > 0, 20_000, 'the slow message on its way');
      pause(a);
      frozen = true;
      resume(b);
      const asked = performance.now();
      await askForLink(b.url, other);
      await waitFor(() => arrived(other).length > 0, 120_000, 'email through the instance still running');
      // The frozen run is given up once its heartbeat is 10 seconds old (noticed within 10 more), and tried
      // again 10 seconds later: half a minute, and some room for a busy machine.
      expect(performance.now() - asked).toBeLessThan(45_000);
      expect(arrived(other).map((m) => m.mailFrom)).toEqual([senderOf.b]);
    } finally {
      if (frozen) resume(a);
      resume(b);
    }
    // Thawed, A finishes what it held: each message arrives once and is marked sent once.
    const sentAt = async (to: string) =>
      await database.db
        .selectFrom('email_outbox')
        .select(['sent_at', 'attempts'])
        .where('to_address', '=', to)
        .execute();
    await waitFor(async () => (await sentAt(slowAddress))[0]?.sent_at != null, 30_000, 'the held message marked sent');
    await new Promise((r) => setTimeout(r, 3000));
    expect(arrived(slowAddress)).toHaveLength(1);
    expect(arrived(other)).toHaveLength(1);
    for (const to of [slowAddress, other]) expect((await sentAt(to)).map((m) => m.attempts)).toEqual([1]);
  });

  it('empties the page cache of one instance when a change is made through the other', async () => {
    const story = await database.db
      .selectFrom('stories')
      .select('id')
      .where('status', '=', 'published')
      .where('visibility', '=', 'public')
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    const anonymousOnB = () => fetch(`${b.url}/stories/${story.id}`);
    expect((await anonymousOnB()).status).toBe(200);
    const cached = await anonymousOnB();
    expect(cached.headers.get('x-page-cache')).toBe('hit');
    const before = await cached.text();

    const browser = new Visitor(a.url);
    expect((await browser.signIn(amira())).status).toBe(303);
    const words = `Seen from the other instance ${Date.now()}`;
    const posted = await browser.post(
      `/stories/${story.id}/comments`,
      { body: words },
      await browser.csrf('/stories/new'),
    );
    expect(posted.status).toBe(303);
    expect(before).not.toContain(words);

    // NOTIFY reaches B's listening connection as the comment commits; a second is ample on a busy machine.
    let page = '';
    await waitFor(
      async () => {
        page = await (await anonymousOnB()).text();
        return page.includes(words);
      },
      2000,
      'instance B to show the comment made through A',
    );
    expect(page).toContain(words);
  });
});
