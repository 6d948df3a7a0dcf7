// Writing that guides (issue 19, scope 7), without JavaScript: fields revealed only when they apply, a hint for
// each form, a default audience that submission accepts, a preview that is the story page, a suggested tag
// applied with one click keeping everything typed, the submit page linking each missing thing to its field,
// and named-people rows that do not multiply on preview. Expectations are written out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiStoryCreate } from '../../src/stories/writing/schema.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
let amira = '';
const amiraEmail = 'amira.okafor@northshire-county-council.example';

beforeAll(async () => {
  t = await createTestApp();
  const credential = t.credentials.find((c) => c.email === amiraEmail);
  if (!credential) throw new Error('no demo credential for Amira');
  amira = await signInCookie(t.app, credential);
});
afterAll(() => t.close());

const form = (fields: Record<string, string | string[]> = {}) => {
  const body = new URLSearchParams();
  const all: Record<string, string | string[]> = {
    title: 'Tea at the library',
    form: 'personal-narrative',
    body: 'We held the drop-in at the library, and people came back the week after.',
    primaryCharacteristic: 'locality',
    characteristics: [],
    roles: [],
    place: 'Kelbridge',
    region: '',
    visibility: 'organisation',
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body;
};

async function post(url: string, fields: URLSearchParams, formUrl = '/stories/new') {
  const page = await t.app.inject({ url: formUrl, headers: { cookie: amira } });
  fields.set('_csrf', csrfOf(page.body));
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: amira, 'content-type': 'application/x-www-form-urlencoded' },
    payload: fields.toString(),
  });
}

const idFrom = (location: unknown) => /\/stories\/([0-9a-f-]{36})\//.exec(String(location))?.[1] ?? '';
const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;
/** The value of the input with this id, as the page shows it. */
const inputValue = (html: string, id: string) =>
  new RegExp(`id="${id}" name="[^"]*" type="[^"]*"(?: spellcheck="false")? value="([^"]*)"`).exec(html)?.[1];

describe('the form reveals fields only where they apply', () => {
  it('puts the profile’s subject under “Profile of someone” and the space under “A shared space”', async () => {
    const page = (await t.app.inject({ url: '/stories/new', headers: { cookie: amira } })).body;
    // GOV.UK conditional reveal: the radio controls the block right after it; without JavaScript it shows.
    expect(page).toMatch(/id="form-2"[^>]*value="profile"[^>]*data-aria-controls="conditional-form-2"/);
    const subject =
      /<div class="govuk-radios__conditional[^"]*" id="conditional-form-2">([\s\S]*?)<\/div>\s*<div class="govuk-radios__item">/.exec(
        page,
      )?.[1] ?? '';
    expect(subject).toContain('id="subjectName"');
    expect(subject).toContain('id="subjectEmail"');
    // Amira is in a shared space, so the space list appears under its choice.
    const space =
      /<div class="govuk-radios__conditional[^"]*" id="conditional-visibility-4">([\s\S]*?)<\/div>\s*<div class="govuk-radios__item">/.exec(
        page,
      )?.[1] ?? '';
    expect(space).toContain('id="spaceId"');
    expect(count(page, /id="subjectName"/g)).toBe(1);
    expect(count(page, /id="spaceId"/g)).toBe(1);
  });

  it('marks the block of a choice not made as hidden (for the script), and a made one as shown', async () => {
    const narrative = await post('/stories/new', form({ action: 'preview' }));
    expect(narrative.body).toMatch(
      /class="govuk-radios__conditional govuk-radios__conditional--hidden" id="conditional-form-2"/,
    );
    const profile = await post(
      '/stories/new',
      form({ form: 'profile', subjectName: 'Ruth Mensah', action: 'preview' }),
    );
    expect(profile.body).toMatch(/class="govuk-radios__conditional" id="conditional-form-2"/);
    expect(inputValue(profile.body, 'subjectName')).toBe('Ruth Mensah');
  });

  it('explains each form of story in its own hint', async () => {
    const page = (await t.app.inject({ url: '/stories/new', headers: { cookie: amira } })).body;
    const hints: [string, string][] = [
      ['form', 'Your own experience, in your own words'],
      ['form-2', 'Someone else’s practice, told by you'],
      ['form-3', 'A few words someone said that stayed with you'],
      ['form-4', 'A very short made-up story'],
    ];
    for (const [id, text] of hints) {
      expect(page).toMatch(new RegExp(`id="${id}-item-hint"[^>]*>\\s*${text}`));
    }
  });
});

