// Moderation: the queue each kind of moderator sees (their organisation's stories, or public stories from
// everywhere for platform moderators), decisions with reasons that reach the authors by email (as their
// settings allow), stories that cannot be published yet, invalid transitions, readers' reports, and the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  morven: 'morven.quayle@northshire-county-council.example', // org admin + platform moderator (demo)
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council
  tom: 'tom.haddley@northshire-county-council.example',
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example', // admin, charity
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
  callum: 'callum.ridding@northshire-fire-rescue.example', // member, fire service
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);

const get = async (who: Who, url: string) => t.app.inject({ url, headers: { cookie: await as(who) } });
const post = async (who: Who, url: string, fields: Record<string, string> = {}, formUrl = '/account') =>
  postForm(t.app, await as(who), formUrl, url, fields);

const db = () => t.database.db;
const idOf = async (table: 'organisations' | 'users', key: string) =>
  table === 'users'
    ? (await db().selectFrom('users').select('id').where('email', '=', key).executeTakeFirstOrThrow()).id
    : (await db().selectFrom('organisations').select('id').where('slug', '=', key).executeTakeFirstOrThrow()).id;

let n = 0;
/** A submitted story, written straight into the database as the writing pages would leave it. */
async function submitted(input: {
  org?: string;
  author?: Who;
  title?: string;
  visibility?: 'public' | 'signed_in' | 'organisation';
  submittedAt?: Date;
}) {
  n += 1;
  const title = input.title ?? `Submitted story ${n}`;
  const row = await db()
    .insertInto('stories')
    .values({
      org_id: await idOf('organisations', input.org ?? 'northshire-county-council'),
      slug: `submitted-${n}`,
      title,
      form: 'personal-narrative',
      body: `The body of **${title}**.`,
      primary_characteristic: 'reflects',
      characteristics: ['reflects'],
      roles: [],
      place: '',
      author_id: await idOf('users', people[input.author ?? 'amira']),
      visibility: input.visibility ?? 'organisation',
      space_id: null,
      status: 'submitted',
      submitted_at: input.submittedAt ?? new Date(),
      published_at: null,
    })
    .returning(['id', 'org_id'])
    .executeTakeFirstOrThrow();
  return row;
}

const statusOf = async (id: string) =>
  await db().selectFrom('stories').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();

const mailTo = async (who: Who) =>
  db()
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', people[who])
    .orderBy('created_at')
    .execute();

let garethToken = '';
let amiraToken = '';
const api = (token: string, url: string, body: unknown) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });

beforeAll(async () => {
  t = await createTestApp();
  garethToken = await accountsService(db()).createToken(people.gareth, 'northshire-county-council', 'moderation');
  amiraToken = await accountsService(db()).createToken(people.amira, 'northshire-county-council', 'reader');
});
afterAll(() => t.close());

