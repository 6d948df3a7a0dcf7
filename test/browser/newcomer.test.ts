// A newcomer's journey in a real browser, at a desktop width and at 320 px: the home page, how it works,
// the sign-in page's help for someone without an account, then each statement through the footer, by
// keyboard. Every page passes axe with no findings of any impact and is no wider than the screen.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let waymark: RunningWaymark;
let browser: Browser;

// A long address with no hyphen to break at, as a county council's might be: it must wrap rather than
// widen a phone's page.
const contactEmail = 'waymark.accessibilityandhelp@northshirecountycouncil.example';
const contactName = 'the Northshire Waymark team';

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const config = loadConfig({
    DATABASE_URL: database.url,
    SESSION_SECRET: 'n'.repeat(40),
    PORT: '0',
    CONTACT_EMAIL: contactEmail,
    CONTACT_NAME: contactName,
    ACCESSIBILITY_TESTED_ON: '2026-03-31',
  });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} }, jobs: false });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await waymark?.stop();
  await database?.drop();
});

/** Every axe finding against WCAG 2.2 A and AA and axe's best practices, whatever its impact. */
async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How many pixels wider than the window the page is (0 or less: it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Presses Tab until the focused element is a link inside `within` whose text is `name`; fails if never. */
async function tabToLink(page: Page, name: string, within: 'main' | 'footer', limit = 250) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(
      ([wanted, landmark]) => {
        const active = document.activeElement as HTMLElement | null;
        return active?.tagName === 'A' && active.textContent?.trim() === wanted && !!active.closest(landmark as string);
      },
      [name, within],
    );
    if (found) return;
  }
  throw new Error(`"${name}" in the ${within} was not reachable by Tab`);
}

/** Checks the page as it is: its heading, axe, and that it fits the window. */
async function check(page: Page, heading: string, findings: Record<string, string[]>, tooWide: string[]) {
  expect(await page.locator('h1').textContent()).toBe(heading);
  const path = new URL(page.url()).pathname;
  const violations = await axeFindings(page);
  if (violations.length) findings[path] = violations;
  const extra = await overflow(page);
  if (extra > 0) tooWide.push(`${path} (${extra} px too wide)`);
}

// Written by hand: each statement's footer link, its address and its heading.
const statements: [string, string, string][] = [
  ['Accessibility statement', '/accessibility', 'Accessibility statement for Waymark'],
  ['Privacy notice', '/privacy', 'Privacy notice'],
  ['Cookies', '/cookies', 'Cookies'],
  ['Help', '/help', 'Help'],
  ['How it works', '/how-it-works', 'How Waymark works'],
];

describe('a newcomer finds out what Waymark is and how to get in', () => {
  for (const width of [1280, 320]) {
    it(`at ${width} px: home, how it works, sign-in help, then every statement from the footer by keyboard`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const findings: Record<string, string[]> = {};
      const tooWide: string[] = [];
      try {
        await page.goto(`${waymark.url}/`);
        await check(page, 'Grow as a 21st-century public servant', findings, tooWide);
        // One main call to action, and it leads in.
        const start = page.locator('.govuk-button--start');
        expect(await start.count()).toBe(1);
        expect(await start.getAttribute('href')).toBe('/sign-in');

        await tabToLink(page, 'More about how Waymark works', 'main');
        await page.keyboard.press('Enter');
        await page.waitForURL('**/how-it-works');
        await check(page, 'How Waymark works', findings, tooWide);
        for (const step of ['1. Read', '2. Write with a partner', '3. Discuss', 'Who can join']) {
          expect(await page.getByRole('heading', { name: step, exact: true }).count(), step).toBe(1);
        }

        await tabToLink(page, 'Sign in', 'main');
        await page.keyboard.press('Enter');
        await page.waitForURL('**/sign-in');
        await check(page, 'Sign in', findings, tooWide);
        const noAccount = page.getByRole('heading', { name: 'If you do not have an account' });
        expect(await noAccount.isVisible()).toBe(true);
        const mailto = page.locator('main').getByRole('link', { name: contactEmail });
        expect(await mailto.getAttribute('href')).toBe(`mailto:${contactEmail}`);
        expect(await page.locator('main').getByRole('link', { name: 'Get help with signing in' }).count()).toBe(1);

        // Each statement, reached from the footer of the page before it, by keyboard alone.
        for (const [link, path, heading] of statements) {
          await tabToLink(page, link, 'footer');
          await page.keyboard.press('Enter');
          await page.waitForURL(`**${path}`);
          await check(page, heading, findings, tooWide);
          expect(await page.locator('footer a[aria-current="page"]').textContent()).toBe(link);
        }
        // The footer's contact is the configured address, by email.
        const contact = page.locator('footer').getByRole('link', { name: /^Contact/ });
        expect(await contact.getAttribute('href')).toBe(`mailto:${contactEmail}`);
        expect(await contact.textContent()).toContain(contactName);
      } finally {
        await context.close();
      }
      expect(findings).toEqual({});
      expect(tooWide).toEqual([]);
    });
  }
});
