// Writing that guides and reading, in Chromium (issue 19, scopes 7 and 8): fields revealed only when they
// apply, with and without JavaScript; autosave's status seen while typing ("Saving…", "Saved at", "Not saved:
// check your connection"); a suggestion applied with one click without JavaScript (and Enter still saving);
// the story page's details never broken mid-word; its print style; and every page on the way passing axe
// (any impact) at 1280 and 320 px with nothing scrolling sideways at 320 px.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';
import { axeFindings, narrow, sidewaysScroll, wide } from '../support/page-checks.ts';

const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, council; in a shared space
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, council
};
const long =
  'I spent a year in the neighbourhood, knocking on doors, learning the streets and who runs the community centre. Local knowledge of the place changed how we planned the service with residents.';

let app: BrowserApp;
let storyId = '';
let waitingId = '';

beforeAll(async () => {
  app = await startBrowserApp({
    jobs: false,
    // A published story told with a partner who agreed, by an author with other stories, and one waiting.
    async beforeStart(database) {
      const db = database.db;
      const amira = await db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select(['users.id', 'memberships.org_id'])
        .where('users.email', '=', people.amira)
        .executeTakeFirstOrThrow();
      const base = {
        org_id: amira.org_id,
        form: 'profile' as const,
        primary_characteristic: 'supportive',
        characteristics: ['supportive', 'equals', 'locality'],
        roles: ['networker', 'system-translator'],
        place: 'Kelbridge, Ashby Moor ward',
        author_id: amira.id,
        space_id: null,
      };
      const body = `${long}\n\nRead more at https://example.org/a-very-long-address-that-goes-on-and-on-without-a-single-space-in-it`;
      const rows = await db
        .insertInto('stories')
        .values([
          {
            ...base,
            slug: 'reading-main',
            title: 'The warm room at Ashby Moor',
            body,
            visibility: 'public',
            status: 'published',
            published_at: new Date(),
          },
          {
            ...base,
            slug: 'reading-older',
            title: 'The second winter',
            body: long,
            visibility: 'public',
            status: 'published',
            published_at: new Date(Date.now() - 86_400_000),
          },
          {
            ...base,
            slug: 'reading-waiting',
            title: 'Waiting for a moderator',
            body: long,
            visibility: 'organisation',
            status: 'submitted',
            submitted_at: new Date(),
            published_at: null,
          },
        ])
        .returning('id')
        .execute();
      storyId = rows[0]?.id ?? '';
      waitingId = rows[2]?.id ?? '';
      await db
        .insertInto('story_people')
        .values({
          org_id: amira.org_id,
          story_id: storyId,
          relation: 'told_with',
          user_id: null,
          name: 'Sam Achebe',
          email: null,
          consent: 'given',
        })
        .execute();
    },
  });
});
afterAll(() => app?.close());

/** Axe at 1280 and 320 px (any impact) and no sideways scrolling at 320 px; the page is left at 1280 px. */
async function expectFine(page: Page, where: string) {
  const problems: string[] = [];
  await page.setViewportSize(wide);
  for (const f of await axeFindings(page)) problems.push(`at 1280 px: ${f}`);
  await page.setViewportSize(narrow);
  problems.push(...(await sidewaysScroll(page)));
  for (const f of await axeFindings(page)) problems.push(`at 320 px: ${f}`);
  await page.setViewportSize(wide);
  expect(problems, where).toEqual([]);
}

/** A context without JavaScript, signed in through the form. */
async function withoutScript(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const credential = app.credentials.find((c) => c.email === email);
  if (!credential) throw new Error(`no demo credential for ${email}`);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${app.waymark.url}/sign-in`);
  await page.fill('#email', credential.email);
  await page.fill('#password', credential.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${app.waymark.url}/`);
  return { context, page };
}

