// Reading groups through the real app: an organisation's group never reaches another organisation (pages,
// the API, search, calendars); sessions are entered in London's time across the clock changes; the last
// place goes to one person when several ask at once, and a place given up goes to the first person
// waiting, who is told in-app and by email through a real SMTP server.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../../src/access/principal.ts';
import { gareth, kit, priya, rosa, tom } from '../../src/demo/people.ts';
import { emailDelivery, smtpMailer } from '../../src/email/delivery.ts';
import { readingGroupKind } from '../../src/groups/kind.ts';
import { searchAcrossKinds } from '../../src/search/engine.ts';
import { createServices } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let t: TestApp;
let smtp: TestSmtpServer;
const sessionOf = demoSessions(() => t);
let groupId = '';

const get = async (email: string | null, url: string) =>
  t.app.inject({ url, headers: email ? { cookie: await sessionOf(email) } : {} });

async function post(email: string, formUrl: string, action: string, fields: Record<string, string>) {
  return postForm(t.app, await sessionOf(email), formUrl, action, fields);
}

async function schedule(fields: Record<string, string>) {
  const formUrl = `/groups/${groupId}/sessions/new`;
  return post(tom, formUrl, formUrl, { title: 'Chapter one', place: 'Room 4, County Hall', ...fields });
}

const sessionIdFrom = (location: string) => /\/sessions\/([0-9a-f-]{36})/.exec(location)?.[1] as string;

beforeAll(async () => {
  t = await createTestApp();
  smtp = await startSmtpServer();
  const created = await post(tom, '/groups/new', '/groups/new', {
    name: 'Northshire readers',
    about: 'We read one story a month and talk about what it teaches.',
    visibility: 'organisation',
    joinRule: 'open',
  });
  expect(created.statusCode, created.body).toBe(303);
  groupId = /\/groups\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
}, 120_000);

afterAll(async () => {
  await smtp?.stop();
  await t?.close();
});

describe('an organisation’s reading group', () => {
  it('is found by its organisation and by nobody else, on any page, in the API or in search', async () => {
    expect((await get(priya, `/groups/${groupId}`)).body).toContain('Northshire readers');
    expect((await get(priya, '/groups')).body).toContain('Northshire readers');
    const api = await get(priya, '/api/v1/groups');
    expect(api.json().items.map((g: { id: string }) => g.id)).toContain(groupId);

    for (const stranger of [kit, null]) {
      const page = await get(stranger, `/groups/${groupId}`);
      expect(page.statusCode, `${stranger} group page`).toBe(stranger ? 404 : 404);
      expect(page.body).not.toContain('Northshire readers');
      expect((await get(stranger, '/groups')).body).not.toContain('Northshire readers');
      const list = await get(stranger, '/api/v1/groups');
      expect(list.statusCode).toBe(200);
      expect(JSON.stringify(list.json())).not.toContain('Northshire readers');
      expect((await get(stranger, `/api/v1/groups/${groupId}`)).statusCode).toBe(404);
    }
    const db = t.database.db;
    const kitId = (await db.selectFrom('users').select('id').where('email', '=', kit).executeTakeFirstOrThrow()).id;
    const priyaId = (await db.selectFrom('users').select('id').where('email', '=', priya).executeTakeFirstOrThrow()).id;
    const find = async (personId: string) =>
      (
        await searchAcrossKinds(db, [readingGroupKind], await principalFor(db, personId), 'Northshire readers', {
          limit: 10,
          offset: 0,
        })
      ).items.map((h) => h.id);
    expect(await find(priyaId)).toContain(groupId);
    expect(await find(kitId)).not.toContain(groupId);
  });

  it('refuses a session from anyone but a facilitator', async () => {
    await post(priya, `/groups/${groupId}`, `/groups/${groupId}/join`, {});
    const formUrl = `/groups/${groupId}/sessions/new`;
    expect((await get(priya, formUrl)).statusCode).toBe(404);
    const refused = await post(priya, `/groups/${groupId}`, formUrl, {
      title: 'Mine',
      date: '2027-05-01',
      startTime: '10:00',
      endTime: '11:00',
    });
    expect(refused.statusCode).toBe(404);
  });
});

