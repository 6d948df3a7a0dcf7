// Subscriptions in Chromium, by keyboard: a reader follows an article's series from the article page and asks
// for emails as soon as something is published; an editor publishes the next article in the series; the digest
// job runs and the message reaches a real SMTP server with the article's title and link and a one-click
// unsubscribe, whose page stops the emails. A reader without an account subscribes by address and confirms by
// the emailed link. Every page passes axe at any impact at 1280 and 320 px, with visible focus.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlesService } from '../../src/articles/service.ts';
import { loadConfig } from '../../src/config.ts';
import type { DemoCredential } from '../../src/demo/seed.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { emailDelivery, smtpMailer } from '../../src/email/delivery.ts';
import { outbox } from '../../src/email/outbox.ts';
import { frameworkService } from '../../src/framework/service.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { digestService } from '../../src/subscriptions/digests.ts';
import { launchBrowser, signInThroughForm } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { pageProblems } from '../support/page-checks.ts';
import { freePort } from '../support/process.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

const sessionSecret = 's'.repeat(40);
const reader = 'rosa.penhallow@northshire-county-council.example';
const editor = 'yasmin.farrant@tannerside-council.example';

let database: TestDatabase;
let waymark: RunningWaymark;
let smtp: TestSmtpServer;
let browser: Browser;
let credentials: DemoCredential[];

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  smtp = await startSmtpServer();
  const port = await freePort();
  const config = loadConfig({
    DATABASE_URL: database.url,
    SESSION_SECRET: sessionSecret,
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Waymark <no-reply@waymark.example>',
  });
  // The jobs' timetable is every few minutes: the test runs the digest job and the delivery itself.
  waymark = await startWaymark(config, { log: { info() {}, warn() {} }, jobs: false });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await waymark?.stop();
  await smtp?.stop();
  await database?.drop();
});

/** One run of the digest job, then of email delivery to the SMTP server. */
async function runDigestsAndDeliver() {
  const db = database.db;
  await digestService(db, {
    email: outbox(db),
    framework: frameworkService(db),
    sessionSecret,
    baseUrl: waymark.url,
  }).run(new Date());
  await emailDelivery(db, { mailer: smtpMailer(smtp.url), from: 'Waymark <no-reply@waymark.example>' }).deliver();
}

async function press(page: Page, name: string | RegExp) {
  await page.getByRole('button', { name, exact: typeof name === 'string' }).focus();
  await page.keyboard.press('Enter');
}

describe('following a series and getting the digest', () => {
  it('follows by keyboard, and the next article arrives by email with a one-click unsubscribe', {
    timeout: 180_000,
  }, async () => {
    const db = database.db;
    const series = await db
      .selectFrom('article_series')
      .select(['id', 'org_id'])
      .where('title', '=', 'Theme 5: careers across sectors')
      .executeTakeFirstOrThrow();
    const inSeries = await db
      .selectFrom('articles')
      .select('id')
      .where('series_id', '=', series.id)
      .where('visibility', '=', 'public')
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const credential = credentials.find((c) => c.email === reader) as DemoCredential;
    const { context, page } = await signInThroughForm(browser, waymark.url, credential);
    try {
      await page.goto(`${waymark.url}/articles/${inSeries.id}`);
      await press(page, 'Follow Theme 5: careers across sectors');
      await page.waitForURL(`${waymark.url}/articles/${inSeries.id}`);
      await page.getByRole('button', { name: /^Following Theme 5: careers across sectors/ }).waitFor();
      expect(await pageProblems(page)).toEqual([]);

      await page.getByRole('link', { name: 'Your subscriptions' }).first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${waymark.url}/account/subscriptions`);
      expect(await page.locator('main').textContent()).toContain('Theme 5: careers across sectors');
      expect(await pageProblems(page)).toEqual([]);
      await page.getByLabel('As soon as something is published').focus();
      await page.keyboard.press('Space');
      await press(page, 'Save choice');
      await page.waitForURL(`${waymark.url}/account/subscriptions?saved=1`);
      expect(await page.getByLabel('As soon as something is published').isChecked()).toBe(true);

      // The editor publishes the next article in the series.
      const yasmin = await db.selectFrom('users').select('id').where('email', '=', editor).executeTakeFirstOrThrow();
      const saved = await articlesService(db).create(series.org_id, yasmin.id, {
        title: 'Back to the council after a year at the trust',
        summary: 'What a finance officer brought home.',
        body: 'The first thing I noticed was the pace.',
        kind: 'blog_post',
        visibility: 'public',
        seriesId: series.id,
        tags: [],
        authorIds: [],
        guestName: null,
        guestJob: null,
        guestOrg: null,
      });
      if (!saved.ok) throw new Error('not saved');
      await articlesService(db).publish(series.org_id, yasmin.id, saved.id);

      await runDigestsAndDeliver();
      const message = await smtp.waitFor((m) => m.rcptTo.includes(reader));
      expect(message.subject).toBe('New on Waymark: Back to the council after a year at the trust');
      expect(message.text).toContain('Back to the council after a year at the trust');
      expect(message.text).toContain(`${waymark.url}/articles/${saved.id}`);
      expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const link = /^<([^>]+)>$/.exec(message.headers['list-unsubscribe'] ?? '')?.[1] as string;
      expect(link).toMatch(/\/unsubscribe\/[A-Za-z0-9_-]{43}$/);

      // The link's page asks first (a GET changes nothing); its button stops the emails.
      await page.goto(link);
      expect(await pageProblems(page)).toEqual([]);
      await press(page, 'Stop these emails');
      await page.getByRole('heading', { name: 'You will get no more of these emails' }).waitFor();
      expect(await pageProblems(page)).toEqual([]);
      await page.goto(`${waymark.url}/account/subscriptions`);
      expect(await page.getByLabel('Never: stop sending me emails about what I follow').isChecked()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('getting new articles by email without an account', () => {
  it('asks for the address, sends a link, and confirms it by keyboard', { timeout: 120_000 }, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${waymark.url}/articles`);
      await page.getByRole('link', { name: 'Get new articles by email' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${waymark.url}/articles/subscribe`);
      expect(await pageProblems(page)).toEqual([]);
      await press(page, 'Send me a link to confirm');
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await pageProblems(page)).toEqual([]);
      await page.getByLabel('Email address').focus();
      await page.keyboard.insertText('new.reader@example.org');
      await press(page, 'Send me a link to confirm');
      await page.waitForURL(`${waymark.url}/articles/subscribe?sent=1`);
      expect(await pageProblems(page)).toEqual([]);

      await emailDelivery(database.db, {
        mailer: smtpMailer(smtp.url),
        from: 'Waymark <no-reply@waymark.example>',
      }).deliver();
      const message = await smtp.waitFor((m) => m.rcptTo.includes('new.reader@example.org'));
      const link = /(http:\/\/\S+\/articles\/subscribe\/[A-Za-z0-9_-]{43})/.exec(message.text)?.[1] as string;
      await page.goto(link);
      expect(await pageProblems(page)).toEqual([]);
      await press(page, 'Yes, email me new articles');
      await page.getByRole('heading', { name: 'You will get new articles by email' }).waitFor();
      expect(await pageProblems(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
