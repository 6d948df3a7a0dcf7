// The story library by keyboard and on a phone: the first result is a few Tab presses from the top of the
// page (its skip links), and on a narrow screen the filters wait behind "Show filters", which works without
// JavaScript as well as with it.
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';
import { narrow, pageProblems, wide } from '../support/page-checks.ts';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
});
afterAll(() => app?.close());

async function libraryPage(options: BrowserContextOptions): Promise<Page> {
  const context = await app.browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${app.waymark.url}/stories`);
  return page;
}

/**
 * Presses Tab from the top of the page until the first result's link has focus, pressing Enter on each skip
 * link on the way (as a keyboard user does), and returns how many Tab presses it took.
 */
async function tabsToFirstResult(page: Page): Promise<number> {
  const first = await page.locator('#results .waymark-card a').first().getAttribute('href');
  expect(first).toMatch(/^\/stories\//);
  for (let presses = 1; presses <= 60; presses++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        href: el?.getAttribute('href') ?? '',
        skip: el?.classList.contains('govuk-skip-link') ?? false,
        inResults: Boolean(el?.closest('#results')),
      };
    });
    if (focused.inResults && focused.href === first) return presses;
    if (focused.skip) await page.keyboard.press('Enter');
  }
  throw new Error('the first result was not reached by Tab');
}

describe('the story library', () => {
  for (const [name, options] of [
    ['at 1280 px', { viewport: wide }],
    ['at 320 px', { viewport: narrow }],
    ['at 320 px without JavaScript', { viewport: narrow, javaScriptEnabled: false }],
  ] as const) {
    it(`reaches the first result in at most 5 Tab presses ${name}`, async () => {
      const page = await libraryPage(options);
      expect(await tabsToFirstResult(page)).toBeLessThanOrEqual(5);
      await page.context().close();
    });
  }

  it('shows the filters beside the results on a wide screen', async () => {
    const page = await libraryPage({ viewport: wide });
    expect(await page.locator('details.waymark-filters').getAttribute('open')).not.toBeNull();
    expect(await page.locator('#facet-characteristic').isVisible()).toBe(true);
    expect(await page.locator('details.waymark-filters summary').innerText()).toMatch(/^\s*Hide filters\s*$/);
    await page.context().close();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`keeps the filters behind "Show filters" on a phone, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
      const page = await libraryPage({ viewport: narrow, javaScriptEnabled });
      const summary = page.locator('details.waymark-filters summary');
      expect(await summary.innerText()).toMatch(/^\s*Show filters\s*$/);
      expect(await page.locator('#facet-characteristic').isVisible()).toBe(false);
      // The results come first: the first one starts within the first screen.
      const firstResult = await page.locator('#results .waymark-card').first().boundingBox();
      expect(firstResult?.y).toBeLessThan(narrow.height * 1.5);
      await summary.click();
      await page.locator('#facet-characteristic').check();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/characteristic=/);
      const chosen = await page.locator('details.waymark-filters summary').innerText();
      expect(chosen).toMatch(/Show filters \(1 chosen\)/);
      expect(await page.getByRole('link', { name: /^Remove Characteristic:/ }).count()).toBe(1);
      // Axe runs as a script in the page: the checks need JavaScript.
      if (javaScriptEnabled) expect(await pageProblems(page)).toEqual([]);
      await page.context().close();
    });
  }
});
