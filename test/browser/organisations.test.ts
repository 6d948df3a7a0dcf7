// Organisation pages in a real browser: every page an admin, HR/OD, a line manager or a platform admin
// reaches passes axe (with and without form errors), and a person in two organisations switches between
// them from the header, without JavaScript doing the work.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, seriousViolations, startBrowserApp } from '../support/browser.ts';

const people = {
  declan: 'declan.ashworth@northshire-county-council.example',
  morven: 'morven.quayle@northshire-county-council.example',
  tom: 'tom.haddley@northshire-county-council.example',
  amira: 'amira.okafor@northshire-county-council.example',
};
type Who = keyof typeof people;

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({
    // Amira also belongs to the charity, so she has somewhere to switch to.
    async beforeStart(database) {
      const charity = await database.db
        .selectFrom('organisations')
        .select('id')
        .where('slug', '=', 'kelbridge-wellbeing-network')
        .executeTakeFirstOrThrow();
      const amira = await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', people.amira)
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('memberships')
        .values({ org_id: charity.id, user_id: amira.id, role: 'member' })
        .execute();
    },
  });
});
afterAll(() => app?.close());

const signedIn = (who: Who) => app.signedIn(people[who]);

async function axeClean(page: Page, path: string, findings: Record<string, string[]>) {
  const response = await page.goto(`${app.waymark.url}${path}`);
  expect(response?.status(), path).toBe(200);
  const violations = await seriousViolations(page);
  if (violations.length) findings[path] = violations;
}

describe('organisation pages in the browser', () => {
  it('pass axe for an admin, with and without errors', async () => {
    const page = await signedIn('declan');
    const findings: Record<string, string[]> = {};
    const team = (
      await app.database.db
        .selectFrom('units')
        .select('id')
        .where('name', '=', 'Kelbridge Locality Team')
        .executeTakeFirstOrThrow()
    ).id;
    const amira = (
      await app.database.db.selectFrom('users').select('id').where('email', '=', people.amira).executeTakeFirstOrThrow()
    ).id;
    for (const path of [
      '/organisation',
      '/organisation/units',
      `/organisation/units/${team}`,
      `/organisation/units/${team}/delete`,
      '/organisation/members',
      '/organisation/members?q=nobody-at-all',
      `/organisation/members/${amira}`,
      `/organisation/members/${amira}/remove`,
      '/organisation/audit',
      '/organisation/retention',
      '/account/organisations',
      '/account/privacy',
      '/account/export',
      '/account/delete',
    ]) {
      await axeClean(page, path, findings);
    }
    // Errors: the summary links to the fields, which keep what was typed.
    await page.goto(`${app.waymark.url}/organisation/units`);
    await page.fill('#name', '');
    await page.getByRole('button', { name: 'Add unit' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the unit’s name');
    const errors = await seriousViolations(page);
    if (errors.length) findings['/organisation/units (errors)'] = errors;
    await page.goto(`${app.waymark.url}/organisation`);
    await page.fill('#name', '');
    await page.fill('#region', 'North East');
    await page.getByRole('button', { name: 'Save details' }).click();
    expect(await page.inputValue('#region')).toBe('North East');
    const settingsErrors = await seriousViolations(page);
    if (settingsErrors.length) findings['/organisation (errors)'] = settingsErrors;
    expect(findings).toEqual({});
  });

  it('pass axe for a line manager and a platform admin', async () => {
    const findings: Record<string, string[]> = {};
    const tom = await signedIn('tom');
    await axeClean(tom, '/team', findings);
    expect(await tom.content()).toContain('Amira Okafor');
    const morven = await signedIn('morven');
    await axeClean(morven, '/admin/organisations', findings);
    const message = await app.database.db
      .insertInto('email_outbox')
      .values({
        to_address: 'someone@example.org',
        subject: 'A test message',
        body_text: 'Hello',
        sent_at: null,
        last_error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await axeClean(morven, '/admin/email', findings);
    expect(await morven.content()).toContain('A test message');
    await axeClean(morven, `/admin/email/${message.id}`, findings);
    expect(findings).toEqual({});
  });

  it('let a person in two organisations switch from the header', async () => {
    const page = await signedIn('amira');
    const switcher = page.locator('#waymark-org-switcher');
    expect(await switcher.locator('option:checked').textContent()).toBe('Kelbridge Wellbeing Network');
    expect(await seriousViolations(page)).toEqual([]);
    await switcher.selectOption({ label: 'Northshire County Council' });
    await page.getByRole('button', { name: 'Switch organisation' }).click();
    await page.waitForURL(`${app.waymark.url}/`);
    expect(await page.locator('#waymark-org-switcher option:checked').textContent()).toBe('Northshire County Council');
  });
});
