// Articles beyond writing and reading: the write API with a token, the export and erasure, the demo
// articles, the cover image (type, size, alt text, metadata stripped, resized, cached) and the bench data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type ArticlesWorld, articlesWorld, editor, stranger } from '../support/articles.ts';
import { postForm } from '../support/forms.ts';

let w: ArticlesWorld;
let t: TestApp;
let councilId = '';
const session = (email: string) => w.session(email);
const write = (fields: Record<string, string>) => w.write(fields);
const get = (url: string, who?: string) => w.get(url, who);

beforeAll(async () => {
  w = await articlesWorld();
  t = w.t;
  councilId = w.councilId;
}, 120_000);
afterAll(() => t?.close());

describe('the API for editors', () => {
  it('creates a draft and changes it with a token, keeping organisation and owner out of the body', async () => {
    const { accountsService } = await import('../../src/accounts/service.ts');
    const token = await accountsService(t.database.db).createToken(editor, 'northshire-county-council', 'Articles API');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers,
      payload: JSON.stringify({
        title: 'Written through the API',
        body: 'Some words.',
        kind: 'research_summary',
        visibility: 'signed_in',
        tags: ['characteristic:career', 'sector:nhs'],
      }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      title: 'Written through the API',
      kind: 'research_summary',
      state: 'draft',
      organisation: { name: 'Northshire County Council' },
      tags: ['characteristic:career', 'sector:nhs'],
    });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/articles/${body.id}`,
      headers,
      payload: JSON.stringify({ title: 'Renamed through the API', orgId: 'anything' }),
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ title: 'Renamed through the API', body: 'Some words.', state: 'draft' });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/articles',
      headers,
      payload: JSON.stringify({ title: '', body: 'x', kind: 'blog_post', visibility: 'public', tags: ['sector:moon'] }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'invalid_request',
      fields: { title: 'Enter a title', tags: 'Select tags from the list' },
    });
    // A draft is nobody's to read through the reading API, not even its editor's.
    expect((await t.app.inject({ url: `/api/v1/articles/${body.id}`, headers })).statusCode).toBe(404);
  });
});

describe('erasure and export', () => {
  it('exports an author’s articles, and shows "Former member" in the byline once they erase their account', async () => {
    const db = t.database.db;
    const { id: writerId } = await db
      .insertInto('users')
      .values({
        email: 'matrix.writer@northshire-county-council.example',
        display_name: 'Wren Castell',
        password_hash: null,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('memberships')
      .values([
        { org_id: councilId, user_id: writerId, role: 'member' },
        { org_id: councilId, user_id: writerId, role: 'editor' },
      ])
      .execute();
    const id = await write({ title: 'Written by Wren', authorIds: writerId });
    await postForm(t.app, await session(editor), `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    expect((await get(`/articles/${id}`)).body).toContain('By Wren Castell');
    const { articlesSection } = await import('../../src/articles/export.ts');
    const exported = (await articlesSection.collect(db, writerId)) as { title: string; startedByYou: boolean }[];
    expect(exported.map((a) => [a.title, a.startedByYou])).toEqual([['Written by Wren', false]]);
    await db.deleteFrom('memberships').where('user_id', '=', writerId).execute();
    await db.deleteFrom('users').where('id', '=', writerId).execute();
    expect((await get(`/articles/${id}`)).body).toContain('By Former member');
  });
});

describe('the demo articles', () => {
  it('are ten, in two series, every tag one the framework knows, readable by anyone', async () => {
    const { demoArticles } = await import('../../src/demo/articles.ts');
    const { tagChoices } = await import('../../src/articles/schema.ts');
    const { frameworkService } = await import('../../src/framework/service.ts');
    const known = new Set(tagChoices(await frameworkService(t.database.db).current()).map((c) => c.value));
    expect(demoArticles).toHaveLength(10);
    expect(demoArticles.flatMap((a) => a.input.tags).filter((tag) => !known.has(tag))).toEqual([]);
    const list = await get('/articles?series=');
    expect(list.body).toContain('Why we started writing about careers that cross sectors');
    // Five in the first series, one of them for people signed in.
    expect(list.body).toContain('Theme 5: careers across sectors (4)');
    expect(list.body).toContain('Notes from the front desk (3)');
    // The one for people signed in stays out of the anonymous list.
    expect(list.body).not.toContain('Event write-up: the careers crossover breakfast');
  });
});

