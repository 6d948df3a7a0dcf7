// Email delivery through the outbox and pg-boss, against a real SMTP server on loopback: messages arrive
// as written, a mail server that is down is retried later, nothing is sent twice by two instances, and
// without SMTP_URL messages go to the log and to the platform admins' email page.
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DemoCredential } from '../../src/demo/seed.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { emailDelivery, maxAttempts, smtpMailer } from '../../src/email/delivery.ts';
import { outbox } from '../../src/email/outbox.ts';
import { housekeeping } from '../../src/jobs/housekeeping.ts';
import { type Jobs, jobServices, startJobs } from '../../src/jobs/jobs.ts';
import { createServices } from '../../src/services.ts';
import { appOn } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { signInCookie } from '../support/forms.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

const from = 'Northshire Waymark <waymark@northshire.example>';
const minute = 60_000;

let database: TestDatabase;
let credentials: DemoCredential[];
const running: { stop(): Promise<void> }[] = [];

/** A log that keeps what it was told. */
function memoryLog() {
  const lines: string[] = [];
  return { lines, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) };
}

async function jobsFor(options: {
  smtpUrl: string | undefined;
  now?: () => Date;
  log?: ReturnType<typeof memoryLog>;
}): Promise<Jobs> {
  const log = options.log ?? memoryLog();
  const jobs = await startJobs({
    db: database.db,
    connectionString: database.url,
    log,
    services: jobServices(database.db, {
      connectionString: database.url,
      log,
      smtpUrl: options.smtpUrl,
      mailFrom: from,
      now: options.now,
    }),
    now: options.now,
    pollingIntervalSeconds: 0.5,
  });
  running.push(jobs);
  return jobs;
}

async function smtp(port?: number): Promise<TestSmtpServer> {
  const server = await startSmtpServer(port === undefined ? {} : { port });
  running.push(server);
  return server;
}

const row = (id: string) =>
  database.db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Polls the database until the outbox row satisfies the check (the job runs in the background). */
