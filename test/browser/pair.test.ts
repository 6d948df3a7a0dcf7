// The pair exercise in a real browser: two colleagues, each at their own screen, interview each other in
// turn by keyboard; the storyteller's screen follows the notes as they are saved; each ends with a
// first draft of their own story, and one tells hers aloud. Every page passes axe.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentWav } from '../support/audio.ts';
import { type BrowserApp, seriousViolations, startBrowserApp } from '../support/browser.ts';

const findings: Record<string, string[]> = {};

const people = {
  amira: 'amira.okafor@northshire-county-council.example',
  priya: 'priya.lomax@northshire-county-council.example',
};

let app: BrowserApp;

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
});
afterAll(() => app?.close());

const signedIn = (email: string) => app.signedIn(email);

async function axe(page: Page, label: string) {
  const violations = await seriousViolations(page);
  if (violations.length) findings[label] = violations;
}

/** Moves focus with Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, matches: (id: string, text: string) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      id: document.activeElement?.id ?? '',
      text: document.activeElement?.textContent?.trim() ?? '',
    }));
    if (matches(focused.id, focused.text)) return;
  }
  throw new Error('never reached the element by keyboard');
}

/** Types a turn's notes by keyboard and finishes it as the given form. */
async function takeTurn(page: Page, answers: string[], characteristic: string, form: 'profile' | 'personal-narrative') {
  const fields = ['introduce', 'why_characteristic', 'example', 'what_changed', 'tips'];
  for (const [i, field] of fields.entries()) {
    await tabTo(page, (id) => id === field);
    await page.keyboard.type(answers[i] ?? '');
  }
  await page.selectOption('#characteristic', { label: characteristic });
  await page.check(form === 'profile' ? '#form' : '#form-2');
  await tabTo(page, (_id, text) => text === 'Finish the turn and make the draft');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => /done=(turn-finished|finished)/.test(url.search));
}

describe('the pair exercise in the browser', () => {
  it('two partners at their own screens each end with a draft of their own story', async () => {
    const amira = await signedIn(people.amira);
    await amira.goto(`${app.waymark.url}/pair`);
    await axe(amira, '/pair (empty)');
    expect(await amira.content()).toContain('You have not taken part in a pair exercise yet.');
    await tabTo(amira, (_id, text) => text === 'Start a pair exercise');
    await amira.keyboard.press('Enter');
    await amira.waitForURL('**/pair/new');
    // Errors first: the summary names what to fix.
    await amira.getByRole('button', { name: 'Start the exercise' }).click();
    await amira.waitForSelector('.govuk-error-summary');
    await axe(amira, '/pair/new (errors)');
    await amira.fill('#partnerEmail', people.priya);
    await amira.check('#mode-2');
    await amira.check('#first');
    await amira.getByRole('button', { name: 'Start the exercise' }).click();
    await amira.waitForURL(/\/pair\/[0-9a-f-]{36}\?done=started/);
    const sessionUrl = amira.url().split('?')[0] ?? '';
    await axe(amira, '/pair/:id (storyteller following)');
    expect(await amira.content()).toContain('Turn 1: Priya Lomax asks, Amira Okafor tells');

    // Priya interviews first; Amira's screen follows the notes.
    const priya = await signedIn(people.priya);
    await priya.goto(sessionUrl);
    await axe(priya, '/pair/:id (interviewer)');
    await priya.fill('#introduce', 'Runs the hospital discharge team with the council.');
    await priya.getByRole('button', { name: 'Save notes' }).click();
    await priya.waitForURL('**?done=saved*');
    await amira.waitForFunction(
      () => document.querySelector('[data-note="introduce"]')?.textContent?.includes('discharge team'),
      undefined,
      { timeout: 15_000 },
    );
    await priya.fill('#introduce', '');
    await takeTurn(
      priya,
      [
        'Runs the hospital discharge team with the council.',
        'Works with citizens as equals: families plan the discharge with us.',
        'A son wanted his mother home for her birthday; we planned it around that date.',
        'She went home a week sooner and the family trusted us.',
        'Start from what the family wants to happen.',
      ],
      'Works with citizens as equals',
      'personal-narrative',
    );
    expect(await priya.content()).toContain('The first turn is finished');

    // Turn 2: Amira interviews Priya.
    await amira.goto(sessionUrl);
    expect(await amira.content()).toContain('Turn 2: Amira Okafor asks, Priya Lomax tells');
    await takeTurn(
      amira,
      [
        'Leads commissioning for adult social care.',
        'Reflects and learns: keeps a journal after every provider meeting.',
        'Changed a contract after reading back a year of her notes.',
        'Providers now raise problems early.',
        'Write it down the same day.',
      ],
      'Reflects and learns',
      'profile',
    );
    expect(await amira.content()).toContain('Both turns are finished');
    await axe(amira, '/pair/:id (finished)');

    // Each opens their own draft from the exercise page.
    for (const [page, title] of [
      [amira, 'My story: Works with citizens as equals'],
      [priya, 'Priya Lomax: Reflects and learns'],
    ] as const) {
      await page.goto(sessionUrl);
      await page.getByRole('link', { name: 'Your first draft' }).click();
      await page.waitForURL(/\/stories\/[0-9a-f-]{36}/);
      expect(await page.locator('h1').textContent()).toContain(title);
    }
    // Amira tells hers aloud too: a recording uploaded from the draft, then its transcript.
    await amira.goto(sessionUrl);
    await amira.getByRole('link', { name: 'Your first draft' }).click();
    await amira.waitForURL(/\/stories\/[0-9a-f-]{36}$/);
    await amira.getByRole('link', { name: 'Recording and transcript' }).click();
    await amira.waitForURL('**/audio');
    await axe(amira, '/stories/:id/audio (empty)');
    await amira.setInputFiles('#recording', { name: 'story.wav', mimeType: 'audio/wav', buffer: silentWav(2) });
    await amira.getByRole('button', { name: 'Upload recording' }).click();
    await amira.waitForURL('**/audio?done=uploaded');
    await axe(amira, '/stories/:id/audio (with a recording)');
    await amira.fill('#transcript', 'I work with families to plan when their relative comes home.');
    await amira.getByRole('button', { name: 'Save transcript' }).click();
    await amira.waitForURL('**/audio?done=transcript');
    await amira.getByRole('link', { name: 'Remove the recording' }).click();
    await amira.waitForURL('**/audio/remove');
    await axe(amira, '/stories/:id/audio/remove');
    await amira.goto(amira.url().replace(/\/audio\/remove$/, ''));
    expect(await amira.locator('audio').count()).toBe(1);
    expect(await amira.content()).toContain('I work with families to plan when their relative comes home.');
    await axe(amira, '/stories/:id (told aloud)');
    expect(findings).toEqual({});
  });

  it('asks before stopping an exercise, on an accessible page', async () => {
    const amira = await signedIn(people.amira);
    await amira.goto(`${app.waymark.url}/pair/new`);
    await amira.fill('#partnerEmail', people.priya);
    await amira.check('#mode');
    await amira.check('#first-2');
    await amira.getByRole('button', { name: 'Start the exercise' }).click();
    await amira.waitForURL(/done=started/);
    await amira.getByRole('link', { name: 'Stop this exercise' }).click();
    await amira.waitForURL('**/stop');
    await axe(amira, '/pair/:id/stop');
    await amira.getByRole('button', { name: 'Stop the exercise' }).click();
    await amira.waitForURL('**/pair?done=abandoned');
    await axe(amira, '/pair (with exercises)');
    expect(findings).toEqual({});
  });
});
