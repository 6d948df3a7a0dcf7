// The evidence library as people use it: a member suggests an item (the form refuses bad DOIs, ISBNs, years
// and addresses), it waits for a moderator and readers get it only once published; a moderator pastes
// BibTeX, sees each bad entry named, nothing is written before confirming, duplicates are left out; any
// selection downloads as RIS or BibTeX, and the API answers each format by `?format=` or `Accept`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const session = demoSessions(() => t);
const amira = 'amira.okafor@northshire-county-council.example';
const gareth = 'gareth.mbeki@northshire-county-council.example';
const callum = 'callum.ridding@northshire-fire-rescue.example';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const count = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('library_items')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const get = async (url: string, email?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { ...(email ? { cookie: await session(email) } : {}), ...headers } });

const suggestion = {
  itemType: 'paper',
  title: 'Puffin colonies and the public servant',
  authors: 'Needham, Catherine\nMangan, Catherine',
  year: '2016',
  container: 'Public Money & Management',
  publisher: '',
  doi: '10.1080/09540962.2015.1118293',
  isbn: '',
  url: '',
  accessed: '',
  summary: 'Working **at three boundaries**.',
  lessons: '',
  visibility: 'signed_in',
};

describe('suggesting an item', () => {
  it('refuses a bad DOI, ISBN, year and address, saying how to put each right, and writes nothing', async () => {
    const before = await count();
    const response = await postForm(t.app, await session(amira), '/library/new', '/library/new', {
      ...suggestion,
      doi: '10/abc',
      isbn: '978-0-306-40615-8',
      year: '16',
      url: 'javascript:alert(1)',
      accessed: '2024-02-30',
    });
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter a DOI in the correct format, like 10.1080/09540962.2015.1118293',
      'Enter a real ISBN: 10 or 13 digits with the right check digit',
      'Enter a year between 1800 and 2100, like 2016',
      'Enter a web address starting with https:// or http://',
      'Enter the date you looked at the web page, like 2024-03-15',
    ])
      expect(response.body).toContain(message);
    expect(await count()).toBe(before);
  });

  it('waits for a moderator, then readers have it', async () => {
    const sent = await postForm(t.app, await session(amira), '/library/new', '/library/new', suggestion);
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Suggestion sent');
    const row = await t.database.db
      .selectFrom('library_items')
      .select(['id', 'status'])
      .where('title', '=', suggestion.title)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('submitted');
    // Not in the library, nor at its address, while it waits.
    expect((await get('/library?q=puffin', amira)).body).not.toContain(suggestion.title);
    expect((await get(`/library/${row.id}`, amira)).statusCode).toBe(404);
    // In the council moderator's queue.
    expect((await get('/moderation', gareth)).body).toContain(suggestion.title);
    const published = await postForm(
      t.app,
      await session(gareth),
      `/moderation/library/${row.id}/publish`,
      `/moderation/library/${row.id}/publish`,
      {},
    );
    expect(published.statusCode).toBe(303);
    const page = await get(`/library/${row.id}`, amira);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Needham, C., &amp; Mangan, C. (2016). Puffin colonies and the public servant.');
    expect(page.body).toContain('href="https://doi.org/10.1080/09540962.2015.1118293"');
    expect(page.body).toContain('<strong>at three boundaries</strong>');
    expect((await get('/library?q=puffin', amira)).body).toContain(suggestion.title);
    // Signed-in readers only: an anonymous visitor gets a stranger's answer everywhere.
    expect((await get(`/library/${row.id}`)).statusCode).toBe(404);
    expect((await get('/library?q=puffin')).body).not.toContain(suggestion.title);
    expect((await get(`/api/v1/library/${row.id}`)).statusCode).toBe(404);
    expect((await get(`/library/export?id=${row.id}&format=ris`)).body).toBe('');
    // A public item is the platform moderators' to review, so the council's moderator cannot edit it.
    await t.database.db.updateTable('library_items').set({ visibility: 'public' }).where('id', '=', row.id).execute();
    expect((await get(`/library/${row.id}/edit`, gareth)).statusCode).toBe(404);
    await t.database.db
      .updateTable('library_items')
      .set({ visibility: 'signed_in' })
      .where('id', '=', row.id)
      .execute();
    expect((await get(`/library/${row.id}/edit`, gareth)).statusCode).toBe(200);
    // The same DOI cannot be suggested twice.
    const again = await postForm(t.app, await session(amira), '/library/new', '/library/new', suggestion);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('The library already has an item with this DOI');
  });
});

