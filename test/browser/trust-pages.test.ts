// The pages that trust across organisations added or changed, in a real browser at a desktop width and at
// 320 px: no serious or critical axe findings, and nothing wider than the screen.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type DemoCredential, seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser, seriousViolations, signInThroughForm } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let waymark: RunningWaymark;
let browser: Browser;
let context: BrowserContext;
let page: Page;

// A platform admin who is also an organisation admin, so every page below is theirs to open.
const morven = 'morven.quayle@northshire-county-council.example';

beforeAll(async () => {
  database = await createTestDatabase();
  const credentials = (await seedDemo(database.db)) ?? [];
  const config = loadConfig({ DATABASE_URL: database.url, SESSION_SECRET: 'f'.repeat(40), PORT: '0' });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} }, jobs: false });
  browser = await launchBrowser();
  const credential = credentials.find((c) => c.email === morven) as DemoCredential;
  ({ context, page } = await signInThroughForm(browser, waymark.url, credential));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await waymark?.stop();
  await database?.drop();
});

const pages = [
  '/account',
  '/account/sso',
  '/account/tokens',
  '/account/password',
  '/admin/sso-domains',
  '/organisation/sso',
  '/organisation/import',
];

describe('pages added or changed for trust across organisations', () => {
  for (const width of [1280, 320]) {
    it(`pass axe and fit the screen at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      const findings: Record<string, string[]> = {};
      const tooWide: string[] = [];
      for (const path of pages) {
        const response = await page.goto(`${waymark.url}${path}`);
        expect(response?.status(), path).toBe(200);
        const violations = await seriousViolations(page);
        if (violations.length) findings[path] = violations;
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) tooWide.push(`${path} (${overflow} px too wide)`);
      }
      expect(findings).toEqual({});
      expect(tooWide).toEqual([]);
    });
  }

  it('the single sign-on start page, signed out, passes axe at 320 px', async () => {
    const visitor = await browser.newContext({ viewport: { width: 320, height: 900 } });
    const anonymous = await visitor.newPage();
    const response = await anonymous.goto(`${waymark.url}/sign-in/sso`);
    expect(response?.status()).toBe(200);
    expect(await seriousViolations(anonymous)).toEqual([]);
    await visitor.close();
  });
});