async function rowWhen(id: string, check: (r: Awaited<ReturnType<typeof row>>) => boolean, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const current = await row(id);
    if (check(current)) return current;
    if (Date.now() > until) throw new Error(`outbox row never got there: ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
});
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
  await database.db.deleteFrom('email_outbox').execute();
});
afterAll(async () => {
  await database?.drop();
});

describe('email delivery', () => {
  it('sends a queued message to the mail server with the configured sender, recipient, subject and text', async () => {
    const server = await smtp();
    const jobs = await jobsFor({ smtpUrl: server.url });
    const link = `http://localhost:3000/sign-in/link/${'x'.repeat(43)}`;
    const id = await outbox(database.db, jobs.deliverEmailSoon).send({
      to: 'amira.okafor@northshire-county-council.example',
      subject: 'Your link to sign in to Waymark – don’t share it',
      text: `Open this link to sign in:\n\n${link}\n\nIf you did not ask for it, ignore this message.`,
    });

    // Well within the minute: the queued message asks for a run at once.
    const received = await server.waitFor((m) => m.rcptTo.includes('amira.okafor@northshire-county-council.example'));
    expect(received.headers.from).toBe(from);
    expect(received.mailFrom).toBe('waymark@northshire.example');
    expect(received.headers.to).toBe('amira.okafor@northshire-county-council.example');
    expect(received.subject).toBe('Your link to sign in to Waymark – don’t share it');
    expect(received.text).toBe(
      `Open this link to sign in:\n\n${link}\n\nIf you did not ask for it, ignore this message.`,
    );
    const sent = await rowWhen(id, (r) => r.sent_at !== null);
    expect(sent).toMatchObject({ attempts: 1, last_error: null });
    expect(server.messages).toHaveLength(1);
  });

  it('keeps no copy of a message’s text once the mail server has it: recipient, subject and status stay', async () => {
    const server = await smtp();
    const jobs = await jobsFor({ smtpUrl: server.url });
    const link = `http://localhost:3000/sign-in/link/${'k'.repeat(43)}`;
    const id = await outbox(database.db, jobs.deliverEmailSoon).send({
      to: 'tom.haddley@northshire-county-council.example',
      subject: 'Your link to sign in to Waymark',
      text: `Open this link to sign in:\n\n${link}`,
    });
    const received = await server.waitFor((m) => m.rcptTo.includes('tom.haddley@northshire-county-council.example'));
    expect(received.text).toBe(`Open this link to sign in:\n\n${link}`);
    const sent = await rowWhen(id, (r) => r.sent_at !== null);
    expect(sent).toMatchObject({
      to_address: 'tom.haddley@northshire-county-council.example',
      subject: 'Your link to sign in to Waymark',
      body_text: '',
      attempts: 1,
      last_error: null,
    });
    const everywhere = await database.db
      .selectFrom('email_outbox')
      .select('id')
      .where('body_text', 'like', `%${'k'.repeat(43)}%`)
      .execute();
    expect(everywhere).toEqual([]);

    // What the platform admins' pages still show of it.
    const app = await appOn(database.db, database.pool, {
      services: createServices(database.db, database.pool, undefined, { smtpConfigured: true }),
    });
    try {
      const admin = await signInCookie(
        app,
        credentials.find((c) => c.email === 'morven.quayle@northshire-county-council.example') as DemoCredential,
      );
      const list = await app.inject({ url: '/admin/email', headers: { cookie: admin } });
      expect(list.body).toContain('tom.haddley@northshire-county-council.example');
      expect(list.body).toContain('Your link to sign in to Waymark');
      expect(list.body).toContain('Sent');
      const message = await app.inject({ url: `/admin/email/${id}`, headers: { cookie: admin } });
      expect(message.statusCode).toBe(200);
      expect(message.body).toContain('Your link to sign in to Waymark');
      for (const body of [list.body, message.body]) expect(body).not.toContain('k'.repeat(43));
    } finally {
      await app.close();
    }
  });

  it('carries the allowed header fields and a calendar invitation, then keeps neither once sent', async () => {
    const server = await smtp();
    const jobs = await jobsFor({ smtpUrl: server.url });
    const unsubscribe = `<http://localhost:3000/unsubscribe/${'u'.repeat(43)}>`;
    const invite = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Waymark test//EN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:session-1@waymark.test',
      'DTSTAMP:20261205T090000Z',
      'DTSTART:20261210T180000Z',
      'SUMMARY:Reading group',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const id = await outbox(database.db, jobs.deliverEmailSoon).send({
      to: 'rosa.penhallow@northshire-county-council.example',
      subject: 'Your reading group meets on Thursday',
      text: 'See you there.',
      headers: { 'List-Unsubscribe': unsubscribe, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      calendar: invite,
    });
    const received = await server.waitFor((m) => m.rcptTo.includes('rosa.penhallow@northshire-county-council.example'));
    expect(received.headers['list-unsubscribe']).toBe(unsubscribe);
    expect(received.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(received.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const sent = await rowWhen(id, (r) => r.sent_at !== null);
    expect(sent).toMatchObject({ body_text: '', headers: {}, calendar: null });
  });

  it('refuses a header field outside the allowed list, or one that runs onto a second line', async () => {
    const queue = outbox(database.db);
    const message = { to: 'a@example.org', subject: 'x', text: 'x' };
    await expect(queue.send({ ...message, headers: { Bcc: 'b@example.org' } as never })).rejects.toThrow(/not allowed/);
    await expect(queue.send({ ...message, headers: { 'List-Id': 'x\r\nBcc: b@example.org' } })).rejects.toThrow(
      /one line/,
    );
    expect(await database.db.selectFrom('email_outbox').select('id').execute()).toEqual([]);
  });

  it('records a failure while the mail server is down and delivers once it is back', async () => {
    const first = await smtp();
    const port = first.port;
    await first.stop();
    let now = new Date('2026-03-02T09:00:00Z');
    const jobs = await jobsFor({ smtpUrl: `smtp://127.0.0.1:${port}`, now: () => now });
    const id = await outbox(database.db, jobs.deliverEmailSoon).send({
      to: 'tom.haddley@northshire-county-council.example',
      subject: 'You have been invited',
      text: 'Welcome.',
    });
    await database.db.updateTable('email_outbox').set({ created_at: now }).where('id', '=', id).execute();
    jobs.deliverEmailSoon();

    const failed = await rowWhen(id, (r) => r.attempts === 1);
    expect(failed.sent_at).toBeNull();
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);

    // Too soon to try again: the next try is a minute after it was queued.
    const direct = emailDelivery(database.db, { mailer: smtpMailer(`smtp://127.0.0.1:${port}`), from, now: () => now });
    expect(await direct.deliver()).toEqual({ sent: 0, failed: 0 });

    const back = await smtp(port);
    now = new Date(now.getTime() + minute);
    jobs.deliverEmailSoon();
    const received = await back.waitFor((m) => m.subject === 'You have been invited');
    expect(received.text).toBe('Welcome.');
    const sent = await rowWhen(id, (r) => r.sent_at !== null);
    expect(sent).toMatchObject({ attempts: 2, last_error: null });
    expect(sent.sent_at?.toISOString()).toBe(now.toISOString());
  });

  it('backs off between tries and gives up after a bounded number', async () => {
    const server = await smtp();
    const port = server.port;
    await server.stop();
    let now = new Date('2026-03-02T09:00:00Z');
    const delivery = emailDelivery(database.db, {
      mailer: smtpMailer(`smtp://127.0.0.1:${port}`),
      from,
      now: () => now,
    });
    const id = await outbox(database.db).send({ to: 'a@example.org', subject: 'Never arrives', text: 'x' });
    await database.db.updateTable('email_outbox').set({ created_at: now }).where('id', '=', id).execute();

    const triedAt: number[] = [];
    for (let minutes = 0; minutes <= 300; minutes++) {
      now = new Date(Date.parse('2026-03-02T09:00:00Z') + minutes * minute);
      const report = await delivery.deliver();
      if (report.failed) triedAt.push(minutes);
    }
    // 2^n - 1 minutes after it was queued, then no more.
    expect(triedAt).toEqual([0, 1, 3, 7, 15, 31, 63, 127]);
    expect(triedAt).toHaveLength(maxAttempts);
    expect(await row(id)).toMatchObject({ attempts: maxAttempts, sent_at: null });
  });

  it('sends each message once when two instances deliver at the same time', async () => {
    const server = await smtp();
    const mail = outbox(database.db);
    for (let i = 0; i < 24; i++)
      await mail.send({ to: `person${i}@example.org`, subject: `Message ${i}`, text: `Hello ${i}` });
    const a = emailDelivery(database.db, { mailer: smtpMailer(server.url), from });
    const b = emailDelivery(database.db, { mailer: smtpMailer(server.url), from });
    const [ra, rb] = await Promise.all([a.deliver(), b.deliver()]);
    expect(ra.sent + rb.sent).toBe(24);
    expect(server.messages).toHaveLength(24);
    expect(new Set(server.messages.map((m) => m.subject)).size).toBe(24);

    // And two running job runners (two Waymark instances on one database) share the work the same way.
    const one = await jobsFor({ smtpUrl: server.url });
    const two = await jobsFor({ smtpUrl: server.url });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const via = i % 2 === 0 ? one : two;
      ids.push(
        await outbox(database.db, via.deliverEmailSoon).send({
          to: `late${i}@example.org`,
          subject: `Late ${i}`,
          text: 'x',
        }),
      );
    }
    for (const id of ids) await rowWhen(id, (r) => r.sent_at !== null);
    const late = server.messages.filter((m) => m.subject.startsWith('Late '));
    expect(late).toHaveLength(10);
    expect(new Set(late.map((m) => m.subject)).size).toBe(10);
  });
});

