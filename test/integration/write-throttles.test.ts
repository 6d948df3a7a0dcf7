// Throttles on what sends email or writes for someone: consent requests, comments, reactions, reports, stories
// and tag suggestions through the API, organisation and space invitations (staff import included) and single
// sign-on starts. Every test drives two app instances on one database in turn, so the count is shared; the
// call over the limit gets 429 with Retry-After and a readable page (or the API's error body), and writes
// and sends nothing.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { type DemoCredential, seedDemo } from '../../src/demo/seed.ts';
import type { LimitOverrides } from '../../src/throttles/limits.ts';
import { appOn } from '../support/app.ts';
import { createTestDatabase, rowCount, type TestDatabase } from '../support/database.ts';
import { confirmStaffList, csrfOf, postForm, signInCookie } from '../support/forms.ts';

const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  tom: 'tom.haddley@northshire-county-council.example', // line manager, county council
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council
  declan: 'declan.ashworth@northshire-county-council.example', // org admin, county council
  kit: 'kit.marsden@kelbridge-city-council.example', // member, city council
  sunita: 'sunita.greaves@northshire-community-health.example', // member, NHS trust
  callum: 'callum.ridding@northshire-fire-rescue.example', // member, fire service
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
};
type Who = keyof typeof people;

// Small limits keep the tests quick; consent requests keep the real hourly limit (30), which the issue names.
const small: LimitOverrides = {
  comments: { points: 3 },
  reactions: { points: 3 },
  reports: { points: 3 },
  apiStories: { points: 3 },
  tagSuggestions: { points: 3 },
  organisationInvitations: { points: 3 },
  spaceInvitations: { points: 3 },
  ssoStarts: { points: 3 },
};

let database: TestDatabase;
let credentials: DemoCredential[];
/** Two instances with the same limits on one database, and a third whose per-story consent limit is 2. */
let apps: [FastifyInstance, FastifyInstance];
let storyCapped: FastifyInstance;
const cookies = new Map<Who, string>();

const instance = (limits: LimitOverrides) => appOn(database.db, database.pool, {}, { limits });

beforeAll(async () => {
  database = await createTestDatabase();
  credentials = (await seedDemo(database.db)) ?? [];
  apps = [await instance(small), await instance(small)];
  storyCapped = await instance({ ...small, consentRequestsPerStoryDay: { points: 2 } });
});
afterAll(async () => {
  for (const app of [...(apps ?? []), storyCapped]) await app?.close();
  await database?.drop();
});

/** The instance for the nth call: they take turns. */
const on = (n: number) => apps[n % 2] as FastifyInstance;

async function as(who: Who) {
  const known = cookies.get(who);
  if (known) return known;
  const credential = credentials.find((c) => c.email === people[who]);
  if (!credential) throw new Error(`no demo credential for ${who}`);
  const cookie = await signInCookie(apps[0], credential);
  cookies.set(who, cookie);
  return cookie;
}

const post = async (app: FastifyInstance, who: Who, formUrl: string, action: string, fields = {}) =>
  postForm(app, await as(who), formUrl, action, fields);

const db = () => database.db;
const personId = async (who: Who) =>
  (await db().selectFrom('users').select('id').where('email', '=', people[who]).executeTakeFirstOrThrow()).id;