describe('a new story’s audience', () => {
  it('starts as the author’s organisation, which submission accepts', async () => {
    const page = (await t.app.inject({ url: '/stories/new', headers: { cookie: amira } })).body;
    expect(page).toMatch(/value="organisation" checked/);
    expect(page).not.toMatch(/value="private" checked/);
    // Saved as the form stands and submitted: nothing about the audience stands in the way.
    const created = await post('/stories/new', form({ action: 'save' }));
    const id = idFrom(created.headers.location);
    const submit = await t.app.inject({ url: `/stories/${id}/submit`, headers: { cookie: amira } });
    expect(submit.body).not.toContain('Select who may read your story');
    const sent = await post(`/stories/${id}/submit`, new URLSearchParams(), `/stories/${id}/submit`);
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/account/stories?submitted=1');
  });

  it('stays with its authors through the API when the client says nothing, as the API has always done', () => {
    const parsed = apiStoryCreate.parse({ title: 'From a client', form: 'quote', primaryCharacteristic: 'ethos' });
    expect(parsed.visibility).toBe('private');
  });

  it('is named on the submit page before the story goes', async () => {
    const created = await post('/stories/new', form({ action: 'save' }));
    const id = idFrom(created.headers.location);
    const submit = await t.app.inject({ url: `/stories/${id}/submit`, headers: { cookie: amira } });
    expect(submit.body).toContain(
      'Once it is published, it can be read by: <strong>Everyone in the organisation</strong>',
    );
  });
});

describe('the preview', () => {
  it('is the story page: form, reading time, details with the primary characteristic marked', async () => {
    const response = await post(
      '/stories/new',
      form({ characteristics: ['equals'], roles: ['storyteller'], action: 'preview' }),
    );
    expect(response.statusCode).toBe(200);
    const preview = /<section class="waymark-preview[\s\S]*?<\/section>/.exec(response.body)?.[0] ?? '';
    expect(preview).toContain('<p class="govuk-caption-l waymark-story__form">Personal narrative</p>');
    expect(preview).toMatch(/<h3 class="govuk-heading-xl waymark-story__title">Tea at the library<\/h3>/);
    expect(preview).toContain('1 minute read');
    expect(preview).toMatch(/<dt>Told by<\/dt><dd>Amira Okafor<\/dd>/);
    expect(preview).toMatch(/<dt>Organisation<\/dt><dd>Northshire County Council<\/dd>/);
    expect(preview).toMatch(/<dt>Place<\/dt><dd>Kelbridge<\/dd>/);
    expect(preview).toMatch(/Rooted in place<\/a> <strong class="govuk-tag[^"]*">Primary<\/strong>/);
    expect(preview).toMatch(/Works with citizens as equals<\/a><\/li>/);
    expect(preview).toMatch(/>Storyteller<\/a>/);
    // Nothing was saved, and the page's autosave knows the text is not saved yet.
    expect(response.body).toMatch(/id="story-form" data-autosave-url="\/stories\/new\/autosave" data-autosave-pending/);
  });
});

describe('named people on preview', () => {
  it('keeps the filled rows and three blank ones, however often the author previews', async () => {
    // The first preview, as the blank form posts it: one person and three blank rows.
    const once = await post(
      '/stories/new',
      form({ namedName: ['Jo Rivers', '', '', ''], namedEmail: ['', '', '', ''], action: 'preview' }),
    );
    expect(count(once.body, /name="namedName"/g)).toBe(4);
    // The second preview posts what the first showed: still four rows, not seven.
    const twice = await post(
      '/stories/new',
      form({ namedName: ['Jo Rivers', '', '', ''], namedEmail: ['', '', '', ''], action: 'preview' }),
    );
    expect(count(twice.body, /name="namedName"/g)).toBe(4);
    expect(inputValue(twice.body, 'namedName-0')).toBe('Jo Rivers');
  });

  it('gathers filled rows first, so a problem’s field is the row it is about', async () => {
    const response = await post(
      '/stories/new',
      form({ namedName: ['', 'Jo Rivers', '', 'Sam Patel'], namedEmail: ['', '', '', 'not-an-email'], action: 'save' }),
    );
    expect(response.statusCode).toBe(400);
    expect(count(response.body, /name="namedName"/g)).toBe(5);
    expect(inputValue(response.body, 'namedName-0')).toBe('Jo Rivers');
    expect(inputValue(response.body, 'namedName-1')).toBe('Sam Patel');
    expect(inputValue(response.body, 'namedEmail-1')).toBe('not-an-email');
    expect(response.body).toContain('href="#namedEmail-1"');
  });
});