describe('without a mail server', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appOn(database.db, database.pool);
  });
  afterAll(() => app.close());

  const cookieOf = (email: string) => signInCookie(app, credentials.find((c) => c.email === email) as DemoCredential);

  it('writes each message to the log, marks it sent and shows it to platform admins only', async () => {
    const log = memoryLog();
    const jobs = await jobsFor({ smtpUrl: undefined, log });
    const link = 'http://localhost/sign-in/link/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const id = await outbox(database.db, jobs.deliverEmailSoon).send({
      to: 'amira.okafor@northshire-county-council.example',
      subject: 'Your link to sign in to Waymark',
      text: `Open this link to sign in to Waymark:\n\n${link}`,
    });
    const sent = await rowWhen(id, (r) => r.sent_at !== null);
    expect(sent.attempts).toBe(1);
    const logged = log.lines.find((l) => l.includes('Your link to sign in to Waymark'));
    expect(logged).toContain('To: amira.okafor@northshire-county-council.example');
    expect(logged).toContain(link);

    const admin = await cookieOf('morven.quayle@northshire-county-council.example');
    const list = await app.inject({ url: '/admin/email', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('No mail server is set');
    expect(list.body).toContain('amira.okafor@northshire-county-council.example');
    expect(list.body).toContain(`href="/admin/email/${id}"`);
    expect(list.body).toContain('Sent');
    const message = await app.inject({ url: `/admin/email/${id}`, headers: { cookie: admin } });
    expect(message.statusCode).toBe(200);
    expect(message.headers['cache-control']).toBe('no-store');
    expect(message.body).toContain(`href="${link}"`);
    expect(message.body).toContain('Open this link to sign in to Waymark:');

    const member = await cookieOf('amira.okafor@northshire-county-council.example');
    for (const url of ['/admin/email', `/admin/email/${id}`]) {
      const refused = await app.inject({ url, headers: { cookie: member } });
      expect(refused.statusCode).toBe(404);
      expect(refused.body).not.toContain(link);
      const anonymous = await app.inject({ url });
      expect(anonymous.statusCode).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/sign-in\?returnTo=/);
    }
    const unknown = await app.inject({ url: '/admin/email/not-an-id', headers: { cookie: admin } });
    expect(unknown.statusCode).toBe(404);
  });

  it('lists messages newest first, a page at a time, and says when there are none', async () => {
    const admin = await cookieOf('morven.quayle@northshire-county-council.example');
    const empty = await app.inject({ url: '/admin/email', headers: { cookie: admin } });
    expect(empty.body).toContain('No email has been queued');

    const start = Date.parse('2026-03-02T09:00:00Z');
    await database.db
      .insertInto('email_outbox')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          to_address: `p${i}@example.org`,
          subject: `Numbered ${String(i).padStart(2, '0')}`,
          body_text: 'x',
          created_at: new Date(start + i * minute),
          sent_at: null,
          last_error: i === 29 ? 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:2525' : null,
          attempts: i === 28 ? maxAttempts : 0,
        })),
      )
      .execute();
    const first = await app.inject({ url: '/admin/email', headers: { cookie: admin } });
    expect(first.body).toContain('30 messages');
    expect(first.body.indexOf('Numbered 29')).toBeLessThan(first.body.indexOf('Numbered 28'));
    expect(first.body).toContain('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:2525');
    expect(first.body).toContain('Failed');
    expect(first.body).toContain('Waiting');
    expect(first.body).not.toContain('Numbered 04');
    expect(first.body).toContain('href="/admin/email?page=2"');
    const second = await app.inject({ url: '/admin/email?page=2', headers: { cookie: admin } });
    expect(second.body).toContain('Numbered 00');
    expect(second.body).not.toContain('Numbered 29');
  });

  it('does not show the text of messages that went to a mail server', async () => {
    const withSmtp = await appOn(database.db, database.pool, {
      services: (await import('../../src/services.ts')).createServices(database.db, database.pool, undefined, {
        smtpConfigured: true,
      }),
    });
    try {
      const id = await outbox(database.db).send({ to: 'a@example.org', subject: 'Private', text: 'secret-link-text' });
      const admin = await signInCookie(
        withSmtp,
        credentials.find((c) => c.email === 'morven.quayle@northshire-county-council.example') as DemoCredential,
      );
      const list = await withSmtp.inject({ url: '/admin/email', headers: { cookie: admin } });
      expect(list.body).toContain('A mail server is set');
      const message = await withSmtp.inject({ url: `/admin/email/${id}`, headers: { cookie: admin } });
      expect(message.statusCode).toBe(200);
      expect(message.body).toContain('Private');
      expect(message.body).not.toContain('secret-link-text');
    } finally {
      await withSmtp.close();
    }
  });
});

