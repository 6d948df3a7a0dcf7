// Writing a story in a real browser, by keyboard: the form, a mistake kept with its error summary, the
// server-rendered preview, autosave's quiet "Saved at" status, consent, submitting; every page passes axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { DemoCredential } from '../../src/demo/seed.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser, seriousViolations, signInThroughForm } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let waymark: RunningWaymark;
let browser: Browser;
let credentials: DemoCredential[];

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  const config = loadConfig({ DATABASE_URL: database.url, SESSION_SECRET: 'w'.repeat(40), PORT: '0' });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await waymark?.stop();
  await database?.drop();
});

const amira = () =>
  credentials.find((c) => c.email === 'amira.okafor@northshire-county-council.example') as DemoCredential;

/** Moves focus with the Tab key until the element matching `selector` has it. */
async function tabTo(page: Page, selector: string) {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`could not reach ${selector} by keyboard`);
}

async function expectAccessible(page: Page, where: string) {
  expect(await seriousViolations(page), where).toEqual([]);
}

describe('writing a story in the browser', () => {
  it('writes, previews, autosaves and submits a story by keyboard, every page passing axe', async () => {
    const { context, page } = await signInThroughForm(browser, waymark.url, amira());
    try {
      await page.goto(`${waymark.url}/account/stories`);
      await expectAccessible(page, 'your stories');
      await page.goto(`${waymark.url}/stories/new`);
      await expectAccessible(page, 'new story');

      // A mistake first: no title. The page keeps the words and lists the problem.
      await tabTo(page, '#body');
      await page.keyboard.type('We held the drop-in at the library, and Jo Rivers brought the **tea**.');
      await tabTo(page, 'button[value="save"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.govuk-error-summary');
      expect(await page.inputValue('#body')).toContain('Jo Rivers brought');
      await expectAccessible(page, 'new story with errors');

      await page.focus('#title');
      await page.keyboard.type('Tea at the library');
      await page.selectOption('#primaryCharacteristic', 'locality');
      await page.focus('#namedName-0');
      await page.keyboard.type('Jo Rivers');
      // Kept as a private note for now, which cannot be submitted (the form starts with the organisation).
      await page.getByLabel('Only me').check();
      await tabTo(page, 'button[value="preview"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#preview-heading');
      expect(await page.innerHTML('.waymark-story-body')).toContain('<strong>tea</strong>');
      expect(await page.inputValue('#title')).toBe('Tea at the library');
      await expectAccessible(page, 'preview');

      // Autosave: a change, then the quiet status (the first save creates the draft and moves to its URL).
      await page.focus('#place');
      await page.keyboard.type('Kelbridge');
      await page.waitForFunction(
        () => /Saved at \d{1,2}:\d\d[ap]m/.test(document.getElementById('autosave-status')?.textContent ?? ''),
        undefined,
        { timeout: 15_000 },
      );
      expect(page.url()).toMatch(/\/stories\/[0-9a-f-]{36}\/edit$/);
      const id = /\/stories\/([0-9a-f-]{36})\/edit/.exec(page.url())?.[1] ?? '';
      const saved = await database.db
        .selectFrom('stories')
        .select(['place', 'title'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(saved).toEqual({ place: 'Kelbridge', title: 'Tea at the library' });

      // Save by the button: the edit page with its consent table.
      await tabTo(page, 'button[value="save"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('text=Your draft is saved.');
      await expectAccessible(page, 'edit with consent table');

      // Jo has no email address: anonymise her instead, with a stand-in name.
      await page.getByRole('link', { name: 'Anonymise Jo Rivers' }).click();
      await expectAccessible(page, 'anonymise');
      await page.focus('#alias');
      await page.keyboard.type('a volunteer');
      await tabTo(page, 'button.govuk-button:not(.govuk-button--secondary):not(.govuk-button--inverse)');
      await page.keyboard.press('Enter');
      await page.waitForSelector('text=The person is anonymised.');
      expect(await page.inputValue('#body')).toContain('a volunteer brought');

      await page.goto(`${waymark.url}/stories/${id}/submit`);
      expect(await page.textContent('main')).toContain('Select who may read your story');
      await expectAccessible(page, 'submit, not ready');
      await page.goto(`${waymark.url}/stories/${id}/edit`);
      await page.check('#visibility-2');
      await page.getByRole('button', { name: 'Save and check before submitting' }).click();
      await page.waitForURL(`${waymark.url}/stories/${id}/submit`);
      await expectAccessible(page, 'submit, ready');
      await tabTo(page, 'form[action$="/submit"] button');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/account\/stories/);
      expect(await page.textContent('main')).toContain('Waiting for moderation');
      await page.goto(`${waymark.url}/stories/${id}/withdraw`);
      await expectAccessible(page, 'withdraw confirmation');
      await page.goto(`${waymark.url}/stories/${id}/delete`);
      await expectAccessible(page, 'delete page');
      await page.goto(`${waymark.url}/stories/rescued`);
      await expectAccessible(page, 'rescued text (none)');
      await page.goto(`${waymark.url}/stories/${id}`);
      expect(await page.textContent('main')).toContain('Your story: Waiting for moderation');
    } finally {
      await context.close();
    }
  });

  it('the consent page passes axe for a person without an account', async () => {
    const { context, page } = await signInThroughForm(browser, waymark.url, amira());
    try {
      await page.goto(`${waymark.url}/stories/new`);
      await page.fill('#title', 'With Sam');
      await page.fill('#body', 'Sam Okoro opened the doors.');
      await page.selectOption('#primaryCharacteristic', 'equals');
      await page.fill('#namedName-0', 'Sam Okoro');
      await page.fill('#namedEmail-0', 'sam@example.org');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForSelector('text=Your draft is saved.');
      await page.getByRole('button', { name: 'Ask for consent from Sam Okoro' }).click();
      await page.waitForSelector('text=We emailed the link asking for consent.');
    } finally {
      await context.close();
    }
    const mail = await database.db
      .selectFrom('email_outbox')
      .select('body_text')
      .where('to_address', '=', 'sam@example.org')
      .executeTakeFirstOrThrow();
    const path = /\/consent\/[A-Za-z0-9_-]+/.exec(mail.body_text)?.[0] ?? '';
    const visitor = await browser.newContext();
    try {
      const page = await visitor.newPage();
      await page.goto(`${waymark.url}${path}`);
      await expectAccessible(page, 'consent page');
      await page.getByRole('button', { name: 'Send my answer' }).click();
      await page.waitForSelector('.govuk-error-summary');
      await expectAccessible(page, 'consent page with error');
      await page.getByLabel('Yes, I give my consent').check();
      await page.getByRole('button', { name: 'Send my answer' }).click();
      await page.waitForSelector('text=You gave your consent');
      await expectAccessible(page, 'consent given');
      await page.goto(`${waymark.url}${path}`);
      await expectAccessible(page, 'consent link spent');
    } finally {
      await visitor.close();
    }
  });

  it('keeps the text when the session ends mid-edit, and saves it after signing in again', async () => {
    const { context, page } = await signInThroughForm(browser, waymark.url, amira());
    try {
      await page.goto(`${waymark.url}/stories/new`);
      await page.fill('#title', 'Cut off mid-sentence');
      await page.selectOption('#primaryCharacteristic', 'reflects');
      await page.fill('#body', 'The first words.');
      await page.waitForFunction(
        () => /Saved at/.test(document.getElementById('autosave-status')?.textContent ?? ''),
        undefined,
        {
          timeout: 15_000,
        },
      );
      // The session ends (as after 30 idle minutes): the browser no longer holds it.
      await context.clearCookies();
      await page.fill('#body', 'The first words, and the ones written after the session ended.');
      await page.waitForSelector('#autosave-status a', { timeout: 15_000 });
      expect(await page.textContent('#autosave-status')).toContain('You were signed out');
      await page.click('#autosave-status a');
      await page.waitForURL(/\/sign-in/);
      await page.fill('#email', amira().email);
      await page.fill('#password', amira().password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${waymark.url}/stories/rescued`);
      expect(await page.textContent('main')).toContain('the ones written after the session ended');
      await expectAccessible(page, 'rescued text');
      await page.getByRole('button', { name: 'Save it as my draft' }).click();
      await page.waitForSelector('text=Your draft is saved.');
      expect(await page.inputValue('#body')).toBe('The first words, and the ones written after the session ended.');
    } finally {
      await context.close();
    }
  });
});
