// Library items are discussed like articles, through the real app: whoever may read an item comments on it
// and says it resonates, under the item's page; the person who suggested it is told; a comment can be
// reported and a moderator who reviews the item removes it. Nobody outside the item's scope gets anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amira, gareth, kit, priya, rosa } from '../../src/demo/people.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const sessionOf = demoSessions(() => t);
let itemId = '';
const itemUrl = () => `/library/${itemId}`;
const comment = 'Section 4 is the part our panel should read first.';

const get = async (email: string | null, url: string) =>
  t.app.inject({ url, headers: email ? { cookie: await sessionOf(email) } : {} });

async function post(email: string, formUrl: string, action: string, fields: Record<string, string>) {
  return postForm(t.app, await sessionOf(email), formUrl, action, fields);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const council = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  const suggester = await db.selectFrom('users').select('id').where('email', '=', rosa).executeTakeFirstOrThrow();
  itemId = (
    await db
      .insertInto('library_items')
      .values({
        org_id: council.id,
        suggested_by: suggester.id,
        visibility: 'organisation',
        space_id: null,
        status: 'published',
        item_type: 'report',
        title: 'Council workforce review',
        authors: '[]',
        submitted_at: new Date(),
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the discussion under a library item', () => {
  it('takes a comment and a “this resonates” from a reader, and tells the person who suggested it', async () => {
    const before = await get(priya, itemUrl());
    expect(before.body).toContain('id="discussion-heading"');
    const posted = await post(priya, itemUrl(), `${itemUrl()}/comments`, { body: comment });
    expect(posted.statusCode, posted.body).toBe(303);
    expect((await post(amira, itemUrl(), `${itemUrl()}/resonates`, {})).statusCode).toBe(303);
    const page = (await get(gareth, itemUrl())).body;
    expect(page).toContain(comment);
    expect(page).toContain('1 person finds that this library item resonates.');

    const inbox = (await get(rosa, '/notifications')).body;
    expect(inbox).toContain('Priya Lomax commented on your library item');
    const told = await t.database.db
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', rosa)
      .execute();
    expect(told.some((m) => m.body_text.includes(`http://localhost${itemUrl()}`))).toBe(true);
  });

  it('gives nothing to someone outside the item’s organisation', async () => {
    expect((await get(kit, itemUrl())).statusCode).toBe(404);
    expect((await post(kit, '/library', `${itemUrl()}/comments`, { body: 'Let me in' })).statusCode).toBe(404);
    expect((await post(kit, '/library', `${itemUrl()}/resonates`, {})).statusCode).toBe(404);
    const anonymous = await get(null, itemUrl());
    expect(anonymous.statusCode).toBe(404);
    expect(anonymous.body).not.toContain(comment);
  });

  it('lets a reader report the comment, and the council’s moderator remove it', async () => {
    const commentId = (
      await t.database.db.selectFrom('comments').select('id').where('target_id', '=', itemId).executeTakeFirstOrThrow()
    ).id;
    const reported = await post(amira, itemUrl(), `/report/comment/${commentId}`, { reason: 'It names a colleague.' });
    expect(reported.statusCode).toBe(200);
    const queue = (await get(gareth, '/moderation')).body;
    expect(queue).toContain('Report on a comment');
    expect(queue).toContain('It names a colleague.');
    const report = (
      await t.database.db
        .selectFrom('reports')
        .select('id')
        .where('target_id', '=', commentId)
        .executeTakeFirstOrThrow()
    ).id;
    const removed = await post(gareth, `/moderation/reports/${report}`, `/moderation/reports/${report}/remove`, {
      reason: 'Names a colleague.',
    });
    expect(removed.statusCode).toBe(303);
    expect((await get(priya, itemUrl())).body).not.toContain(comment);
  });
});