const orgIdOf = async (slug: string) =>
  (await db().selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const count = (table: 'comments' | 'reactions' | 'reports' | 'stories' | 'invitations' | 'space_invitations') =>
  rowCount(db(), table);
const outbox = () => rowCount(db(), 'email_outbox');

/** 429 with a whole number of seconds in Retry-After, no longer than the limit's window. */
function expectRetryAfter(response: LightMyRequestResponse, windowSeconds: number) {
  expect(response.statusCode, response.body.slice(0, 400)).toBe(429);
  const seconds = Number(response.headers['retry-after']);
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(windowSeconds);
  return seconds;
}

/** The API's answer to a refused call: the error body, its seconds matching the header. */
function expectApiRefusal(response: LightMyRequestResponse, message: string, windowSeconds: number) {
  const seconds = expectRetryAfter(response, windowSeconds);
  const body = response.json() as { error: { code: string; message: string; retryAfterSeconds: number } };
  expect(body.error.code).toBe('rate_limited');
  expect(body.error.message).toContain(message);
  expect(body.error.message).toMatch(/Try again in \d+ (second|minute|hour)s?\.$/);
  expect(body.error.retryAfterSeconds).toBe(seconds);
}

let n = 0;
/** A published story written straight into the database, readable by the author's organisation. */
async function publishedStory(author: Who) {
  n += 1;
  const org = await db()
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', await personId(author))
    .executeTakeFirstOrThrow();
  return (
    await db()
      .insertInto('stories')
      .values({
        org_id: org.org_id,
        slug: `throttled-${n}`,
        title: `Throttled story ${n}`,
        form: 'quote',
        body: 'Words worth answering.',
        primary_characteristic: 'reflects',
        characteristics: ['reflects'],
        roles: [],
        place: '',
        author_id: await personId(author),
        visibility: 'organisation',
        space_id: null,
        status: 'published',
        submitted_at: new Date(),
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

/** A draft written through the form, naming one person with an email address; its id and that person's row. */
async function draftNaming(app: FastifyInstance, author: Who, email: string) {
  const response = await post(app, author, '/stories/new', '/stories/new', {
    title: 'The ward round',
    form: 'personal-narrative',
    body: 'Intro paragraph.\n\nJo Rivers asked the families first.',
    primaryCharacteristic: 'equals',
    visibility: 'organisation',
    region: '',
    namedName: 'Jo Rivers',
    namedEmail: email,
  });
  expect(response.statusCode, response.body.slice(0, 400)).toBe(303);
  const storyId = /\/stories\/([0-9a-f-]{36})\//.exec(String(response.headers.location))?.[1] ?? '';
  const person = await db()
    .selectFrom('story_people')
    .select('id')
    .where('story_id', '=', storyId)
    .where('relation', '=', 'named')
    .executeTakeFirstOrThrow();
  return { storyId, personId: person.id };
}

/** The throttle rows kept under one key (the table is the limiter's own, outside the typed schema). */
const countedAs = async (key: string) =>
  (await sql<{ key: string }>`select key from throttles where key = ${key}`.execute(db())).rows;

const mailsTo = async (address: string) =>
  Number(
    (
      await db()
        .selectFrom('email_outbox')
        .select(db().fn.countAll().as('n'))
        .where('to_address', '=', address)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('consent requests', () => {
  it('refuses the 31st request in an hour from one author, on either instance, and sends nothing', async () => {
    const { storyId, personId: jo } = await draftNaming(apps[0], 'amira', 'jo.rivers@example.org');
    const ask = (i: number) => post(on(i), 'amira', `/stories/${storyId}/edit`, `/stories/${storyId}/people/${jo}/ask`);
    for (let i = 0; i < 30; i++) {
      const response = await ask(i);
      expect(response.statusCode, `request ${i + 1}`).toBe(303);
      expect(response.headers.location).toContain('sent=1');
    }
    expect(await mailsTo('jo.rivers@example.org')).toBe(30);
    const before = await outbox();

    const refused = await ask(30);
    expectRetryAfter(refused, 60 * 60);
    expect(refused.body).toContain('Please wait before trying again');
    expect(refused.body).toContain('Consent requests are limited to 30 an hour for each author.');
    expect(refused.body).toMatch(/Try again in \d+ minutes?\./);
    expect(await outbox()).toBe(before);

    // Another author's count is their own.
    const other = await draftNaming(apps[1], 'rosa', 'sam.other@example.org');
    const theirs = await post(
      apps[1],
      'rosa',
      `/stories/${other.storyId}/edit`,
      `/stories/${other.storyId}/people/${other.personId}/ask`,
    );
    expect(theirs.statusCode).toBe(303);
  });

  it('limits requests for one story in a day, whoever is counted', async () => {
    const { storyId, personId: pat } = await draftNaming(storyCapped, 'tom', 'pat.story@example.org');
    const ask = () => post(storyCapped, 'tom', `/stories/${storyId}/edit`, `/stories/${storyId}/people/${pat}/ask`);
    expect((await ask()).statusCode).toBe(303);
    expect((await ask()).statusCode).toBe(303);
    const refused = await ask();
    expectRetryAfter(refused, 24 * 60 * 60);
    expect(refused.body).toContain('Consent requests are limited to 2 a day for each story.');
    expect(await mailsTo('pat.story@example.org')).toBe(2);
    // The refused request is not held against the author either: both of Tom's counts still say 2.
    const tom = await personId('tom');
    for (const limit of ['consentRequestsPerAuthorHour', 'consentRequestsPerAuthorDay']) {
      const { rows } = await sql<{ points: number }>`
        select points from throttles where key = ${`write_${limit}:${tom}`}`.execute(db());
      expect(rows, limit).toEqual([{ points: 2 }]);
    }
  });

  it('counts nothing when a stranger asks about someone else’s story', async () => {
    const { storyId, personId: lee } = await draftNaming(apps[0], 'rosa', 'lee.stranger@example.org');
    const response = await post(apps[0], 'kit', '/', `/stories/${storyId}/people/${lee}/ask`);
    expect(response.statusCode).toBe(404);
    const kitKey = `write_consentRequestsPerAuthorHour:${await personId('kit')}`;
    expect(await countedAs(kitKey)).toEqual([]);
    // …where an author's own request is counted under the same kind of key.
    expect(await countedAs(`write_consentRequestsPerAuthorHour:${await personId('amira')}`)).toHaveLength(1);
    expect(await mailsTo('lee.stranger@example.org')).toBe(0);
  });
});

describe('comments, reactions and reports', () => {
  it('refuses a fourth comment in the hour, keeps what was typed, and saves nothing', async () => {
    const storyId = await publishedStory('rosa');
    const comment = (i: number, body: string) =>
      post(on(i), 'amira', `/stories/${storyId}`, `/stories/${storyId}/comments`, { body });
    // A comment with a mistake is not posted, so it uses up nothing.
    for (let i = 0; i < 4; i++) expect((await comment(i, '   ')).statusCode).toBe(400);
    for (let i = 0; i < 3; i++) expect((await comment(i, `Comment number ${i + 1}`)).statusCode).toBe(303);
    const before = { comments: await count('comments'), mail: await outbox() };

    const refused = await comment(3, 'A fourth thought I would hate to lose');
    expectRetryAfter(refused, 60 * 60);
    expect(refused.body).toContain('Comments and replies are limited to 3 an hour for each person.');
    expect(refused.body).toContain('A fourth thought I would hate to lose');
    expect({ comments: await count('comments'), mail: await outbox() }).toEqual(before);

    // The limit is each person's own.
    const toms = await post(apps[1], 'tom', `/stories/${storyId}`, `/stories/${storyId}/comments`, { body: 'Mine' });
    expect(toms.statusCode).toBe(303);
  });

  it('refuses a fourth “this resonates” click in the hour and changes nothing', async () => {
    const storyId = await publishedStory('rosa');
    const click = (i: number) => post(on(i), 'amira', `/stories/${storyId}`, `/stories/${storyId}/resonates`);
    for (let i = 0; i < 3; i++) expect((await click(i)).statusCode).toBe(303);
    // On, off, on: one reaction stands.
    const mine = () => db().selectFrom('reactions').select('user_id').where('target_id', '=', storyId).execute();
    expect(await mine()).toHaveLength(1);

    const refused = await click(3);
    expectRetryAfter(refused, 60 * 60);
    expect(refused.body).toContain('“This resonates” clicks are limited to 3 an hour for each person.');
    expect(refused.body).toContain(`href="/stories/${storyId}"`);
    expect(await mine()).toHaveLength(1);
  });

  it('refuses a fourth report in the hour, keeps the reason, and records nothing', async () => {
    const storyIds = [await publishedStory('rosa'), await publishedStory('rosa')];
    const report = (i: number, reason: string) =>
      post(on(i), 'tom', `/report/story/${storyIds[i % 2]}`, `/report/story/${storyIds[i % 2]}`, { reason });
    for (let i = 0; i < 3; i++) expect((await report(i, `It names someone (${i + 1})`)).statusCode).toBe(200);
    const before = { reports: await count('reports'), mail: await outbox() };

    const refused = await report(3, 'It names a colleague who did not agree');
    expectRetryAfter(refused, 60 * 60);
    expect(refused.body).toContain('Reports are limited to 3 an hour for each person.');
    expect(refused.body).toContain('It names a colleague who did not agree');
    expect({ reports: await count('reports'), mail: await outbox() }).toEqual(before);
  });
});

describe('the API', () => {
  let token = '';
  beforeAll(async () => {
    token = await accountsService(db()).createToken(people.callum, 'northshire-fire-rescue', 'throttle tests');
  });
  const call = (i: number, url: string, payload: object) =>
    on(i).inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });

  it('refuses a fourth story created in the hour with 429 and the error body, and creates nothing', async () => {
    const create = (i: number) =>
      call(i, '/api/v1/stories', { title: `From a tool ${i}`, form: 'quote', primaryCharacteristic: 'equals' });
    for (let i = 0; i < 3; i++) expect((await create(i)).statusCode).toBe(201);
    const before = await count('stories');
    expectApiRefusal(
      await create(3),
      'Stories created through the API are limited to 3 an hour for each person.',
      3600,
    );
    expect(await count('stories')).toBe(before);
  });

  it('refuses a fourth tag suggestion in the hour with 429 and the error body', async () => {
    const suggest = (i: number) => call(i, '/api/v1/stories/suggest-tags', { text: 'We kept the library open.' });
    for (let i = 0; i < 3; i++) expect((await suggest(i)).statusCode).toBe(200);
    expectApiRefusal(await suggest(3), 'Tag suggestions are limited to 3 an hour for each person.', 3600);
  });

  it('says so in the OpenAPI document', async () => {
    const doc = (await apps[0].inject('/api/openapi.json')).json();
    const refusal = doc.paths['/api/v1/stories'].post.responses['429'];
    expect(refusal).toBeDefined();
    expect(doc.paths['/api/v1/stories/suggest-tags'].post.responses['429']).toBeDefined();
  });
});

describe('invitations', () => {
  it('counts every invitation an organisation sends, staff imports included, and refuses past the limit', async () => {
    const invite = (i: number, name: string, email: string) =>
      post(on(i), 'declan', '/organisation/invitations/new', '/organisation/invitations', {
        name,
        email,
        role: 'member',
      });
    expect((await invite(0, 'Ada One', 'ada.one@example.org')).statusCode).toBe(303);
    expect((await invite(1, 'Ben Two', 'ben.two@example.org')).statusCode).toBe(303);

    // An import of two when one is left is refused whole: nobody is invited and the one left stays.
    const preview = await post(apps[0], 'declan', '/organisation/import', '/organisation/import', {
      csv: 'Name,Email\r\nCal Three,cal.three@example.org\r\nDee Four,dee.four@example.org\r\n',
    });
    expect(preview.statusCode, preview.body.slice(0, 400)).toBe(200);
    const before = { invitations: await count('invitations'), mail: await outbox() };
    const confirmed = await confirmStaffList(apps[1], await as('declan'), preview.body);
    expectRetryAfter(confirmed, 24 * 60 * 60);
    expect(confirmed.body).toContain(
      'Invitations to join an organisation are limited to 3 a day for each organisation.',
    );
    expect({ invitations: await count('invitations'), mail: await outbox() }).toEqual(before);

    expect((await invite(2, 'Eve Five', 'eve.five@example.org')).statusCode).toBe(303);
    const full = { invitations: await count('invitations'), mail: await outbox() };
    const refused = await invite(3, 'Fay Six', 'fay.six@example.org');
    expectRetryAfter(refused, 24 * 60 * 60);
    expect(refused.body).toContain('Invitations to join an organisation are limited to 3 a day for each organisation.');
    expect(refused.body).toContain('value="Fay Six"');
    expect(refused.body).toContain('value="fay.six@example.org"');

    // Sending one again is an invitation too.
    const { id } = await db()
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', 'ada.one@example.org')
      .executeTakeFirstOrThrow();
    const resent = await post(apps[1], 'declan', '/organisation/invitations', `/organisation/invitations/${id}/resend`);
    expectRetryAfter(resent, 24 * 60 * 60);
    expect(resent.body).toContain('Invitations to join an organisation are limited to 3 a day');
    expect({ invitations: await count('invitations'), mail: await outbox() }).toEqual(full);
    expect(await mailsTo('fay.six@example.org')).toBe(0);
  });

  it('limits the invitations one person sends to a space, and a stranger’s attempt counts nothing', async () => {
    const created = await post(apps[0], 'rosa', '/spaces/new', '/spaces/new', {
      name: 'Throttled exchange',
      slug: 'throttled-exchange',
      description: 'For testing limits.',
    });
    expect(created.statusCode, created.body.slice(0, 400)).toBe(303);
    const slug = 'throttled-exchange';
    const invitePerson = (i: number, who: Who) =>
      post(on(i), 'rosa', `/spaces/${slug}`, `/spaces/${slug}/invitations/person`, { email: people[who] });

    const stranger = await post(apps[1], 'amira', '/spaces', `/spaces/${slug}/invitations/person`, {
      email: people.kit,
    });
    expect(stranger.statusCode).toBe(404);
    const amiraKey = `write_spaceInvitations:${await personId('amira')}`;
    expect(await countedAs(amiraKey)).toEqual([]);

    expect((await invitePerson(0, 'kit')).statusCode).toBe(303);
    expect((await invitePerson(1, 'sunita')).statusCode).toBe(303);
    const charity = await orgIdOf('kelbridge-wellbeing-network');
    const org = await post(apps[0], 'rosa', `/spaces/${slug}`, `/spaces/${slug}/invitations/organisation`, {
      orgId: charity,
    });
    expect(org.statusCode, org.body.slice(0, 400)).toBe(303);
    const before = { invitations: await count('space_invitations'), mail: await outbox() };

    const refused = await invitePerson(3, 'callum');
    expectRetryAfter(refused, 24 * 60 * 60);
    expect(refused.body).toContain('Invitations to a space are limited to 3 a day for each person inviting.');
    expect(refused.body).toContain(`value="${people.callum}"`);
    expect({ invitations: await count('space_invitations'), mail: await outbox() }).toEqual(before);
    expect(await countedAs(`write_spaceInvitations:${await personId('rosa')}`)).toHaveLength(1);
  });
});

describe('single sign-on', () => {
  /** Starts from a given network address, with the start page's CSRF token, on the given instance. */
  async function start(app: FastifyInstance, remoteAddress: string, email: string) {
    const page = await app.inject({ url: '/sign-in/sso', remoteAddress });
    const cookie = page.cookies.find((c) => c.name === 'waymark');
    return app.inject({
      method: 'POST',
      url: '/sign-in/sso',
      remoteAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie: `waymark=${cookie.value}` } : {}),
      },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), email }).toString(),
    });
  }

  it('limits starts from one network address, whatever the form says', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await start(on(i), '198.51.100.7', `person${i}@nowhere.example`);
      expect(response.statusCode).toBe(400);
    }
    const refused = await start(on(3), '198.51.100.7', 'kept@nowhere.example');
    expectRetryAfter(refused, 10 * 60);
    expect(refused.body).toContain(
      'Single sign-on attempts are limited to 3 every 10 minutes from each network address.',
    );
    expect(refused.body).toContain('value="kept@nowhere.example"');
    expect(refused.headers.location).toBeUndefined();

    // Starting from an organisation's link counts too: its page only offers a button (a GET neither counts
    // nor goes anywhere), and pressing it is a start. Another address has its own count.
    await db()
      .insertInto('sso_providers')
      .values({
        org_id: await orgIdOf('northshire-county-council'),
        issuer: 'https://login.northshire-county-council.example',
        client_id: 'waymark',
        client_secret_sealed: 'sealed-elsewhere',
        allowed_domains: [],
        updated_by: null,
        discovery: null,
        discovered_at: null,
        discovery_checked_at: null,
      })
      .execute();
    const orgPage = await on(4).inject({
      url: '/sign-in/sso?org=northshire-county-council',
      remoteAddress: '198.51.100.7',
    });
    expect(orgPage.statusCode).toBe(200);
    const cookie = orgPage.cookies.find((c) => c.name === 'waymark');
    const byOrg = await on(5).inject({
      method: 'POST',
      url: '/sign-in/sso',
      remoteAddress: '198.51.100.7',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie: `waymark=${cookie.value}` } : {}),
      },
      payload: new URLSearchParams({ _csrf: csrfOf(orgPage.body), org: 'northshire-county-council' }).toString(),
    });
    expectRetryAfter(byOrg, 10 * 60);
    expect(byOrg.headers.location).toBeUndefined();
    expect((await start(on(6), '198.51.100.8', 'other@nowhere.example')).statusCode).toBe(400);
  });
});
