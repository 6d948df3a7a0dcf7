// Notifications in a real browser: a colleague comments on Amira's story through the story page, and Amira
// finds it in her notifications, unread; opening it goes to the story's discussion; "Mark all as read"
// clears the list's unread marks. The list (with notifications, empty, and after marking all read) and the
// email settings beside it have no axe findings of any impact, at 1280 px and at 320 px, and nothing wider
// than the screen.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';

const amira = 'amira.okafor@northshire-county-council.example';
const tom = 'tom.haddley@northshire-county-council.example';
const gareth = 'gareth.mbeki@northshire-county-council.example';
const title = 'A story for the notifications test';

let b: BrowserApp;
let storyId: string;

beforeAll(async () => {
  b = await startBrowserApp({
    jobs: false,
    async beforeStart(database) {
      const db = database.db;
      const author = await db.selectFrom('users').select('id').where('email', '=', amira).executeTakeFirstOrThrow();
      const org = await db
        .selectFrom('memberships')
        .select('org_id')
        .where('user_id', '=', author.id)
        .executeTakeFirstOrThrow();
      storyId = (
        await db
          .insertInto('stories')
          .values({
            org_id: org.org_id,
            slug: 'a-story-for-the-notifications-test',
            title,
            form: 'quote',
            body: 'Words to comment on.',
            primary_characteristic: 'reflects',
            characteristics: ['reflects'],
            roles: [],
            place: '',
            author_id: author.id,
            visibility: 'organisation',
            space_id: null,
            status: 'published',
            submitted_at: new Date(),
            published_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    },
  });
}, 120_000);
afterAll(() => b?.close());

/** Axe findings of any impact, and how far the page is wider than the screen. */
async function check(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return {
    violations: results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target).join(', ')}`),
    overflow: await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  };
}

async function checkAtBothWidths(page: Page, label: string, failures: string[]) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    const { violations, overflow } = await check(page);
    for (const v of violations) failures.push(`${label} at ${width} px: ${v}`);
    if (overflow > 0) failures.push(`${label} at ${width} px: ${overflow} px too wide`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('notifications', () => {
  it('arrive from a colleague’s comment, open the story, and are marked read; every state passes axe and fits 320 px', async () => {
    const failures: string[] = [];

    // Before anything happens, Amira's list is empty.
    const mine = await b.signedIn(amira);
    await mine.goto(`${b.waymark.url}/notifications`);
    expect(await mine.locator('main').textContent()).toContain('You have no notifications yet.');
    await checkAtBothWidths(mine, 'empty list', failures);

    // Tom comments on her story through its page.
    const colleague = await b.signedIn(tom);
    await colleague.goto(`${b.waymark.url}/stories/${storyId}`);
    await colleague.getByLabel('Add a comment').fill('This helped me with my own team.');
    await colleague.getByRole('button', { name: 'Post comment' }).click();
    await colleague.waitForURL(/#comment-/);

    await mine.goto(`${b.waymark.url}/notifications`);
    const main = mine.locator('main');
    expect(await main.textContent()).toContain('You have 1 unread notification.');
    expect(await main.locator('li').first().textContent()).toMatch(/Unread\s*Tom Haddley commented on your story\./);
    await checkAtBothWidths(mine, 'list with an unread notification', failures);

    // Opening it goes to the story's discussion, where Tom's comment is; back in the list it is read.
    await mine.getByRole('link', { name: title }).click();
    await mine.waitForURL(`${b.waymark.url}/stories/${storyId}#comments`);
    expect(await mine.locator('main').textContent()).toContain('This helped me with my own team.');
    await mine.goto(`${b.waymark.url}/notifications`);
    expect(await main.textContent()).toContain('You have read all your notifications.');
    expect(await main.locator('li').first().textContent()).not.toContain('Unread');

    // A second comment, then "Mark all as read".
    await colleague.goto(`${b.waymark.url}/stories/${storyId}`);
    await colleague.getByLabel('Add a comment').fill('And one more thought.');
    await colleague.getByRole('button', { name: 'Post comment' }).click();
    await colleague.waitForURL(/#comment-/);
    await mine.goto(`${b.waymark.url}/notifications`);
    await mine.getByRole('button', { name: 'Mark all as read' }).click();
    await mine.waitForURL(`${b.waymark.url}/notifications?read=1`);
    expect(await main.textContent()).toContain('All your notifications are marked as read.');
    expect(await main.textContent()).not.toContain('Unread');
    await checkAtBothWidths(mine, 'list after marking all read', failures);

    // The email settings are a link away, and link back.
    await mine.getByRole('link', { name: 'email settings', exact: true }).click();
    await mine.waitForURL(`${b.waymark.url}/account/notifications`);
    expect(await mine.getByRole('link', { name: 'your notifications', exact: true }).getAttribute('href')).toBe(
      '/notifications',
    );
    await checkAtBothWidths(mine, 'email settings', failures);

    // Someone else cannot open Amira's notification.
    const id = await b.database.db
      .selectFrom('notifications')
      .select('id')
      .where('target_id', '=', storyId)
      .executeTakeFirstOrThrow();
    const other = await b.signedIn(gareth);
    const refused = await other.goto(`${b.waymark.url}/notifications/${id.id}`);
    expect(refused?.status()).toBe(404);

    expect(failures).toEqual([]);
  }, 180_000);
});