describe('a suggested characteristic or role, with one click and no script', () => {
  const long =
    'I spent a year in the neighbourhood, knocking on doors, learning the streets and who runs the community centre. Local knowledge of the place changed how we planned the service with residents.';

  it('offers each suggestion as a button that comes back to the suggestions', async () => {
    const page = await post('/stories/new', form({ body: long, primaryCharacteristic: '', action: 'preview' }));
    const buttons = [...page.body.matchAll(/<button[^>]*name="apply" value="(characteristic|role):([a-z-]+)"[^>]*>/g)];
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) expect(b[0]).toContain('formaction="/stories/new#tag-suggestions"');
  });

  it('makes a characteristic the main one when none is chosen, and keeps everything typed, saving nothing', async () => {
    const before = await t.database.db.selectFrom('stories').select('id').execute();
    const fields = form({
      body: long,
      primaryCharacteristic: '',
      namedName: ['Jo Rivers'],
      namedEmail: [''],
      apply: 'characteristic:locality',
    });
    const response = await post('/stories/new', fields);
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<option value="locality" selected>Rooted in place<\/option>/);
    expect(response.body).toContain('Added the characteristic “Rooted in place”. Save your draft to keep it.');
    expect(inputValue(response.body, 'title')).toBe('Tea at the library');
    expect(inputValue(response.body, 'namedName-0')).toBe('Jo Rivers');
    expect(response.body).toContain('knocking on doors, learning the streets');
    expect((await t.database.db.selectFrom('stories').select('id').execute()).length).toBe(before.length);
  });

  it('ticks a characteristic among the others when the main one is chosen, and ticks a role', async () => {
    const other = await post('/stories/new', form({ body: long, apply: 'characteristic:equals' }));
    expect(other.body).toMatch(/<option value="locality" selected>/);
    expect(other.body).toMatch(/name="characteristics" type="checkbox" value="equals" checked/);
    const role = await post('/stories/new', form({ body: long, roles: ['navigator'], apply: 'role:storyteller' }));
    expect(role.body).toMatch(/name="roles" type="checkbox" value="navigator" checked/);
    expect(role.body).toMatch(/name="roles" type="checkbox" value="storyteller" checked/);
  });

  it('ignores a suggestion the form does not offer, keeping the page as typed', async () => {
    const response = await post('/stories/new', form({ roles: ['navigator'], apply: 'role:emperor' }));
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('value="emperor"');
    expect(response.body).toMatch(/name="roles" type="checkbox" value="navigator" checked/);
    expect(response.body).not.toContain('Added the');
  });

  it('applies on the edit page too, to the story’s own address', async () => {
    const created = await post('/stories/new', form({ body: long, action: 'save' }));
    const id = idFrom(created.headers.location);
    const response = await post(
      `/stories/${id}/edit`,
      form({ body: long, apply: 'role:navigator' }),
      `/stories/${id}/edit`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/name="roles" type="checkbox" value="navigator" checked/);
    const stored = await t.database.db
      .selectFrom('stories')
      .select('roles')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.roles).toEqual([]);
  });

  it('saves, not suggests, when Enter is pressed in a field: the form’s first button is “Save draft”', async () => {
    const page = (await t.app.inject({ url: '/stories/new', headers: { cookie: amira } })).body;
    const form = /<form[^>]*id="story-form"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    const first = /<button[^>]*>/.exec(form)?.[0] ?? '';
    expect(first).toContain('name="action" value="save"');
  });
});

describe('the submit page', () => {
  it('links each missing thing to the field where it is put right', async () => {
    const created = await post(
      '/stories/new',
      form({ title: 'Half written', form: 'profile', body: '', visibility: 'private', action: 'save' }),
    );
    const id = idFrom(created.headers.location);
    const page = await t.app.inject({ url: `/stories/${id}/submit`, headers: { cookie: amira } });
    const needed: [string, string][] = [
      ['body', 'Write your story'],
      ['visibility', 'Select who may read your story: “only me” is for drafting'],
      ['subjectName', 'Name the person your profile is about'],
    ];
    for (const [field, text] of needed) {
      expect(page.body).toContain(`<a class="govuk-link" href="/stories/${id}/edit#${field}">${text}</a>`);
    }
    // Each link lands on a field of that id on the edit page.
    const edit = (await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie: amira } })).body;
    for (const [field] of needed) expect(edit).toContain(`id="${field}"`);
    // Trying anyway: the error summary lists the same links.
    const tried = await post(`/stories/${id}/submit`, new URLSearchParams(), `/stories/${id}/submit`);
    expect(tried.statusCode).toBe(400);
    const summary = /<div class="govuk-error-summary[\s\S]*?<\/ul>/.exec(tried.body)?.[0] ?? '';
    for (const [field] of needed) expect(summary).toContain(`href="/stories/${id}/edit#${field}"`);
  });
});
