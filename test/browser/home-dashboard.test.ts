// "Your Waymark" and the header in Chromium: the header stays on one row at 1280 px for an organisation admin
// with every role's links (and for a member and a visitor), its menu works by keyboard alone and without
// JavaScript, the brand link's focus is GOV.UK's yellow, the unread count arrives from a colleague's comment,
// and the home passes axe (every impact) at 1280 and 320 px with nothing scrolling sideways at 320 px.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';

const people = {
  morven: 'morven.quayle@northshire-county-council.example', // org admin and platform admin, council
  amira: 'amira.okafor@northshire-county-council.example', // member, council
  tom: 'tom.haddley@northshire-county-council.example', // line manager, council
};
const wide = { width: 1280, height: 800 };
const narrow = { width: 320, height: 640 };

let app: BrowserApp;
let morvensStory = '';

beforeAll(async () => {
  app = await startBrowserApp({
    jobs: false,
    // Morven holds every role the council has, and reviews public stories: the most links any header shows.
    async beforeStart(database) {
      const morven = await database.db
        .selectFrom('users')
        .innerJoin('memberships', 'memberships.user_id', 'users.id')
        .select(['users.id', 'memberships.org_id'])
        .where('users.email', '=', people.morven)
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('memberships')
        .values(
          (['line_manager', 'hr_od', 'moderator', 'coordinator'] as const).map((role) => ({
            org_id: morven.org_id,
            user_id: morven.id,
            role,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
      await database.db.updateTable('users').set({ platform_moderator: true }).where('id', '=', morven.id).execute();
      morvensStory = (
        await database.db
          .insertInto('stories')
          .values({
            org_id: morven.org_id,
            slug: 'morven-the-long-winter',
            title: 'The long winter of the county’s libraries',
            form: 'personal-narrative',
            body: 'We kept every library open through the winter by asking the people who used them.',
            primary_characteristic: 'rooted',
            characteristics: ['rooted'],
            roles: [],
            place: '',
            author_id: morven.id,
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
});
afterAll(() => app?.close());

/** Every axe finding on the page as it is now, of any impact. */
async function axeFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/**
 * The header's items (the brand and each top-level link or menu) as vertical bands; they sit on one row
 * when some height lies inside every band.
 */
async function headerRows(page: Page) {
  return page.evaluate(() => {
    const items = [
      document.querySelector('.waymark-header__brand'),
      ...document.querySelectorAll('.waymark-header__links > li'),
    ].filter((el): el is Element => el !== null);
    const bands = items.map((el) => {
      const box = el.getBoundingClientRect();
      return { text: el.textContent?.replace(/\s+/g, ' ').trim().slice(0, 30), top: box.top, bottom: box.bottom };
    });
    return {
      bands,
      oneRow: Math.max(...bands.map((b) => b.top)) < Math.min(...bands.map((b) => b.bottom)),
    };
  });
}

/** Presses Tab until the focused element's text matches; fails after `limit` presses. */
async function tabTo(page: Page, match: (text: string) => boolean, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(
      () => (document.activeElement as HTMLElement | null)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );
    if (match(text)) return i + 1;
  }
  throw new Error('Not reachable by Tab');
}

describe('the header and Your Waymark', () => {
  it('keeps the header on one row at 1280 px for an admin with every role, a member and a visitor', async () => {
    const morven = await app.signedIn(people.morven);
    await morven.setViewportSize(wide);
    const rows = await headerRows(morven);
    expect(rows.oneRow, JSON.stringify(rows.bands)).toBe(true);
    // The rest are in the menu: every link her roles reach is there.
    const inMenu = await morven.locator('.waymark-header__menu-list a').allTextContents();
    expect(inMenu.map((t) => t.trim())).toEqual([
      'Your stories',
      'Spaces',
      'Your team',
      'Organisation',
      'Moderation',
      'Platform',
      'Your account',
      'API',
    ]);

    const amira = await app.signedIn(people.amira);
    await amira.setViewportSize(wide);
    expect((await headerRows(amira)).oneRow).toBe(true);

    const visitor = await app.browser.newContext({ viewport: wide });
    const page = await visitor.newPage();
    await page.goto(`${app.waymark.url}/stories`);
    expect((await headerRows(page)).oneRow).toBe(true);
    await visitor.close();
  });

  it('opens the menu and follows a link in it by keyboard alone, with a visible focus on the brand', async () => {
    const page = await app.signedIn(people.morven);
    await page.setViewportSize(wide);
    await page.goto(`${app.waymark.url}/`);
    await tabTo(page, (text) => text === 'Waymark');
    const brandFocus = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { color: style.color, background: style.backgroundColor, shadow: style.boxShadow };
    });
    // GOV.UK's focus: near-black text on yellow with a dark bar beneath (far beyond 3:1 against the teal).
    expect(brandFocus).toMatchObject({ color: 'rgb(11, 12, 12)', background: 'rgb(255, 221, 0)' });
    expect(brandFocus.shadow).toContain('rgb(11, 12, 12)');

    await tabTo(page, (text) => text === 'Menu');
    expect(await page.locator('.waymark-header__menu').getAttribute('open')).toBeNull();
    await page.keyboard.press('Enter');
    expect(await page.locator('.waymark-header__menu').getAttribute('open')).not.toBeNull();
    // The next Tab goes into the menu, in order.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Your stories');
    await tabTo(page, (text) => text === 'Organisation', 6);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/organisation`);
    expect(
      await page
        .locator('.waymark-header__link[aria-current], .waymark-header__menu-link[aria-current]')
        .allTextContents(),
    ).toEqual(['Organisation']);
    // Escape closes it from inside and puts focus back on the toggle (the script's enhancement).
    await page.goto(`${app.waymark.url}/`);
    await tabTo(page, (text) => text === 'Menu');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await page.locator('.waymark-header__menu').getAttribute('open')).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Menu');
    // Space closes it again from the toggle.
    await page.goto(`${app.waymark.url}/`);
    await tabTo(page, (text) => text === 'Menu');
    await page.keyboard.press('Space');
    expect(await page.locator('.waymark-header__menu').getAttribute('open')).not.toBeNull();
    await page.keyboard.press('Space');
    expect(await page.locator('.waymark-header__menu').getAttribute('open')).toBeNull();
  });

  it('shows the unread count from a colleague’s comment, and Your Waymark lists the comment', async () => {
    const tom = await app.signedIn(people.tom);
    await tom.goto(`${app.waymark.url}/stories/${morvensStory}`);
    await tom.fill('#body', 'We did the same with the mobile library, and it worked.');
    await tom.getByRole('button', { name: 'Post comment' }).click();
    await tom.waitForURL(/#comment-/);

    const morven = await app.signedIn(people.morven);
    await morven.goto(`${app.waymark.url}/`);
    const notifications = morven.getByRole('link', { name: /^Notifications/ });
    expect((await notifications.textContent())?.replace(/\s+/g, ' ').trim()).toBe('Notifications (1 unread)');
    expect(await morven.locator('.waymark-header__count').isVisible()).toBe(true);
    await morven
      .getByRole('link', { name: 'Tom Haddley commented on your story “The long winter of the county’s libraries”' })
      .click();
    await morven.waitForURL(new RegExp(`/stories/${morvensStory}#comment-`));
  });

  it('passes axe at 1280 and 320 px, menu closed and open, with nothing scrolling sideways at 320 px', async () => {
    const page = await app.signedIn(people.morven);
    for (const open of [false, true]) {
      await page.goto(`${app.waymark.url}/`);
      if (open) await page.locator('.waymark-header__toggle').click();
      for (const size of [wide, narrow]) {
        await page.setViewportSize(size);
        expect(await axeFindings(page), `${size.width} px, menu ${open ? 'open' : 'closed'}`).toEqual([]);
        if (size === narrow) expect(await scrollsSideways(page), `menu ${open ? 'open' : 'closed'}`).toBe(false);
      }
    }
    // Both buttons are there to start something (GOV.UK's link buttons carry the button role).
    await page.setViewportSize(wide);
    expect(await page.getByRole('button', { name: 'Write a story' }).getAttribute('href')).toBe('/stories/new');
    expect(await page.getByRole('button', { name: 'Start a pair exercise' }).getAttribute('href')).toBe('/pair/new');
  });

  it('works without JavaScript: the menu opens and signs out', async () => {
    const credential = app.credentials.find((c) => c.email === people.amira);
    if (!credential) throw new Error('no demo credential for Amira');
    const context = await app.browser.newContext({ javaScriptEnabled: false, viewport: narrow });
    try {
      const page = await context.newPage();
      await page.goto(`${app.waymark.url}/sign-in`);
      await page.fill('#email', credential.email);
      await page.fill('#password', credential.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${app.waymark.url}/`);
      expect(await page.locator('h1').textContent()).toBe('Your Waymark');
      expect(await scrollsSideways(page)).toBe(false);
      await page.getByText('Menu', { exact: true }).click();
      expect(await scrollsSideways(page)).toBe(false);
      await page.getByRole('button', { name: /^Sign out/ }).click();
      await page.waitForURL(`${app.waymark.url}/`);
      expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
