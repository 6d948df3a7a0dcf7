// Reading groups in a real browser: a facilitator starts a group and schedules a session (on the Sunday the
// clocks go forward), a colleague joins and says yes, and receives the invitation with its calendar file;
// the facilitator runs the session by keyboard alone, one question at a time; the colleague records a
// private reflection and an action. Every page passes axe at 1280 and 320 px.
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from '../support/browser.ts';
import { pageProblems } from '../support/page-checks.ts';

const tom = 'tom.haddley@northshire-county-council.example';
const priya = 'priya.lomax@northshire-county-council.example';

let app: BrowserApp;
const findings: Record<string, string[]> = {};

beforeAll(async () => {
  app = await startBrowserApp({ jobs: false });
}, 120_000);
afterAll(() => app?.close());

async function check(page: Page, label: string) {
  const problems = await pageProblems(page);
  if (problems.length) findings[label] = problems;
}

/** Moves focus with Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, matches: (id: string, text: string) => boolean, limit = 120) {
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

describe('reading groups in the browser', () => {
  it('a group, a session, an answer with its invitation, the facilitation view by keyboard, a reflection and an action', async () => {
    const facilitator = await app.signedIn(tom);
    await facilitator.goto(`${app.waymark.url}/groups`);
    await check(facilitator, '/groups');
    await tabTo(facilitator, (_id, text) => text === 'Start a reading group');
    await facilitator.keyboard.press('Enter');
    await facilitator.waitForURL('**/groups/new');
    await facilitator.getByRole('button', { name: 'Start the group' }).click();
    await facilitator.waitForSelector('.govuk-error-summary');
    await check(facilitator, '/groups/new (errors)');
    await facilitator.fill('#name', 'Lunchtime readers');
    await facilitator.fill('#about', 'One story a month, over lunch.');
    await facilitator.getByRole('button', { name: 'Start the group' }).click();
    await facilitator.waitForURL(/\/groups\/[0-9a-f-]{36}\?done=created/);
    const groupUrl = facilitator.url().split('?')[0] ?? '';
    await check(facilitator, '/groups/:id');

    await facilitator.getByRole('button', { name: 'Schedule a session' }).click();
    await facilitator.waitForURL('**/sessions/new');
    await check(facilitator, '/groups/:id/sessions/new');
    await facilitator.fill('#title', 'Careers across sectors');
    await facilitator.fill('#date', '2027-03-28');
    await facilitator.fill('#startTime', '10:30');
    await facilitator.fill('#endTime', '12:00');
    await facilitator.fill('#place', 'Room 4, County Hall');
    await facilitator.fill('#capacity', '8');
    await facilitator.getByRole('button', { name: 'Schedule the session' }).click();
    await facilitator.waitForURL(/\/sessions\/[0-9a-f-]{36}\?done=scheduled/);
    const sessionUrl = facilitator.url().split('?')[0] ?? '';
    expect(await facilitator.content()).toContain('28 March 2027 at 10:30am');
    // The agenda: two questions from the sets.
    await facilitator.getByText('Choose the agenda').click();
    await facilitator.check('input[value="set:individuals-career"]');
    await facilitator.check('input[value="set:hr-od-movement"]');
    await facilitator.getByRole('button', { name: 'Save the agenda' }).click();
    await facilitator.waitForURL(/done=agenda/);
    await check(facilitator, '/groups/:id/sessions/:sessionId (facilitator)');

    // A colleague joins, says yes, and receives the invitation.
    const member = await app.signedIn(priya);
    await member.goto(groupUrl);
    await member.getByRole('button', { name: 'Join the group' }).click();
    await member.waitForURL(/done=joined/);
    await member.goto(sessionUrl);
    await tabTo(member, (id) => id === 'answer');
    await member.keyboard.press('Space');
    await tabTo(member, (_id, text) => text === 'Send your answer');
    await member.keyboard.press('Enter');
    await member.waitForURL(/done=yes/);
    await check(member, '/groups/:id/sessions/:sessionId (member)');
    const invite = await app.database.db
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', priya)
      .where('subject', '=', 'You have a place: Careers across sectors')
      .executeTakeFirstOrThrow();
    const calendarUrl = /(http\S+\/calendar\.ics)/.exec(invite.body_text)?.[1] ?? '';
    const calendar = await member.request.get(calendarUrl.replace(/^https?:\/\/[^/]+/, app.waymark.url));
    expect(calendar.headers()['content-type']).toContain('text/calendar');
    const parsed = new ICAL.Component(ICAL.parse(await calendar.text()));
    expect(parsed.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(parsed.getFirstSubcomponent('vevent') as ICAL.Component);
    // 10:30 in London on the day the clocks go forward is 09:30 UTC.
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-28T09:30:00.000Z');

    // The facilitator runs the session by keyboard alone.
    await facilitator.goto(sessionUrl);
    await tabTo(facilitator, (_id, text) => text === 'Run the session');
    await facilitator.keyboard.press('Enter');
    await facilitator.waitForURL('**/facilitate');
    expect(await facilitator.textContent('h1')).toContain('which of your skills would travel with you');
    await check(facilitator, '/groups/:id/sessions/:sessionId/facilitate');
    await facilitator.waitForSelector('[data-timer]:not([hidden])');
    await facilitator.keyboard.press('ArrowRight');
    await facilitator.waitForURL(/facilitate\?q=2/);
    expect(await facilitator.textContent('h1')).toContain('move between our organisation and partners');
    await tabTo(facilitator, (_id, text) => text === 'Previous question');
    await facilitator.keyboard.press('Enter');
    await facilitator.waitForURL(/facilitate\?q=1/);
    expect(await facilitator.textContent('.waymark-facilitation__count')).toContain('Question 1 of 2');

    // The colleague records a private reflection and an action, by keyboard.
    await member.goto(sessionUrl);
    await tabTo(member, (id) => id === 'reflection');
    await member.keyboard.type('I want to ask about a secondment.');
    await tabTo(member, (_id, text) => text === 'Save your reflection');
    await member.keyboard.press('Enter');
    await member.waitForURL(/done=reflection/);
    await tabTo(member, (id) => id === 'actionText');
    await member.keyboard.type('Find out who runs secondments');
    await member.selectOption('#ownerId', { label: 'Priya Lomax' });
    await member.fill('#dueOn', '2027-04-30');
    await member.getByRole('button', { name: 'Add the action' }).click();
    await member.waitForURL(/done=actions/);
    await member.goto(`${app.waymark.url}/actions`);
    expect(await member.content()).toContain('Find out who runs secondments');
    expect(await member.content()).toContain('30 April 2027');
    await check(member, '/actions');
    // The facilitator never sees the reflection.
    await facilitator.goto(sessionUrl);
    expect(await facilitator.content()).not.toContain('ask about a secondment');

    expect(findings).toEqual({});
  }, 180_000);
});