describe('session times', () => {
  // Hand-written: BST is UTC+1 from the last Sunday of March to the last Sunday of October.
  it.each([
    ['2027-03-28', '10:30', '12:00', '2027-03-28T09:30:00.000Z', '2027-03-28T11:00:00.000Z'],
    ['2027-10-31', '10:30', '12:00', '2027-10-31T10:30:00.000Z', '2027-10-31T12:00:00.000Z'],
    ['2027-10-31', '00:30', '02:30', '2027-10-30T23:30:00.000Z', '2027-10-31T02:30:00.000Z'],
  ])('a session on %s from %s to %s starts at %s', async (date, startTime, endTime, starts, ends) => {
    const created = await schedule({ date, startTime, endTime });
    expect(created.statusCode, created.body).toBe(303);
    const id = sessionIdFrom(created.headers.location as string);
    const api = (await get(tom, `/api/v1/groups/${groupId}/sessions/${id}`)).json();
    expect([api.startsAt, api.endsAt]).toEqual([starts, ends]);
    const ics = (await get(tom, `/groups/${groupId}/sessions/${id}/calendar.ics`)).body;
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.startDate.toJSDate().toISOString()).toBe(starts);
    expect(event.uid).toContain(id);
    // The page shows it back in London's time.
    const page = (await get(tom, `/groups/${groupId}/sessions/${id}`)).body;
    const hour = Number(startTime.slice(0, 2));
    const shown = `${hour % 12 === 0 ? 12 : hour % 12}:${startTime.slice(3)}${hour < 12 ? 'am' : 'pm'}`;
    expect(page).toContain(shown);
  });

  it('refuses a time the clocks skip, and an end before the start, saying why', async () => {
    const skipped = await schedule({ date: '2027-03-28', startTime: '01:30', endTime: '03:00' });
    expect(skipped.statusCode).toBe(400);
    expect(skipped.body).toContain('the hour the clocks go forward');
    const backwards = await schedule({ date: '2027-06-01', startTime: '18:00', endTime: '17:00' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('End time must be after the start time');
  });
});

describe('places and the waiting list', () => {
  let sessionId = '';
  const sessionUrl = () => `/groups/${groupId}/sessions/${sessionId}`;
  const answer = (email: string, value: string) => post(email, sessionUrl(), `${sessionUrl()}/rsvp`, { answer: value });

  beforeAll(async () => {
    const created = await schedule({
      title: 'One seat only',
      date: '2027-06-02',
      startTime: '18:00',
      endTime: '19:30',
      capacity: '1',
    });
    sessionId = sessionIdFrom(created.headers.location as string);
    for (const person of [gareth, rosa]) await post(person, `/groups/${groupId}`, `/groups/${groupId}/join`, {});
  });

  it('gives the last place to one of several people asking at once, and puts the others on the waiting list', async () => {
    // Their pages first (each session's CSRF token), then the three answers at the same moment.
    const cookies = await Promise.all([priya, gareth, rosa].map((p) => sessionOf(p)));
    const pages = await Promise.all(cookies.map((cookie) => t.app.inject({ url: sessionUrl(), headers: { cookie } })));
    const answers = await Promise.all(
      cookies.map((cookie, i) =>
        t.app.inject({
          method: 'POST',
          url: `${sessionUrl()}/rsvp`,
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          payload: new URLSearchParams({
            answer: 'yes',
            _csrf: /name="_csrf" value="([^"]+)"/.exec(pages[i]?.body ?? '')?.[1] ?? '',
          }).toString(),
        }),
      ),
    );
    const where = answers.map((a) => a.headers.location as string);
    expect(where.filter((l) => l.endsWith('done=yes'))).toHaveLength(1);
    expect(where.filter((l) => l.endsWith('done=waiting'))).toHaveLength(2);
    const api = (await get(tom, `/api/v1/groups/${groupId}/sessions/${sessionId}`)).json();
    expect([api.going, api.waiting]).toEqual([1, 2]);
  });

  it('gives a place given up to the first person waiting, and tells them in-app and by email', async () => {
    const db = t.database.db;
    const rows = await db
      .selectFrom('session_rsvps as r')
      .innerJoin('users as u', 'u.id', 'r.person_id')
      .select(['u.email', 'u.id', 'r.waiting_since'])
      .where('r.session_id', '=', sessionId)
      .orderBy('r.waiting_since', (o) => o.nullsFirst())
      .execute();
    const [holder, first, second] = rows;
    if (!holder || !first || !second) throw new Error('three answers expected');
    const given = await answer(holder.email, 'no');
    expect(given.headers.location).toContain('done=no');

    const now = await db
      .selectFrom('session_rsvps')
      .select(['person_id', 'waiting_since'])
      .where('session_id', '=', sessionId)
      .where('answer', '=', 'yes')
      .execute();
    expect(now.find((r) => r.person_id === first.id)?.waiting_since).toBeNull();
    expect(now.find((r) => r.person_id === second.id)?.waiting_since).not.toBeNull();

    const inbox = await get(first.email, '/notifications');
    expect(inbox.body).toContain('A place came up for you at “One seat only”');
    const delivery = emailDelivery(db, { mailer: smtpMailer(smtp.url), from: 'Waymark <waymark@example.org>' });
    await delivery.deliver();
    const mail = await smtp.waitFor((m) => m.rcptTo.includes(first.email) && m.subject.startsWith('A place came up'));
    expect(mail.subject).toBe('A place came up for you: One seat only');
    expect(mail.text).toContain('it is now yours');
    expect(smtp.messages.filter((m) => m.rcptTo.includes(second.email)).map((m) => m.subject)).toEqual([
      'You are on the waiting list: One seat only',
    ]);
    // The one who said yes first had their place confirmed, with the calendar file to add.
    const confirmed = smtp.messages.find((m) => m.rcptTo.includes(holder.email));
    expect(confirmed?.subject).toBe('You have a place: One seat only');
    expect(confirmed?.text).toContain(`/groups/${groupId}/sessions/${sessionId}/calendar.ics`);
    // The invitation itself travels with the email, as a calendar part a mail program offers to add.
    expect(confirmed?.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(mail.raw).toMatch(/method=REQUEST/i);
  });

  it('lets a facilitator close answers: nobody new says yes, and people can still drop out', async () => {
    const closed = await post(tom, sessionUrl(), `${sessionUrl()}/answers`, { answers: 'closed' });
    expect(closed.headers.location).toContain('done=closed');
    const late = await answer(priya, 'yes');
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Answers are closed for this session');
    expect((await answer(priya, 'no')).statusCode).toBe(303);
  });

  it('answers through the API with a token-less session refused, and the same rules', async () => {
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/groups/${groupId}/sessions/${sessionId}/rsvp`,
      payload: { answer: 'yes' },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the meeting: agenda, facilitation, notes, reflections and actions', () => {
  let sessionId = '';
  const base = () => `/groups/${groupId}/sessions/${sessionId}`;
  const reflection = 'Priya’s private reflection: I still avoid the hard conversations.';

  beforeAll(async () => {
    const created = await schedule({
      title: 'Talking it through',
      date: '2027-07-07',
      startTime: '12:00',
      endTime: '13:00',
    });
    sessionId = sessionIdFrom(created.headers.location as string);
  });

  it('lets the facilitator choose the agenda and run it one question at a time', async () => {
    const own = await post(tom, base(), `${base()}/questions`, { questionText: 'What would you try on Monday?' });
    expect(own.statusCode).toBe(303);
    const page = (await get(tom, base())).body;
    const ownValue = /value="(own:[0-9a-f-]{36})"/.exec(page)?.[1] as string;
    const payload = new URLSearchParams([
      ['questions', 'set:individuals-career'],
      ['questions', ownValue],
    ]);
    const saved = await post(tom, base(), `${base()}/agenda`, Object.fromEntries(payload) as Record<string, string>);
    expect(saved.statusCode).toBe(303);
    // Two answers to one name: sent as the browser sends ticked boxes.
    const cookie = await sessionOf(tom);
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await get(tom, base())).body)?.[1] ?? '';
    payload.set('_csrf', csrf);
    const both = await t.app.inject({
      method: 'POST',
      url: `${base()}/agenda`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: payload.toString(),
    });
    expect(both.statusCode).toBe(303);

    const first = (await get(tom, `${base()}/facilitate`)).body;
    expect(first).toContain('Question 1 of 2');
    expect(first).toContain('which of your skills would travel with you');
    expect(first).toContain(`href="${base()}/facilitate?q=2"`);
    const second = (await get(tom, `${base()}/facilitate?q=2`)).body;
    expect(second).toContain('What would you try on Monday?');
    expect(second).toContain(`href="${base()}/facilitate?q=1"`);
    expect(second).not.toContain('?q=3');
    // A member does not run the session.
    expect((await get(priya, `${base()}/facilitate`)).statusCode).toBe(404);
  });

  it('keeps a reflection for its author alone: not the facilitator, the API, or anyone’s export but hers', async () => {
    expect((await post(priya, base(), `${base()}/reflection`, { reflection })).statusCode).toBe(303);
    expect(
      (await post(priya, base(), `${base()}/notes`, { notes: 'We agreed to meet again in May.' })).statusCode,
    ).toBe(303);
    expect((await get(priya, base())).body).toContain('I still avoid the hard conversations');

    const seen: string[] = [];
    for (const who of [tom, gareth, rosa, kit, null]) {
      for (const url of [
        base(),
        `${base()}/facilitate`,
        `/groups/${groupId}`,
        '/actions',
        `/api/v1/groups/${groupId}/sessions/${sessionId}`,
      ]) {
        const body = (await get(who, url)).body;
        if (body.includes('hard conversations')) seen.push(`${who} ${url}`);
      }
    }
    expect(seen).toEqual([]);
    // Shared notes are the group's.
    expect((await get(gareth, base())).body).toContain('We agreed to meet again in May.');
    expect((await get(kit, base())).body).not.toContain('We agreed to meet again in May.');

    const exportOf = async (email: string) => {
      const response = await post(email, '/account/export', '/account/export', {});
      return response.body;
    };
    expect(await exportOf(priya)).toContain('I still avoid the hard conversations');
    expect(await exportOf(tom)).not.toContain('hard conversations');
  });

  it('records actions with an owner and a due date, listed under each owner’s "My actions"', async () => {
    const db = t.database.db;
    const priyaId = (await db.selectFrom('users').select('id').where('email', '=', priya).executeTakeFirstOrThrow()).id;
    const added = await post(gareth, base(), `${base()}/actions`, {
      actionText: 'Ask the fire service to join our next session',
      ownerId: priyaId,
      dueOn: '2027-07-31',
    });
    expect(added.statusCode).toBe(303);
    const mine = (await get(priya, '/actions')).body;
    expect(mine).toContain('Ask the fire service to join our next session');
    expect(mine).toContain('31 July 2027');
    expect((await get(gareth, '/actions')).body).not.toContain('Ask the fire service');
    // The owner must be a member of the group.
    const kitId = (await db.selectFrom('users').select('id').where('email', '=', kit).executeTakeFirstOrThrow()).id;
    const stranger = await post(gareth, base(), `${base()}/actions`, {
      actionText: 'x',
      ownerId: kitId,
      dueOn: '2027-07-31',
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toContain('Select a member of the group');
  });
});

describe('erasing an account', () => {
  it('deletes the person’s place, answers, reflections and actions; the group’s shared notes stay', async () => {
    const db = t.database.db;
    const priyaId = (await db.selectFrom('users').select('id').where('email', '=', priya).executeTakeFirstOrThrow()).id;
    const services = createServices(db, t.database.pool);
    expect(await services.privacy.eraseAccount(priyaId, { email: priya, stories: 'anonymise' })).toEqual({ ok: true });
    const left = await Promise.all(
      (['group_members', 'session_rsvps', 'session_reflections'] as const).map((table) =>
        db.selectFrom(table).select('person_id').where('person_id', '=', priyaId).execute(),
      ),
    );
    expect(left.flat()).toEqual([]);
    expect(await db.selectFrom('group_actions').select('id').where('owner_id', '=', priyaId).execute()).toEqual([]);
    const notes = await db.selectFrom('session_notes').select(['body', 'updated_by']).execute();
    expect(notes.find((n) => n.body === 'We agreed to meet again in May.')?.updated_by).toBeNull();
  });
});

describe('changing and cancelling a session', () => {
  it('sends an update with a higher SEQUENCE, then a cancellation, to everyone who answered', async () => {
    const created = await schedule({ title: 'To be moved', date: '2027-09-01', startTime: '18:00', endTime: '19:00' });
    const sessionId = sessionIdFrom(created.headers.location as string);
    const url = `/groups/${groupId}/sessions/${sessionId}`;
    await post(gareth, url, `${url}/rsvp`, { answer: 'maybe' });
    // Rosa says yes, then leaves the council: she hears nothing more of its organisation-only group.
    await post(rosa, url, `${url}/rsvp`, { answer: 'yes' });
    const rosaId = (
      await t.database.db.selectFrom('users').select('id').where('email', '=', rosa).executeTakeFirstOrThrow()
    ).id;
    await t.database.db.deleteFrom('memberships').where('user_id', '=', rosaId).execute();
    const calendar = async () => {
      const component = new ICAL.Component(ICAL.parse((await get(gareth, `${url}/calendar.ics`)).body));
      const event = new ICAL.Event(component.getFirstSubcomponent('vevent') as ICAL.Component);
      return { method: component.getFirstPropertyValue('method'), event };
    };
    const first = await calendar();
    expect([first.method, first.event.sequence]).toEqual(['REQUEST', 0]);

    // The form shows the session back in London's time.
    const form = (await get(tom, `${url}/edit`)).body;
    expect(form).toContain('value="2027-09-01"');
    expect(form).toContain('value="18:00"');
    // Moved to the Sunday the clocks go back, at 1:30am: the first (BST) 1:30am.
    const moved = await post(tom, `${url}/edit`, `${url}/edit`, {
      title: 'Moved',
      date: '2027-10-31',
      startTime: '01:30',
      endTime: '03:00',
    });
    expect(moved.statusCode, moved.body).toBe(303);
    const second = await calendar();
    expect([second.method, second.event.sequence, second.event.uid]).toEqual(['REQUEST', 1, first.event.uid]);
    expect(second.event.startDate.toJSDate().toISOString()).toBe('2027-10-31T00:30:00.000Z');
    const db = t.database.db;
    const told = await db
      .selectFrom('email_outbox')
      .select(['to_address', 'body_text', 'calendar'])
      .where('subject', '=', 'Changed: Moved')
      .execute();
    expect(told.map((m) => m.to_address)).toEqual([gareth]);
    // The email carries the update itself: the same UID, SEQUENCE 1, the new time.
    const update = new ICAL.Component(ICAL.parse(told[0]?.calendar ?? ''));
    const updated = new ICAL.Event(update.getFirstSubcomponent('vevent') as ICAL.Component);
    expect([update.getFirstPropertyValue('method'), updated.sequence, updated.uid]).toEqual([
      'REQUEST',
      1,
      first.event.uid,
    ]);
    expect(updated.startDate.toJSDate().toISOString()).toBe('2027-10-31T00:30:00.000Z');
    expect(told[0]?.body_text).toContain('31 October 2027 at 1:30am');

    expect((await post(tom, `${url}/edit`, `${url}/cancel`, {})).statusCode).toBe(303);
    const third = await calendar();
    expect([third.method, third.event.sequence, third.event.uid]).toEqual(['CANCEL', 2, first.event.uid]);
    const cancelled = await db
      .selectFrom('email_outbox')
      .select(['to_address', 'calendar'])
      .where('subject', '=', 'Cancelled: Moved')
      .execute();
    expect(cancelled.map((m) => m.to_address)).toEqual([gareth]);
    const cancellation = new ICAL.Component(ICAL.parse(cancelled[0]?.calendar ?? ''));
    expect(cancellation.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(new ICAL.Event(cancellation.getFirstSubcomponent('vevent') as ICAL.Component).sequence).toBe(2);
    const late = await post(gareth, url, `${url}/rsvp`, { answer: 'yes' });
    expect(late.statusCode).toBe(409);
    // A member cannot change or cancel it.
    expect((await get(gareth, `${url}/edit`)).statusCode).toBe(404);
  });
});

describe('calendar feeds', () => {
  it('gives a secret address listing the person’s group sessions, per group too, and stops when revoked', async () => {
    const made = await post(gareth, '/account/calendar', '/account/calendar', {});
    expect(made.statusCode).toBe(200);
    const url = /<code id="calendar-url">([^<]+)<\/code>/.exec(made.body)?.[1] ?? '';
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}$/);
    // Fetched with no cookie, as a calendar program does.
    const feed = await t.app.inject({ url: path });
    expect(feed.statusCode).toBe(200);
    const component = new ICAL.Component(ICAL.parse(feed.body));
    expect(component.getFirstPropertyValue('method')).toBe('PUBLISH');
    const titles = component.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e).summary);
    expect(titles).toContain('Northshire readers: One seat only');
    expect(titles).toContain('Northshire story circle: Careers across sectors');
    const cancelled = component
      .getAllSubcomponents('vevent')
      .find((e) => new ICAL.Event(e).summary === 'Northshire readers: Moved');
    expect(cancelled?.getFirstPropertyValue('status')).toBe('CANCELLED');
    // One group only.
    const one = await t.app.inject({ url: `${path}?group=${groupId}` });
    const only = new ICAL.Component(ICAL.parse(one.body))
      .getAllSubcomponents('vevent')
      .map((e) => new ICAL.Event(e).summary);
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((s) => s.startsWith('Northshire readers:'))).toBe(true);
    // The page never shows the address again; a new one ends the old; revoking ends it.
    expect((await get(gareth, '/account/calendar')).body).not.toContain(path);
    const again = await post(gareth, '/account/calendar', '/account/calendar', {});
    const second = (/<code id="calendar-url">([^<]+)<\/code>/.exec(again.body)?.[1] ?? '').replace(
      /^https?:\/\/[^/]+/,
      '',
    );
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
    expect((await t.app.inject({ url: second })).statusCode).toBe(200);
    await post(gareth, '/account/calendar', '/account/calendar/revoke', {});
    expect((await t.app.inject({ url: second })).statusCode).toBe(404);
  });
});

describe('the reading list', () => {
  it('lists content of any kind by its link, in order with notes, only what the reader may read', async () => {
    const db = t.database.db;
    const story = async (slug: string) =>
      (await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const groupUrl = `/groups/${groupId}`;
    const first = await post(tom, groupUrl, `${groupUrl}/reading-list`, {
      itemLink: `http://localhost/stories/${await story('the-supervision-i-nearly-skipped')}`,
      itemNote: 'Read this one first: it is short.',
    });
    expect(first.statusCode, first.body).toBe(303);
    const second = await post(tom, groupUrl, `${groupUrl}/reading-list`, {
      itemLink: `/stories/${await story('not-salami-slicing')}`,
      itemNote: '',
    });
    expect(second.statusCode).toBe(303);
    const page = (await get(gareth, groupUrl)).body;
    const a = page.indexOf('The supervision I nearly skipped');
    const b = page.indexOf('Not another salami slice');
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(page).toContain('Read this one first: it is short.');
    // A story only its author may read cannot be listed by someone else.
    const hidden = await post(tom, groupUrl, `${groupUrl}/reading-list`, {
      itemLink: `/stories/${await story('notes-for-myself-on-a-hard-day')}`,
      itemNote: '',
    });
    expect(hidden.statusCode).toBe(400);
    expect(hidden.body).toContain('a story, article or library item you can read');
    // A member does not change the list; a facilitator takes an item off it.
    const itemId = /reading-list\/([0-9a-f-]{36})\/remove/.exec((await get(tom, groupUrl)).body)?.[1] as string;
    expect((await post(gareth, groupUrl, `${groupUrl}/reading-list/${itemId}/remove`, {})).statusCode).toBe(404);
    expect((await post(tom, groupUrl, `${groupUrl}/reading-list/${itemId}/remove`, {})).statusCode).toBe(303);
    expect((await get(gareth, groupUrl)).body).not.toContain('Read this one first');
  });
});
