// Finding stories: ranking (title above body), stemming, the search syntax, facets and their counts,
// filters, escaped highlights, pagination that keeps the filters, sorting, and the estimates a very
// large result set gets. Each test searches for its own words, so demo stories never get in the way.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../../src/access/visibility.ts';
import { searchDbBeside } from '../../src/db/database.ts';
import { searchTimeoutMs, storiesService } from '../../src/stories/service.ts';
import type { StoryForm } from '../../src/stories/types.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let councilId = '';
let charityId = '';
let authorId = '';
let n = 0;
const day = 86_400_000;
const now = Date.now();

interface NewStory {
  title: string;
  body: string;
  form?: StoryForm;
  characteristics?: string[];
  roles?: string[];
  org?: string;
  region?: string;
  daysAgo?: number;
}

async function addStory(s: NewStory): Promise<string> {
  const characteristics = s.characteristics ?? ['locality'];
  const row = await t.database.db
    .insertInto('stories')
    .values({
      org_id: s.org ?? councilId,
      slug: `search-test-${n++}`,
      title: s.title,
      form: s.form ?? 'personal-narrative',
      body: s.body,
      primary_characteristic: characteristics[0] as string,
      characteristics,
      roles: s.roles ?? [],
      place: '',
      author_id: authorId,
      visibility: 'public',
      space_id: null,
      status: 'published',
      published_at: new Date(now - (s.daysAgo ?? n) * day),
      ...(s.region ? { region: s.region } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const api = async (query: string) => {
  const response = await t.app.inject(`/api/v1/stories?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

const ranked: Record<string, string> = {};
const facetSet: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
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
  authorId = (
    await db.selectFrom('users').select('id').where('email', 'like', 'amira.okafor@%').executeTakeFirstOrThrow()
  ).id;

  // Ranking: the same word once in a title, once in a body; the body one is newer, so only rank can win.
  ranked.inBody = await addStory({
    title: 'A morning at the depot',
    body: 'We made marmalade for the volunteers.',
    daysAgo: 1,
  });
  ranked.inTitle = await addStory({ title: 'Marmalade and minutes', body: 'The agenda ran long.', daysAgo: 30 });
  // Stemming and the query syntax.
  ranked.volunteering = await addStory({
    title: 'Saturday shifts',
    body: 'Volunteering at the lido changed how the team saw residents.',
  });
  ranked.phrase = await addStory({
    title: 'Words in order',
    body: 'The lido budget was saved. Another budget for the lido was not.',
  });

  // Facets: five stories sharing the word "quokka", spread over characteristics, roles, forms, sectors, regions.
  facetSet.a = await addStory({
    title: 'Quokka one',
    body: 'quokka',
    characteristics: ['locality', 'equals'],
    roles: ['broker'],
    form: 'profile',
    region: 'Fenland',
  });
  facetSet.b = await addStory({
    title: 'Quokka two',
    body: 'quokka',
    characteristics: ['locality'],
    roles: ['broker', 'networker'],
    form: 'quote',
    region: 'Fenland',
  });
  facetSet.c = await addStory({
    title: 'Quokka three',
    body: 'quokka',
    characteristics: ['equals'],
    roles: ['networker'],
    form: 'profile',
    region: 'Marches',
  });
  facetSet.d = await addStory({
    title: 'Quokka four',
    body: 'quokka',
    characteristics: ['ethos'],
    form: 'flash-fiction',
    org: charityId,
  });
  facetSet.e = await addStory({
    title: 'Quokka five',
    body: 'quokka',
    characteristics: ['ethos', 'locality'],
    roles: ['broker'],
    form: 'profile',
    org: charityId,
    region: 'Marches',
  });

  // Escaping: markup in a title and body is text, never HTML; only our own <mark> survives.
  facetSet.xss = await addStory({
    title: 'Pelican <img src=x onerror=alert(1)> report',
    body: 'The pelican said <script>alert("x")</script> and **bold** [a link](javascript:alert(1)) \u0002pelican\u0003 too.',
  });
  // Pagination: 24 more stories with one word, a day apart.
  for (let i = 0; i < 24; i++)
    await addStory({ title: `Heron log ${i}`, body: `Heron count day ${i}.`, daysAgo: 100 + i });
}, 120_000);

afterAll(() => t.close());

describe('ranking and text', () => {
  it('ranks a title match above a newer body match', async () => {
    const body = await api('q=marmalade');
    expect(ids(body)).toEqual([ranked.inTitle, ranked.inBody]);
    expect(body.total).toBe(2);
    expect(body.approximate).toBe(false);
  });

  it('sorts by newest when asked, whatever the rank', async () => {
    expect(ids(await api('q=marmalade&sort=newest'))).toEqual([ranked.inBody, ranked.inTitle]);
  });

  it('finds other forms of a word (English stemming)', async () => {
    const found = ids(await api('q=volunteers'));
    expect(found).toContain(ranked.volunteering);
    expect(found).toContain(ranked.inBody);
  });

  it('understands quoted phrases, OR and leaving a word out', async () => {
    expect(ids(await api(`q=${encodeURIComponent('"lido budget"')}`))).toEqual([ranked.phrase]);
    expect(ids(await api('q=lido')).sort()).toEqual([ranked.volunteering, ranked.phrase].sort());
    expect(ids(await api(`q=${encodeURIComponent('lido -budget')}`))).toEqual([ranked.volunteering]);
    expect(ids(await api(`q=${encodeURIComponent('marmalade or lido')}`)).sort()).toEqual(
      [ranked.inBody, ranked.inTitle, ranked.volunteering, ranked.phrase].sort(),
    );
  });

  it('finds nothing, without an error, for words it drops (stop words) or never saw', async () => {
    for (const q of ['the', 'xylophonist', '!!! &&& ((', "'"]) {
      const body = await api(`q=${encodeURIComponent(q)}`);
      expect(body.total, q).toBe(0);
      expect(body.items, q).toEqual([]);
    }
  });
});

describe('facets and filters', () => {
  it('counts every facet over the matching stories', async () => {
    const body = await api('q=quokka');
    expect(body.total).toBe(5);
    expect(body.facets.characteristic).toEqual({ locality: 3, equals: 2, ethos: 2 });
    expect(body.facets.role).toEqual({ broker: 3, networker: 2 });
    expect(body.facets.form).toEqual({ profile: 3, quote: 1, 'flash-fiction': 1 });
    expect(body.facets.sector).toEqual({ 'local-government': 3, voluntary: 2 });
    expect(body.facets.region.Fenland).toBe(2);
    expect(body.facets.region.Marches).toBe(2);
    expect(body.facets.organisation).toEqual({ 'northshire-county-council': 3, 'kelbridge-wellbeing-network': 2 });
  });

  it('narrows by a facet; its own counts stay whole while the other facets follow the filter', async () => {
    const body = await api('q=quokka&characteristic=equals');
    expect(ids(body).sort()).toEqual([facetSet.a, facetSet.c].sort());
    // Other characteristics stay countable, so a reader can widen to them.
    expect(body.facets.characteristic).toEqual({ locality: 3, equals: 2, ethos: 2 });
    expect(body.facets.role).toEqual({ broker: 1, networker: 1 });
    expect(body.facets.form).toEqual({ profile: 2 });
  });

  it('takes any of several values in a facet, and all facets together', async () => {
    expect(ids(await api('q=quokka&characteristic=equals&characteristic=ethos')).length).toBe(4);
    expect(ids(await api('q=quokka&characteristic=equals,ethos')).length).toBe(4);
    expect(ids(await api('q=quokka&characteristic=ethos&role=broker'))).toEqual([facetSet.e]);
    expect(ids(await api('q=quokka&form=profile&region=Marches')).sort()).toEqual([facetSet.c, facetSet.e].sort());
    expect(ids(await api('q=quokka&sector=voluntary')).sort()).toEqual([facetSet.d, facetSet.e].sort());
  });

  it('filters by organisation slug or id; an unknown one matches nothing', async () => {
    expect(ids(await api('q=quokka&organisation=kelbridge-wellbeing-network')).sort()).toEqual(
      [facetSet.d, facetSet.e].sort(),
    );
    expect(ids(await api(`q=quokka&organisation=${charityId}`)).sort()).toEqual([facetSet.d, facetSet.e].sort());
    expect((await api('q=quokka&organisation=no-such-organisation')).total).toBe(0);
  });

  it('answers a bad filter in the API with 400 and the field to fix', async () => {
    for (const [query, field] of [
      ['characteristic=bravery', 'characteristic'],
      ['role=wizard', 'role'],
      ['sort=oldest', 'sort'],
      [`q=${'x'.repeat(1501)}`, 'q'],
      // PostgreSQL text cannot hold NUL: refused as bad input, never a server error.
      ['q=a%00b', 'q'],
      ['region=%00', 'region'],
      ['organisation=%00', 'organisation'],
    ]) {
      const response = await t.app.inject(`/api/v1/stories?${query}`);
      expect(response.statusCode, query).toBe(400);
      // A NUL is refused wherever it is sent, before the query is read (src/web/text.ts).
      expect(response.json().error.code).toBe(String(query).includes('%00') ? 'invalid_text' : 'invalid_request');
      expect(Object.keys(response.json().error.fields), query).toEqual([field]);
    }
  });
});

describe('the library page', () => {
  it('shows the search, facet checkboxes with counts, highlighted snippets and the result count', async () => {
    const page = await t.app.inject('/stories?q=quokka&characteristic=equals');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="quokka"');
    expect(page.body).toMatch(/2 stories matching ‘quokka’/);
    expect(page.body).toMatch(/<input[^>]+name="characteristic"[^>]+value="equals"[^>]+checked/);
    expect(page.body).toContain('Works with citizens as equals (2)');
    expect(page.body).toContain('<mark>Quokka</mark> one');
    expect(page.body).toContain('Remove Characteristic: ');
  });

  it('escapes everything in titles and snippets but its own highlight marks', async () => {
    const page = await t.app.inject('/stories?q=pelican');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('javascript:alert');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.body).toContain('alert(&quot;x&quot;)');
    expect(page.body).toContain('<mark>pelican</mark>');
    const marks = page.body.match(/<mark>/g)?.length ?? 0;
    expect(page.body.match(/<\/mark>/g)?.length).toBe(marks);
    const api = (await t.app.inject('/api/v1/stories?q=pelican')).json();
    // The reader's own words come back escaped too: in the title, the search box and the result count.
    const echoed = await t.app.inject(`/stories?q=${encodeURIComponent('"><script>alert(2)</script>')}`);
    expect(echoed.statusCode).toBe(200);
    expect(echoed.body).not.toContain('<script>alert(2)');
    expect(echoed.body).toContain('&lt;script&gt;alert(2)');
    // No highlight mark (our control characters) reaches the API's plain text.
    expect(
      api.items[0].excerpt.includes(String.fromCharCode(2)) || api.items[0].excerpt.includes(String.fromCharCode(3)),
    ).toBe(false);
  });

  it('pages through results, keeping the query and filters in the links', async () => {
    const first = await api('q=heron&pageSize=10');
    const second = await api('q=heron&pageSize=10&page=2');
    const third = await api('q=heron&pageSize=10&page=3');
    expect(first.total).toBe(24);
    expect([...ids(first), ...ids(second), ...ids(third)].length).toBe(24);
    expect(new Set([...ids(first), ...ids(second), ...ids(third)]).size).toBe(24);
    const page = await t.app.inject('/stories?q=heron&pageSize=10&page=2&form=personal-narrative');
    expect(page.body).toContain('page 2 of 3');
    expect(page.body).toContain('href="/stories?q=heron&amp;form=personal-narrative&amp;pageSize=10&amp;page=3"');
    expect(page.body).toContain('href="/stories?q=heron&amp;form=personal-narrative&amp;pageSize=10"');
  });

  it('shows a first page and a clear message for a malformed address, never an error', async () => {
    const page = await t.app.inject('/stories?q=quokka&page=banana&characteristic=bravery&pageSize=-3');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('were not understood');
    expect(page.body).toMatch(/5 stories matching ‘quokka’/);
    // A NUL character is refused everywhere with a page naming the field, never a server error.
    const nul = await t.app.inject('/stories?q=a%00b');
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toMatch(/text\/html/);
    expect(nul.body).toContain('q');
  });

  it('helps when nothing matches: spelling, removing each filter, seeing everything', async () => {
    const page = await t.app.inject('/stories?q=quokka&form=quote&sector=police');
    expect(page.body).toContain('No stories found');
    expect(page.body).toContain('check the spelling');
    expect(page.body).toContain('remove the filter Sector: Police');
    expect(page.body).toContain('href="/stories">see all the stories');
  });

  it('past the last page, offers the first page', async () => {
    const page = await t.app.inject('/stories?q=quokka&page=9');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Go to the first page of results');
  });
});

describe('very large result sets', () => {
  it('ranks and pages the newest candidates only, and says the counts are estimates', async () => {
    const search = (cap: number) =>
      storiesService(t.database.db, { search: searchDbBeside(t.database.pool, searchTimeoutMs) }).search(
        anonymous,
        {
          q: 'heron',
          characteristic: [],
          role: [],
          form: [],
          sector: [],
          region: [],
          organisation: [],
          page: 1,
          pageSize: 5,
        },
        { candidateCap: cap },
      );
    const exact = await search(500);
    const capped = await search(10);
    expect(exact.approximate).toBe(false);
    expect(capped.approximate).toBe(true);
    expect(capped.total).toBeGreaterThanOrEqual(10);
    expect(capped.pageCount).toBe(2);
    expect(capped.items.map((i) => i.id)).toEqual(exact.items.map((i) => i.id));
    expect(capped.facets?.characteristic.locality).toBeGreaterThanOrEqual(10);
  });
});

describe('the search connections', () => {
  // On its own connections (searchDbBeside), a search's statement is kept prepared, so PostgreSQL does not read
  // and analyse it again, but every run is planned for its own words; the main pool never keeps it.
  const counted = (q: string) =>
    sql`select count(*) from stories s where s.status = 'published'
      and s.search @@ websearch_to_tsquery('english', ${q}) /* the search connections' test */`;
  const plans = (text: string) =>
    sql<{ custom_plans: string; generic_plans: string }>`select custom_plans, generic_plans
      from pg_prepared_statements where statement like ${`%${text}%`}`;

  it('keeps a search prepared and plans each run for its words', async () => {
    const searchDb = searchDbBeside(t.database.pool, searchTimeoutMs);
    const rows = await searchDb.connection().execute(async (c) => {
      for (const q of ['heron', 'quokka', 'wombat', 'heron crossing', 'council', 'budget', 'housing'])
        await counted(q).execute(c);
      return (await plans("the search connections' test").execute(c)).rows;
    });
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.custom_plans)).toBe(7);
    expect(Number(rows[0]?.generic_plans)).toBe(0);
  });

  it('leaves searches unprepared on the main pool', async () => {
    const rows = await t.database.db.connection().execute(async (c) => {
      for (const q of ['heron', 'quokka', 'wombat', 'heron crossing', 'council', 'budget', 'housing'])
        await counted(q).execute(c);
      return (await plans("the search connections' test").execute(c)).rows;
    });
    expect(rows).toHaveLength(0);
  });
});
