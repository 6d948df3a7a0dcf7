// Headless Chromium from @sparticuz/chromium (unpacked once by the global set-up), driven by playwright-core.
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type DemoCredential, seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

const args = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: inject('chromiumPath'), args, headless: true });
}

/** Axe findings of serious or critical impact on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A new browser context (its own cookies) signed in through the sign-in form; the caller closes it. */
export async function signInThroughForm(
  browser: Browser,
  baseUrl: string,
  credential: { email: string; password: string },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill('#email', credential.email);
  await page.fill('#password', credential.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
  return { context, page };
}

/** Waymark on a fresh demo database with Chromium beside it, as the browser tests use it. */
export interface BrowserApp {
  database: TestDatabase;
  waymark: RunningWaymark;
  browser: Browser;
  credentials: DemoCredential[];
  /** A separate browser context (its own cookies) signed in as a demo person; closed with the app. */
  signedIn(email: string): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserApp(
  options: { beforeStart?: (database: TestDatabase) => Promise<void>; jobs?: boolean } = {},
): Promise<BrowserApp> {
  const database = await createTestDatabase();
  const credentials = (await seedDemo(database.db)) ?? [];
  await options.beforeStart?.(database);
  const config = loadConfig({ DATABASE_URL: database.url, SESSION_SECRET: 'b'.repeat(40), PORT: '0' });
  const waymark = await startWaymark(config, { log: { info() {}, warn() {} }, jobs: options.jobs ?? true });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    database,
    waymark,
    browser,
    credentials,
    async signedIn(email) {
      const credential = credentials.find((c) => c.email === email);
      if (!credential) throw new Error(`no demo credential for ${email}`);
      const { context, page } = await signInThroughForm(browser, waymark.url, credential);
      contexts.push(context);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
      await waymark.stop();
      await database.drop();
    },
  };
}
