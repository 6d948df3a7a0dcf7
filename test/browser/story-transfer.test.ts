// Story import and export pages in a real browser: a moderator uploads a collection with a problem in it,
// checks the preview, confirms, and finds the export page; every page passes axe, errors included.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { type DemoCredential, seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { launchBrowser, seriousViolations, signInThroughForm } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let waymark: RunningWaymark;
let browser: Browser;
let credentials: DemoCredential[];
let context: BrowserContext;
let page: Page;
let folder = '';

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  const config = loadConfig({ DATABASE_URL: database.url, SESSION_SECRET: 'e'.repeat(40), PORT: '0' });
  waymark = await startWaymark(config, { log: { info() {}, warn() {} }, jobs: false });
  browser = await launchBrowser();
  const gareth = credentials.find((c) => c.email === 'gareth.mbeki@northshire-county-council.example');
  ({ context, page } = await signInThroughForm(browser, waymark.url, gareth as DemoCredential));
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-import-'));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await waymark?.stop();
  await database?.drop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

async function expectAxeClean(where: string) {
  expect(await seriousViolations(page), where).toEqual([]);
}

describe('story import and export pages', () => {
  it('upload, preview with problems, confirm and export all pass axe', async () => {
    await page.goto(`${waymark.url}/moderation/import`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Import stories');
    await expectAxeClean('import');

    // No file chosen: the error summary and the field's error.
    await page.getByRole('button', { name: 'Check the stories' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select a .json or .zip file');
    await expectAxeClean('import with an error');

    const file = path.join(folder, 'stories.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          title: 'Ferry timetable by the islanders',
          form: 'profile',
          primary: 'locality',
          body: 'We rewrote it together.',
        },
        { title: 'A story with a bad key', form: 'quote', primary: 'bravery', body: 'Oops.' },
      ]),
    );
    await page.setInputFiles('#file', file);
    await page.getByRole('button', { name: 'Check the stories' }).click();
    await page.waitForURL(/\/moderation\/import\/[0-9a-f-]{36}$/);
    const preview = await page.locator('main').textContent();
    expect(preview).toContain('Ferry timetable by the islanders');
    expect(preview).toContain('Unknown primary characteristic “bravery”.');
    await expectAxeClean('preview');

    // By keyboard: tick "already cleared" and confirm.
    await page.getByLabel('Already cleared (consent and moderation done elsewhere)').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Import 1 story' }).focus();
    const previewUrl = page.url();
    await Promise.all([
      page.waitForResponse((r) => r.url() === previewUrl && r.request().method() === 'GET'),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForLoadState('load');
    expect(await page.locator('main').textContent()).toContain('1 published now');
    await expectAxeClean('import done');

    await page.goto(`${waymark.url}/moderation/export`);
    expect(await page.locator('main').textContent()).toContain('Download as JSON');
    await expectAxeClean('export');
  });
});