describe('housekeeping', () => {
  it('removes email sent or given up over a week ago, keeps the rest, then runs every daily task', async () => {
    const now = new Date('2026-03-20T03:17:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await database.db
      .insertInto('email_outbox')
      .values([
        {
          to_address: 'old@example.org',
          subject: 'Old and sent',
          body_text: 'x',
          created_at: daysAgo(9),
          sent_at: daysAgo(8),
          last_error: null,
        },
        {
          to_address: 'new@example.org',
          subject: 'Recent and sent',
          body_text: 'x',
          created_at: daysAgo(6),
          sent_at: daysAgo(6),
          last_error: null,
        },
        {
          to_address: 'wait@example.org',
          subject: 'Old, never sent',
          body_text: 'x',
          created_at: daysAgo(30),
          sent_at: null,
          last_error: 'refused',
          attempts: maxAttempts,
        },
        {
          to_address: 'gaveup@example.org',
          subject: 'Given up eight days ago',
          body_text: 'x',
          created_at: daysAgo(8),
          sent_at: null,
          last_error: 'refused',
          attempts: maxAttempts,
        },
        {
          to_address: 'failed@example.org',
          subject: 'Given up three days ago',
          body_text: 'x',
          created_at: daysAgo(3),
          sent_at: null,
          last_error: 'refused',
          attempts: maxAttempts,
        },
        {
          to_address: 'retrying@example.org',
          subject: 'Still being tried',
          body_text: 'x',
          created_at: new Date(now.getTime() - 20 * minute),
          sent_at: null,
          last_error: 'refused',
          attempts: 3,
        },
      ])
      .execute();
    const ran: string[] = [];
    const log = memoryLog();
    await expect(
      housekeeping(
        database.db,
        now,
        [
          async () => {
            throw new Error('retention purge failed');
          },
          async (at) => ran.push(at.toISOString()),
        ],
        log,
      ),
    ).rejects.toThrow(/1 daily task/);
    const left = await database.db.selectFrom('email_outbox').select('subject').orderBy('subject').execute();
    // Sent or given up over a week ago: gone. A recent failure stays for the admins to see.
    expect(left.map((r) => r.subject)).toEqual(['Given up three days ago', 'Recent and sent', 'Still being tried']);
    // The task after the failing one still ran, with the job's time.
    expect(ran).toEqual([now.toISOString()]);
    expect(log.lines.some((l) => l.includes('retention purge failed'))).toBe(true);
  });
});