describe('the moderation queue', () => {
  it('shows the council’s moderators its stories that are not public, and platform moderators public ones', async () => {
    const gareth = await get('gareth', '/moderation');
    expect(gareth.statusCode).toBe(200);
    expect(gareth.body).toContain('The rota nobody wanted');
    expect(gareth.body).not.toContain('Soup and a form');

    const morven = await get('morven', '/moderation');
    expect(morven.statusCode).toBe(200);
    expect(morven.body).toContain('Soup and a form');
    expect(morven.body).not.toContain('The rota nobody wanted');
  });

  it('is a 404 for people who moderate nothing, and asks anonymous visitors to sign in', async () => {
    for (const who of ['amira', 'olu', 'hannah'] as const) expect((await get(who, '/moderation')).statusCode).toBe(404);
    const anonymous = await t.app.inject('/moderation');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  });

  it('keeps another organisation’s moderators out of the council’s stories, page by page', async () => {
    const story = await submitted({ title: 'Only for council moderators' });
    await db()
      .insertInto('memberships')
      .values({
        org_id: await idOf('organisations', 'kelbridge-wellbeing-network'),
        user_id: await idOf('users', people.olu),
        role: 'moderator',
      })
      .execute();
    const queue = await get('olu', '/moderation');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).not.toContain('Only for council moderators');
    expect(queue.body).toContain('Nothing is waiting');
    expect((await get('olu', `/moderation/stories/${story.id}`)).statusCode).toBe(404);
    expect((await get('morven', `/moderation/stories/${story.id}`)).statusCode).toBe(404);
    expect((await get('gareth', `/moderation/stories/${story.id}`)).statusCode).toBe(200);
  });

  it('lists the longest waiting first, in pages', async () => {
    const base = Date.now() - 400 * 24 * 60 * 60 * 1000;
    for (let i = 0; i < 26; i++) {
      await submitted({ title: `Waiting ${String(i).padStart(2, '0')}`, submittedAt: new Date(base + i * 60_000) });
    }
    const first = await get('gareth', '/moderation');
    expect(first.body.indexOf('Waiting 00')).toBeGreaterThan(-1);
    expect(first.body.indexOf('Waiting 00')).toBeLessThan(first.body.indexOf('Waiting 01'));
    expect(first.body).not.toContain('Waiting 25');
    expect(first.body).toContain('href="/moderation?page=2"');
    const second = await get('gareth', '/moderation?page=2');
    expect(second.body).toContain('Waiting 25');
    // Out of the way of the tests below, which look for newer items on the first page.
    await db().deleteFrom('stories').where('title', 'like', 'Waiting %').execute();
  });
});

