// The demo's fullest content in a real browser: a long read with its discussion, seen by a visitor, and a
// partnership story with a reply thread and the comment form, seen by a partner. The parts the demo fills
// (the story's words and its discussion) pass axe with no finding of any impact and fit a 320 px screen.
// The page around them is every page's, and test/browser/every-route.test.ts checks it whole.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
});
afterAll(() => app?.close());

const storyUrl = async (slug: string) => {
  const story = await app.database.db
    .selectFrom('stories')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return `${app.waymark.url}/stories/${story.id}`;
};

const filled = ['.waymark-story-body', 'section[aria-labelledby="discussion-heading"]'];

/** Axe findings of any impact in the story's words and its discussion, and whatever of them sticks out. */
async function contentProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const size of [
    { width: 1280, height: 800 },
    { width: 320, height: 640 },
  ]) {
    await page.setViewportSize(size);
    let axe = new AxeBuilder({ page }).withTags([
      'wcag2a',
      'wcag2aa',
      'wcag21a',
      'wcag21aa',
      'wcag22aa',
      'best-practice',
    ]);
    for (const selector of filled) axe = axe.include(selector);
    // Landmarks are the page's business (every-route.test.ts), not the content's.
    const results = await axe.disableRules(['region']).analyze();
    for (const v of results.violations) {
      problems.push(`at ${size.width} px: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    const sticking = await page.evaluate((selectors) => {
      const width = window.innerWidth;
      return selectors.flatMap((s) =>
        [...document.querySelectorAll(`${s}, ${s} *`)]
          .filter((el) => el.getBoundingClientRect().right > width + 0.5)
          .map((el) => `${s}: ${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 40)}”`),
      );
    }, filled);
    for (const s of sticking) problems.push(`at ${size.width} px, wider than the screen: ${s}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  return problems;
}

describe('the demo’s discussed stories in a browser', () => {
  it('shows a visitor a long read with its comments, replies and reactions', async () => {
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(await storyUrl('after-the-inquest'));
      expect(await page.getByRole('heading', { level: 1, name: 'After the inquest' }).count()).toBe(1);
      expect(await page.locator('.waymark-story-body h2').count()).toBeGreaterThanOrEqual(5);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('survive the change of chief inspector?');
      expect(text).toContain('That is the part that makes it last. Well done.');
      expect(text).toContain('6 people find that this story resonates.');
      expect(await contentProblems(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows a partner the partnership’s story with its reply thread and the comment form', async () => {
    const page = await app.signedIn('hannah.birtwistle@kelbridge-wellbeing-network.example');
    await page.goto(await storyUrl('what-the-partnership-learned'));
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Count me in. Let’s start after the quarterly review.');
    expect(await page.getByRole('article', { name: 'Reply by Rosa Penhallow' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Post comment' }).count()).toBe(1);
    expect(await contentProblems(page)).toEqual([]);
  });
});
