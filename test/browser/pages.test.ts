// Every page in a real browser: no serious or critical axe findings, and the journeys work by keyboard.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { demoStories } from '../../src/demo/content.ts';
import type { DemoCredential } from '../../src/demo/seed.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { framework } from '../../src/framework/data.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser, seriousViolations } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let waymark: RunningWaymark;
let browser: Browser;
let context: BrowserContext;
let credentials: DemoCredential[];
let storyIds: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  storyIds = (await database.db.selectFrom('stories').select('id').where('visibility', '=', 'public').execute()).map(
    (r) => r.id,
  );
  const config = loadConfig({ DATABASE_URL: database.url, SESSION_SECRET: 'b'.repeat(40), PORT: '0' });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await waymark?.stop();
  await database?.drop();
});

async function freshPage(): Promise<Page> {
  context = await browser.newContext();
  return context.newPage();
}

function everyPage(): string[] {
  return [
    '/',
    '/framework',
    ...framework.characteristics.map((c) => `/framework/characteristics/${c.key}`),
    ...framework.roles.map((r) => `/framework/roles/${r.key}`),
    ...framework.lessons.map((l) => `/framework/lessons/${l.key}`),
    '/stories',
    '/stories?page=2',
    '/stories?q=council&characteristic=locality',
    '/stories?q=xylophonist',
    ...storyIds.slice(0, 3).map((id) => `/stories/${id}`),
    '/sign-in',
    '/account/deleted',
    '/api/docs',
    '/no-such-page',
  ];
}

describe('pages in the browser', () => {
  it('every page passes axe with no serious or critical findings', async () => {
    const page = await freshPage();
    const findings: Record<string, string[]> = {};
    for (const path of everyPage()) {
      const response = await page.goto(`${waymark.url}${path}`);
      expect(response?.status(), path).toBe(path === '/no-such-page' ? 404 : 200);
      const violations = await seriousViolations(page);
      if (violations.length) findings[path] = violations;
    }
    expect(findings).toEqual({});
    await context.close();
  });

  it('the skip link is the first stop by keyboard and moves focus to the content', async () => {
    const page = await freshPage();
    await page.goto(`${waymark.url}/framework`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await context.close();
  });

  it('a reader reaches a characteristic and one of its stories by keyboard alone', async () => {
    const page = await freshPage();
    await page.goto(`${waymark.url}/`);
    const target = framework.characteristics[0];
    await tabUntil(page, (text) => text === target?.name);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/framework/characteristics/${target?.key}`);
    expect(await page.locator('h1').textContent()).toBe(target?.name);
    await context.close();
  });

  it('a reader searches the library and narrows the results by a facet, by keyboard alone', async () => {
    const page = await freshPage();
    await page.goto(`${waymark.url}/stories`);
    await tabUntil(page, (_text, id) => id === 'q');
    await page.keyboard.type('council');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/stories?q=council*');
    const before = await page.locator('[role=status]').textContent();
    expect(before).toMatch(/matching ‘council’/);
    await tabUntil(page, (_text, id) => id === 'facet-characteristic');
    const facetLabel = await page.locator('label[for=facet-characteristic]').textContent();
    await page.keyboard.press('Space');
    await tabUntil(page, (text) => text === 'Apply filters');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/stories?q=council&characteristic=*');
    expect(await page.isChecked('#facet-characteristic')).toBe(true);
    // The facet's count is the number of results once it is chosen.
    const count = /\((\d+)\)/.exec(facetLabel ?? '')?.[1];
    expect(await page.locator('[role=status]').textContent()).toContain(
      `${count} ${count === '1' ? 'story' : 'stories'}`,
    );
    expect(await page.getByRole('link', { name: /^Remove Characteristic:/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('a person signs in and out by keyboard, and sees what their organisation shares', async () => {
    const page = await freshPage();
    const member = credentials[0] as DemoCredential;
    const orgOnly = demoStories.find((s) => s.visibility === 'organisation' && s.org === member.organisation);
    const orgStoryLink = () => page.getByRole('link', { name: orgOnly?.title ?? '', exact: true }).count();
    await page.goto(`${waymark.url}/stories?pageSize=100`);
    expect(await orgStoryLink()).toBe(0);
    await tabUntil(page, (text) => text === 'Sign in');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/sign-in*');
    await tabUntil(page, (_text, id) => id === 'email');
    await page.keyboard.type('wrong@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-a-password');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    expect(await seriousViolations(page)).toEqual([]);
    // The error summary takes focus; the email is kept for correction.
    expect(await page.inputValue('#email')).toBe('wrong@example.org');
    await page.fill('#email', member.email);
    await page.fill('#password', member.password);
    await page.focus('#password');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${waymark.url}/`);
    expect(await page.content()).toContain('Signed in as');
    await page.goto(`${waymark.url}/stories?pageSize=100`);
    expect(await orgStoryLink()).toBe(1);
    await page.goto(`${waymark.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Your account');
    expect(await seriousViolations(page)).toEqual([]);
    // Sign out is in the header's menu: open it, then Tab to it.
    await tabUntil(page, (text) => text === 'Menu');
    await page.keyboard.press('Enter');
    await tabUntil(page, (text) => text.startsWith('Sign out'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${waymark.url}/`);
    expect(await page.content()).not.toContain('Signed in as');
    await context.close();
  });
});

async function tabUntil(page: Page, match: (text: string, id: string) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const [text, id] = await page.evaluate(() => [
      (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? '',
      document.activeElement?.id ?? '',
    ]);
    if (match(text, id)) return;
  }
  throw new Error('The element was not reachable by Tab');
}
