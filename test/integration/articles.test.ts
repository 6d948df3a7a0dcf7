// Articles end to end: an editor writes, schedules, publishes and revises; a scheduled article and an
// organisation's article reach nobody they should not, through any page, list, feed, the sitemap, search or
// the API. Expectations are written by hand; time passes by moving the article's publication time.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { anonymous } from '../../src/access/visibility.ts';
import { searchAcrossKinds } from '../../src/search/engine.ts';
import type { TestApp } from '../support/app.ts';
import {
  type ArticlesWorld,
  articleFields as article,
  articlesWorld,
  colleague,
  editor,
  stranger,
} from '../support/articles.ts';
import { postForm } from '../support/forms.ts';
import { pagesHeard } from '../support/pages-heard.ts';

let w: ArticlesWorld;
let t: TestApp;
const session = (email: string) => w.session(email);
const write = (fields: Record<string, string>) => w.write(fields);
const get = (url: string, who?: string) => w.get(url, who);

/** Every place a reader could meet the article, with whether it shows there. */
async function whereShown(id: string, title: string, who?: string) {
  // Pages kept for anonymous readers hear of a change a moment after it commits.
  await pagesHeard(t.app, t.database.db);
  const cookie = who ? { cookie: await session(who) } : {};
  const [page, list, api, apiList, feed, sitemap] = await Promise.all([
    t.app.inject({ url: `/articles/${id}`, headers: cookie }),
    t.app.inject({ url: '/articles', headers: cookie }),
    t.app.inject({ url: `/api/v1/articles/${id}`, headers: cookie }),
    t.app.inject({ url: '/api/v1/articles?pageSize=100', headers: cookie }),
    t.app.inject({ url: '/articles/feed.atom' }),
    t.app.inject({ url: '/sitemap.xml' }),
  ]);
  return {
    page: page.statusCode,
    list: list.body.includes(`/articles/${id}"`),
    api: api.statusCode,
    apiList: (apiList.json().items as { id: string }[]).some((a) => a.id === id),
    feed: feed.body.includes(title),
    sitemap: sitemap.body.includes(`/articles/${id}<`),
  };
}

beforeAll(async () => {
  w = await articlesWorld();
  t = w.t;
}, 120_000);
afterAll(() => t?.close());

