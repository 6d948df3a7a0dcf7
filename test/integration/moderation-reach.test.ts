// Moderators review only what is routed to them: a colleague's private story is nobody's to review, so
// every moderation page and API call answers it exactly as it answers an id that names nothing, whatever
// the story's status, and changes nothing. The routes are read from the app's own table, so a moderation
// route added later is covered without touching this file.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import type { StoryStatus } from '../../src/stories/types.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  morven: 'morven.quayle@northshire-county-council.example', // org admin and platform moderator
  amira: 'amira.okafor@northshire-county-council.example', // member, county council: the author
};
const session = demoSessions(() => t);
const db = () => t.database.db;

const title = 'My private notes on the winter rota';
const body = 'Nobody else should ever read **this**.';
let storyId = '';
let commentId = '';
let reportIds: string[] = [];
let garethToken = '';

beforeAll(async () => {
  t = await createTestApp();
  garethToken = await accountsService(db()).createToken(people.gareth, 'northshire-county-council', 'moderation');
  const org = await db()
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  const amira = await db().selectFrom('users').select('id').where('email', '=', people.amira).executeTakeFirstOrThrow();
  // Published, but only for its author: she can comment on it and report it, as any reader of it can.
  storyId = (
    await db()
      .insertInto('stories')
      .values({
        org_id: org.id,
        slug: 'private-notes',
        title,
        form: 'personal-narrative',
        body,
        primary_characteristic: 'reflects',
        characteristics: ['reflects'],
        roles: [],
        place: '',
        author_id: amira.id,
        visibility: 'private',
        space_id: null,
        status: 'published',
        submitted_at: new Date(),
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const cookie = await session(people.amira);
  const commented = await postForm(t.app, cookie, `/stories/${storyId}`, `/stories/${storyId}/comments`, {
    body: 'A note to myself.',
  });
  expect(commented.statusCode).toBe(303);
  commentId = (
    await db().selectFrom('comments').select('id').where('target_id', '=', storyId).executeTakeFirstOrThrow()
  ).id;
  for (const [type, id] of [
    ['story', storyId],
    ['comment', commentId],
  ]) {
    const url = `/report/${type}/${id}`;
    expect((await postForm(t.app, cookie, url, url, { reason: `Reported ${type}` })).statusCode).toBe(200);
  }
  reportIds = (
    await db().selectFrom('reports').select('id').where('reason', 'like', 'Reported %').orderBy('reason').execute()
  ).map((r) => r.id);
  expect(reportIds).toHaveLength(2);
});
afterAll(() => t.close());

/** Every moderation route, from the app's own table. */
const moderationRoutes = () =>
  t.app.routeTable.filter(
    (r) => r.method !== 'HEAD' && (r.url.startsWith('/moderation') || r.url.startsWith('/api/v1/moderation')),
  );

/** The id a route's parameter takes to name the private story: the story, a report on it, a comment on it. */
function idFor(url: string): string {
  if (url.includes('/reports/')) return reportIds[0] as string;
  if (url.includes('/comments/')) return commentId;
  return storyId;
}

const fill = (url: string, id: string) => url.replace(/:[A-Za-z]+/g, id);

type Caller = 'gareth' | 'morven';

async function call(who: Caller, method: string, url: string) {
  const cookie = await session(people[who]);
  if (url.startsWith('/api/')) {
    // The organisation's moderator calls by token; the platform moderator by session, with its CSRF token.
    const headers: Record<string, string> =
      who === 'gareth'
        ? { authorization: `Bearer ${garethToken}` }
        : { cookie, 'x-csrf-token': csrfOf((await t.app.inject({ url: '/account', headers: { cookie } })).body) };
    return t.app.inject({
      method: method as 'GET' | 'POST',
      url,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ reason: 'x' }),
    });
  }
  if (method === 'GET') return t.app.inject({ url, headers: { cookie } });
  return postForm(t.app, cookie, '/account', url, { reason: 'Because I can.' });
}

/** A page as it would read for any id: the id itself and per-response secrets taken out. */
const normalised = (text: string, id: string) =>
  text
    .replaceAll(id, '<id>')
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/nonce="[^"]+"/g, '');

/** Everything a refused call must leave as it was. */
async function snapshot() {
  const story = await db().selectFrom('stories').selectAll().where('id', '=', storyId).executeTakeFirstOrThrow();
  const reports = await db().selectFrom('reports').selectAll().where('id', 'in', reportIds).orderBy('id').execute();
  const comment = await db().selectFrom('comments').selectAll().where('id', '=', commentId).executeTakeFirstOrThrow();
  const counts = await sql<{ events: string; audit: string; mail: string }>`
    select (select count(*) from moderation_events) as events, (select count(*) from audit_events where action = 'moderation') as audit,
      (select count(*) from email_outbox) as mail`.execute(db());
  return { story, reports, comment, counts: counts.rows[0] };
}

