// The order of a reading group's list, through the real app: a facilitator's "Move up" and "Move down"
// buttons (plain forms, no script) swap an item with its neighbour; the ends stay put; members cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gareth, tom } from '../../src/demo/people.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const sessionOf = demoSessions(() => t);
let groupId = '';
const groupUrl = () => `/groups/${groupId}`;
const items: Record<string, string> = {};

// Three public demo stories, by the titles their pages show.
const stories = {
  A: ['the-supervision-i-nearly-skipped', 'The supervision I nearly skipped'],
  B: ['the-library-that-stayed-open', 'The library that stayed open'],
  C: ['knowing-the-back-lanes', 'Knowing the back lanes'],
} as const;

const post = async (email: string, action: string, fields: Record<string, string>) =>
  postForm(t.app, await sessionOf(email), groupUrl(), action, fields);

/** The list's order as a reader sees it on the group's page: A, B and C by where each title appears. */
async function order(email = gareth) {
  const page = (await t.app.inject({ url: groupUrl(), headers: { cookie: await sessionOf(email) } })).body;
  const start = page.indexOf('id="reading-list"');
  return (Object.keys(stories) as (keyof typeof stories)[])
    .map((key) => [key, page.indexOf(stories[key][1], start)] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([key]) => key)
    .join('');
}

const move = (key: string, direction: string, email = tom) =>
  post(email, `${groupUrl()}/reading-list/${items[key]}/move`, { direction });

beforeAll(async () => {
  t = await createTestApp();
  const created = await postForm(t.app, await sessionOf(tom), '/groups/new', '/groups/new', {
    name: 'Ordered readers',
    visibility: 'organisation',
    joinRule: 'open',
  });
  groupId = /\/groups\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
  await post(gareth, `${groupUrl()}/join`, {});
  for (const [slug] of Object.values(stories)) {
    const id = (
      await t.database.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
    ).id;
    const added = await post(tom, `${groupUrl()}/reading-list`, { itemLink: `/stories/${id}`, itemNote: '' });
    expect(added.statusCode, added.body).toBe(303);
  }
  const rows = await t.database.db
    .selectFrom('reading_list_items')
    .select(['id', 'position'])
    .where('group_id', '=', groupId)
    .orderBy('position')
    .execute();
  for (const [i, key] of ['A', 'B', 'C'].entries()) items[key] = rows[i]?.id as string;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('reordering the reading list', () => {
  it('moves an item up or down one place at a time, as every reader then sees it', async () => {
    expect(await order()).toBe('ABC');
    const moved = await move('C', 'up');
    expect(moved.headers.location).toBe(`${groupUrl()}?done=moved#item-${items.C}`);
    expect(await order()).toBe('ACB');
    await move('A', 'down');
    expect(await order()).toBe('CAB');
    await move('B', 'up');
    expect(await order()).toBe('CBA');
    // The ends stay where they are.
    expect((await move('C', 'up')).statusCode).toBe(303);
    expect((await move('A', 'down')).statusCode).toBe(303);
    expect(await order()).toBe('CBA');
  });

  it('shows the buttons to the facilitator only, and never a move off either end', async () => {
    const page = (await t.app.inject({ url: groupUrl(), headers: { cookie: await sessionOf(tom) } })).body;
    expect(page.match(/Move up<span/g)?.length).toBe(2);
    expect(page.match(/Move down<span/g)?.length).toBe(2);
    const member = (await t.app.inject({ url: groupUrl(), headers: { cookie: await sessionOf(gareth) } })).body;
    expect(member).not.toContain('Move up');
  });

  it('refuses a member, and an answer that is not up or down, changing nothing', async () => {
    expect((await move('A', 'up', gareth)).statusCode).toBe(404);
    const wrong = await move('A', 'sideways');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Select whether to move it up or down');
    expect(await order()).toBe('CBA');
  });
});