describe('writing', () => {
  it('reveals the profile’s subject and the shared space only when chosen, with JavaScript', async () => {
    const page = await app.signedIn(people.amira);
    await page.goto(`${app.waymark.url}/stories/new`);
    expect(await page.isVisible('#subjectName')).toBe(false);
    expect(await page.isVisible('#spaceId')).toBe(false);
    await expectFine(page, 'new story');
    await page.getByLabel('Profile of someone').check();
    expect(await page.isVisible('#subjectName')).toBe(true);
    // GOV.UK's script marks the radio aria-expanded, which ARIA does not allow on a radio: waymark.js takes it off.
    expect(await page.getAttribute('#form-2', 'aria-expanded')).toBeNull();
    await page.getByLabel('A shared space I belong to').check();
    expect(await page.isVisible('#spaceId')).toBe(true);
    await expectFine(page, 'new story, both revealed');
    // The preview and its suggestions, and a suggestion applied (axe needs the script, so it runs here).
    await page.fill('#subjectName', 'Ruth Mensah');
    await page.fill('#title', 'Knowing the streets');
    await page.fill('#body', long);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForSelector('#preview-heading');
    expect(await page.isVisible('#subjectName')).toBe(true);
    await expectFine(page, 'preview with suggestions');
    await page.locator('button[name="apply"]').first().click();
    await page.waitForSelector('#tag-suggestions [role="status"]');
    await expectFine(page, 'suggestion applied');
  });

  it('shows every field without JavaScript, and applies a suggestion with one click, keeping what was typed', async () => {
    const { context, page } = await withoutScript(app.browser, people.amira);
    try {
      await page.goto(`${app.waymark.url}/stories/new`);
      expect(await page.isVisible('#subjectName')).toBe(true);
      expect(await page.isVisible('#spaceId')).toBe(true);
      await page.fill('#title', 'Knowing the streets');
      await page.fill('#body', long);
      await page.fill('#namedName-0', 'Jo Rivers');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.waitForSelector('#preview-heading');
      expect(await page.locator('input[name="namedName"]').count()).toBe(4);

      const add = page.locator('button[name="apply"][value^="characteristic:"]').first();
      const key = ((await add.getAttribute('value')) ?? '').split(':')[1] ?? '';
      await add.click();
      await page.waitForURL(/#tag-suggestions$/);
      expect(await page.inputValue('#primaryCharacteristic')).toBe(key);
      expect(await page.inputValue('#title')).toBe('Knowing the streets');
      expect(await page.inputValue('#body')).toBe(long);
      expect(await page.inputValue('#namedName-0')).toBe('Jo Rivers');
      expect(await page.textContent('#tag-suggestions')).toContain('Save your draft to keep it.');

      // Enter in a field saves the draft: the suggestions' buttons are not the form's first.
      await page.focus('#title');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/stories\/[0-9a-f-]{36}\/edit\?saved=1$/);
      expect(await page.textContent('main')).toContain('Your draft is saved.');
    } finally {
      await context.close();
    }
  });

  it('keeps autosave’s status in view while typing: saving, saved, and not saved when offline', async () => {
    const page = await app.signedIn(people.amira);
    await page.setViewportSize(wide);
    await page.goto(`${app.waymark.url}/stories/new`);
    expect(await page.getAttribute('#autosave-status', 'role')).toBe('status');
    expect(await page.getAttribute('#autosave-status', 'aria-live')).toBe('polite');
    await page.evaluate(() => {
      const status = document.getElementById('autosave-status') as HTMLElement;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.fill('#title', 'Typed, not clicked');
    await page.selectOption('#primaryCharacteristic', 'reflects');
    await page.focus('#body');
    await page.keyboard.type('The first words of a story. ');
    await page.waitForFunction(
      () => /^Saved at \d{1,2}:\d\d[ap]m$/.test(document.getElementById('autosave-status')?.textContent ?? ''),
      undefined,
      { timeout: 15_000 },
    );
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.indexOf('Saving…')).toBeGreaterThanOrEqual(0);
    expect(seen.findIndex((s) => s.startsWith('Saved at'))).toBeGreaterThan(seen.indexOf('Saving…'));
    // The body has the focus, far above the status in the page; the status is still on screen.
    const inView = () =>
      page.evaluate(() => {
        const r = (document.getElementById('autosave-status') as HTMLElement).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('body');
    expect(await inView()).toBe(true);

    await page.context().setOffline(true);
    await page.keyboard.type('And more, written on a train. ');
    await page.waitForFunction(
      () =>
        (document.getElementById('autosave-status')?.textContent ?? '').startsWith('Not saved: check your connection'),
      undefined,
      { timeout: 15_000 },
    );
    expect(await inView()).toBe(true);
    await page.context().setOffline(false);
    await page.waitForFunction(
      () => /^Saved at/.test(document.getElementById('autosave-status')?.textContent ?? ''),
      undefined,
      { timeout: 15_000 },
    );
    await expectFine(page, 'story form while autosaving');
  });

  it('links each missing thing on the submit page to its field', async () => {
    const page = await app.signedIn(people.amira);
    await page.goto(`${app.waymark.url}/stories/new`);
    await page.fill('#title', 'Not ready yet');
    await page.selectOption('#primaryCharacteristic', 'reflects');
    await page.getByLabel('Only me').check();
    await page.getByRole('button', { name: 'Save and check before submitting' }).click();
    await page.waitForURL(/\/submit$/);
    await expectFine(page, 'submit page, not ready');
    await page.getByRole('link', { name: 'Write your story' }).first().click();
    await page.waitForURL(/\/edit#body$/);
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('body');
  });
});

describe('reading', () => {
  /** Words in the story's details drawn across two lines (a word broken in the middle). */
  const brokenWords = (page: Page) =>
    page.evaluate(() => {
      const broken: string[] = [];
      for (const el of document.querySelectorAll(
        '.waymark-story-details, .waymark-story__meta, .waymark-story__title',
      )) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (const m of (n.textContent ?? '').matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(n, m.index ?? 0);
            range.setEnd(n, (m.index ?? 0) + m[0].length);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) broken.push(m[0]);
          }
        }
      }
      return broken;
    });

  it('never breaks a word of the story’s details, marks the primary characteristic, and credits the partner', async () => {
    const context = await app.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${app.waymark.url}/stories/${storyId}`);
      for (const width of [1280, 700, 320]) {
        await page.setViewportSize({ width, height: 800 });
        expect(await brokenWords(page), `at ${width} px`).toEqual([]);
      }
      const primary = page.locator('.waymark-story-details li', { hasText: 'Primary' });
      expect(await primary.count()).toBe(1);
      expect(await primary.textContent()).toContain('Flexible, supportive organisations');
      expect(await page.textContent('.waymark-story__meta')).toMatch(/^1 minute read · Told with Sam Achebe$/);
      expect(await page.textContent('#by-author-heading')).toBe('More from Amira Okafor');
      await expectFine(page, 'story page');

      // Printed: the story alone, with no header, navigation, footer or forms.
      await page.emulateMedia({ media: 'print' });
      for (const selector of ['.waymark-header', '.waymark-footer', 'nav', 'form']) {
        const shown = await page.$$eval(
          selector,
          (els) => els.filter((e) => getComputedStyle(e).display !== 'none').length,
        );
        expect(shown, `${selector} in print`).toBe(0);
      }
      expect(await page.isVisible('.waymark-story-body')).toBe(true);
      await page.emulateMedia({ media: 'screen' });
    } finally {
      await context.close();
    }
  });

  it('shows a moderator the story before the decision, and a note field when publishing', async () => {
    const page = await app.signedIn(people.gareth);
    await page.goto(`${app.waymark.url}/moderation/stories/${waitingId}`);
    const order = await page.evaluate(() => {
      const headings = [...document.querySelectorAll('main h2')].map((h) => h.textContent?.trim() ?? '');
      return [headings.findIndex((h) => h.includes('as readers would see it')), headings.indexOf('Your decision')];
    });
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[1]).toBeGreaterThan(order[0] ?? 0);
    await expectFine(page, 'review page');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.waitForURL(/\/publish$/);
    await page.fill('#reason', 'Thank you for this one.');
    await expectFine(page, 'publish with a note');
    await page.getByRole('button', { name: 'Publish story' }).click();
    await page.waitForURL(/\/moderation\?done=publish/);
  });
});
