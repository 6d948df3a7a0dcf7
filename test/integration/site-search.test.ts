// The site-wide search (page and API): one box over every searchable kind, finding only what the caller may
// read, ranked with ties newest first, counted per kind, limited to one kind on request, with highlighted
// titles and snippets, and clear 4xx answers for words too long or a kind that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions } from '../support/forms.ts';

let t: TestApp;
const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  callum: 'callum.ridding@northshire-fire-rescue.example', // member, fire service
};
const session = demoSessions(() => t);

/** Planted stories about pangolins, by title: who may find each is written out below, by hand. */
const planted = {
  'Pangolin week at the depot': { visibility: 'public', status: 'published', minutesAgo: 30 },
  'The pangolin rota for the council': { visibility: 'organisation', status: 'published', minutesAgo: 20 },
  'Pangolin notes, not yet ready': { visibility: 'public', status: 'draft', minutesAgo: 10 },
  'An older pangolin story': { visibility: 'public', status: 'published', minutesAgo: 90 },
} as const;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const council = await t.database.db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  let n = 0;
  for (const [title, p] of Object.entries(planted)) {
    n += 1;
    const row = await t.database.db
      .insertInto('stories')
      .values({
        org_id: council.id,
        slug: `pangolin-${n}`,
        title,
        form: 'personal-narrative',
        body: `Some weeks nothing happens. Then the pangolin arrived at the depot and everyone had a view on ${title.toLowerCase()}.`,
        primary_characteristic: 'reflects',
        characteristics: ['reflects'],
        roles: [],
        place: '',
        author_id: null,
        visibility: p.visibility,
        space_id: null,
        status: p.status,
        published_at: p.status === 'published' ? new Date(Date.now() - p.minutesAgo * 60_000) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[title] = row.id;
  }
});
afterAll(async () => {
  await t?.close();
});

const api = async (url: string, who?: keyof typeof people) =>
  t.app.inject({ url, headers: who ? { cookie: await session(people[who]) } : {} });

describe('the search API', () => {
  it('finds only what each caller may read, ranked, ties newest first, with counts per kind', async () => {
    const expected = {
      anonymous: ['Pangolin week at the depot', 'An older pangolin story'],
      amira: ['The pangolin rota for the council', 'Pangolin week at the depot', 'An older pangolin story'],
      callum: ['Pangolin week at the depot', 'An older pangolin story'],
    };
    for (const [who, titles] of Object.entries(expected)) {
      const response = await api('/api/v1/search?q=pangolin', who === 'anonymous' ? undefined : (who as 'amira'));
      expect(response.statusCode, who).toBe(200);
      const body = response.json();
      expect(
        body.items.map((i: { title: string }) => i.title),
        who,
      ).toEqual(titles);
      expect(body.total, who).toBe(titles.length);
      expect(body.facets.kind.story, who).toBe(titles.length);
      expect(body.items[0]).toMatchObject({ kind: 'story', url: `/stories/${ids[titles[0] as string]}` });
      expect(body.items[0].snippet).toContain('pangolin arrived at the depot');
    }
  });

  it('lists one kind on request, keeping the counts of every kind', async () => {
    const story = (await api('/api/v1/search?q=pangolin&kind=story')).json();
    expect(story.items).toHaveLength(2);
    const kinds = Object.keys(story.facets.kind);
    const other = kinds.find((k) => k !== 'story');
    if (other) {
      const none = (await api(`/api/v1/search?q=pangolin&kind=${other}`)).json();
      expect(none.items).toEqual([]);
      expect(none.facets.kind.story).toBe(2);
    }
  });

  it('answers 400 with a machine-readable body for a kind that does not exist or no words', async () => {
    const unknown = await api('/api/v1/search?q=pangolin&kind=spaceship');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown_kind');
    const empty = await api('/api/v1/search?q=');
    expect(empty.statusCode).toBe(400);
    const long = await api(`/api/v1/search?q=${'a'.repeat(1501)}`);
    expect(long.statusCode).toBe(400);
  });
});

describe('the search page', () => {
  it('shows the box alone before any words, then results with the words marked', async () => {
    const first = await api('/search');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Search stories, articles, the evidence library and reading groups');
    const found = await api('/search?q=pangolin');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('2 results for ‘pangolin’');
    expect(found.body).toContain('<mark>Pangolin</mark> week at the depot');
    expect(found.body).not.toContain('The pangolin rota for the council');
    expect(found.body).not.toContain('Pangolin notes, not yet ready');
  });

  it('says nothing was found, and keeps too many words with a message', async () => {
    const none = await api('/search?q=xylophonist');
    expect(none.body).toContain('Nothing found');
    const typed = 'quokka '.repeat(300);
    const long = await api(`/search?q=${encodeURIComponent(typed)}`);
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Search words must be 1,500 characters or fewer');
    expect(long.body).toContain(`value="${typed.slice(0, 1500)}"`);
  });

  it('escapes what people wrote in titles and snippets', async () => {
    await t.database.db
      .updateTable('stories')
      .set({ title: 'Pangolin <script>alert(1)</script> week at the depot' })
      .where('id', '=', ids['Pangolin week at the depot'] as string)
      .execute();
    const page = await api('/search?q=pangolin');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;');
  });
});