describe('importing BibTeX', () => {
  const pasted = `@report{puffin-one, author = {Lomax, Priya}, title = {Puffin report one}, institution = {Northshire}, year = {2021}, url = {https://example.org/one}}
@article{puffin-dup, title = {Same DOI as the suggestion}, year = 2016, doi = {10.1080/09540962.2015.1118293}}
@book{broken, title = {}, year = {someday}}
@book{puffin-two, author = {Okafor, Amira}, title = {Puffin book two}, publisher = {Kelbridge Press}, year = 2019, isbn = {0-306-40615-2}}
@article{unclosed, title = {Never ends`;

  it('lists each entry and each problem, writes nothing until confirmed, and writes once', async () => {
    const before = await count();
    const cookie = await session(gareth);
    const sent = await postForm(t.app, cookie, '/library/import', '/library/import', {
      format: 'bibtex',
      text: pasted,
    });
    expect(sent.statusCode).toBe(303);
    const previewUrl = sent.headers.location as string;
    const preview = await get(previewUrl, gareth);
    for (const text of [
      'Entry 1 (puffin-one): Puffin report one',
      'Entry 2 (puffin-dup)',
      'The library already has an item with the DOI 10.1080/09540962.2015.1118293.',
      'Entry 3 (broken)',
      'It has no title.',
      'Its year “someday” is not a year between 1800 and 2100.',
      'Entry 4 (puffin-two): Puffin book two',
      'Entry 5 (unclosed)',
      'Its braces do not balance: a closing } is missing.',
      'Add 2 items to the library',
    ])
      expect(preview.body).toContain(text.replaceAll('“', '“'));
    expect(await count()).toBe(before);
    // Someone from another organisation cannot open or confirm it.
    expect((await get(previewUrl, callum)).statusCode).toBe(404);

    const confirmed = await postForm(t.app, cookie, previewUrl, previewUrl, { visibility: 'signed_in' });
    expect(confirmed.statusCode).toBe(303);
    expect(await count()).toBe(before + 2);
    const again = await postForm(t.app, cookie, previewUrl, previewUrl, { visibility: 'signed_in' });
    expect(again.statusCode).toBe(303);
    expect(await count()).toBe(before + 2);
    expect((await get(previewUrl, gareth)).body).toContain('2 published, 0 waiting for review, 3 left out');
    // Both are in the library for a signed-in reader of another organisation.
    const library = await get('/library?q=puffin', callum);
    expect(library.body).toContain('Puffin report one');
    expect(library.body).toContain('Puffin book two');
  });

  it('names a malformed RIS record and stray lines', async () => {
    const sent = await postForm(t.app, await session(gareth), '/library/import', '/library/import', {
      format: 'ris',
      text: 'hello\nTY  - JOUR\nTI  - No end line\n',
    });
    const preview = await get(sent.headers.location as string, gareth);
    expect(preview.body).toContain('Entry 1 (line 2)');
    expect(preview.body).toContain('It has no end: RIS entries finish with an “ER  - ” line.');
    expect(preview.body).toContain('Lines outside any entry (line 1)');
    expect(preview.body).toContain('No entry can be added.');
  });
});

describe('exporting', () => {
  const idOf = async (title: string) =>
    (await t.database.db.selectFrom('library_items').select('id').where('title', '=', title).executeTakeFirstOrThrow())
      .id;

  it('downloads a selection as RIS and a search as BibTeX', async () => {
    const one = await idOf('Puffin report one');
    const ris = await get(`/library/export?id=${one}&format=ris`, callum);
    expect(ris.headers['content-type']).toContain('application/x-research-info-systems');
    expect(ris.headers['content-disposition']).toBe('attachment; filename="waymark-library-ris.ris"');
    expect(ris.body).toBe(`TY  - RPRT
AU  - Lomax, Priya
DA  - 2021///
PY  - 2021
ID  - Lomax2021Puffin
PB  - Northshire
TI  - Puffin report one
UR  - https://example.org/one
ER  - `);
    const bibtex = await get('/library/export?q=puffin+book&format=bibtex', callum);
    expect(bibtex.body).toBe(`@book{Okafor2019Puffin,
\tauthor = {Okafor, Amira},
\tisbn = {0306406152},
\tyear = {2019},
\tpublisher = {Kelbridge Press},
\ttitle = {Puffin book two},
}

`);
  });

  it('answers the API in JSON, or in a format by ?format= or Accept', async () => {
    const two = await idOf('Puffin book two');
    const json = await get('/api/v1/library?q=puffin+book', callum);
    expect(json.json()).toMatchObject({ total: 1, page: 1, items: [{ id: two, type: 'book', isbn: '0306406152' }] });
    const apa = await get(`/api/v1/library/${two}?format=apa`, callum);
    expect(apa.body).toBe('Okafor, A. (2019). Puffin book two. Kelbridge Press.\n');
    const csl = await get(`/api/v1/library/${two}`, callum, { accept: 'application/vnd.citationstyles.csl+json' });
    expect(csl.json()).toEqual([
      {
        id: two,
        type: 'book',
        title: 'Puffin book two',
        author: [{ family: 'Okafor', given: 'Amira' }],
        issued: { 'date-parts': [[2019]] },
        publisher: 'Kelbridge Press',
        ISBN: '0306406152',
      },
    ]);
    expect((await get('/api/v1/library?format=ris&q=puffin+report', callum)).body).toContain('TI  - Puffin report one');
  });
});

