// Signing in, in a real browser, against a running Waymark whose background jobs send email to a real SMTP
// server on loopback: by password, and by a link that arrives by email, is confirmed by a button, and
// works once. The link pages pass axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { DemoCredential } from '../../src/demo/seed.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser, seriousViolations } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/process.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

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
    SESSION_SECRET: 'e'.repeat(40),
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Waymark <no-reply@waymark.example>',
  });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await waymark?.stop();
  await smtp?.stop();
  await database?.drop();
});

async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

const person = (email: string) => credentials.find((c) => c.email === email) as DemoCredential;

describe('signing in in the browser', () => {
  it('signs in with email and password', async () => {
    const amira = person('amira.okafor@northshire-county-council.example');
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in`);
      await page.fill('#email', amira.email);
      await page.fill('#password', amira.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${waymark.url}/`);
      expect(await page.content()).toContain('Signed in as Amira');
    });
  });

  it('signs in with a link that arrives by email, once', async () => {
    const tom = person('tom.haddley@northshire-county-council.example');
    let link = '';
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in`);
      await page.getByRole('link', { name: 'Email me a link to sign in' }).click();
      await page.waitForURL(`${waymark.url}/sign-in/link`);
      expect(await seriousViolations(page)).toEqual([]);

      // A mistake first: the page says what to fix and stays accessible.
      await page.getByLabel('Email address').fill('not an address');
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByLabel('Email address').fill(tom.email);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      expect(await page.locator('h1').textContent()).toBe('Check your email');
      expect(await seriousViolations(page)).toEqual([]);

      const email = await smtp.waitFor((m) => m.rcptTo.includes(tom.email));
      expect(email.headers.from).toBe('Waymark <no-reply@waymark.example>');
      expect(email.subject).toBe('Your link to sign in to Waymark');
      link = /http:\/\/\S+\/sign-in\/link\/\S+/.exec(email.text)?.[0] ?? '';
      expect(link.startsWith(`${waymark.url}/sign-in/link/`)).toBe(true);

      // Opening the link only shows a page (mail scanners open links); the button signs in.
      await page.goto(link);
      expect(await page.locator('h1').textContent()).toBe('Sign in to Waymark');
      expect(await page.content()).toContain(tom.email);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${waymark.url}/`);
      expect(await page.content()).toContain('Signed in as Tom');
    });

    // Used once, it no longer works, in this browser or any other.
    await withPage(async (page) => {
      const response = await page.goto(link);
      expect(response?.status()).toBe(410);
      expect(await page.locator('h1').textContent()).toBe('This sign-in link no longer works');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.content()).not.toContain('Signed in as');
    });
  });

  it('shows platform admins the email sent, on accessible pages', async () => {
    const morven = person('morven.quayle@northshire-county-council.example');
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in?returnTo=%2Fadmin%2Forganisations`);
      await page.fill('#email', morven.email);
      await page.fill('#password', morven.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${waymark.url}/admin/organisations`);
      await page.getByRole('link', { name: 'the email Waymark has sent' }).click();
      await page.waitForURL(`${waymark.url}/admin/email`);
      expect(await page.content()).toContain('A mail server is set');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Your link to sign in to Waymark' }).first().click();
      await page.waitForURL(`${waymark.url}/admin/email/**`);
      expect(await page.locator('h1').textContent()).toBe('Your link to sign in to Waymark');
      expect(await page.content()).not.toContain('/sign-in/link/');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});
