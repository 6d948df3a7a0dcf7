// The pair exercise as two colleagues use it: starting one, taking notes in turns (only the person whose turn
// it is to type may change them), finishing each turn with a private first draft for its storyteller, the
// gentle timer, stopping, and nobody but the two partners reaching any of it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  amira: 'amira.okafor@northshire-county-council.example',
  priya: 'priya.lomax@northshire-county-council.example',
  tom: 'tom.haddley@northshire-county-council.example',
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);
const get = async (who: Who, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { cookie: await as(who), ...headers } });
const post = async (who: Who, url: string, fields: Record<string, string>) =>
  postForm(t.app, await as(who), '/pair/new', url, fields);
const db = () => t.database.db;

const notes = {
  introduce: 'Runs the libraries outreach van; loves the conversations at the school gate.',
  why_characteristic: 'Rooted in place: knows every village the van stops in.',
  example: 'Moved the Tuesday stop to the surgery car park after talking to the practice nurse.',
  what_changed: 'Twice as many older people borrowing; two joined the digital help sessions.',
  tips: 'Ask people where they already go, then go there.',
};

async function start(who: Who, fields: Record<string, string>) {
  const response = await post(who, '/pair/new', fields);
  expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
  return /\/pair\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1] ?? '';
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

describe('starting a pair exercise', () => {
  it('explains a partner who cannot be chosen, keeping what was typed', async () => {
    const empty = await post('amira', '/pair/new', { partnerEmail: '', mode: 'together', first: 'me' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter your partner’s email address');
    const elsewhere = await post('amira', '/pair/new', { partnerEmail: people.hannah, mode: 'apart', first: 'me' });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('Enter the email address of someone in your organisation on Waymark');
    expect(elsewhere.body).toContain(`value="${people.hannah}"`);
    const self = await post('amira', '/pair/new', { partnerEmail: people.amira, mode: 'together', first: 'me' });
    expect(self.body).toContain('not your own');
    const noMode = await post('amira', '/pair/new', { partnerEmail: people.priya, first: 'me' });
    expect(noMode.body).toContain('Select where you will do the exercise');
    expect(await db().selectFrom('pair_sessions').select('id').execute()).toEqual([]);
  });

  it('emails the partner a link, and nobody else reaches the exercise', async () => {
    const charity = await db()
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'kelbridge-wellbeing-network')
      .executeTakeFirstOrThrow();
    // Mass assignment: an organisation named in the form is ignored.
    const id = await start('amira', {
      partnerEmail: people.priya.toUpperCase(),
      mode: 'apart',
      first: 'me',
      org_id: charity.id,
      orgId: charity.id,
    });
    const session = await db().selectFrom('pair_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(session.org_id).not.toBe(charity.id);
    const mail = await db()
      .selectFrom('email_outbox')
      .selectAll()
      .where('to_address', '=', people.priya)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Amira Okafor started a pair exercise with you');
    expect(mail.body_text).toContain(`http://localhost/pair/${id}`);

    expect((await get('priya', `/pair/${id}`)).body).toContain('Pair exercise with Amira Okafor');
    expect((await get('amira', '/pair')).body).toContain('With Priya Lomax');
    for (const stranger of ['tom', 'hannah'] as const) {
      expect((await get(stranger, `/pair/${id}`)).statusCode).toBe(404);
      expect((await get(stranger, `/pair/${id}/turns/1/notes`)).statusCode).toBe(404);
      expect((await post(stranger, `/pair/${id}/turns/1`, notes)).statusCode).toBe(404);
      expect((await get(stranger, '/pair')).body).not.toContain(id);
    }
    expect((await t.app.inject(`/pair/${id}`)).statusCode).toBe(303);
  });
});

describe('the two turns', () => {
  it('apart: each interviewer types in their turn, and each storyteller ends with a private draft', async () => {
    // Relative to now: sessions signed in during the test must not look idle to the real clock afterwards.
    const startedAt = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(startedAt));
    const id = await start('amira', { partnerEmail: people.priya, mode: 'apart', first: 'partner' });
    // Turn 1: Amira interviews Priya. Priya follows the notes, but cannot change them.
    vi.setSystemTime(new Date(startedAt + 7 * 60_000 + 10_000));
    const page = await get('amira', `/pair/${id}`);
    expect(page.body).toContain('7 minutes in, of about 20.');
    expect(page.body).toContain('Turn 1: Amira Okafor asks, Priya Lomax tells');
    expect((await post('priya', `/pair/${id}/turns/1`, notes)).statusCode).toBe(409);
    const saved = await post('amira', `/pair/${id}/turns/1`, { ...notes, characteristic: 'rooted' });
    expect(saved.statusCode).toBe(303);
    const followed = await get('priya', `/pair/${id}/turns/1/notes`, { accept: 'application/json' });
    expect(followed.json()).toMatchObject({ currentTurn: 1, finished: false, notes: { tips: notes.tips } });
    expect((await get('priya', `/pair/${id}`)).body).toContain('Ask people where they already go, then go there.');

    // Finishing needs the characteristic; what was typed stays.
    const missing = await post('amira', `/pair/${id}/turns/1/finish`, {
      ...notes,
      example: 'A changed example',
      characteristic: '',
      form: 'profile',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select the characteristic the storyteller picked');
    expect(missing.body).toContain('A changed example');

    const characteristic = (await db().selectFrom('characteristics').select('key').executeTakeFirstOrThrow()).key;
    const finished = await post('amira', `/pair/${id}/turns/1/finish`, { ...notes, characteristic, form: 'profile' });
    expect(finished.statusCode).toBe(303);
    expect(finished.headers.location).toBe(`/pair/${id}?done=turn-finished`);
    // A second press (or the other screen) makes no second draft.
    await post('amira', `/pair/${id}/turns/1/finish`, { ...notes, characteristic, form: 'profile' });

    // Turn 2: roles swap. Priya types now; Amira cannot.
    expect((await post('amira', `/pair/${id}/turns/2`, notes)).statusCode).toBe(409);
    const turnTwo = await post('priya', `/pair/${id}/turns/2/finish`, {
      ...notes,
      introduce: 'Leads the council’s food projects.',
      characteristic,
      form: 'personal-narrative',
    });
    expect(turnTwo.headers.location).toBe(`/pair/${id}?done=finished`);

    const drafts = await db()
      .selectFrom('stories')
      .innerJoin('users', 'users.id', 'stories.author_id')
      .select(['stories.id', 'users.email', 'stories.form', 'stories.status', 'stories.visibility', 'stories.body'])
      .where('stories.slug', 'like', 'pair-draft-%')
      .orderBy('stories.created_at')
      .execute();
    expect(drafts.map((d) => [d.email, d.form, d.status, d.visibility])).toEqual([
      [people.priya, 'profile', 'draft', 'private'],
      [people.amira, 'personal-narrative', 'draft', 'private'],
    ]);
    expect(drafts[0]?.body).toContain('## About Priya');
    expect(drafts[0]?.body).toContain(notes.example);
    expect(drafts[1]?.body).toContain('## About me');
    const told = await db()
      .selectFrom('story_people')
      .select(['name', 'relation'])
      .where('story_id', '=', drafts[0]?.id ?? '')
      .execute();
    expect(told).toEqual([{ name: 'Amira Okafor', relation: 'told_with' }]);

    // Each draft is its storyteller's alone.
    expect((await get('priya', `/stories/${drafts[0]?.id}`)).statusCode).toBe(200);
    expect((await get('amira', `/stories/${drafts[0]?.id}`)).statusCode).toBe(404);
    expect((await get('amira', `/stories/${drafts[1]?.id}`)).statusCode).toBe(200);
    const mail = await db()
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', people.priya)
      .where('subject', '=', 'Your first draft from the pair exercise is ready')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(`http://localhost/stories/${drafts[0]?.id}`);
    const done = await get('amira', `/pair/${id}`);
    expect(done.body).toContain('Both turns are finished');
    expect(done.body).toContain(`href="/stories/${drafts[1]?.id}"`);
    expect(done.body).not.toContain(`href="/stories/${drafts[0]?.id}"`);
  });

  it('together: whoever started types in both turns; the partner follows', async () => {
    const id = await start('tom', { partnerEmail: people.priya, mode: 'together', first: 'me' });
    expect((await post('priya', `/pair/${id}/turns/1`, notes)).statusCode).toBe(409);
    const saved = await post('tom', `/pair/${id}/turns/1`, notes);
    expect(saved.statusCode).toBe(303);
    const autosave = await t.app.inject({
      method: 'POST',
      url: `/pair/${id}/turns/1`,
      headers: {
        cookie: await as('tom'),
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'tips=no+token',
    });
    // An autosave without the CSRF token is refused like any form.
    expect(autosave.statusCode).toBe(403);
    const row = await db()
      .selectFrom('pair_turns')
      .select(['tips', 'notes_saved_at'])
      .where('session_id', '=', id)
      .where('turn', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.tips).toBe(notes.tips);
    expect(row.notes_saved_at).not.toBeNull();
  });
});

describe('the download of one’s data', () => {
  it('holds the notes told about oneself, and only the existence of notes taken about the partner', async () => {
    const exported = async (who: Who) => {
      const cookie = await as(who);
      const response = await postForm(t.app, cookie, '/account/export', '/account/export', {});
      expect(response.statusCode).toBe(200);
      return response.json().sections.pairExercises.data as { youWere: string; notes: unknown }[];
    };
    // From the apart exercise above: Priya told first (Amira's notes), then Amira told.
    const priya = await exported('priya');
    expect(JSON.stringify(priya)).toContain(notes.example);
    expect(JSON.stringify(priya)).not.toContain('Leads the council’s food projects.');
    const amira = await exported('amira');
    expect(JSON.stringify(amira)).toContain('Leads the council’s food projects.');
    expect(amira.filter((t) => t.youWere === 'interviewer').every((t) => t.notes === null)).toBe(true);
  });
});

describe('stopping', () => {
  it('asks first, then deletes the notes of the unfinished turn and keeps nothing else open', async () => {
    const id = await start('amira', { partnerEmail: people.tom, mode: 'together', first: 'me' });
    await post('amira', `/pair/${id}/turns/1`, notes);
    const confirm = await get('tom', `/pair/${id}/stop`);
    expect(confirm.body).toContain('Stop this pair exercise?');
    const stopped = await post('tom', `/pair/${id}/stop`, {});
    expect(stopped.headers.location).toBe('/pair?done=abandoned');
    const turn = await db()
      .selectFrom('pair_turns')
      .select(['introduce', 'tips'])
      .where('session_id', '=', id)
      .where('turn', '=', 1)
      .executeTakeFirstOrThrow();
    expect(turn).toEqual({ introduce: '', tips: '' });
    expect((await get('amira', `/pair/${id}`)).body).toContain('This exercise was stopped.');
    expect((await post('amira', `/pair/${id}/turns/1`, notes)).statusCode).toBe(409);
    expect((await get('amira', `/pair/${id}/stop`)).statusCode).toBe(404);
  });
});

describe('leaving the organisation', () => {
  it('takes a partner out of the exercise at once', async () => {
    const id = await start('amira', { partnerEmail: people.tom, mode: 'apart', first: 'me' });
    expect((await get('tom', `/pair/${id}`)).statusCode).toBe(200);
    const tom = await db().selectFrom('users').select('id').where('email', '=', people.tom).executeTakeFirstOrThrow();
    const kept = await db().selectFrom('memberships').selectAll().where('user_id', '=', tom.id).execute();
    await db().deleteFrom('memberships').where('user_id', '=', tom.id).execute();
    try {
      expect((await get('tom', `/pair/${id}`)).statusCode).toBe(404);
      expect((await get('tom', `/pair/${id}/turns/1/notes`)).statusCode).toBe(404);
      expect((await get('tom', '/pair')).body).not.toContain(id);
    } finally {
      await db().insertInto('memberships').values(kept).execute();
    }
  });
});
