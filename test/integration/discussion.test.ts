// Discussion under published stories: comments and one level of replies, the 15-minute edit window (on a
// fake clock), deleting, "this resonates", notification emails and each person's settings, hidden
// comments disappearing, and nothing at all on stories a reader cannot see or that are not published.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  tom: 'tom.haddley@northshire-county-council.example', // line manager, county council
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council
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
const personId = async (who: Who) =>
  (await db().selectFrom('users').select('id').where('email', '=', people[who]).executeTakeFirstOrThrow()).id;

let n = 0;
/** A story written straight into the database (published unless told otherwise). */
async function story(input: {
  author: Who;
  visibility: 'public' | 'organisation';
  status?: 'published' | 'submitted';
}) {
  n += 1;
  const org = await db()
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', await personId(input.author))
    .executeTakeFirstOrThrow();
  const published = (input.status ?? 'published') === 'published';
  return (
    await db()
      .insertInto('stories')
      .values({
        org_id: org.org_id,
        slug: `discussed-${n}`,
        title: `Discussed story ${n}`,
        form: 'quote',
        body: 'Words worth discussing.',
        primary_characteristic: 'reflects',
        characteristics: ['reflects'],
        roles: [],
        place: '',
        author_id: await personId(input.author),
        visibility: input.visibility,
        space_id: null,
        status: published ? 'published' : 'submitted',
        submitted_at: new Date(),
        published_at: published ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

const mailTo = async (who: Who) =>
  (
    await db()
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', people[who])
      .orderBy('created_at')
      .execute()
  ).map((m) => m.subject);

const commentsOf = (storyId: string) =>
  db()
    .selectFrom('comments')
    .select(['id', 'parent_id', 'body', 'status'])
    .where('target_id', '=', storyId)
    .orderBy('created_at')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

describe('comments', () => {
  it('posts a Markdown comment shown under the story, and tells the story’s author', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    const response = await post(
      'tom',
      `/stories/${id}/comments`,
      { body: 'This is *so* familiar. <script>alert(1)</script>' },
      `/stories/${id}`,
    );
    expect(response.statusCode).toBe(303);
    const [comment] = await commentsOf(id);
    expect(response.headers.location).toBe(`/stories/${id}#comment-${comment?.id}`);
    const page = await get('hannah', `/stories/${id}`);
    expect(page.body).toContain('This is <em>so</em> familiar.');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('1 comment');
    // Anonymous readers of a public story see the discussion too, with a way to sign in to join it.
    const anonymous = await t.app.inject(`/stories/${id}`);
    expect(anonymous.body).toContain('This is <em>so</em> familiar.');
    expect(anonymous.body).toContain('to comment or to say this story resonates');
    expect(await mailTo('amira')).toContain(`Tom Haddley commented on your story “Discussed story ${n}”`);
  });

  it('keeps what was typed when a comment is empty or too long', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    const empty = await post('tom', `/stories/${id}/comments`, { body: '   ' }, `/stories/${id}`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your comment');
    const long = 'x'.repeat(5001);
    const tooLong = await post('tom', `/stories/${id}/comments`, { body: long }, `/stories/${id}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('Your comment must be 5,000 characters or fewer');
    expect(tooLong.body).toContain(long);
    expect(await commentsOf(id)).toEqual([]);
  });

  it('has one level of replies: a reply to a reply joins the same thread; the comment’s author is told', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    await post('tom', `/stories/${id}/comments`, { body: 'Top-level thought.' }, `/stories/${id}`);
    const [top] = await commentsOf(id);
    const replyForm = await get('hannah', `/comments/${top?.id}/reply`);
    expect(replyForm.statusCode).toBe(200);
    expect(replyForm.body).toContain('Top-level thought.');
    await post(
      'hannah',
      `/stories/${id}/comments`,
      { body: 'A reply.', parentId: top?.id ?? '' },
      `/comments/${top?.id}/reply`,
    );
    const reply = (await commentsOf(id))[1];
    expect(reply?.parent_id).toBe(top?.id);
    await post(
      'rosa',
      `/stories/${id}/comments`,
      { body: 'A reply to the reply.', parentId: reply?.id ?? '' },
      `/stories/${id}`,
    );
    const third = (await commentsOf(id))[2];
    expect(third?.parent_id).toBe(top?.id);
    const tomMail = await mailTo('tom');
    expect(tomMail.filter((s) => s.startsWith('Hannah Birtwistle replied to your comment'))).toHaveLength(1);
    expect(tomMail.filter((s) => s.startsWith('Rosa Penhallow replied to your comment'))).toHaveLength(1);
    const page = await get('amira', `/stories/${id}`);
    expect(page.body).toContain('A reply to the reply.');
    expect(page.body).toContain('3 comments');
  });

  it('lets the author edit for 15 minutes after posting and not after (on a fake clock)', async () => {
    // Near the real time, so that sessions touched on the fake clock are still alive when it stops.
    const start = Date.now();
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at(0));
    const id = await story({ author: 'amira', visibility: 'public' });
    await post('tom', `/stories/${id}/comments`, { body: 'First words.' }, `/stories/${id}`);
    const [comment] = await commentsOf(id);
    const url = `/comments/${comment?.id}/edit`;
    expect((await get('hannah', url)).statusCode).toBe(404);
    expect((await post('hannah', url, { body: 'Not mine to change' }, `/stories/${id}`)).statusCode).toBe(404);

    vi.setSystemTime(at(14));
    expect((await get('tom', `/stories/${id}`)).body).toContain(`href="${url}"`);
    expect((await post('tom', url, { body: 'Better words.' }, url)).statusCode).toBe(303);
    expect((await get('amira', `/stories/${id}`)).body).toMatch(/\(edited\)[\s\S]*Better words\./);

    vi.setSystemTime(at(16));
    expect((await get('tom', `/stories/${id}`)).body).not.toContain(`href="${url}"`);
    const late = await post('tom', url, { body: 'Too late.' }, url);
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('that time has passed');
    expect((await commentsOf(id))[0]?.body).toBe('Better words.');
  });

  it('lets the author delete their comment after a confirmation; replies stay under a note', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    await post('tom', `/stories/${id}/comments`, { body: 'Soon to go.' }, `/stories/${id}`);
    const [comment] = await commentsOf(id);
    await post(
      'hannah',
      `/stories/${id}/comments`,
      { body: 'Still here.', parentId: comment?.id ?? '' },
      `/stories/${id}`,
    );
    expect((await get('hannah', `/comments/${comment?.id}/delete`)).statusCode).toBe(404);
    expect((await post('hannah', `/comments/${comment?.id}/delete`, {}, `/stories/${id}`)).statusCode).toBe(404);
    expect((await get('tom', `/comments/${comment?.id}/delete`)).body).toContain('Delete your comment?');
    expect(
      (await post('tom', `/comments/${comment?.id}/delete`, {}, `/comments/${comment?.id}/delete`)).statusCode,
    ).toBe(303);
    const page = await get('amira', `/stories/${id}`);
    expect(page.body).not.toContain('Soon to go.');
    expect(page.body).toContain('This comment was removed.');
    expect(page.body).toContain('Still here.');
  });

  it('makes hidden comments disappear for everyone', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    await post('tom', `/stories/${id}/comments`, { body: 'Hide this one.' }, `/stories/${id}`);
    const [comment] = await commentsOf(id);
    await db()
      .updateTable('comments')
      .set({ status: 'hidden' })
      .where('id', '=', comment?.id ?? '')
      .execute();
    for (const who of ['tom', 'amira', 'hannah'] as const) {
      const page = await get(who, `/stories/${id}`);
      expect(page.body).not.toContain('Hide this one.');
      expect(page.body).toContain('0 comments');
    }
    expect((await get('hannah', `/comments/${comment?.id}/reply`)).statusCode).toBe(404);
    expect((await get('hannah', `/report/comment/${comment?.id}`)).statusCode).toBe(404);
  });
});

describe('reactions', () => {
  it('toggles “this resonates” and shows the count', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    expect((await post('tom', `/stories/${id}/resonates`, {}, `/stories/${id}`)).statusCode).toBe(303);
    await post('hannah', `/stories/${id}/resonates`, {}, `/stories/${id}`);
    let page = await get('tom', `/stories/${id}`);
    expect(page.body).toContain('2 people find that this story resonates.');
    expect(page.body).toContain('aria-pressed="true"');
    await post('tom', `/stories/${id}/resonates`, {}, `/stories/${id}`);
    page = await get('tom', `/stories/${id}`);
    expect(page.body).toContain('1 person finds that this story resonates.');
    expect(page.body).toContain('aria-pressed="false"');
  });
});

describe('stories readers cannot see, or that are not published', () => {
  it('offers no discussion, takes no comment or reaction, and answers 404', async () => {
    const councilOnly = await story({ author: 'amira', visibility: 'organisation' });
    const waiting = await story({ author: 'amira', visibility: 'public', status: 'submitted' });
    await post('tom', `/stories/${councilOnly}/comments`, { body: 'Inside the council.' }, `/stories/${councilOnly}`);
    const [inside] = await commentsOf(councilOnly);

    expect((await post('callum', `/stories/${councilOnly}/comments`, { body: 'Hello?' }, '/account')).statusCode).toBe(
      404,
    );
    expect((await post('callum', `/stories/${councilOnly}/resonates`, {}, '/account')).statusCode).toBe(404);
    expect((await get('callum', `/comments/${inside?.id}/reply`)).statusCode).toBe(404);
    expect((await get('callum', `/report/comment/${inside?.id}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/stories/${councilOnly}`)).body).not.toContain('Inside the council.');

    // Whether or not its author may open a story waiting for moderation, it has no discussion yet.
    expect((await get('amira', `/stories/${waiting}`)).body).not.toContain('id="discussion-heading"');
    expect((await post('amira', `/stories/${waiting}/comments`, { body: 'Early.' }, '/account')).statusCode).toBe(404);
    expect((await post('tom', `/stories/${waiting}/resonates`, {}, '/account')).statusCode).toBe(404);
    expect(await commentsOf(waiting)).toEqual([]);
    expect((await post('tom', '/stories/not-a-uuid/comments', { body: 'x' }, '/account')).statusCode).toBe(404);
  });

  it('will not let a reply name a comment on another story', async () => {
    const first = await story({ author: 'amira', visibility: 'public' });
    const second = await story({ author: 'amira', visibility: 'public' });
    await post('tom', `/stories/${first}/comments`, { body: 'On the first.' }, `/stories/${first}`);
    const [comment] = await commentsOf(first);
    const response = await post(
      'tom',
      `/stories/${second}/comments`,
      { body: 'Crossed.', parentId: comment?.id ?? '' },
      `/stories/${second}`,
    );
    expect(response.statusCode).toBe(404);
    expect(await commentsOf(second)).toEqual([]);
  });
});

describe('notification settings', () => {
  it('start all on, link from the account page, and stop the emails a person turns off', async () => {
    expect((await get('rosa', '/account')).body).toContain('href="/account/notifications"');
    const page = await get('rosa', '/account/notifications');
    // Five kinds of email, all on: comments, replies, moderation outcomes, a reading group place coming up, and
    // someone asking to join a reading group the person runs.
    expect(page.body.match(/checked/g)).toHaveLength(5);
    const saved = await post(
      'rosa',
      '/account/notifications',
      { emails: 'moderation_outcome' },
      '/account/notifications',
    );
    expect(saved.headers.location).toBe('/account/notifications?saved=1');
    const after = await get('rosa', '/account/notifications?saved=1');
    expect(after.body).toContain('Your choices were saved.');
    expect(after.body.match(/checked/g)).toHaveLength(1);

    const id = await story({ author: 'rosa', visibility: 'public' });
    const before = (await mailTo('rosa')).length;
    await post('tom', `/stories/${id}/comments`, { body: 'Rosa will not be emailed.' }, `/stories/${id}`);
    expect((await mailTo('rosa')).length).toBe(before);
  });

  it('sends nobody an email about their own comment', async () => {
    const id = await story({ author: 'hannah', visibility: 'public' });
    const before = (await mailTo('hannah')).length;
    await post('hannah', `/stories/${id}/comments`, { body: 'My own thought.' }, `/stories/${id}`);
    expect((await mailTo('hannah')).length).toBe(before);
  });
});

describe('privacy', () => {
  const privacy = () => createServices(db(), t.database.pool).privacy;

  it('exports the person’s comments and reactions', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    await post('callum', `/stories/${id}/comments`, { body: 'Callum’s exported words.' }, `/stories/${id}`);
    await post('callum', `/stories/${id}/resonates`, {}, `/stories/${id}`);
    const exported = await privacy().exportFor(await personId('callum'));
    const section = exported.sections.discussion?.data as { comments: { body: string }[]; reactions: unknown[] };
    expect(section.comments.map((c) => c.body)).toContain('Callum’s exported words.');
    expect(section.reactions).toHaveLength(1);
  });

  it('on erasure, removes comments with the stories, or keeps them as a former member’s', async () => {
    const id = await story({ author: 'amira', visibility: 'public' });
    await post('callum', `/stories/${id}/comments`, { body: 'Callum leaves this.' }, `/stories/${id}`);
    await post('hannah', `/stories/${id}/comments`, { body: 'Hannah leaves this.' }, `/stories/${id}`);
    const [callumComment] = await commentsOf(id);
    await post(
      'tom',
      `/stories/${id}/comments`,
      { body: 'Tom answers Callum.', parentId: callumComment?.id ?? '' },
      `/stories/${id}`,
    );

    const callum = await personId('callum');
    expect((await privacy().eraseAccount(callum, { email: people.callum, stories: 'remove' })).ok).toBe(true);
    const hannah = await personId('hannah');
    expect((await privacy().eraseAccount(hannah, { email: people.hannah, stories: 'anonymise' })).ok).toBe(true);

    const page = await get('amira', `/stories/${id}`);
    expect(page.body).not.toContain('Callum leaves this.');
    expect(page.body).toContain('This comment was removed.');
    expect(page.body).toContain('Tom answers Callum.');
    expect(page.body).toMatch(/Former member[\s\S]*Hannah leaves this\./);
    const left = await db().selectFrom('comments').select(['author_id']).where('target_id', '=', id).execute();
    expect(left.map((c) => c.author_id)).not.toContain(callum);
  });
});
