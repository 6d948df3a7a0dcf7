// Moderation and discussion in a real browser: the council's moderator publishes a submitted story using
// only the keyboard; a reader comments on it, replies, edits, says it resonates and reports a comment; the
// moderator removes the reported comment. Every page these features add passes axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, seriousViolations, startBrowserApp } from '../support/browser.ts';

const people = {
  gareth: 'gareth.mbeki@northshire-county-council.example',
  morven: 'morven.quayle@northshire-county-council.example',
  amira: 'amira.okafor@northshire-county-council.example',
  tom: 'tom.haddley@northshire-county-council.example',
};
type Who = keyof typeof people;

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp();
});
afterAll(() => app?.close());

const signedIn = (who: Who) => app.signedIn(people[who]);

async function expectAxeClean(page: Page) {
  expect(await seriousViolations(page), page.url()).toEqual([]);
}

async function tabUntil(page: Page, match: (text: string, id: string) => boolean, limit = 150) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const [text, id] = await page.evaluate(() => [
      (document.activeElement as HTMLElement | null)?.textContent?.trim().replace(/\s+/g, ' ') ?? '',
      document.activeElement?.id ?? '',
    ]);
    if (match(text, id)) return;
  }
  throw new Error('The element was not reachable by Tab');
}

const storyId = async (slug: string) =>
  (await app.database.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

describe('moderating and discussing a story', () => {
  it('the moderator publishes a submitted story by keyboard', async () => {
    const page = await signedIn('gareth');
    // Moderation is in the header's menu: open it, then Tab to it.
    await tabUntil(page, (text) => text === 'Menu');
    await page.keyboard.press('Enter');
    await tabUntil(page, (text) => text === 'Moderation');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/moderation`);
    await expectAxeClean(page);
    await tabUntil(page, (text) => text === 'The rota nobody wanted');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/moderation\/stories\/[0-9a-f-]+$/);
    expect(await page.locator('h1').textContent()).toBe('The rota nobody wanted');
    await expectAxeClean(page);

    // The other decisions' pages, checked on the way (and left by Cancel).
    const id = await storyId('the-rota-nobody-wanted');
    for (const slug of ['request-changes', 'reject']) {
      await page.goto(`${app.waymark.url}/moderation/stories/${id}/${slug}`);
      await expectAxeClean(page);
      // Sending it without a reason shows the error, keeps the page accessible and changes nothing.
      await page.getByRole('button', { name: slug === 'reject' ? 'Reject story' : 'Send back for changes' }).click();
      await page.waitForSelector('.govuk-error-summary');
      await expectAxeClean(page);
    }
    await page.goto(`${app.waymark.url}/moderation/stories/${id}`);

    await tabUntil(page, (text) => text === 'Publish');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/moderation/stories/${id}/publish`);
    await expectAxeClean(page);
    await tabUntil(page, (text) => text === 'Publish story');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/moderation?done=publish`);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('The story is published');
    expect(await page.content()).not.toContain('The rota nobody wanted');
    await expectAxeClean(page);
    const row = await app.database.db
      .selectFrom('stories')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
  });

  it('the platform moderator sees public stories from every organisation', async () => {
    const page = await signedIn('morven');
    await page.goto(`${app.waymark.url}/moderation`);
    expect(await page.content()).toContain('Soup and a form');
    await expectAxeClean(page);
  });

  it('a reader comments, replies, edits and says the story resonates', async () => {
    const id = await storyId('the-rota-nobody-wanted');
    const page = await signedIn('amira');
    await page.goto(`${app.waymark.url}/stories/${id}`);
    await expectAxeClean(page);
    await tabUntil(page, (_text, elementId) => elementId === 'body');
    await page.keyboard.type('We tried the same with our **weekend** rota.');
    await tabUntil(page, (text) => text === 'Post comment');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#comment-/);
    expect(await page.locator('article strong', { hasText: 'weekend' }).count()).toBe(1);
    await expectAxeClean(page);

    await page.getByRole('button', { name: 'This resonates with me' }).click();
    await page.waitForURL(/#resonates$/);
    expect(await page.content()).toContain('1 person finds that this story resonates.');
    await expectAxeClean(page);

    // An empty comment keeps the reader on an accessible page that says what to do.
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await expectAxeClean(page);

    const comment = await app.database.db
      .selectFrom('comments')
      .select('id')
      .where('target_id', '=', id)
      .executeTakeFirstOrThrow();
    await page.goto(`${app.waymark.url}/comments/${comment.id}/edit`);
    await expectAxeClean(page);
    await page.fill('#body', 'We tried the same with our weekend rota, and it held.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/#comment-/);
    expect(await page.content()).toContain('(edited)');
    await page.goto(`${app.waymark.url}/comments/${comment.id}/delete`);
    await expectAxeClean(page);
    await page.goto(`${app.waymark.url}/account/notifications`);
    await expectAxeClean(page);

    const tom = await signedIn('tom');
    await tom.goto(`${app.waymark.url}/comments/${comment.id}/reply`);
    await expectAxeClean(tom);
    await tom.fill('#body', 'Which day did you start?');
    await tom.getByRole('button', { name: 'Post reply' }).click();
    await tom.waitForURL(/#comment-/);
    expect(await tom.content()).toContain('Which day did you start?');
    await tom.goto(`${app.waymark.url}/report/comment/${comment.id}`);
    await expectAxeClean(tom);
    await tom.fill('#reason', 'Testing the report form.');
    await tom.getByRole('button', { name: 'Send report' }).click();
    await tom.waitForSelector('.govuk-panel');
    await expectAxeClean(tom);
  });

  it('the moderator removes the reported comment', async () => {
    const page = await signedIn('gareth');
    await page.goto(`${app.waymark.url}/moderation`);
    await page.getByRole('link', { name: /Report on a comment/ }).click();
    await page.waitForURL(/\/moderation\/reports\//);
    await expectAxeClean(page);
    await page.getByRole('button', { name: 'Remove the comment' }).click();
    await page.waitForURL(/\/remove$/);
    await expectAxeClean(page);
    await page.fill('#reason', 'Removed in the browser test.');
    await page.getByRole('button', { name: 'Remove comment' }).click();
    await page.waitForURL(`${app.waymark.url}/moderation?done=removed`);
    const id = await storyId('the-rota-nobody-wanted');
    await page.goto(`${app.waymark.url}/stories/${id}`);
    expect(await page.content()).not.toContain('weekend rota, and it held');
    expect(await page.content()).toContain('This comment was removed.');

    // A moderator may also hide a comment straight from the story page.
    await page.getByRole('link', { name: /Hide the comment by Tom Haddley/ }).click();
    await page.waitForURL(/\/moderation\/comments\/[0-9a-f-]+\/hide$/);
    await expectAxeClean(page);
  });
});