describe('writing and publishing', () => {
  it('keeps a draft from every reader, and shows it to its organisation’s editors in preview', async () => {
    const id = await write({ title: 'Draft about shadowing' });
    expect(await whereShown(id, 'Draft about shadowing')).toEqual({
      page: 404,
      list: false,
      api: 404,
      apiList: false,
      feed: false,
      sitemap: false,
    });
    expect((await get(`/articles/${id}/preview`, editor)).body).toContain('Draft about shadowing');
    expect((await get(`/articles/${id}/preview`, colleague)).statusCode).toBe(404);
  });

  it('hides a scheduled article everywhere until its time, then shows it everywhere', async () => {
    const id = await write({ title: 'Scheduled piece on career moves', body: 'Sabbatical lighthouse words.' });
    const cookie = await session(editor);
    const next = new Date(Date.now() + 3 * 86_400_000);
    const scheduled = await postForm(t.app, cookie, `/articles/${id}/schedule`, `/articles/${id}/schedule`, {
      day: String(next.getUTCDate()),
      month: String(next.getUTCMonth() + 1),
      year: String(next.getUTCFullYear()),
      time: '09:30',
    });
    expect(scheduled.statusCode).toBe(303);
    const hidden = { page: 404, list: false, api: 404, apiList: false, feed: false, sitemap: false };
    expect(await whereShown(id, 'Scheduled piece on career moves')).toEqual(hidden);
    expect(await whereShown(id, 'Scheduled piece on career moves', colleague)).toEqual(hidden);
    expect(
      (await t.database.db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirst())?.status,
    ).toBe('published');
    expect((await get('/articles/manage', editor)).body).toContain('Scheduled');

    // Its time comes: nothing runs, the readable rule simply lets it through.
    await t.database.db
      .updateTable('articles')
      .set({ published_at: new Date(Date.now() - 60_000) })
      .where('id', '=', id)
      .execute();
    expect(await whereShown(id, 'Scheduled piece on career moves')).toEqual({
      page: 200,
      list: true,
      api: 200,
      apiList: true,
      feed: true,
      sitemap: true,
    });
  });

  it('refuses a time in the past or a date that does not exist', async () => {
    const id = await write({ title: 'Badly scheduled' });
    const cookie = await session(editor);
    const past = await postForm(t.app, cookie, `/articles/${id}/schedule`, `/articles/${id}/schedule`, {
      day: '1',
      month: '1',
      year: '2020',
      time: '09:00',
    });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('Date and time to publish must be in the future');
    const unreal = await postForm(t.app, cookie, `/articles/${id}/schedule`, `/articles/${id}/schedule`, {
      day: '31',
      month: '2',
      year: '2030',
      time: '09:00',
    });
    expect(unreal.body).toContain('Date to publish must be a real date');
  });

  it('publishes after a confirmation page, and takes an article back to a draft', async () => {
    const id = await write({ title: 'Published then withdrawn' });
    const confirm = await get(`/articles/${id}/publish`, editor);
    expect(confirm.body).toContain('Publish “Published then withdrawn” now?');
    const cookie = await session(editor);
    expect((await postForm(t.app, cookie, `/articles/${id}/publish`, `/articles/${id}/publish`, {})).statusCode).toBe(
      303,
    );
    const page = await get(`/articles/${id}`);
    expect(page.statusCode).toBe(200);
    // The breadcrumbs lead back to the articles, one link per step (no series here).
    const crumbs = [...page.body.matchAll(/<li class="govuk-breadcrumbs__list-item"[^>]*>([\s\S]*?)<\/li>/g)].map((m) =>
      (m[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    );
    expect(crumbs).toEqual(['Articles']);
    expect((await get(`/articles/${id}/unpublish`, editor)).body).toContain('back to a draft?');
    await postForm(t.app, cookie, `/articles/${id}/unpublish`, `/articles/${id}/unpublish`, {});
    expect((await get(`/articles/${id}`)).statusCode).toBe(404);
  });

  it('shows an article’s Open Graph tags and its canonical address', async () => {
    const id = await write({ title: 'Open Graph check', summary: 'A short description for previews.' });
    await postForm(t.app, await session(editor), `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    const page = (await get(`/articles/${id}`)).body;
    expect(page).toContain(`<link rel="canonical" href="http://localhost/articles/${id}">`);
    expect(page).toContain('<meta property="og:title" content="Open Graph check">');
    expect(page).toContain('<meta property="og:description" content="A short description for previews.">');
    expect(page).toContain(`<meta property="og:url" content="http://localhost/articles/${id}">`);
  });

  it('says what is wrong with a form sent empty', async () => {
    const response = await postForm(t.app, await session(editor), '/articles/new', '/articles/new', {});
    expect(response.statusCode).toBe(400);
    for (const message of [
      'Enter a title',
      'Enter the article',
      'Select what kind of article this is',
      'Select who can read the article',
    ]) {
      expect(response.body).toContain(message);
    }
    const guest = await postForm(
      t.app,
      await session(editor),
      '/articles/new',
      '/articles/new',
      article({ kind: 'guest_column' }),
    );
    expect(guest.body).toContain('Enter the guest’s name: a guest column has a guest byline');
  });
});

describe('a scheduled article, by a fake clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays hidden everywhere until the application clock reaches its time, and shows everywhere from then', async () => {
    const title = 'Clockwork notes on a secondment';
    const id = await write({ title, body: 'Quartzwind words for the site search.' });
    // Two days ahead, to the minute: the clock below is moved around it, never the article.
    const due = new Date(Math.ceil((Date.now() + 2 * 86_400_000) / 60_000) * 60_000);
    await t.database.db
      .updateTable('articles')
      .set({ status: 'published', published_at: due })
      .where('id', '=', id)
      .execute();
    const everywhere = async () => {
      const found = await t.app.inject({ url: '/api/v1/search?q=quartzwind' });
      return {
        ...(await whereShown(id, title)),
        search: (found.json().items as { id: string }[]).some((i) => i.id === id),
      };
    };
    const hidden = { page: 404, list: false, api: 404, apiList: false, feed: false, sitemap: false, search: false };
    const shown = { page: 200, list: true, api: 200, apiList: true, feed: true, sitemap: true, search: true };
    vi.useFakeTimers({ toFake: ['Date'] });
    const expected: [number, typeof hidden][] = [
      [-86_400_000, hidden],
      [-60_000, hidden],
      [-1, hidden],
      [0, shown],
      [60_000, shown],
    ];
    for (const [offset, expectation] of expected) {
      vi.setSystemTime(due.getTime() + offset);
      expect(await everywhere(), `${offset} ms from its time`).toEqual(expectation);
    }
  });
});

describe('who may write', () => {
  it('lets only the organisation’s editors reach the editor pages and the write API', async () => {
    for (const who of [colleague, stranger]) {
      expect((await get('/articles/new', who)).statusCode, who).toBe(404);
      expect((await get('/articles/manage', who)).statusCode, who).toBe(404);
    }
    expect((await get('/articles/new')).statusCode).toBe(303);
    const id = await write({ title: 'Only editors change this' });
    const refused = await postForm(
      t.app,
      await session(colleague),
      '/articles',
      `/articles/${id}/edit`,
      article({ title: 'Hijacked' }),
    );
    expect(refused.statusCode).toBe(404);
    const row = await t.database.db.selectFrom('articles').select('title').where('id', '=', id).executeTakeFirst();
    expect(row?.title).toBe('Only editors change this');
  });
});

describe('an organisation’s article', () => {
  it('reaches the organisation’s people and nobody else, by any route', async () => {
    const title = 'Council only: our apprenticeship numbers';
    const id = await write({ title, visibility: 'organisation', body: 'Quokka apprenticeship figures.' });
    await postForm(t.app, await session(editor), `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    const shownToCouncil = await whereShown(id, title, colleague);
    expect({ page: shownToCouncil.page, list: shownToCouncil.list, api: shownToCouncil.api }).toEqual({
      page: 200,
      list: true,
      api: 200,
    });
    for (const who of [stranger, undefined]) {
      expect(await whereShown(id, title, who), who ?? 'anonymous').toEqual({
        page: 404,
        list: false,
        api: 404,
        apiList: false,
        feed: false,
        sitemap: false,
      });
    }
    const fire = await get('/articles', stranger);
    expect(fire.body).not.toContain(title);
  });
});

describe('revisions', () => {
  it('keeps a revision per save once published, and shows the words removed and inserted', async () => {
    const id = await write({ title: 'Revised piece', body: 'Careers cross sectors slowly.' });
    const cookie = await session(editor);
    await postForm(t.app, cookie, `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    await postForm(
      t.app,
      cookie,
      `/articles/${id}/edit`,
      `/articles/${id}/edit`,
      article({
        title: 'Revised piece',
        body: 'Careers cross sectors quickly now.',
      }),
    );
    const list = await get(`/articles/${id}/revisions`, editor);
    expect(list.body).toContain(`/articles/${id}/revisions/1/compare/2`);
    const diff = await get(`/articles/${id}/revisions/1/compare/2`, editor);
    expect(diff.statusCode).toBe(200);
    const marked = diff.body.replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, '');
    expect(marked).toContain(
      'Careers cross sectors <del class="waymark-diff__removed">slowly</del><ins class="waymark-diff__inserted">quickly now</ins>.',
    );
    expect(diff.body).toContain('[removed: </span>slowly');
    expect(diff.body).toContain('[inserted: </span>quickly now');
    expect(diff.body).toContain('1 word removed, 2 words inserted');
    expect((await get(`/articles/${id}/revisions/1/compare/9`, editor)).statusCode).toBe(404);
  });
});

describe('discussion', () => {
  it('takes comments on a published article through the shared discussion', async () => {
    const id = await write({ title: 'Comment on me' });
    await postForm(t.app, await session(editor), `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    const posted = await postForm(t.app, await session(colleague), `/articles/${id}`, `/articles/${id}/comments`, {
      body: 'This matches what we saw in our secondments.',
    });
    expect(posted.statusCode).toBe(303);
    expect((await get(`/articles/${id}`)).body).toContain('This matches what we saw in our secondments.');
  });
});

describe('site-wide search', () => {
  it('finds a published public article, but never a scheduled one', async () => {
    const services = (await import('../../src/services.ts')).createServices(t.database.db, t.database.pool);
    const kindsNow = services.kinds.all().filter((k) => k.parent === undefined) as Parameters<
      typeof searchAcrossKinds
    >[1];
    const id = await write({ title: 'Searchable zephyr article', body: 'Zephyr words for search.' });
    await postForm(t.app, await session(editor), `/articles/${id}/publish`, `/articles/${id}/publish`, {});
    const find = async () =>
      (await searchAcrossKinds(t.database.db, kindsNow, anonymous, 'zephyr', { limit: 20, offset: 0 })).items.some(
        (h) => h.id === id,
      );
    expect(await find()).toBe(true);
    await t.database.db
      .updateTable('articles')
      .set({ published_at: new Date(Date.now() + 86_400_000) })
      .where('id', '=', id)
      .execute();
    expect(await find()).toBe(false);
  });
});