describe('deciding on a story', () => {
  it('publishes a story after a confirmation, sets its publication time and tells its author', async () => {
    const story = await submitted({ author: 'amira', title: 'Publish me please' });
    const review = await get('gareth', `/moderation/stories/${story.id}`);
    expect(review.body).toContain('The body of <strong>Publish me please</strong>');
    const confirm = await get('gareth', `/moderation/stories/${story.id}/publish`);
    expect(confirm.body).toContain('Publish this story?');
    const done = await post(
      'gareth',
      `/moderation/stories/${story.id}/publish`,
      {},
      `/moderation/stories/${story.id}/publish`,
    );
    expect(done.statusCode).toBe(303);
    const after = await statusOf(story.id);
    expect(after.status).toBe('published');
    expect(after.published_at).not.toBeNull();
    const mail = await mailTo('amira');
    expect(mail.at(-1)?.subject).toBe('Your story “Publish me please” is published');
    // Readers now see it; the history says who published it.
    expect((await get('tom', `/stories/${story.id}`)).statusCode).toBe(200);
    expect((await get('gareth', `/moderation/stories/${story.id}`)).body).toMatch(
      /Published<\/strong>.*by Gareth Mbeki/,
    );
  });

  it('requires a reason to request changes, keeps what was typed, and sends the reason to the author', async () => {
    const story = await submitted({ author: 'rosa', title: 'Needs a little work' });
    const url = `/moderation/stories/${story.id}/request-changes`;
    const missing = await post('gareth', url, { reason: '   ' }, url);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Tell the author why');
    expect((await statusOf(story.id)).status).toBe('submitted');
    const ok = await post('gareth', url, { reason: 'Please say which year this happened.' }, url);
    expect(ok.statusCode).toBe(303);
    expect((await statusOf(story.id)).status).toBe('changes_requested');
    const mail = await mailTo('rosa');
    expect(mail.at(-1)?.subject).toBe('Your story “Needs a little work” needs changes before it is published');
    expect(mail.at(-1)?.body_text).toContain('Please say which year this happened.');
    const event = await db()
      .selectFrom('moderation_events')
      .select(['action', 'reason'])
      .where('target_id', '=', story.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ action: 'changes_requested', reason: 'Please say which year this happened.' });
  });

  it('rejects with a reason, and refuses a second decision on the same story as an invalid transition', async () => {
    const story = await submitted({ title: 'Not for us' });
    const url = `/moderation/stories/${story.id}/reject`;
    expect((await post('gareth', url, { reason: 'It names a service user.' }, url)).statusCode).toBe(303);
    expect((await statusOf(story.id)).status).toBe('rejected');
    const again = await post(
      'gareth',
      `/moderation/stories/${story.id}/publish`,
      {},
      `/moderation/stories/${story.id}`,
    );
    expect(again.statusCode).toBe(409);
    expect((await statusOf(story.id)).status).toBe('rejected');
  });

  it('sends no outcome email to an author who turned those emails off', async () => {
    const story = await submitted({ author: 'tom', title: 'Quiet publication' });
    await post('tom', '/account/notifications', { emails: 'comment_on_mine' }, '/account/notifications');
    await post('gareth', `/moderation/stories/${story.id}/publish`, {}, `/moderation/stories/${story.id}`);
    expect((await statusOf(story.id)).status).toBe('published');
    expect((await mailTo('tom')).map((m) => m.subject)).not.toContain('Your story “Quiet publication” is published');
  });

  it('will not publish while a named person has not consented, or a recording has no transcript, and says why', async () => {
    const story = await submitted({ title: 'With Jo in it' });
    await db()
      .insertInto('story_people')
      .values({ org_id: story.org_id, story_id: story.id, relation: 'named', name: 'Jo Pike', consent: 'pending' })
      .execute();
    await db()
      .insertInto('story_audio')
      .values({
        org_id: story.org_id,
        story_id: story.id,
        media_type: 'audio/ogg',
        bytes: Buffer.from('x'),
        size_bytes: 1,
        duration_seconds: 3,
      })
      .execute();
    const review = await get('gareth', `/moderation/stories/${story.id}`);
    expect(review.body).toContain('This story cannot be published yet');
    expect(review.body).toContain('Jo Pike has not answered yet');
    expect(review.body).toContain('no transcript');
    const refused = await post(
      'gareth',
      `/moderation/stories/${story.id}/publish`,
      {},
      `/moderation/stories/${story.id}`,
    );
    expect(refused.statusCode).toBe(422);
    expect((await statusOf(story.id)).status).toBe('submitted');

    const byApi = await api(garethToken, `/api/v1/moderation/stories/${story.id}/publish`, {});
    expect(byApi.statusCode).toBe(422);
    expect(byApi.json().error.code).toBe('not_ready');
    expect(Object.keys(byApi.json().error.fields).sort()).toEqual(['consent_missing', 'transcript_missing']);

    await db().updateTable('story_people').set({ consent: 'given' }).where('story_id', '=', story.id).execute();
    await db().updateTable('stories').set({ transcript: 'What was said.' }).where('id', '=', story.id).execute();
    expect((await api(garethToken, `/api/v1/moderation/stories/${story.id}/publish`, {})).statusCode).toBe(200);
  });

  it('publishes a story imported as already cleared even with consent outstanding', async () => {
    const story = await submitted({ title: 'Cleared elsewhere' });
    await db().updateTable('stories').set({ cleared: true }).where('id', '=', story.id).execute();
    await db()
      .insertInto('story_people')
      .values({ org_id: story.org_id, story_id: story.id, relation: 'named', name: 'Sam Lee', consent: 'not_asked' })
      .execute();
    expect((await api(garethToken, `/api/v1/moderation/stories/${story.id}/publish`, {})).statusCode).toBe(200);
  });
});

