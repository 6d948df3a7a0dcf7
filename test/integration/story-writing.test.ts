// Writing a story: the form without JavaScript (validation keeps input, preview), autosave, the rescue of
// text posted after the session ended (fake clock), the author's list, submitting, withdrawing, deleting,
// and the write API (create, patch, submit) with its guard against mass assignment.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { appOn, createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
const amiraEmail = 'amira.okafor@northshire-county-council.example';
const tomEmail = 'tom.haddley@northshire-county-council.example';
let amira = '';
let tom = '';
let councilId = '';
let charityId = '';
let amiraId = '';

const credential = (email: string) => {
  const c = t.credentials.find((x) => x.email === email);
  if (!c) throw new Error(`no credential for ${email}`);
  return c;
};

beforeAll(async () => {
  t = await createTestApp();
  amira = await signInCookie(t.app, credential(amiraEmail));
  tom = await signInCookie(t.app, credential(tomEmail));
  const db = t.database.db;
  councilId = (
    await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'northshire-county-council')
      .executeTakeFirstOrThrow()
  ).id;
  charityId = (
    await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'kelbridge-wellbeing-network')
      .executeTakeFirstOrThrow()
  ).id;
  amiraId = (await db.selectFrom('users').select('id').where('email', '=', amiraEmail).executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const story = (fields: Record<string, string | string[]> = {}) => {
  const form = new URLSearchParams();
  const base: Record<string, string | string[]> = {
    title: 'Listening at the library',
    form: 'personal-narrative',
    body: 'We moved the **surgery** into the library.\n\nPeople came.',
    primaryCharacteristic: 'locality',
    characteristics: ['equals'],
    roles: ['storyteller'],
    place: 'Kelbridge',
    region: '',
    visibility: 'organisation',
    ...fields,
  };
  for (const [k, v] of Object.entries(base)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  return form;
};

async function post(cookie: string, formUrl: string, action: string, fields: URLSearchParams) {
  const page = await t.app.inject({ url: formUrl, headers: { cookie } });
  fields.set('_csrf', csrfOf(page.body));
  return t.app.inject({
    method: 'POST',
    url: action,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: fields.toString(),
  });
}

const storyRow = (id: string) =>
  t.database.db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const idFrom = (location: unknown) => /\/stories\/([0-9a-f-]{36})\//.exec(String(location))?.[1] ?? '';

describe('the story form', () => {
  it('asks anonymous visitors to sign in', async () => {
    const response = await t.app.inject('/stories/new');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in\?returnTo=/);
  });

  it('keeps every input and lists the problems when the form is not valid', async () => {
    const response = await post(
      amira,
      '/stories/new',
      '/stories/new',
      story({
        title: '',
        primaryCharacteristic: '',
        body: 'Half a thought I must not lose',
        namedName: ['Priya'],
        namedEmail: ['not-an-email'],
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Enter a title');
    expect(response.body).toContain('Select the characteristic your story shows most');
    expect(response.body).toContain('Enter an email address in the correct format, like name@example.com');
    expect(response.body).toContain('Half a thought I must not lose');
    expect(response.body).toContain('value="Priya"');
    expect(response.body).toContain('value="not-an-email"');
    expect(response.body).toMatch(/value="equals" checked/);
  });

  it('previews the Markdown on the server without saving, keeping the input', async () => {
    const before = await t.database.db.selectFrom('stories').select('id').where('author_id', '=', amiraId).execute();
    const fields = story({ body: 'A **bold** move <script>alert(1)</script>' });
    fields.set('action', 'preview');
    const response = await post(amira, '/stories/new', '/stories/new', fields);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<strong>bold</strong>');
    expect(response.body).not.toContain('<script>alert(1)</script>');
    expect(response.body).toContain('A **bold** move');
    const after = await t.database.db.selectFrom('stories').select('id').where('author_id', '=', amiraId).execute();
    expect(after.length).toBe(before.length);
  });

  it('saves a draft in the caller’s current organisation, whatever the form says', async () => {
    const fields = story();
    fields.set('orgId', charityId);
    fields.set('status', 'published');
    fields.set('authorId', '00000000-0000-0000-0000-000000000000');
    const response = await post(amira, '/stories/new', '/stories/new', fields);
    expect(response.statusCode).toBe(303);
    const id = idFrom(response.headers.location);
    const row = await storyRow(id);
    expect(row).toMatchObject({ org_id: councilId, author_id: amiraId, status: 'draft', published_at: null });
    expect(row.characteristics).toEqual(['locality', 'equals']);
    // The region came from the organisation.
    const org = await t.database.db
      .selectFrom('organisations')
      .select('region')
      .where('id', '=', councilId)
      .executeTakeFirstOrThrow();
    expect(row.region).toBe(org.region);
    const edit = await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie: amira } });
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('value="Listening at the library"');
    expect(edit.body).toContain('Draft');
  });

  it('shows other people’s drafts to nobody but their authors (404)', async () => {
    const response = await post(amira, '/stories/new', '/stories/new', story({ title: 'Not for Tom' }));
    const id = idFrom(response.headers.location);
    expect((await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie: tom } })).statusCode).toBe(404);
    const page = await t.app.inject({ url: '/stories/new', headers: { cookie: tom } });
    const attempt = await t.app.inject({
      method: 'POST',
      url: `/stories/${id}/edit`,
      headers: { cookie: tom, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        ...Object.fromEntries(story({ title: 'Taken over' })),
        _csrf: csrfOf(page.body),
      }).toString(),
    });
    expect(attempt.statusCode).toBe(404);
    expect((await storyRow(id)).title).toBe('Not for Tom');
  });
  it('refuses a forged post (no valid CSRF token) from a signed-in browser, saving nothing', async () => {
    const fields = story({ title: 'Forged story' });
    fields.set('_csrf', 'forged');
    const response = await t.app.inject({
      method: 'POST',
      url: '/stories/new',
      headers: { cookie: amira, 'content-type': 'application/x-www-form-urlencoded' },
      payload: fields.toString(),
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('Forged story');
    const saved = await t.database.db.selectFrom('stories').select('id').where('title', '=', 'Forged story').execute();
    expect(saved).toHaveLength(0);
  });
});

