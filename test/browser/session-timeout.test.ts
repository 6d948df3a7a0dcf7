// The warning before a signed-in session ends (WCAG 2.2.1): with the page's clock run forward, the warning
// opens 3 minutes before the idle limit (counted from a minute before the page loaded), takes focus, passes
// axe at 1280 and 320 px, and "Stay signed in" by keyboard renews the session on the server and starts the
// count again; "Sign out now" signs out. Without a session nothing is scheduled.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';
import { narrow, pageProblems, sidewaysScroll, wide } from '../support/page-checks.ts';

const amira = 'amira.okafor@northshire-county-council.example';
let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
});
afterAll(async () => {
  await app?.close();
});

/** Minutes after the page loaded when the warning should open: 30 idle, less the minute and the 3 warned. */
const warnedAfter = 30 - 1 - 3;

describe('the warning before a session ends', () => {
  it('opens before the idle limit, takes focus, passes axe, and staying signed in renews the session', async () => {
    const page = await app.signedIn(amira);
    await page.clock.install();
    await page.goto(`${app.waymark.url}/account`);
    const dialog = page.locator('dialog.waymark-timeout');
    await page.clock.runFor((warnedAfter - 1) * 60_000);
    expect(await dialog.isVisible()).toBe(false);
    await page.clock.runFor(90_000);
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.locator('h2').textContent()).toBe('You will be signed out soon');
    expect(await dialog.textContent()).toMatch(/you will be signed out at \d{1,2}:\d\d(am|pm)\./);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Stay signed in');
    expect(await pageProblems(page)).toEqual([]);
    await page.setViewportSize(narrow);
    expect(await sidewaysScroll(page)).toEqual([]);
    await page.setViewportSize(wide);

    // The stored session is made to end soon; staying signed in pushes it a whole idle limit on.
    await sql`update sessions set expire = now() + interval '2 minutes'`.execute(app.database.db);
    const renewed = page.waitForResponse((r) => r.url().endsWith('/account/session/keep'));
    // The checks above moved focus through every control; back to the button, then by keyboard.
    await dialog.getByRole('button', { name: 'Stay signed in' }).focus();
    await page.keyboard.press('Enter');
    expect((await renewed).status()).toBe(204);
    expect(await dialog.isVisible()).toBe(false);
    const { rows } = await sql<{ minutes: number }>`
      select extract(epoch from min(expire) - now()) / 60 as minutes from sessions`.execute(app.database.db);
    expect(Number(rows[0]?.minutes)).toBeGreaterThan(29);

    // The count starts again from the renewal: no warning until the idle limit is near once more.
    await page.clock.runFor((warnedAfter - 1) * 60_000);
    expect(await dialog.isVisible()).toBe(false);
    await page.clock.runFor(2 * 60_000);
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Sign out now' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/account'));
    expect(await page.locator('header').textContent()).toContain('Sign in');
  });

  it('is not scheduled for someone who is not signed in', async () => {
    const context = await app.browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${app.waymark.url}/framework`);
    await page.clock.runFor(60 * 60_000);
    expect(await page.locator('dialog.waymark-timeout').count()).toBe(0);
    await context.close();
  });
});