describe('the moderation API', () => {
  it('decides by token, with reasons where needed, and a machine-readable 409 for an invalid transition', async () => {
    const story = await submitted({ title: 'API decision' });
    const url = `/api/v1/moderation/stories/${story.id}`;
    const noReason = await api(garethToken, `${url}/reject`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields).toHaveProperty('reason');
    const rejected = await api(garethToken, `${url}/reject`, { reason: 'Too close to a real case.' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ id: story.id, status: 'rejected', publishedAt: null });
    const twice = await api(garethToken, `${url}/request-changes`, { reason: 'Again' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'invalid_transition', fields: { status: 'rejected' } });
  });

  it('is a 404 for readers, for stories outside the moderator’s reach, and asks programs without a token to sign in', async () => {
    const story = await submitted({ title: 'Reach test' });
    const publicOne = await submitted({ title: 'Public reach test', visibility: 'public' });
    expect((await api(amiraToken, `/api/v1/moderation/stories/${story.id}/publish`, {})).statusCode).toBe(404);
    expect((await api(garethToken, `/api/v1/moderation/stories/${publicOne.id}/publish`, {})).statusCode).toBe(404);
    const anonymous = await api('not-a-token', `/api/v1/moderation/stories/${story.id}/publish`, {});
    expect(anonymous.statusCode).toBe(401);
    expect((await statusOf(story.id)).status).toBe('submitted');
    expect((await statusOf(publicOne.id)).status).toBe('submitted');
  });

  it('ignores a status, organisation or author sent in the body', async () => {
    const story = await submitted({ title: 'Mass assignment' });
    const otherOrg = await idOf('organisations', 'kelbridge-wellbeing-network');
    const response = await api(garethToken, `/api/v1/moderation/stories/${story.id}/request-changes`, {
      reason: 'Shorter, please.',
      status: 'published',
      org_id: otherOrg,
      orgId: otherOrg,
      author_id: await idOf('users', people.gareth),
      published_at: new Date().toISOString(),
    });
    expect(response.statusCode).toBe(200);
    const row = await db()
      .selectFrom('stories')
      .select(['status', 'org_id', 'author_id', 'published_at'])
      .where('id', '=', story.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'changes_requested',
      org_id: story.org_id,
      author_id: await idOf('users', people.amira),
      published_at: null,
    });
  });
});

