// Reading groups, through the real app: a request to join a group that needs approval tells each facilitator
// in-app and by email with a link to the requests (once per request, throttled); a place freed by a higher
// capacity or by an erased account goes to the first people waiting, in order, who are told as when someone
// drops out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amira, gareth, kit, priya, rosa, tom } from '../../src/demo/people.ts';
import { createServices } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const sessionOf = demoSessions(() => t);

const get = async (email: string | null, url: string) =>
  t.app.inject({ url, headers: email ? { cookie: await sessionOf(email) } : {} });

async function post(email: string, formUrl: string, action: string, fields: Record<string, string>) {
  return postForm(t.app, await sessionOf(email), formUrl, action, fields);
}

const idOf = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

const mailTo = (email: string) =>
  t.database.db
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', email)
    .orderBy('created_at')
    .execute();

async function newGroup(name: string, joinRule: 'open' | 'request') {
  const created = await post(tom, '/groups/new', '/groups/new', {
    name,
    about: 'A group for the tests.',
    visibility: 'organisation',
    joinRule,
  });
  expect(created.statusCode, created.body).toBe(303);
  return /\/groups\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
}

beforeAll(async () => {
  // Two requests a day each, so the third is refused.
  t = await createTestApp({ services: { limits: { groupJoinRequests: { points: 2 } } } });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('asking to join a group that needs approval', () => {
  let groupId = '';

  beforeAll(async () => {
    groupId = await newGroup('Careers circle', 'request');
    // A second facilitator, as the group's creator would make one.
    await t.database.db
      .insertInto('group_members')
      .values({
        org_id: (
          await t.database.db
            .selectFrom('reading_groups')
            .select('org_id')
            .where('id', '=', groupId)
            .executeTakeFirstOrThrow()
        ).org_id,
        group_id: groupId,
        person_id: await idOf(amira),
        role: 'facilitator',
      })
      .execute();
  });

  it('tells each facilitator in-app and by email, with a link to the requests, and nobody else', async () => {
    const asked = await post(gareth, `/groups/${groupId}`, `/groups/${groupId}/join`, {});
    expect(asked.headers.location).toBe(`/groups/${groupId}?done=requested`);

    for (const facilitator of [tom, amira]) {
      const inbox = (await get(facilitator, '/notifications')).body;
      expect(inbox).toContain('Gareth Mbeki asked to join “Careers circle”.');
      const link = /href="(\/notifications\/[0-9a-f-]{36})">Careers circle</.exec(inbox)?.[1] as string;
      expect((await get(facilitator, link)).headers.location).toBe(`/groups/${groupId}#requests`);
      const mail = (await mailTo(facilitator)).filter((m) => m.subject === 'Gareth Mbeki asked to join Careers circle');
      expect(mail).toHaveLength(1);
      expect(mail[0]?.body_text).toContain(`http://localhost/groups/${groupId}#requests`);
    }
    expect((await get(gareth, '/notifications')).body).not.toContain('asked to join');
    expect((await mailTo(gareth)).map((m) => m.subject)).not.toContain('Gareth Mbeki asked to join Careers circle');
    // The link lands on the list of people asking, where the facilitator lets them in.
    const page = (await get(tom, `/groups/${groupId}`)).body;
    expect(page).toContain('id="requests"');
    expect(page).toContain('Let Gareth Mbeki join');
  });

  it('tells them once: asking again sends nothing more and is not counted', async () => {
    const again = await post(gareth, `/groups/${groupId}`, `/groups/${groupId}/join`, {});
    expect(again.headers.location).toBe(`/groups/${groupId}?done=requested`);
    const mail = (await mailTo(tom)).filter((m) => m.subject === 'Gareth Mbeki asked to join Careers circle');
    expect(mail).toHaveLength(1);
  });

  it('limits requests, with a page that says the limit; a stranger gets the 404 and nothing counted', async () => {
    const second = await newGroup('Second circle', 'request');
    const third = await newGroup('Third circle', 'request');
    expect((await post(kit, '/groups', `/groups/${second}/join`, {})).statusCode).toBe(404);
    expect((await post(gareth, `/groups/${second}`, `/groups/${second}/join`, {})).statusCode).toBe(303);
    const refused = await post(gareth, `/groups/${third}`, `/groups/${third}/join`, {});
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Requests to join reading groups are limited to 2 a day for each person.');
    expect((await mailTo(tom)).filter((m) => m.subject === 'Gareth Mbeki asked to join Third circle')).toEqual([]);
    // Joining an open group is not a request, and is never limited.
    const open = await newGroup('Open circle', 'open');
    expect((await post(gareth, `/groups/${open}`, `/groups/${open}/join`, {})).headers.location).toBe(
      `/groups/${open}?done=joined`,
    );
  });
});

describe('places that come free', () => {
  let groupId = '';
  let sessionId = '';
  const url = () => `/groups/${groupId}/sessions/${sessionId}`;
  const waitingList = async () =>
    (
      await t.database.db
        .selectFrom('session_rsvps as r')
        .innerJoin('users as u', 'u.id', 'r.person_id')
        .select(['u.email', 'r.waiting_since'])
        .where('r.session_id', '=', sessionId)
        .where('r.answer', '=', 'yes')
        .orderBy('u.email')
        .execute()
    ).map((r) => `${r.email.split('.')[0]} ${r.waiting_since === null ? 'has a place' : 'waits'}`);

  beforeAll(async () => {
    groupId = await newGroup('Places circle', 'open');
    const created = await post(tom, `/groups/${groupId}/sessions/new`, `/groups/${groupId}/sessions/new`, {
      title: 'Small room',
      place: 'Room 2',
      date: '2027-06-02',
      startTime: '18:00',
      endTime: '19:00',
      capacity: '1',
    });
    sessionId = /\/sessions\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
    // Priya takes the place; Rosa, then Gareth, then Amira wait, in that order.
    for (const person of [priya, rosa, gareth, amira]) {
      await post(person, `/groups/${groupId}`, `/groups/${groupId}/join`, {});
      expect((await post(person, url(), `${url()}/rsvp`, { answer: 'yes' })).statusCode).toBe(303);
    }
    expect(await waitingList()).toEqual(['amira waits', 'gareth waits', 'priya has a place', 'rosa waits']);
  });

  it('gives the new places of a higher capacity to the first people waiting, and tells them', async () => {
    const changed = await post(tom, `${url()}/edit`, `${url()}/edit`, {
      title: 'Small room',
      place: 'Room 2',
      date: '2027-06-02',
      startTime: '18:00',
      endTime: '19:00',
      capacity: '3',
    });
    expect(changed.statusCode, changed.body).toBe(303);
    expect(await waitingList()).toEqual(['amira waits', 'gareth has a place', 'priya has a place', 'rosa has a place']);
    for (const person of [rosa, gareth]) {
      expect((await get(person, '/notifications')).body).toContain('A place came up for you at “Small room”');
      const mail = (await mailTo(person)).find((m) => m.subject === 'A place came up for you: Small room');
      expect(mail?.body_text).toContain('it is now yours');
    }
    expect((await mailTo(amira)).map((m) => m.subject)).not.toContain('A place came up for you: Small room');
  });

  it('gives the place of a person whose account is erased to the next person waiting, and tells them', async () => {
    const services = createServices(t.database.db, t.database.pool, undefined, undefined, {
      baseUrl: 'http://localhost',
    });
    const erased = await services.privacy.eraseAccount(await idOf(priya), { email: priya, stories: 'anonymise' });
    expect(erased).toEqual({ ok: true });
    expect(await waitingList()).toEqual(['amira has a place', 'gareth has a place', 'rosa has a place']);
    expect((await get(amira, '/notifications')).body).toContain('A place came up for you at “Small room”');
    const mail = (await mailTo(amira)).find((m) => m.subject === 'A place came up for you: Small room');
    expect(mail?.body_text).toContain(`http://localhost${url()}`);
  });
});