describe('the cover image', () => {
  async function upload(id: string, file: { bytes: Buffer; name: string; type: string } | undefined, alt: string) {
    const cookie = await session(editor);
    const page = await t.app.inject({ url: `/articles/${id}/cover`, headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const form = new FormData();
    form.set('alt', alt);
    form.set(
      'cover',
      new Blob([new Uint8Array(file?.bytes ?? Buffer.alloc(0))], { type: file?.type ?? 'application/octet-stream' }),
      file?.name ?? '',
    );
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return t.app.inject({
      method: 'POST',
      url: `/articles/${id}/cover?_csrf=${encodeURIComponent(csrf)}`,
      headers: { cookie, 'content-type': request.headers.get('content-type') ?? '' },
      payload: Buffer.from(await request.arrayBuffer()),
    });
  }

  it('takes a JPEG, PNG or WebP up to 5 MB with a description, resized and without its metadata', async () => {
    const sharp = (await import('sharp')).default;
    const id = await write({ title: 'With a cover' });
    const photo = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#1d70b8' } })
      .withMetadata({ exif: { IFD0: { Artist: 'Secret Photographer', Copyright: 'Somewhere private' } } })
      .jpeg()
      .toBuffer();
    expect(photo.includes('Secret Photographer')).toBe(true);

    const noAlt = await upload(id, { bytes: photo, name: 'team.jpg', type: 'image/jpeg' }, '');
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toContain('Describe the image for people who cannot see it');
    const wrongType = await upload(
      id,
      { bytes: Buffer.from('GIF89a not really'), name: 'x.gif', type: 'image/gif' },
      'A team',
    );
    expect(wrongType.body).toContain(
      'The file is not an image Waymark takes: choose a JPEG, PNG or WebP image of 5 MB or less',
    );
    const huge = await upload(
      id,
      { bytes: Buffer.alloc(5 * 1024 * 1024 + 10, 1), name: 'big.jpg', type: 'image/jpeg' },
      'Big',
    );
    expect(huge.body).toContain('The image is too large: choose a JPEG, PNG or WebP image of 5 MB or less');

    const saved = await upload(
      id,
      { bytes: photo, name: 'team.jpg', type: 'image/jpeg' },
      'Three colleagues at a table',
    );
    expect(saved.statusCode, saved.body.slice(0, 200)).toBe(303);
    await postForm(t.app, await session(editor), `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    const page = (await get(`/articles/${id}`)).body;
    expect(page).toMatch(
      /<img class="waymark-article-cover" src="\/articles\/[0-9a-f-]+\/cover\.jpg\?v=\d+" alt="Three colleagues at a table" width="1200" height="600">/,
    );
    const image = await get(`/articles/${id}/cover.jpg`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['cache-control']).toBe('public, max-age=86400');
    expect(image.rawPayload.includes('Secret Photographer')).toBe(false);
    const meta = await sharp(image.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['jpeg', 1200, 600, undefined]);
    const again = await t.app.inject({
      url: `/articles/${id}/cover.jpg`,
      headers: { 'if-none-match': String(image.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('keeps a draft’s cover from readers', async () => {
    const sharp = (await import('sharp')).default;
    const id = await write({ title: 'Draft with a cover' });
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#00703c' } })
      .png()
      .toBuffer();
    expect((await upload(id, { bytes: png, name: 'a.png', type: 'image/png' }, 'A green square')).statusCode).toBe(303);
    expect((await get(`/articles/${id}/cover.jpg`)).statusCode).toBe(404);
    expect((await get(`/articles/${id}/cover.jpg`, stranger)).statusCode).toBe(404);
    const seen = await get(`/articles/${id}/cover.jpg`, editor);
    expect(seen.statusCode).toBe(200);
    // Its editor's copy is theirs alone: no shared cache may keep it.
    expect(seen.headers['cache-control']).toBe('private, no-store');
  });
});

describe('bench articles', () => {
  it('adds the number asked for, and readers see only the public ones whose time has come', async () => {
    const { seedArticleBench } = await import('../../src/demo/article-bench.ts');
    const db = t.database.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const listed = async () => (await t.app.inject({ url: '/api/v1/articles?pageSize=1' })).json().total as number;
    const [rowsBefore, listedBefore] = [await count(), await listed()];
    await seedArticleBench(db, 1500);
    expect((await count()) - rowsBefore).toBe(1500);
    const due = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_id', 'is', null)
      .where('visibility', '=', 'public')
      .where('status', '=', 'published')
      .where('published_at', '<=', new Date())
      .executeTakeFirstOrThrow();
    const scheduled = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('owner_id', 'is', null)
      .where('published_at', '>', new Date())
      .executeTakeFirstOrThrow();
    expect(Number(scheduled.n)).toBeGreaterThan(0);
    expect((await listed()) - listedBefore).toBe(Number(due.n));
  });
});