describe('demo, bench and personal data', () => {
  it('seeds about 25 published public items with real DOIs where given, found by words', async () => {
    const rows = await t.database.db
      .selectFrom('library_items')
      .select(['title', 'doi', 'status', 'visibility'])
      .where('title', 'in', [
        'The 21st Century Public Servant',
        'The competent boundary spanner',
        'A public management for all seasons?',
      ])
      .orderBy('title')
      .execute();
    expect(rows).toEqual([
      {
        title: 'A public management for all seasons?',
        doi: '10.1111/j.1467-9299.1991.tb00779.x',
        status: 'published',
        visibility: 'public',
      },
      { title: 'The 21st Century Public Servant', doi: null, status: 'published', visibility: 'public' },
      {
        title: 'The competent boundary spanner',
        doi: '10.1111/1467-9299.00296',
        status: 'published',
        visibility: 'public',
      },
    ]);
    const anonymous = await get('/api/v1/library?q=boundary+spanner');
    expect(anonymous.json().items.map((i: { title: string }) => i.title)).toContain('The competent boundary spanner');
    const all = await get('/api/v1/library');
    expect(all.json().total).toBeGreaterThanOrEqual(25);
  });

  it('adds bench items that the library finds and pages', async () => {
    const { seedLibraryBench } = await import('../../src/demo/library-bench.ts');
    const before = await count();
    await seedLibraryBench(t.database.db, 45);
    expect(await count()).toBe(before + 45);
    const page = await get('/api/v1/library?page=3', amira);
    expect(page.json().items.length).toBeGreaterThan(0);
  });

  it('exports a person’s suggestions and, once they erase their account, keeps the item for a former member', async () => {
    const { createServices } = await import('../../src/services.ts');
    const services = createServices(t.database.db, t.database.pool);
    const amiraId = (
      await t.database.db.selectFrom('users').select('id').where('email', '=', amira).executeTakeFirstOrThrow()
    ).id;
    const exported = await services.privacy.exportFor(amiraId);
    const section = JSON.stringify(exported);
    expect(section).toContain('Puffin colonies and the public servant');
    const erased = await services.privacy.eraseAccount(amiraId, { email: amira, stories: 'anonymise' });
    expect(erased).toMatchObject({ ok: true });
    const item = await t.database.db
      .selectFrom('library_items')
      .select(['suggested_by', 'status'])
      .where('title', '=', suggestion.title)
      .executeTakeFirstOrThrow();
    expect(item).toEqual({ suggested_by: null, status: 'published' });
  });
});

describe('housekeeping', () => {
  it('deletes pastes nobody confirmed within 7 days, and keeps confirmed ones', async () => {
    const { libraryService } = await import('../../src/library/service.ts');
    const library = libraryService(t.database.db);
    const imports = () => t.database.db.selectFrom('library_imports').select(['id', 'confirmed_at']).execute();
    const before = await imports();
    expect(before.some((i) => i.confirmed_at === null)).toBe(true);
    expect(await library.purgeStale(new Date(Date.now() + 6 * 86_400_000))).toBe(0);
    const purged = await library.purgeStale(new Date(Date.now() + 8 * 86_400_000));
    expect(purged).toBe(before.filter((i) => i.confirmed_at === null).length);
    expect((await imports()).map((i) => i.id).sort()).toEqual(
      before
        .filter((i) => i.confirmed_at !== null)
        .map((i) => i.id)
        .sort(),
    );
  });
});

describe('limits', () => {
  it('refuses a suggestion over the limit with 429, saying when to try again, and writes nothing', async () => {
    const small = await createTestApp({ services: { limits: { librarySuggestions: { points: 1 } } } });
    try {
      const cookie = await demoSessions(() => small)(amira);
      const first = await postForm(small.app, cookie, '/library/new', '/library/new', {
        ...suggestion,
        doi: '',
        title: 'First guillemot',
      });
      expect(first.statusCode).toBe(200);
      const second = await postForm(small.app, cookie, '/library/new', '/library/new', {
        ...suggestion,
        doi: '',
        title: 'Second guillemot',
      });
      expect(second.statusCode).toBe(429);
      expect(second.headers['retry-after']).toBeDefined();
      expect(second.body).toContain('Library suggestions are limited to 1 an hour for each person.');
      // Nothing is written after the refusal has gone out either: a handler that carried on past it would write
      // a moment later.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const titles = await small.database.db
        .selectFrom('library_items')
        .select('title')
        .where('title', 'like', '%guillemot')
        .execute();
      expect(titles).toEqual([{ title: 'First guillemot' }]);
    } finally {
      await small.close();
    }
  });
});
