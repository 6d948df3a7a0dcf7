// Text that cannot be stored or shown: a NUL character in any story field is a 400 naming the field, through
// the form and the API, with nothing stored; other control characters never reach a page's HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { rowCount } from '../support/database.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
let cookie = '';
let token = '';
const amiraEmail = 'amira.okafor@northshire-county-council.example';

beforeAll(async () => {
  t = await createTestApp();
  const credential = t.credentials.find((c) => c.email === amiraEmail);
  if (!credential) throw new Error('no demo credential for Amira');
  cookie = await signInCookie(t.app, credential);
  token = await accountsService(t.database.db).createToken(amiraEmail, 'northshire-county-council', 'Text tests');
});
afterAll(() => t.close());

const storyCount = () => rowCount(t.database.db, 'stories');

const formFields = (fields: Record<string, string | string[]>) => {
  const base: Record<string, string | string[]> = {
    title: 'Kept after the flood',
    form: 'personal-narrative',
    body: 'We kept the day centre open.',
    primaryCharacteristic: 'locality',
    place: 'Kelbridge',
    region: 'North East',
    visibility: 'organisation',
    ...fields,
  };
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(base)) for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  return form;
};

async function postStoryForm(fields: URLSearchParams) {
  const page = await t.app.inject({ url: '/stories/new', headers: { cookie } });
  fields.set('_csrf', csrfOf(page.body));
  return t.app.inject({
    method: 'POST',
    url: '/stories/new',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: fields.toString(),
  });
}

const apiCreate = (body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/stories',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      title: 'Kept after the flood',
      form: 'personal-narrative',
      primaryCharacteristic: 'locality',
      ...body,
    }),
  });

describe('a NUL character in a story', () => {
  // The form's field name and the API's, for each text a story holds.
  const cases: {
    field: string;
    form: Record<string, string | string[]>;
    api: Record<string, unknown>;
    named: string;
  }[] = [
    { field: 'title', form: { title: 'Kept\u0000 after' }, api: { title: 'Kept\u0000 after' }, named: 'title' },
    { field: 'body', form: { body: 'We\u0000 stayed' }, api: { body: 'We\u0000 stayed' }, named: 'body' },
    { field: 'region', form: { region: 'North\u0000East' }, api: { region: 'North\u0000East' }, named: 'region' },
    { field: 'place', form: { place: 'Kel\u0000bridge' }, api: { place: 'Kel\u0000bridge' }, named: 'place' },
    {
      field: 'a named person',
      form: { namedName: 'Jo\u0000 Bell', namedEmail: '' },
      api: { named: [{ name: 'Jo\u0000 Bell' }] },
      named: 'named',
    },
  ];

  for (const c of cases) {
    it(`in the ${c.field} is refused by the form with a 400 page naming it, storing nothing`, async () => {
      const before = await storyCount();
      const response = await postStoryForm(formFields(c.form));
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain(c.named);
      expect(response.body).toContain('NUL character');
      expect(await storyCount()).toBe(before);
    });

    it(`in the ${c.field} is refused by the API with 400 invalid_text naming it, storing nothing`, async () => {
      const before = await storyCount();
      const response = await apiCreate(c.api);
      expect(response.statusCode).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('invalid_text');
      expect(Object.keys(error.fields).join(' ')).toContain(c.named);
      expect(await storyCount()).toBe(before);
    });
  }

  it('in a change to a draft is refused by the API, leaving the draft as it was', async () => {
    const created = await apiCreate({ body: 'The first words.' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stories/${id}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'Changed\u0000' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty('title');
    const row = await t.database.db
      .selectFrom('stories')
      .select('title')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('Kept after the flood');
  });

  it('in a search is a 400 on the API, never a 500', async () => {
    const response = await t.app.inject('/api/v1/stories?region=North%00East');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toHaveProperty('region');
  });
});

describe('other control characters', () => {
  it('are dropped from titles, names and places, while a body keeps its lines and tabs', async () => {
    const response = await apiCreate({
      title: 'Bell\u0007 rang\u001b[31m\tat nine\n',
      body: 'First line\u0008.\r\n\tSecond line\u007f.\u0085',
      place: 'Kel\u0001bridge',
      region: 'North\u009b East',
      named: [{ name: 'Jo\u000b Bell' }],
    });
    expect(response.statusCode).toBe(201);
    const story = response.json();
    expect(story.title).toBe('Bell rang[31m at nine');
    expect(story.body).toBe('First line.\n\tSecond line.');
    expect(story.place).toBe('Kelbridge');
    expect(story.region).toBe('North East');
    expect(story.people.find((p: { relation: string }) => p.relation === 'named').name).toBe('Jo Bell');
  });

  it('are dropped from what the form stores, and the story’s page shows none', async () => {
    const response = await postStoryForm(
      formFields({
        title: 'Lamp\u0002 lit\u001f',
        body: 'Evening\u0003 came.\n\nThen\u0004 night.',
        place: 'Hale\u0006',
      }),
    );
    expect(response.statusCode).toBe(303);
    const id = /\/stories\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1];
    expect(id).toBeDefined();
    const row = await t.database.db
      .selectFrom('stories')
      .select(['title', 'body', 'place'])
      .where('id', '=', id as string)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Lamp lit', body: 'Evening came.\n\nThen night.', place: 'Hale' });
    const page = await t.app.inject({ url: `/stories/${id}/edit`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lamp lit');
    expect(page.body).not.toMatch(/[^\P{Cc}\t\n\r]/u);
  });
});
