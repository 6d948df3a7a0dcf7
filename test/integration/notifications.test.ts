// In-app notifications: every event that sends email today also puts one notification in the list of each
// person told, whatever their email choice, never for their own action; the list and the API show what
// happened and link to the content; opening one marks it read, and only its owner can; "Mark all as read"
// brings the header's count (read with the caller, access/principal.ts) to 0; a token reads only its
// organisation's; erasing the person who acted leaves "A former member"; the export holds a person's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor } from '../../src/access/principal.ts';
import { accountsService } from '../../src/accounts/service.ts';
import { createServices } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  tom: 'tom.haddley@northshire-county-council.example', // line manager, county council
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
  callum: 'callum.ridding@northshire-fire-rescue.example', // member, fire service
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);
const db = () => t.database.db;

const get = async (who: Who, url: string) => t.app.inject({ url, headers: { cookie: await as(who) } });
const post = async (who: Who, url: string, fields: Record<string, string> = {}, formUrl = '/notifications') =>
  postForm(t.app, await as(who), formUrl, url, fields);
const idOf = async (who: Who) =>
  (await db().selectFrom('users').select('id').where('email', '=', people[who]).executeTakeFirstOrThrow()).id;

let n = 0;
/** A story of the author's first organisation, written straight into the database. */
async function story(author: Who, status: 'published' | 'submitted' = 'published') {
  n += 1;
  const authorId = await idOf(author);
  const org = await db()
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', authorId)
    .executeTakeFirstOrThrow();
  return (
    await db()
      .insertInto('stories')
      .values({
        org_id: org.org_id,
        slug: `notified-${n}`,
        title: `Notified story ${n}`,
        form: 'quote',
        body: 'Words worth telling people about.',
        primary_characteristic: 'reflects',
        characteristics: ['reflects'],
        roles: [],
        place: '',
        author_id: authorId,
        visibility: status === 'published' ? 'public' : 'organisation',
        space_id: null,
        status,
        submitted_at: new Date(),
        published_at: status === 'published' ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

const comment = (who: Who, storyId: string, body: string, parentId?: string) =>
  post(who, `/stories/${storyId}/comments`, { body, ...(parentId ? { parentId } : {}) }, `/stories/${storyId}`);

const commentId = async (storyId: string, body: string) =>
  (
    await db()
      .selectFrom('comments')
      .select('id')
      .where('target_id', '=', storyId)
      .where('body', '=', body)
      .executeTakeFirstOrThrow()
  ).id;

/** Rows about one story for one person, oldest first. */
const notificationsAbout = async (who: Who, storyId: string) =>
  db()
    .selectFrom('notifications')
    .select(['id', 'event', 'actor_id', 'read_at'])
    .where('person_id', '=', await idOf(who))
    .where('target_id', '=', storyId)
    .orderBy('created_at')
    .execute();

/** The header's count, as every signed-in page reads it with the caller. */
const unreadCount = async (who: Who) => (await callerFor(db(), await idOf(who))).person?.unreadNotifications;

const apiList = async (who: Who, headers: Record<string, string> = {}) =>
  (
    await t.app.inject({
      url: '/api/v1/notifications',
      headers: Object.keys(headers).length ? headers : { cookie: await as(who) },
    })
  ).json() as {
    unread: number;
    total: number;
    items: { id: string; event: string; summary: string; about: { id: string; title: string | null; url: string } }[];
  };

const mailCount = async (who: Who) =>
  Number(
    (
      await db()
        .selectFrom('email_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('to_address', '=', people[who])
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a comment on someone’s story', () => {
  it('gives its author exactly one unread notification that links to the story, and the commenter none', async () => {
    const id = await story('amira');
    expect((await comment('tom', id, 'This rang true for me.')).statusCode).toBe(303);
    const rows = await notificationsAbout('amira', id);
    expect(rows).toEqual([
      { id: expect.any(String), event: 'comment_on_mine', actor_id: await idOf('tom'), read_at: null },
    ]);
    expect(await notificationsAbout('tom', id)).toEqual([]);
    const notification = rows[0]?.id as string;

    const list = await get('amira', '/notifications');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Tom Haddley commented on your story.');
    expect(list.body).toContain(`<a class="govuk-link" href="/notifications/${notification}">Notified story ${n}</a>`);
    expect(list.body).toMatch(/Unread<\/strong>\s*Tom Haddley commented on your story\./);
    expect(list.body).toContain('href="/account/notifications"');

    const api = await apiList('amira');
    expect(api.items[0]).toMatchObject({
      id: notification,
      event: 'comment_on_mine',
      summary: 'Tom Haddley commented on your story.',
      about: { id, title: `Notified story ${n}`, url: `http://localhost/stories/${id}#comments` },
    });

    // Opening it goes to the story's discussion and marks it read.
    const opened = await get('amira', `/notifications/${notification}`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/stories/${id}#comments`);
    expect((await notificationsAbout('amira', id))[0]?.read_at).not.toBeNull();
    expect((await get('amira', '/notifications')).body).not.toMatch(
      /Unread<\/strong>\s*Tom Haddley commented on your story\./,
    );
  });

  it('lists it whatever the email choice, tells a comment’s author about a reply, and never tells anyone of their own', async () => {
    // Amira turns every email off: the notification still comes, the email does not.
    await post('amira', '/account/notifications', {}, '/account/notifications');
    const id = await story('amira');
    const mailBefore = await mailCount('amira');
    await comment('hannah', id, 'Hannah was here.');
    expect(await notificationsAbout('amira', id)).toHaveLength(1);
    expect(await mailCount('amira')).toBe(mailBefore);

    // Her own comment and her reply to Hannah tell her nothing; Hannah hears of the reply once.
    await comment('amira', id, 'My own afterthought.');
    await comment('amira', id, 'Thank you, Hannah.', await commentId(id, 'Hannah was here.'));
    expect(await notificationsAbout('amira', id)).toHaveLength(1);
    const hannahs = await notificationsAbout('hannah', id);
    expect(hannahs.map((r) => r.event)).toEqual(['reply_to_my_comment']);
    expect((await apiList('hannah')).items[0]?.summary).toBe('Amira Okafor replied to your comment.');
  });
});

describe('the unread count and marking all read', () => {
  it('counts each unread notification with the caller, and reaches 0 after "Mark all as read"', async () => {
    await post('amira', '/notifications/read');
    expect(await unreadCount('amira')).toBe(0);
    const first = await story('amira');
    const second = await story('amira');
    await comment('tom', first, 'One.');
    await comment('hannah', second, 'Two.');
    expect(await unreadCount('amira')).toBe(2);
    expect((await apiList('amira')).unread).toBe(2);
    const page = await get('amira', '/notifications');
    expect(page.body).toContain('You have 2 unread notifications.');
    expect(page.body).toContain('Mark all as read');

    const done = await post('amira', '/notifications/read');
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/notifications?read=1');
    expect(await unreadCount('amira')).toBe(0);
    expect((await apiList('amira')).unread).toBe(0);
    const after = await get('amira', '/notifications?read=1');
    expect(after.body).toContain('All your notifications are marked as read.');
    expect(after.body).toContain('You have read all your notifications.');
    expect(after.body).not.toContain('Mark all as read');
  });

  it('marks all read through the API, for the token’s organisation only', async () => {
    // Amira comments on Hannah's charity story; Hannah's reply tells Amira, in the charity's organisation.
    const charityStory = await story('hannah');
    await comment('amira', charityStory, 'From the council.');
    await comment('hannah', charityStory, 'Welcome!', await commentId(charityStory, 'From the council.'));
    const councilStory = await story('amira');
    await comment('tom', councilStory, 'From the next desk.');
    const token = await accountsService(db()).createToken(people.amira, 'northshire-county-council', 'Notices');
    const bearer = { authorization: `Bearer ${token}` };
    const byToken = await apiList('amira', bearer);
    expect(byToken.items.map((i) => i.about.id)).toContain(councilStory);
    expect(byToken.items.map((i) => i.about.id)).not.toContain(charityStory);
    expect((await apiList('amira')).items.map((i) => i.about.id)).toContain(charityStory);

    const marked = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read', headers: bearer });
    expect(marked.statusCode).toBe(200);
    expect(marked.json()).toEqual({ marked: 1 });
    // The charity's notification is still unread for her session.
    expect(await unreadCount('amira')).toBe(1);
    expect((await notificationsAbout('amira', charityStory))[0]?.read_at).toBeNull();
  });
});

describe('the list', () => {
  it('shows 20 a page, newest first, and says when there are none', async () => {
    const empty = await get('gareth', '/notifications');
    expect(empty.body).toContain('You have no notifications yet.');
    const id = await story('tom');
    const [garethId, tomId, orgId] = [
      await idOf('gareth'),
      await idOf('tom'),
      (await db().selectFrom('stories').select('org_id').where('id', '=', id).executeTakeFirstOrThrow()).org_id,
    ];
    await db()
      .insertInto('notifications')
      .values(
        Array.from({ length: 21 }, (_, i) => ({
          org_id: orgId,
          person_id: garethId,
          event: 'comment_on_mine',
          target_type: 'story',
          target_id: id,
          actor_id: tomId,
          summary: `Number ${i + 1}: {actor} commented on your story.`,
          created_at: new Date(Date.UTC(2026, 0, 1, 9, i)),
          read_at: null,
        })),
      )
      .execute();
    const first = await get('gareth', '/notifications');
    expect(first.body.match(/: Tom Haddley commented/g)).toHaveLength(20);
    expect(first.body.indexOf('Number 21:')).toBeLessThan(first.body.indexOf('Number 20:'));
    expect(first.body).not.toContain('Number 1:');
    expect(first.body).toContain('href="/notifications?page=2"');
    const second = await get('gareth', '/notifications?page=2');
    expect(second.body.match(/: Tom Haddley commented/g)).toHaveLength(1);
    expect(second.body).toContain('Number 1: Tom Haddley commented on your story.');
    expect((await get('gareth', '/notifications?page=3')).statusCode).toBe(404);
  });
});

describe('someone else’s notification', () => {
  it('is a 404 to open, stays unread, and is not in their list', async () => {
    const id = await story('amira');
    await comment('callum', id, 'Not yours to open.');
    const [row] = await notificationsAbout('amira', id);
    for (const who of ['tom', 'callum'] as const) {
      expect((await get(who, `/notifications/${row?.id}`)).statusCode).toBe(404);
      expect((await get(who, '/notifications')).body).not.toContain(row?.id);
    }
    expect((await get('amira', '/notifications/not-a-notification')).statusCode).toBe(404);
    expect((await notificationsAbout('amira', id))[0]?.read_at).toBeNull();
  });
});

describe('a moderator’s decision', () => {
  it('tells the author in the same transaction as the decision', async () => {
    const id = await story('amira', 'submitted');
    const url = `/moderation/stories/${id}/publish`;
    expect((await post('gareth', url, {}, url)).statusCode).toBe(303);
    const rows = await notificationsAbout('amira', id);
    expect(rows).toEqual([
      { id: expect.any(String), event: 'moderation_outcome', actor_id: await idOf('gareth'), read_at: null },
    ]);
    expect((await get('amira', '/notifications')).body).toContain('A moderator published your story.');
  });
});

describe('erasure', () => {
  it('reads "A former member" for an erased actor, deletes their own, and exports a person’s own', async () => {
    const id = await story('amira');
    await comment('callum', id, 'Soon to be gone.');
    await comment('amira', id, 'Thanks, Callum.', await commentId(id, 'Soon to be gone.'));
    expect(await notificationsAbout('callum', id)).toHaveLength(1);
    const callum = await idOf('callum');
    const privacy = createServices(db(), t.database.pool).privacy;
    expect((await privacy.eraseAccount(callum, { email: people.callum, stories: 'anonymise' })).ok).toBe(true);

    // Callum's own notification (of Amira's reply) is gone; Amira's (of his comment) no longer names him.
    const rows = await db()
      .selectFrom('notifications')
      .select(['person_id', 'actor_id'])
      .where('target_id', '=', id)
      .execute();
    expect(rows).toEqual([{ person_id: await idOf('amira'), actor_id: null }]);
    const list = await get('amira', '/notifications');
    expect(list.body).toContain('A former member commented on your story.');
    expect(list.body).not.toContain('Callum Ridding');

    const download = await post('amira', '/account/export', {}, '/account/export');
    const section = JSON.parse(download.body).sections.notifications;
    expect(section.data).toContainEqual(
      expect.objectContaining({ event: 'comment_on_mine', summary: 'A former member commented on your story.' }),
    );
    expect(download.body).not.toContain(callum);
  });
});