const statuses: StoryStatus[] = ['published', 'submitted', 'rejected', 'withdrawn', 'changes_requested', 'draft'];

describe('a colleague’s private story', () => {
  it('is found by the moderation routes under test (so a route added later is covered too)', () => {
    const urls = moderationRoutes().map((r) => `${r.method} ${r.url}`);
    // Hand-written: the routes that name a story, a report or a comment today.
    for (const expected of [
      'GET /moderation/stories/:id',
      'POST /moderation/stories/:id/publish',
      'POST /moderation/stories/:id/request-changes',
      'POST /moderation/stories/:id/reject',
      'GET /moderation/reports/:id',
      'POST /moderation/reports/:id/dismiss',
      'POST /moderation/reports/:id/remove',
      'GET /moderation/comments/:id/hide',
      'POST /moderation/comments/:id/hide',
      'POST /api/v1/moderation/stories/:id/publish',
    ]) {
      expect(urls).toContain(expected);
    }
  });

  for (const status of statuses) {
    it(`is a 404, like an unknown id, on every moderation route when ${status.replace('_', ' ')}, and stays as it was`, async () => {
      await db()
        .updateTable('stories')
        .set({ status, published_at: status === 'published' ? new Date('2025-01-01T00:00:00Z') : null })
        .where('id', '=', storyId)
        .execute();
      const before = await snapshot();
      const checked: string[] = [];
      for (const route of moderationRoutes()) {
        for (const who of ['gareth', 'morven'] as const) {
          if (!/:[A-Za-z]/.test(route.url)) {
            // A list names no story: it must simply not show this one.
            if (route.method !== 'GET') continue;
            const list = await call(who, 'GET', route.url);
            expect(list.body, `${who} ${route.url}`).not.toContain(title);
            expect(list.body, `${who} ${route.url}`).not.toContain(storyId);
            continue;
          }
          const id = idFor(route.url);
          const unknown = randomUUID();
          const response = await call(who, route.method, fill(route.url, id));
          const stranger = await call(who, route.method, fill(route.url, unknown));
          const where = `${who} ${route.method} ${route.url} (${status})`;
          expect(response.statusCode, where).toBe(404);
          expect(response.body, where).not.toContain(title);
          expect(normalised(response.body, id), where).toBe(normalised(stranger.body, unknown));
          checked.push(where);
        }
      }
      expect(checked.length).toBeGreaterThanOrEqual(20);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('never reaches a moderator’s queue, as a submission or through a report', async () => {
    await db()
      .updateTable('stories')
      .set({ status: 'submitted', published_at: null })
      .where('id', '=', storyId)
      .execute();
    for (const who of ['gareth', 'morven'] as const) {
      const queue = await call(who, 'GET', '/moderation');
      expect(queue.statusCode).toBe(200);
      expect(queue.body).not.toContain(title);
      expect(queue.body).not.toContain('Reported story');
      expect(queue.body).not.toContain('Reported comment');
    }
  });

  it('answers a malformed reason with the same 404 when the story is out of reach, and a 400 when it is not', async () => {
    const send = (reason: unknown) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/moderation/stories/${storyId}/reject`,
        headers: { authorization: `Bearer ${garethToken}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ reason }),
      });
    await db()
      .updateTable('stories')
      .set({ status: 'submitted', published_at: null })
      .where('id', '=', storyId)
      .execute();
    const hidden = await send(42);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
    await db().updateTable('stories').set({ visibility: 'organisation' }).where('id', '=', storyId).execute();
    try {
      const seen = await send(42);
      expect(seen.statusCode).toBe(400);
      expect(seen.json().error).toMatchObject({
        code: 'invalid_request',
        fields: { reason: 'The reason must be text' },
      });
      expect(
        (await db().selectFrom('stories').select('status').where('id', '=', storyId).executeTakeFirstOrThrow()).status,
      ).toBe('submitted');
    } finally {
      await db().updateTable('stories').set({ visibility: 'private' }).where('id', '=', storyId).execute();
    }
  });

  it('still lets a moderator review a colleague’s story shared with the organisation', async () => {
    await db()
      .updateTable('stories')
      .set({ visibility: 'organisation', status: 'submitted', published_at: null })
      .where('id', '=', storyId)
      .execute();
    try {
      const review = await call('gareth', 'GET', `/moderation/stories/${storyId}`);
      expect(review.statusCode).toBe(200);
      expect(review.body).toContain('Nobody else should ever read <strong>this</strong>.');
      expect((await call('gareth', 'GET', '/moderation')).body).toContain(title);
      expect((await call('gareth', 'GET', `/moderation/reports/${reportIds[0]}`)).statusCode).toBe(200);
      // Shared with the organisation only: not for the platform's moderators.
      expect((await call('morven', 'GET', `/moderation/stories/${storyId}`)).statusCode).toBe(404);
    } finally {
      await db().updateTable('stories').set({ visibility: 'private' }).where('id', '=', storyId).execute();
    }
  });
});
