// Single sign-on in a real browser: an organisation admin sets it up (the settings page passes axe), then a
// person signs in through the provider's own login and consent pages and lands signed in on Waymark.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { demoUsers } from '../../src/demo/content.ts';
import type { DemoCredential } from '../../src/demo/seed.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser, seriousViolations } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startOidcProvider, type TestProvider } from '../support/oidc.ts';
import { freePort } from '../support/process.ts';

const domain = 'northshire-county-council.example';
const clientSecret = 'browser-test-client-secret-0123456789';

let database: TestDatabase;
let waymark: RunningWaymark;
let idp: TestProvider;
let browser: Browser;
let credentials: DemoCredential[];

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({
    clients: [{ clientId: 'waymark-browser', clientSecret, redirectUris: [`${baseUrl}/sign-in/sso/callback`] }],
    accounts: { 'nia-starter': { email: `nia.starter@${domain}`, email_verified: true, name: 'Nia Starter' } },
  });
  const config = loadConfig({
    DATABASE_URL: database.url,
    SESSION_SECRET: 'c'.repeat(40),
    PORT: String(port),
    BASE_URL: baseUrl,
    // The provider runs on 127.0.0.1.
    SSO_ALLOW_PRIVATE_ISSUERS: 'true',
  });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await waymark?.stop();
  await idp?.close();
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

describe('single sign-on in the browser', () => {
  it('an organisation admin sets it up on an accessible page', async () => {
    const admin = demoUsers.find((u) => u.org === 'northshire-county-council' && u.role === 'org_admin');
    const credential = credentials.find((c) => c.email === admin?.email) as DemoCredential;
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in?returnTo=%2Forganisation%2Fsso`);
      await page.fill('#email', credential.email);
      await page.fill('#password', credential.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${waymark.url}/organisation/sso`);
      expect(await page.locator('h1').textContent()).toBe('Single sign-on');
      expect(await page.content()).toContain(`${waymark.url}/sign-in/sso/callback`);
      expect(await seriousViolations(page)).toEqual([]);

      // A mistake first: the page shows what to fix, keeps the input, and is still accessible.
      await page.getByLabel('Issuer URL').fill(idp.issuer);
      await page.getByLabel('Client ID').fill('waymark-browser');
      await page.getByLabel('Client secret').fill(clientSecret);
      await page.getByLabel('Email domains').fill('not a domain');
      await page.getByRole('button', { name: 'Save and check settings' }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.inputValue('#issuer')).toBe(idp.issuer);
      expect(await page.inputValue('#clientSecret')).toBe('');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByLabel('Client secret').fill(clientSecret);
      await page.getByLabel('Email domains').fill(domain);
      await page.getByRole('button', { name: 'Save and check settings' }).click();
      await page.waitForURL(`${waymark.url}/organisation/sso?saved=1`);
      expect(await page.content()).toContain('Single sign-on settings saved');
      expect(await page.content()).not.toContain(clientSecret);
      expect(await page.getByLabel('Let people sign in with single sign-on').isChecked()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);

      expect(await page.content()).toContain('waiting</strong> for a platform admin');

      await page.getByRole('link', { name: 'Remove single sign-on' }).click();
      await page.waitForURL(`${waymark.url}/organisation/sso/remove`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.waitForURL(`${waymark.url}/organisation/sso`);
    });
  });

  it('a platform admin approves the claimed domain on an accessible page', async () => {
    const admin = demoUsers.find((u) => u.platformAdmin);
    const credential = credentials.find((c) => c.email === admin?.email) as DemoCredential;
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in?returnTo=%2Fadmin%2Fsso-domains`);
      await page.fill('#email', credential.email);
      await page.fill('#password', credential.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${waymark.url}/admin/sso-domains`);
      expect(await page.locator('h1').textContent()).toBe('Single sign-on email domains');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: `Approve ${domain} for Northshire County Council` }).click();
      await page.waitForURL(`${waymark.url}/admin/sso-domains?decided=approve`);
      expect(await page.content()).toContain('The domain was approved.');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('a person signs in through the provider’s login and consent pages and lands signed in', async () => {
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in`);
      await page.getByRole('link', { name: 'Sign in with your organisation’s single sign-on' }).click();
      await page.waitForURL(`${waymark.url}/sign-in/sso`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('Work email address').fill(`nia.starter@${domain}`);
      await page.getByRole('button', { name: 'Continue' }).click();

      // The provider's own pages.
      await page.waitForURL(`${idp.issuer}/**`);
      await page.fill('input[name="login"]', 'nia-starter');
      await page.fill('input[name="password"]', 'anything');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.waitForSelector('input[name="prompt"][value="consent"]', { state: 'attached' });
      await page.getByRole('button', { name: 'Continue' }).click();

      await page.waitForURL(`${waymark.url}/`);
      expect(await page.content()).toContain('Signed in as Nia Starter');
      await page.goto(`${waymark.url}/account`);
      expect(await page.content()).toContain(`nia.starter@${domain}`);
    });
  });

  it('someone who cancels at the provider gets a readable page, not an error', async () => {
    await withPage(async (page) => {
      await page.goto(`${waymark.url}/sign-in/sso`);
      await page.getByLabel('Work email address').fill(`nia.starter@${domain}`);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${idp.issuer}/**`);
      await page.getByRole('link', { name: '[ Cancel ]' }).click();
      await page.waitForURL(`${waymark.url}/sign-in/sso/callback**`);
      expect(await page.locator('h1').textContent()).toBe('You did not give permission');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});