describe('reports', () => {
  async function publishedCouncilStory() {
    const story = await submitted({ title: `Reported story ${n + 1}` });
    await api(garethToken, `/api/v1/moderation/stories/${story.id}/publish`, {});
    return story;
  }

  it('lets a reader report a published story; the report joins the queue and can be dismissed', async () => {
    const story = await publishedCouncilStory();
    const form = await get('amira', `/report/story/${story.id}`);
    expect(form.statusCode).toBe(200);
    const empty = await post('amira', `/report/story/${story.id}`, { reason: '' }, `/report/story/${story.id}`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Tell the moderators what is wrong');
    const sent = await post(
      'amira',
      `/report/story/${story.id}`,
      { reason: 'It names my neighbour.' },
      `/report/story/${story.id}`,
    );
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Report sent');

    const queue = await get('gareth', '/moderation');
    expect(queue.body).toContain('It names my neighbour.');
    const report = await db()
      .selectFrom('reports')
      .select('id')
      .where('target_id', '=', story.id)
      .executeTakeFirstOrThrow();
    expect((await get('gareth', `/moderation/reports/${report.id}`)).body).toContain('It names my neighbour.');
    expect((await get('morven', `/moderation/reports/${report.id}`)).statusCode).toBe(404);
    const dismissed = await post(
      'gareth',
      `/moderation/reports/${report.id}/dismiss`,
      {},
      `/moderation/reports/${report.id}`,
    );
    expect(dismissed.statusCode).toBe(303);
    expect((await get('gareth', '/moderation')).body).not.toContain('It names my neighbour.');
    expect((await statusOf(story.id)).status).toBe('published');
    const events = await db()
      .selectFrom('moderation_events')
      .select('action')
      .where('target_id', '=', story.id)
      .execute();
    expect(events.map((e) => e.action)).toContain('report_dismissed');
  });

  it('takes a reported story down: back to its author with the reason', async () => {
    const story = await publishedCouncilStory();
    await post(
      'tom',
      `/report/story/${story.id}`,
      { reason: 'Unkind about a colleague.' },
      `/report/story/${story.id}`,
    );
    const report = await db()
      .selectFrom('reports')
      .select('id')
      .where('target_id', '=', story.id)
      .executeTakeFirstOrThrow();
    const url = `/moderation/reports/${report.id}/remove`;
    expect((await post('gareth', url, { reason: '' }, url)).statusCode).toBe(400);
    const removed = await post('gareth', url, { reason: 'Please take out the part about your colleague.' }, url);
    expect(removed.statusCode).toBe(303);
    expect((await statusOf(story.id)).status).toBe('changes_requested');
    expect((await get('tom', `/stories/${story.id}`)).statusCode).toBe(404);
    expect((await mailTo('amira')).at(-1)?.body_text).toContain('Please take out the part about your colleague.');
    const closed = await db()
      .selectFrom('reports')
      .select(['outcome'])
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    expect(closed.outcome).toBe('removed');
  });

  it('hides a reported comment from readers', async () => {
    const story = await publishedCouncilStory();
    await post(
      'tom',
      `/stories/${story.id}/comments`,
      { body: 'A comment that crosses a line.' },
      `/stories/${story.id}`,
    );
    const comment = await db()
      .selectFrom('comments')
      .select('id')
      .where('target_id', '=', story.id)
      .executeTakeFirstOrThrow();
    const sent = await post(
      'amira',
      `/report/comment/${comment.id}`,
      { reason: 'Rude.' },
      `/report/comment/${comment.id}`,
    );
    expect(sent.statusCode).toBe(200);
    const report = await db()
      .selectFrom('reports')
      .select('id')
      .where('target_id', '=', comment.id)
      .executeTakeFirstOrThrow();
    expect((await get('gareth', '/moderation')).body).toContain('Report on a comment');
    const url = `/moderation/reports/${report.id}/remove`;
    expect((await post('gareth', url, { reason: 'Not kind.' }, url)).statusCode).toBe(303);
    const page = await get('amira', `/stories/${story.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('A comment that crosses a line.');
    const events = await db()
      .selectFrom('moderation_events')
      .select(['action', 'target_type'])
      .where('target_id', '=', comment.id)
      .execute();
    expect(events).toEqual([{ action: 'hidden', target_type: 'comment' }]);
  });

  it('lets the story’s moderators hide a comment directly, with a reason', async () => {
    const story = await publishedCouncilStory();
    await post('tom', `/stories/${story.id}/comments`, { body: 'Hidden without a report.' }, `/stories/${story.id}`);
    const comment = await db()
      .selectFrom('comments')
      .select('id')
      .where('target_id', '=', story.id)
      .executeTakeFirstOrThrow();
    const url = `/moderation/comments/${comment.id}/hide`;
    expect((await get('gareth', `/stories/${story.id}`)).body).toContain(`href="${url}"`);
    expect((await get('amira', `/stories/${story.id}`)).body).not.toContain(`href="${url}"`);
    expect((await get('amira', url)).statusCode).toBe(404);
    expect((await get('morven', url)).statusCode).toBe(404);
    const noReason = await post('gareth', url, { reason: '' }, url);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Say why the comment is hidden');
    expect((await post('gareth', url, { reason: 'Off topic.' }, url)).statusCode).toBe(303);
    expect((await get('amira', `/stories/${story.id}`)).body).not.toContain('Hidden without a report.');
    const events = await db()
      .selectFrom('moderation_events')
      .select(['action', 'reason'])
      .where('target_id', '=', comment.id)
      .execute();
    expect(events).toEqual([{ action: 'hidden', reason: 'Off topic.' }]);
  });

  it('is a 404 to report what the reader cannot see or what is not published', async () => {
    const council = await publishedCouncilStory();
    const waiting = await submitted({ title: 'Still waiting', visibility: 'public' });
    expect((await get('callum', `/report/story/${council.id}`)).statusCode).toBe(404);
    expect((await post('callum', `/report/story/${council.id}`, { reason: 'x' }, '/account')).statusCode).toBe(404);
    expect((await get('amira', `/report/story/${waiting.id}`)).statusCode).toBe(404);
    expect((await get('amira', `/report/article/${council.id}`)).statusCode).toBe(404);
    const count = await db()
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('target_id', 'in', [council.id, waiting.id])
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});
