// The pages the shared hallway of content kinds changed, in a real browser at a desktop width and at 320 px:
// the email choices (one per kind of event), the moderation queue and a review page, a story page with its
// discussion, and the reply and edit forms for a comment. No serious or critical axe findings, and nothing
// wider than the screen.
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
const pages: string[] = ['/account/notifications', '/moderation'];

// The demo's platform moderator: she reviews public stories, so the review page below is hers.
const morven = 'morven.quayle@northshire-county-council.example';

beforeAll(async () => {
  database = await createTestDatabase();
  const credentials = (await seedDemo(database.db)) ?? [];
  const db = database.db;
  const waiting = await db
    .selectFrom('stories')
    .select('id')
    .where('status', '=', 'submitted')
    .where('visibility', '=', 'public')
    .executeTakeFirstOrThrow();
  const published = await db
    .selectFrom('stories')
    .select(['id', 'org_id'])
    .where('status', '=', 'published')
    .where('visibility', '=', 'public')
    .orderBy('published_at', 'desc')
    .executeTakeFirstOrThrow();
  const me = await db.selectFrom('users').select('id').where('email', '=', morven).executeTakeFirstOrThrow();
  const comment = await db
    .insertInto('comments')
    .values({
      org_id: published.org_id,
      target_type: 'story',
      target_id: published.id,
      author_id: me.id,
      body: 'A comment to *reply* to.',
      edited_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  pages.push(
    `/moderation/stories/${waiting.id}`,
    `/stories/${published.id}`,
    `/comments/${comment.id}/reply`,
    `/comments/${comment.id}/edit`,
    `/comments/${comment.id}/delete`,
  );
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

describe('pages the content kinds changed', () => {
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
});
