// Articles in Chromium, by keyboard: Tannerside's editor writes an article, schedules it (nobody else can
// open it yet), publishes it now after the confirmation page, and comments on it. Every page passes axe at any
// impact at 1280 and 320 px, with visible focus and no sideways scrolling.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';
import { pageProblems } from '../support/page-checks.ts';

let app: BrowserApp;
let page: Page;
const editor = 'yasmin.farrant@tannerside-council.example';

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
  page = await app.signedIn(editor);
}, 120_000);
afterAll(() => app?.close());

async function type(label: string, text: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.insertText(text);
}

async function press(button: string) {
  await page.getByRole('button', { name: button, exact: true }).focus();
  await page.keyboard.press('Enter');
}

describe('writing, scheduling and publishing an article', () => {
  it('schedules, publishes and takes a comment, all by keyboard', { timeout: 180_000 }, async () => {
    const base = app.waymark.url;
    await page.goto(`${base}/articles/manage`);
    expect(await pageProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Write an article' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/articles/new`);
    expect(await pageProblems(page)).toEqual([]);

    await type('Title', 'Shadowing a district nurse for a week');
    await type('Summary (optional)', 'A planner on what a week of home visits taught her.');
    await type('Article', 'On Monday we saw nine people.\n\nBy Friday I had rewritten my draft policy.');
    await page.getByLabel('Research summary').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Everyone, including people who are not signed in').focus();
    await page.keyboard.press('Space');
    await press('Save and preview');
    await page.waitForURL(/\/articles\/[0-9a-f-]{36}\/preview\?done=saved$/);
    const id = /\/articles\/([0-9a-f-]{36})\//.exec(page.url())?.[1] as string;
    expect(await page.locator('#article-state').textContent()).toContain('Draft');
    expect(await pageProblems(page)).toEqual([]);

    // Scheduled for tomorrow: nobody else can open it until then.
    await page.getByRole('link', { name: 'Schedule for later' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/articles/${id}/schedule`);
    expect(await pageProblems(page)).toEqual([]);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    await type('Day', String(tomorrow.getUTCDate()));
    await type('Month', String(tomorrow.getUTCMonth() + 1));
    await type('Year', String(tomorrow.getUTCFullYear()));
    await type('Time to publish (UK time)', '10:00');
    await press('Schedule');
    await page.waitForURL(`${base}/articles/${id}/preview?done=scheduled`);
    expect(await page.locator('#article-state').textContent()).toContain('Scheduled');
    expect(await pageProblems(page)).toEqual([]);
    const anonymous = await app.browser.newContext();
    const visitor = await anonymous.newPage();
    expect((await visitor.goto(`${base}/articles/${id}`))?.status()).toBe(404);
    await visitor.goto(`${base}/articles`);
    expect(await visitor.locator('main').textContent()).not.toContain('Shadowing a district nurse');

    // Published now, after saying so on the confirmation page.
    await page.getByRole('link', { name: 'Publish now' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/articles/${id}/publish`);
    expect(await pageProblems(page)).toEqual([]);
    await press('Publish now');
    await page.waitForURL(`${base}/articles/${id}/preview?done=published`);
    expect((await visitor.goto(`${base}/articles/${id}`))?.status()).toBe(200);
    expect(await visitor.locator('h1').textContent()).toBe('Shadowing a district nurse for a week');
    await anonymous.close();

    // A comment under it, through the shared discussion.
    await page.goto(`${base}/articles/${id}`);
    expect(await pageProblems(page)).toEqual([]);
    await type('Add a comment', 'We did the same with the reablement team last spring.');
    await press('Post comment');
    await page.waitForURL(new RegExp(`/articles/${id}#comment-`));
    expect(await page.locator('main').textContent()).toContain('We did the same with the reablement team last spring.');
    expect(await pageProblems(page)).toEqual([]);
  });
});
