// A cross-organisation journey in a real browser: a county council's admin creates a space and invites a
// charity; the charity's admin accepts for everyone; each side shares a story; then a member of each sees
// both shared stories and nothing else of the other organisation's. Pages pass axe; forms work by keyboard.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, seriousViolations, startBrowserApp } from '../support/browser.ts';

const council = 'northshire-county-council';
const charity = 'kelbridge-wellbeing-network';
const people = {
  declan: 'declan.ashworth@northshire-county-council.example',
  amira: 'amira.okafor@northshire-county-council.example',
  tom: 'tom.haddley@northshire-county-council.example',
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example',
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
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

async function tabUntil(page: Page, match: (text: string, id: string) => boolean, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const [text, id] = await page.evaluate(() => [
      (document.activeElement as HTMLElement | null)?.textContent?.trim() ?? '',
      document.activeElement?.id ?? '',
    ]);
    if (match(text, id)) return;
  }
  throw new Error('The element was not reachable by Tab');
}

const idOf = async (slug: string, table: 'organisations' | 'users' | 'spaces') => {
  if (table === 'users') {
    return (await app.database.db.selectFrom('users').select('id').where('email', '=', slug).executeTakeFirstOrThrow())
      .id;
  }
  return (await app.database.db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
};

/** Stories are written straight into the database until story writing exists. */
async function story(input: {
  org: string;
  author: Who;
  title: string;
  visibility: 'space' | 'organisation' | 'private';
  spaceSlug?: string;
}) {
  const row = await app.database.db
    .insertInto('stories')
    .values({
      org_id: await idOf(input.org, 'organisations'),
      slug: input.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: input.title,
      form: 'personal-narrative',
      body: `${input.title}. A short account of practice, written for the journey test.`,
      primary_characteristic: 'leadership',
      characteristics: ['leadership'],
      roles: [],
      place: 'Northshire',
      author_id: await idOf(people[input.author], 'users'),
      visibility: input.visibility,
      space_id: input.spaceSlug ? await idOf(input.spaceSlug, 'spaces') : null,
      status: 'published',
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, title: input.title };
}

describe('a council and a charity share a space', () => {
  const slug = 'kelbridge-carers-partnership';
  let shared: { id: string; title: string }[] = [];
  let councilOnly: { id: string; title: string }[] = [];
  let charityOnly: { id: string; title: string }[] = [];

  it('the council’s admin creates the space by keyboard and invites the charity', async () => {
    const page = await signedIn('declan');
    // Spaces is in the header's menu: open it, then Tab to it.
    await tabUntil(page, (text) => text === 'Menu');
    await page.keyboard.press('Enter');
    await tabUntil(page, (text) => text === 'Spaces');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/spaces`);
    await expectAxeClean(page);
    await tabUntil(page, (text) => text === 'Create a space');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/spaces/new`);
    await expectAxeClean(page);
    await tabUntil(page, (_text, id) => id === 'name');
    await page.keyboard.type('Kelbridge Carers Partnership');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('description');
    await page.keyboard.type('The council and the wellbeing network supporting unpaid carers together.');
    await tabUntil(page, (text) => text === 'Create space');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/spaces/${slug}?done=created`);
    expect(await page.locator('h1').textContent()).toBe('Kelbridge Carers Partnership');
    await expectAxeClean(page);

    await page.focus('#orgId');
    await page.selectOption('#orgId', { label: 'Kelbridge Wellbeing Network' });
    await tabUntil(page, (text) => text === 'Invite organisation');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/spaces/${slug}?done=invited-organisation`);
    expect(await page.getByRole('table').filter({ hasText: 'Kelbridge Wellbeing Network' }).count()).toBeGreaterThan(0);
    await expectAxeClean(page);

    // Any address is invited alike, whether or not it has an account; the same address twice is a clear error
    // on the same page, which stays accessible.
    await page.fill('#email', 'no.such.person@example.org');
    await page.getByRole('button', { name: 'Invite person' }).click();
    await page.waitForURL(`${app.waymark.url}/spaces/${slug}?done=invited-person`);
    await page.fill('#email', 'no.such.person@example.org');
    await page.getByRole('button', { name: 'Invite person' }).click();
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('That address has already been invited');
    await expectAxeClean(page);
  });

  it('the charity’s admin accepts for everyone, by keyboard', async () => {
    const page = await signedIn('olu');
    await page.goto(`${app.waymark.url}/spaces`);
    expect(await page.content()).toContain('Invitations for Kelbridge Wellbeing Network');
    await expectAxeClean(page);
    await tabUntil(page, (text) => text.startsWith('Kelbridge Carers Partnership'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/spaces\/invitations\//);
    await expectAxeClean(page);
    await tabUntil(page, (_text, id) => id === 'everyone');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#everyone')).toBe(true);
    await tabUntil(page, (text) => text === 'Accept');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.waymark.url}/spaces/${slug}?done=accepted`);
    expect(await page.content()).toContain('You accepted the invitation.');
    await expectAxeClean(page);

    // Each side shares a story; each also keeps some to itself.
    shared = [
      await story({
        org: council,
        author: 'amira',
        title: 'Respite that carers designed',
        visibility: 'space',
        spaceSlug: slug,
      }),
      await story({
        org: charity,
        author: 'hannah',
        title: 'A carers café on the estate',
        visibility: 'space',
        spaceSlug: slug,
      }),
    ];
    councilOnly = [
      await story({
        org: council,
        author: 'tom',
        title: 'Council budget options, internal',
        visibility: 'organisation',
      }),
      await story({ org: council, author: 'tom', title: 'Tom’s private reflection', visibility: 'private' }),
    ];
    charityOnly = [
      await story({
        org: charity,
        author: 'olu',
        title: 'Network trustees’ planning notes',
        visibility: 'organisation',
      }),
      await story({ org: charity, author: 'olu', title: 'Olu’s private reflection', visibility: 'private' }),
    ];
  });

  for (const [member, otherOrgStories] of [
    ['amira', () => charityOnly],
    ['hannah', () => councilOnly],
  ] as const) {
    it(`${member} sees both shared stories and nothing private to the other organisation`, async () => {
      const page = await signedIn(member);
      await page.goto(`${app.waymark.url}/spaces`);
      await page.getByRole('link', { name: 'Kelbridge Carers Partnership' }).click();
      await page.waitForURL(`${app.waymark.url}/spaces/${slug}`);
      await expectAxeClean(page);
      for (const s of shared) {
        expect(await page.getByRole('link', { name: s.title, exact: true }).count(), s.title).toBe(1);
      }
      for (const s of otherOrgStories()) {
        expect(await page.getByRole('link', { name: s.title, exact: true }).count(), s.title).toBe(0);
      }
      // Both shared stories open, by keyboard from the space page.
      const first = shared[0] as { id: string; title: string };
      await tabUntil(page, (text) => text === first.title);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${app.waymark.url}/stories/${first.id}`);
      expect(await page.locator('h1').textContent()).toContain(first.title);
      for (const s of shared) {
        const response = await page.goto(`${app.waymark.url}/stories/${s.id}`);
        expect(response?.status(), s.title).toBe(200);
      }
      // The other organisation's own and private stories: not listed, and their pages do not exist.
      await page.goto(`${app.waymark.url}/stories?pageSize=100`);
      for (const s of shared) {
        expect(await page.getByRole('link', { name: s.title, exact: true }).count(), s.title).toBe(1);
      }
      for (const s of otherOrgStories()) {
        expect(await page.getByRole('link', { name: s.title, exact: true }).count(), s.title).toBe(0);
        const response = await page.goto(`${app.waymark.url}/stories/${s.id}`);
        expect(response?.status(), s.title).toBe(404);
      }
    });
  }

  it('the confirmation pages and form errors pass axe too', async () => {
    const admin = await signedIn('declan');
    const charityId = await idOf(charity, 'organisations');
    await admin.goto(`${app.waymark.url}/spaces/${slug}/organisations/${charityId}/remove`);
    expect(await admin.locator('h1').textContent()).toBe('Remove Kelbridge Wellbeing Network from this space?');
    await expectAxeClean(admin);
    await admin.goto(`${app.waymark.url}/spaces/${slug}/leave`);
    expect(await admin.content()).toContain('so it cannot leave it');
    await expectAxeClean(admin);
    await admin.goto(`${app.waymark.url}/spaces/new`);
    await admin.getByRole('button', { name: 'Create space' }).click();
    await admin.waitForSelector('.govuk-error-summary');
    await expectAxeClean(admin);
    const charityAdmin = await signedIn('olu');
    await charityAdmin.goto(`${app.waymark.url}/spaces/${slug}/leave`);
    expect(
      await charityAdmin.getByRole('button', { name: 'Take Kelbridge Wellbeing Network out of the space' }).count(),
    ).toBe(1);
    await expectAxeClean(charityAdmin);
  });
});