describe('autosave', () => {
  it('creates the draft on the first save, then saves changes to it, answering in JSON', async () => {
    const page = await t.app.inject({ url: '/stories/new', headers: { cookie: amira } });
    expect(page.body).toContain('src="/assets/autosave.js"');
    expect(page.body).toContain('aria-live="polite"');
    const csrf = csrfOf(page.body);
    const first = await t.app.inject({
      method: 'POST',
      url: '/stories/new/autosave',
      headers: { cookie: amira, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        ...Object.fromEntries(story({ title: 'Autosaved', body: 'First words' })),
        _csrf: csrf,
      }).toString(),
    });
    expect(first.statusCode).toBe(200);
    const saved = first.json() as { id: string; savedAt: string; autosaveUrl: string };
    expect(saved.autosaveUrl).toBe(`/stories/${saved.id}/autosave`);
    const second = await t.app.inject({
      method: 'POST',
      url: saved.autosaveUrl,
      headers: { cookie: amira, 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': csrf },
      payload: story({ title: 'Autosaved', body: 'First words, then more' }).toString(),
    });
    expect(second.statusCode).toBe(200);
    expect((await storyRow(saved.id)).body).toBe('First words, then more');
    const incomplete = await t.app.inject({
      method: 'POST',
      url: saved.autosaveUrl,
      headers: { cookie: amira, 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': csrf },
      payload: story({ title: '' }).toString(),
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.fields.title).toBe('Enter a title');
    expect((await storyRow(saved.id)).title).toBe('Autosaved');
  });

  it('serves its script from the site, so the strict content security policy allows it', async () => {
    const script = await t.app.inject('/assets/autosave.js');
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('Saved at');
  });
});

describe('a draft posted after the session ended', () => {
  it('is kept, and offered back to save as the draft after signing in again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
    const cookie = await signInCookie(t.app, credential(amiraEmail));
    const created = await post(cookie, '/stories/new', '/stories/new', story({ title: 'Written slowly' }));
    const id = idFrom(created.headers.location);
    const edit = await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie } });
    // Forty minutes of writing without a request: the session has ended on the server.
    vi.setSystemTime(new Date(Date.now() + 40 * 60 * 1000));
    const fields = story({ title: 'Written slowly', body: 'Forty minutes of careful words.' });
    fields.set('_csrf', csrfOf(edit.body));
    const late = await t.app.inject({
      method: 'POST',
      url: `/stories/${id}/edit`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: fields.toString(),
    });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in?returnTo=%2Fstories%2Frescued');
    expect((await storyRow(id)).body).not.toContain('careful words');
    const anonymousSession = late.cookies.find((c) => c.name === 'waymark');
    expect(anonymousSession).toBeDefined();

    const signedIn = await postSignIn(t.app, credential(amiraEmail), {
      headers: { cookie: `waymark=${anonymousSession?.value}` },
    });
    expect(signedIn.statusCode).toBe(303);
    const session = `waymark=${signedIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const offer = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain('Forty minutes of careful words.');
    const save = await t.app.inject({
      method: 'POST',
      url: '/stories/rescued',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(offer.body), action: 'save' }).toString(),
    });
    expect(save.statusCode).toBe(303);
    expect(save.headers.location).toBe(`/stories/${id}/edit?saved=1`);
    expect((await storyRow(id)).body).toBe('Forty minutes of careful words.');
    const after = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    expect(after.body).toContain('There is no text waiting for you');
  });

  it('is kept too when the session reaches its 12-hour limit mid-edit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-11-25T07:00:00Z');
    vi.setSystemTime(new Date(start));
    const cookie = await signInCookie(t.app, credential(amiraEmail));
    const created = await post(cookie, '/stories/new', '/stories/new', story({ title: 'A long day' }));
    const id = idFrom(created.headers.location);
    let edit = await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie } });
    // Busy all day: a request every 25 minutes keeps the session from idling out until the absolute limit.
    for (let elapsed = 25; elapsed < 12 * 60; elapsed += 25) {
      vi.setSystemTime(new Date(start + elapsed * 60 * 1000));
      edit = await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie } });
    }
    vi.setSystemTime(new Date(start + 12 * 60 * 60 * 1000 + 1000));
    const fields = story({ title: 'A long day', body: 'Written at the very end of the day.' });
    fields.set('_csrf', csrfOf(edit.body));
    const late = await t.app.inject({
      method: 'POST',
      url: `/stories/${id}/edit`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
      payload: fields.toString(),
    });
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in?returnTo=%2Fstories%2Frescued');
    const signedIn = await postSignIn(t.app, credential(amiraEmail), { headers: { cookie } });
    const session = `waymark=${signedIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const offer = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    expect(offer.body).toContain('Written at the very end of the day.');
  });

  it('answers an autosave after the session ended with 401, keeping the text for after sign-in', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T12:00:00Z'));
    const cookie = await signInCookie(t.app, credential(amiraEmail));
    const page = await t.app.inject({ url: '/stories/new', headers: { cookie } });
    vi.setSystemTime(new Date(Date.now() + 31 * 60 * 1000));
    const late = await t.app.inject({
      method: 'POST',
      url: '/stories/new/autosave',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', referer: 'http://localhost/stories/new' },
      payload: new URLSearchParams({
        ...Object.fromEntries(story({ title: 'Autosave rescue' })),
        _csrf: csrfOf(page.body),
      }).toString(),
    });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('session_expired');
    const anonymousSession = late.cookies.find((c) => c.name === 'waymark');
    const signedIn = await postSignIn(t.app, credential(amiraEmail), {
      headers: { cookie: `waymark=${anonymousSession?.value}` },
    });
    const session = `waymark=${signedIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const mine = await t.app.inject({ url: '/account/stories', headers: { cookie: session } });
    expect(mine.body).toContain('We kept text you were writing when you were signed out');
    const offer = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    const save = await t.app.inject({
      method: 'POST',
      url: '/stories/rescued',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(offer.body), action: 'save' }).toString(),
    });
    const id = idFrom(save.headers.location);
    expect((await storyRow(id)).title).toBe('Autosave rescue');
  });
});

describe('a draft posted from another site', () => {
  const noText = async (response: { cookies: { name: string; value: string }[] }) => {
    // Whoever signs in next with the cookie that answer left finds no text waiting for them.
    const left = response.cookies.find((c) => c.name === 'waymark');
    const signedIn = await postSignIn(t.app, credential(amiraEmail), {
      ...(left ? { headers: { cookie: `waymark=${left.value}` } } : {}),
    });
    const session = `waymark=${signedIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const offer = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    expect(offer.body).toContain('There is no text waiting for you');
    expect(offer.body).not.toContain('Planted');
    const mine = await t.app.inject({ url: '/account/stories', headers: { cookie: session } });
    expect(mine.body).not.toContain('We kept text you were writing');
  };

  const crossSite: Record<string, Record<string, string>> = {
    'Sec-Fetch-Site says cross-site': { 'sec-fetch-site': 'cross-site' },
    'Sec-Fetch-Site says same-site (a neighbouring subdomain)': {
      'sec-fetch-site': 'same-site',
      origin: 'http://localhost',
    },
    'the Origin is another site': { origin: 'https://attacker.example' },
    'the Origin is null': { origin: 'null' },
    'the Referer is another site': { referer: 'https://attacker.example/page' },
    'nothing says where it came from': {},
  };

  for (const [when, headers] of Object.entries(crossSite)) {
    it(`is refused like any forged post, keeping nothing, when ${when}`, async () => {
      const fields = story({ title: 'Planted', body: 'Planted text for whoever signs in.' });
      fields.set('_csrf', 'none');
      const response = await t.app.inject({
        method: 'POST',
        url: '/stories/new',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: fields.toString(),
      });
      expect(response.statusCode).toBe(403);
      expect(response.headers.location).toBeUndefined();
      await noText(response);
    });
  }

  it('is refused on the autosave and the edit addresses too', async () => {
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Target of a plant' }));
    const id = idFrom(created.headers.location);
    for (const url of ['/stories/new/autosave', `/stories/${id}/autosave`, `/stories/${id}/edit`]) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        payload: story({ title: 'Planted', body: 'Overwrite the story.' }).toString(),
      });
      expect(response.statusCode, url).toBe(403);
      await noText(response);
    }
    expect((await storyRow(id)).title).toBe('Target of a plant');
  });

  it('saves rescued text aimed at a story the person cannot edit only as a new draft of their own', async () => {
    const toms = await post(tom, '/stories/new', '/stories/new', story({ title: 'Tom’s own story' }));
    const tomsId = idFrom(toms.headers.location);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T09:00:00Z'));
    const cookie = await signInCookie(t.app, credential(amiraEmail));
    const page = await t.app.inject({ url: '/stories/new', headers: { cookie } });
    vi.setSystemTime(new Date(Date.now() + 40 * 60 * 1000));
    const fields = story({ title: 'Not Tom’s words', body: 'Aimed at a story Amira does not write.' });
    fields.set('_csrf', csrfOf(page.body));
    const late = await t.app.inject({
      method: 'POST',
      url: `/stories/${tomsId}/edit`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: fields.toString(),
    });
    expect(late.headers.location).toBe('/sign-in?returnTo=%2Fstories%2Frescued');
    const anonymous = late.cookies.find((c) => c.name === 'waymark');
    const signedIn = await postSignIn(t.app, credential(amiraEmail), {
      headers: { cookie: `waymark=${anonymous?.value}` },
    });
    const session = `waymark=${signedIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const offer = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    const save = await t.app.inject({
      method: 'POST',
      url: '/stories/rescued',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(offer.body), action: 'save' }).toString(),
    });
    expect(save.statusCode).toBe(303);
    const newId = idFrom(save.headers.location);
    expect(newId).not.toBe(tomsId);
    expect(await storyRow(tomsId)).toMatchObject({ title: 'Tom’s own story' });
    expect(await storyRow(newId)).toMatchObject({ title: 'Not Tom’s words', author_id: amiraId });
  });
});

describe('addresses with something other than an id in them', () => {
  it('answer 404, not a server error', async () => {
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Has a real id' }));
    const id = idFrom(created.headers.location);
    const page = await t.app.inject({ url: '/stories/new', headers: { cookie: amira } });
    const csrf = csrfOf(page.body);
    for (const url of [
      '/stories/abc/edit',
      '/stories/abc/submit',
      '/stories/abc/delete',
      `/stories/${id}/people/abc/anonymise`,
    ]) {
      expect((await t.app.inject({ url, headers: { cookie: amira } })).statusCode, url).toBe(404);
    }
    for (const url of [
      '/stories/abc/autosave',
      '/stories/abc/edit',
      '/stories/abc/submit',
      '/stories/abc/withdraw',
      '/stories/abc/delete',
      '/stories/abc/reopen',
      `/stories/${id}/people/abc/ask`,
      `/stories/${id}/people/abc/anonymise`,
      '/stories/abc/people/abc/anonymise',
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: amira, 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': csrf },
        payload: story({ title: 'Never saved', alias: 'Someone' }).toString(),
      });
      expect(response.statusCode, url).toBe(404);
    }
    expect(await t.database.db.selectFrom('stories').select('id').where('title', '=', 'Never saved').execute()).toEqual(
      [],
    );
  });

  it('still lets text rescued from such an address be saved, as a new draft', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T09:00:00Z'));
    const cookie = await signInCookie(t.app, credential(amiraEmail));
    const page = await t.app.inject({ url: '/stories/new', headers: { cookie } });
    vi.setSystemTime(new Date(Date.now() + 40 * 60 * 1000));
    const fields = story({ title: 'Posted to a broken address' });
    fields.set('_csrf', csrfOf(page.body));
    const late = await t.app.inject({
      method: 'POST',
      url: '/stories/abc/edit',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: fields.toString(),
    });
    expect(late.headers.location).toBe('/sign-in?returnTo=%2Fstories%2Frescued');
    const anonymous = late.cookies.find((c) => c.name === 'waymark');
    const signedIn = await postSignIn(t.app, credential(amiraEmail), {
      headers: { cookie: `waymark=${anonymous?.value}` },
    });
    const session = `waymark=${signedIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const offer = await t.app.inject({ url: '/stories/rescued', headers: { cookie: session } });
    const save = await t.app.inject({
      method: 'POST',
      url: '/stories/rescued',
      headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(offer.body), action: 'save' }).toString(),
    });
    expect(save.statusCode).toBe(303);
    expect((await storyRow(idFrom(save.headers.location))).title).toBe('Posted to a broken address');
  });
});

