// The evidence library in Chromium, by keyboard: a moderator pastes BibTeX with a broken entry in it, sees
// each entry and its problems, confirms, then ticks two items in the library and downloads them as RIS.
// Every page passes axe at any impact at 1280 and 320 px, with visible focus and no sideways scrolling.
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';
import { pageProblems } from '../support/page-checks.ts';

let app: BrowserApp;
let page: Page;

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
  page = await app.signedIn('gareth.mbeki@northshire-county-council.example');
}, 120_000);
afterAll(() => app?.close());

const pasted = `@report{kittiwake2022,
  author = {Haddley, Tom and Okafor, Amira},
  title = {Kittiwake councils: working across boundaries},
  institution = {Northshire County Council},
  year = {2022},
  url = {https://example.org/kittiwake}
}
@book{kittiwakebook,
  author = {Lomax, Priya},
  title = {The kittiwake workforce},
  publisher = {Kelbridge Press},
  year = {2019},
  isbn = {0-306-40615-2}
}
@article{broken, title = {}, year = {next year}}
`;

describe('the evidence library', () => {
  it('pastes BibTeX, previews every problem, confirms, and exports a selection as RIS', async () => {
    const base = app.waymark.url;
    await page.goto(`${base}/library/import`);
    expect(await pageProblems(page)).toEqual([]);

    // Sent empty: the error summary, by keyboard.
    await page.getByRole('button', { name: 'Check the references' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Paste the BibTeX or RIS to import');
    expect(await pageProblems(page)).toEqual([]);

    await page.getByLabel('BibTeX').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('References to import').focus();
    await page.keyboard.insertText(pasted);
    await page.getByRole('button', { name: 'Check the references' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/library\/import\/[0-9a-f-]{36}$/);
    const preview = (await page.locator('main').textContent()) ?? '';
    expect(preview).toContain('Entry 1 (kittiwake2022): Kittiwake councils: working across boundaries');
    expect(preview).toContain('Entry 2 (kittiwakebook): The kittiwake workforce');
    expect(preview).toContain('Entry 3 (broken)');
    expect(preview).toContain('It has no title.');
    expect(preview).toContain('Its year “next year” is not a year between 1800 and 2100.');
    expect(preview).toContain('Nothing has been added yet.');
    expect(await pageProblems(page)).toEqual([]);

    // For everyone signed in: the council's moderator publishes them at once.
    await page.getByLabel('Everyone signed in to Waymark').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Add 2 items to the library' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-panel');
    expect(await page.locator('.govuk-panel').textContent()).toContain('2 published, 0 waiting for review, 1 left out');
    expect(await pageProblems(page)).toEqual([]);

    await page.goto(`${base}/library?q=kittiwake`);
    expect(await page.getByRole('heading', { level: 2, name: '2 items' }).count()).toBe(1);
    expect(await pageProblems(page)).toEqual([]);
    for (const title of ['Kittiwake councils: working across boundaries', 'The kittiwake workforce']) {
      await page.getByLabel(`Choose ${title}`).focus();
      await page.keyboard.press('Space');
    }
    await page.getByLabel('Format').focus();
    await page.getByLabel('Format').selectOption('ris');
    await page.getByRole('button', { name: 'Download the chosen items' }).focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('waymark-library-ris.ris');
    const file = await download.path();
    const ris = fs.readFileSync(file, 'utf8');
    // Newest first: both were published in one moment, so by id; compare as a set of records.
    const records = ris
      .split(/\nER {2}- ?\n?/)
      .filter((r) => r.trim() !== '')
      .map((r) => `${r.trim()}\nER  - `);
    expect(records.sort()).toEqual(
      [
        `TY  - BOOK
AU  - Lomax, Priya
DA  - 2019///
PY  - 2019
ID  - Lomax2019kittiwake
PB  - Kelbridge Press
SN  - 0306406152
TI  - The kittiwake workforce
ER  - `,
        `TY  - RPRT
AU  - Haddley, Tom
AU  - Okafor, Amira
DA  - 2022///
PY  - 2022
ID  - Haddley2022Kittiwake
PB  - Northshire County Council
TI  - Kittiwake councils: working across boundaries
UR  - https://example.org/kittiwake
ER  - `,
      ].sort(),
    );

    // The item's page: its references and links, by keyboard from the library.
    await page.goto(`${base}/library?q=kittiwake+councils`);
    await page.getByRole('link', { name: 'Read about “Kittiwake councils: working across boundaries”' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/library\/[0-9a-f-]{36}$/);
    const item = (await page.locator('main').textContent()) ?? '';
    expect(item).toContain('Haddley, T., & Okafor, A. (2022). Kittiwake councils: working across boundaries.');
    expect(item).toContain('Haddley, T. and Okafor, A. (2022) Kittiwake councils: working across boundaries.');
    expect(await pageProblems(page)).toEqual([]);
  }, 120_000);
});