describe('your stories, submitting, withdrawing and deleting', () => {
  it('shows an empty state to someone with no stories', async () => {
    const authors = await t.database.db.selectFrom('stories').select('author_id').distinct().execute();
    const users = await t.database.db.selectFrom('users').select(['id', 'email']).execute();
    const writer = t.credentials.find((c) =>
      users.some((u) => u.email === c.email && !authors.some((a) => a.author_id === u.id)),
    );
    if (!writer) throw new Error('every demo person has a story');
    const cookie = await signInCookie(t.app, writer);
    const page = await t.app.inject({ url: '/account/stories', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You have not written a story yet');
  });

  it('blocks submission until everyone named has consented or is anonymised, then moves the story on', async () => {
    const created = await post(
      amira,
      '/stories/new',
      '/stories/new',
      story({
        title: 'With Priya',
        body: 'Priya Shah ran the session.',
        namedName: ['Priya Shah'],
        namedEmail: ['priya@example.org'],
      }),
    );
    const id = idFrom(created.headers.location);
    const check = await t.app.inject({ url: `/stories/${id}/submit`, headers: { cookie: amira } });
    expect(check.body).toContain('Ask Priya Shah (named in the story) for consent, or anonymise them');
    expect(check.body).not.toContain('Submit for moderation</button>');
    const blocked = await post(amira, `/stories/${id}/submit`, `/stories/${id}/submit`, new URLSearchParams());
    expect(blocked.statusCode).toBe(400);
    expect((await storyRow(id)).status).toBe('draft');

    const person = await t.database.db
      .selectFrom('story_people')
      .select('id')
      .where('story_id', '=', id)
      .executeTakeFirstOrThrow();
    const anonymise = await post(
      amira,
      `/stories/${id}/people/${person.id}/anonymise`,
      `/stories/${id}/people/${person.id}/anonymise`,
      new URLSearchParams({ alias: 'a colleague' }),
    );
    expect(anonymise.statusCode).toBe(303);
    expect((await storyRow(id)).body).toBe('a colleague ran the session.');

    const submitted = await post(amira, `/stories/${id}/submit`, `/stories/${id}/submit`, new URLSearchParams());
    expect(submitted.statusCode).toBe(303);
    const row = await storyRow(id);
    expect(row.status).toBe('submitted');
    expect(row.submitted_at).not.toBeNull();
    const events = await t.database.db
      .selectFrom('moderation_events')
      .select('action')
      .where('target_id', '=', id)
      .execute();
    expect(events.map((e) => e.action)).toEqual(['submitted']);

    // Waiting for moderation: no more changes, but it can be withdrawn (after confirming).
    const locked = await post(amira, `/stories/${id}/edit`, `/stories/${id}/edit`, story({ title: 'Sneaky change' }));
    expect(locked.statusCode).toBe(409);
    expect((await storyRow(id)).title).toBe('With Priya');
    const mine = await t.app.inject({ url: '/account/stories', headers: { cookie: amira } });
    expect(mine.body).toContain('Waiting for moderation');
    const confirm = await t.app.inject({ url: `/stories/${id}/withdraw`, headers: { cookie: amira } });
    expect(confirm.body).toContain('Withdraw this story?');
    const withdrawn = await post(amira, `/stories/${id}/withdraw`, `/stories/${id}/withdraw`, new URLSearchParams());
    expect(withdrawn.statusCode).toBe(303);
    expect((await storyRow(id)).status).toBe('withdrawn');
    const reopened = await post(amira, '/account/stories', `/stories/${id}/reopen`, new URLSearchParams());
    expect(reopened.headers.location).toBe(`/stories/${id}/edit`);
    expect((await storyRow(id)).status).toBe('draft');
  });

  it('deletes a draft only after confirmation, and only the owner’s', async () => {
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Short-lived' }));
    const id = idFrom(created.headers.location);
    const confirm = await t.app.inject({ url: `/stories/${id}/delete`, headers: { cookie: amira } });
    expect(confirm.body).toContain('Delete this draft?');
    const byTom = await post(tom, '/stories/new', `/stories/${id}/delete`, new URLSearchParams());
    expect(byTom.statusCode).toBe(404);
    const deleted = await post(amira, `/stories/${id}/delete`, `/stories/${id}/delete`, new URLSearchParams());
    expect(deleted.statusCode).toBe(303);
    expect(
      await t.database.db.selectFrom('stories').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('co-authors, and authors who left the organisation', () => {
  const db = () => t.database.db;
  const open = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });
  const byToken = (url: string, token: string) => t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
  const userId = async (email: string) =>
    (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const addCoAuthor = async (storyId: string, email: string, name: string) =>
    db()
      .insertInto('story_people')
      .values({
        org_id: councilId,
        story_id: storyId,
        relation: 'author',
        user_id: await userId(email),
        name,
        consent: 'not_needed',
      })
      .execute();

  it('lets a co-author who can open the draft’s edit page read it, on its page and through the API', async () => {
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Written with Tom' }));
    const id = idFrom(created.headers.location);
    expect((await open(`/stories/${id}`, tom)).statusCode).toBe(404);
    await addCoAuthor(id, tomEmail, 'Tom Haddley');

    expect((await open(`/stories/${id}/edit`, tom)).statusCode).toBe(200);
    const page = await open(`/stories/${id}`, tom);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('We moved the <strong>surgery</strong> into the library.');
    const tomToken = await accountsService(db()).createToken(tomEmail, 'northshire-county-council', 'co-author');
    const api = await byToken(`/api/v1/stories/${id}`, tomToken);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ id, title: 'Written with Tom' });

    // Anyone else in the organisation still gets the 404 an unknown story gets.
    const rosaToken = await accountsService(db()).createToken(
      'rosa.penhallow@northshire-county-council.example',
      'northshire-county-council',
      'colleague',
    );
    expect((await byToken(`/api/v1/stories/${id}`, rosaToken)).statusCode).toBe(404);
  });

  it('keeps a co-author’s token to its own organisation, and a co-author from elsewhere out', async () => {
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Across the border' }));
    const id = idFrom(created.headers.location);
    await addCoAuthor(id, tomEmail, 'Tom Haddley');
    // Tom also belongs to the charity; a token acting for the charity does not carry the council's drafts.
    await db()
      .insertInto('memberships')
      .values({ org_id: charityId, user_id: await userId(tomEmail), role: 'member' })
      .execute();
    try {
      const charityToken = await accountsService(db()).createToken(tomEmail, 'kelbridge-wellbeing-network', 'charity');
      expect((await byToken(`/api/v1/stories/${id}`, charityToken)).statusCode).toBe(404);
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stories/${id}`,
        headers: { authorization: `Bearer ${charityToken}` },
        payload: { title: 'Through the wrong door' },
      });
      expect(patch.statusCode).toBe(404);
      expect((await storyRow(id)).title).toBe('Across the border');
    } finally {
      await db()
        .deleteFrom('memberships')
        .where('org_id', '=', charityId)
        .where('user_id', '=', await userId(tomEmail))
        .execute();
    }
    // A co-author named from another organisation can neither edit nor read the council's draft.
    const hannahEmail = 'hannah.birtwistle@kelbridge-wellbeing-network.example';
    await addCoAuthor(id, hannahEmail, 'Hannah Birtwistle');
    const hannah = await signInCookie(t.app, credential(hannahEmail));
    expect((await open(`/stories/${id}/edit`, hannah)).statusCode).toBe(404);
    expect((await open(`/stories/${id}`, hannah)).statusCode).toBe(404);
  });

  it('leaves an author who left their private drafts to open, change privately, download and delete', async () => {
    const priyaEmail = 'priya.lomax@northshire-county-council.example';
    const priya = await signInCookie(t.app, credential(priyaEmail));
    const kept = idFrom(
      (await post(priya, '/stories/new', '/stories/new', story({ title: 'Notes I keep', visibility: 'private' })))
        .headers.location,
    );
    const shared = idFrom(
      (await post(priya, '/stories/new', '/stories/new', story({ title: 'Shared with the council' }))).headers.location,
    );
    const priyaId = await userId(priyaEmail);
    const memberships = await db().selectFrom('memberships').selectAll().where('user_id', '=', priyaId).execute();
    await db().deleteFrom('memberships').where('user_id', '=', priyaId).execute();
    try {
      const edit = await open(`/stories/${kept}/edit`, priya);
      expect(edit.statusCode).toBe(200);
      expect(edit.body).toContain('value="Notes I keep"');
      expect(edit.body).toContain('You no longer belong to the organisation this story was written in');
      expect((await open(`/stories/${kept}`, priya)).statusCode).toBe(200);
      const mine = await open('/account/stories', priya);
      expect(mine.body).toContain('Notes I keep');
      expect(mine.body).not.toContain(`/stories/${kept}/submit`);
      expect(mine.body).not.toContain('Shared with the council');

      // Changed privately, yes; shared with, or submitted to, the organisation they left, no.
      const widened = await post(
        priya,
        `/stories/${kept}/edit`,
        `/stories/${kept}/edit`,
        story({ title: 'Notes I keep', visibility: 'organisation' }),
      );
      expect(widened.statusCode).toBe(400);
      expect(widened.body).toContain('it stays private to you');
      const renamed = await post(
        priya,
        `/stories/${kept}/edit`,
        `/stories/${kept}/edit`,
        story({ title: 'Notes I still keep', visibility: 'private' }),
      );
      expect(renamed.statusCode).toBe(303);
      // The API, called from the same session, refuses the same widening rather than ignoring it.
      const account = await open('/account', priya);
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stories/${kept}`,
        headers: { cookie: priya, 'x-csrf-token': csrfOf(account.body) },
        payload: { title: 'Shared after all', visibility: 'organisation' },
      });
      expect(patched.statusCode).toBe(400);
      expect(patched.json().error.fields.visibility).toContain('it stays private to you');
      const submitted = await post(priya, `/stories/${kept}/submit`, `/stories/${kept}/submit`, new URLSearchParams());
      expect(submitted.statusCode).toBe(400);
      expect(await storyRow(kept)).toMatchObject({
        title: 'Notes I still keep',
        visibility: 'private',
        status: 'draft',
      });

      // Their account's download holds it.
      const exported = await post(priya, '/account/export', '/account/export', new URLSearchParams());
      expect(exported.statusCode).toBe(200);
      expect(exported.json().sections.stories.data.map((s: { title: string }) => s.title)).toContain(
        'Notes I still keep',
      );

      // A draft they shared with the organisation stays with it.
      expect((await open(`/stories/${shared}/edit`, priya)).statusCode).toBe(404);
      expect(
        (await post(priya, '/account/stories', `/stories/${shared}/delete`, new URLSearchParams())).statusCode,
      ).toBe(404);

      const deleted = await post(priya, `/stories/${kept}/delete`, `/stories/${kept}/delete`, new URLSearchParams());
      expect(deleted.statusCode).toBe(303);
      expect(await db().selectFrom('stories').select('id').where('id', '=', kept).executeTakeFirst()).toBeUndefined();
      expect(await db().selectFrom('stories').select('id').where('id', '=', shared).executeTakeFirst()).toBeDefined();
    } finally {
      await db().insertInto('memberships').values(memberships).execute();
    }
  });
});

describe('the write API', () => {
  let token = '';
  beforeAll(async () => {
    token = await accountsService(t.database.db).createToken(amiraEmail, 'northshire-county-council', 'writing');
  });
  const call = (method: 'POST' | 'PATCH', url: string, body: unknown, auth = token) =>
    t.app.inject({ method, url, headers: auth ? { authorization: `Bearer ${auth}` } : {}, payload: body as object });

  it('creates a draft in the token’s organisation, patches it and submits it', async () => {
    const created = await call('POST', '/api/v1/stories', {
      title: 'From the API',
      form: 'quote',
      body: 'Ask first.',
      primaryCharacteristic: 'equals',
      visibility: 'public',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ title: 'From the API', status: 'draft', characteristics: ['equals'] });
    expect((await storyRow(body.id)).org_id).toBe(councilId);
    const patched = await call('PATCH', `/api/v1/stories/${body.id}`, { body: 'Ask first, then listen.' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ title: 'From the API', body: 'Ask first, then listen.' });
    const submitted = await call('POST', `/api/v1/stories/${body.id}/submit`, {});
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('submitted');
    const again = await call('PATCH', `/api/v1/stories/${body.id}`, { title: 'Too late' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('not_editable');
  });

  it('refuses to set the organisation, status, author or publication date (mass assignment)', async () => {
    const created = await call('POST', '/api/v1/stories', {
      title: 'Mass',
      form: 'quote',
      primaryCharacteristic: 'equals',
      orgId: charityId,
      status: 'published',
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.code).toBe('invalid_request');
    const ok = await call('POST', '/api/v1/stories', { title: 'Mass', form: 'quote', primaryCharacteristic: 'equals' });
    const id = ok.json().id;
    for (const attempt of [
      { orgId: charityId },
      { org_id: charityId },
      { status: 'published' },
      { authorId: '00000000-0000-0000-0000-000000000000' },
      { publishedAt: '2026-01-01T00:00:00Z' },
    ]) {
      const response = await call('PATCH', `/api/v1/stories/${id}`, { title: 'Changed', ...attempt });
      expect(response.statusCode, JSON.stringify(attempt)).toBe(400);
      expect(Object.keys(response.json().error.fields ?? {})).not.toHaveLength(0);
    }
    const row = await storyRow(id);
    expect(row).toMatchObject({
      title: 'Mass',
      org_id: councilId,
      status: 'draft',
      author_id: amiraId,
      published_at: null,
    });
  });

  it('answers with machine-readable errors and 404 for stories the caller cannot edit', async () => {
    const invalid = await call('POST', '/api/v1/stories', { title: '', form: 'poem', primaryCharacteristic: 'equals' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields).toHaveProperty('form');
    const mine = await call('POST', '/api/v1/stories', {
      title: 'Mine',
      form: 'quote',
      primaryCharacteristic: 'equals',
    });
    const tomToken = await accountsService(t.database.db).createToken(tomEmail, 'northshire-county-council', 'tom');
    const theirs = await call('PATCH', `/api/v1/stories/${mine.json().id}`, { title: 'Theirs' }, tomToken);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe('not_found');
    const visitor = await t.app.inject('/sign-in');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stories',
      headers: {
        cookie: visitor.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'csrf-token': csrfOf(visitor.body),
      },
      payload: { title: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    const notReady = await call('POST', '/api/v1/stories', {
      title: 'Profile',
      form: 'profile',
      primaryCharacteristic: 'equals',
      body: 'About Sam.',
      visibility: 'public',
    });
    const submit = await call('POST', `/api/v1/stories/${notReady.json().id}/submit`, {});
    expect(submit.statusCode).toBe(409);
    expect(submit.json().error).toMatchObject({
      code: 'not_ready',
      fields: { subjectName: 'Name the person your profile is about' },
    });
  });

  it('needs the CSRF token when called with the session cookie', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/stories',
      headers: { cookie: amira },
      payload: { title: 'Cookie', form: 'quote', primaryCharacteristic: 'equals' },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('a server restart', () => {
  it('loses neither the draft nor the session: both live in PostgreSQL', async () => {
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Survives a restart' }));
    const id = idFrom(created.headers.location);
    const restarted = await appOn(t.database.db, t.database.pool);
    try {
      const edit = await restarted.inject({ url: `/stories/${id}/edit`, headers: { cookie: amira } });
      expect(edit.statusCode).toBe(200);
      expect(edit.body).toContain('value="Survives a restart"');
    } finally {
      await restarted.close();
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the write API', async () => {
    const document = (await t.app.inject('/api/openapi.json')).json();
    expect(Object.keys(document.paths['/api/v1/stories'])).toContain('post');
    expect(Object.keys(document.paths['/api/v1/stories/{id}'])).toContain('patch');
    expect(Object.keys(document.paths['/api/v1/stories/{id}/submit'])).toContain('post');
    const body = document.paths['/api/v1/stories'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).not.toContain('orgId');
    expect(Object.keys(body.properties)).not.toContain('status');
  });
});

describe('tag suggestions while writing', () => {
  it('suggests characteristics and roles from the text on the edit page, choosing none', async () => {
    const body =
      'I spent a year in the neighbourhood, knocking on doors, learning the streets and who runs the community centre. Local knowledge of the place changed how we planned the service with residents.';
    const created = await post(amira, '/stories/new', '/stories/new', story({ title: 'Knowing the streets', body }));
    const edit = await t.app.inject({
      url: `/stories/${idFrom(created.headers.location)}/edit`,
      headers: { cookie: amira },
    });
    expect(edit.body).toContain('Suggested from your text so far');
    expect(edit.body).toMatch(/name="apply" value="characteristic:[a-z]+"/);
    const short = await t.app.inject({ url: '/stories/new', headers: { cookie: amira } });
    expect(short.body).not.toContain('Suggested from your text so far');
  });
});
