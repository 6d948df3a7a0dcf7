// Nothing unpublished, and nothing a reader's scope excludes, reaches them through any way of finding
// stories: the library page, search results, facet counts, related stories, feeds, or the API. Every
// kind of caller is tried: anonymous, the author, a colleague, a partner organisation, an unrelated one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../../src/access/principal.ts';
import { anonymous, canSee, type Principal, type Visibility } from '../../src/access/visibility.ts';
import { accountsService } from '../../src/accounts/service.ts';
import type { StoryStatus } from '../../src/stories/types.ts';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';

let t: TestApp;

interface Planted {
  id: string;
  title: string;
  region: string;
  status: StoryStatus;
  visibility: Visibility;
  orgId: string;
  spaceId: string | null;
  authorId: string;
}
const planted: Planted[] = [];

interface Reader {
  name: string;
  principal: Principal;
  cookie?: string;
  token?: string;
}
const readers: Reader[] = [];

const emails = {
  author: 'tom.haddley@northshire-county-council.example',
  colleague: 'amira.okafor@northshire-county-council.example',
  partner: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
  unrelated: 'callum.ridding@northshire-fire-rescue.example',
};
const orgOf = {
  author: 'northshire-county-council',
  colleague: 'northshire-county-council',
  partner: 'kelbridge-wellbeing-network',
  unrelated: 'northshire-fire-rescue',
};

/** Who may find a story in reading routes: published, and in the reader's scope. */
const findable = (r: Reader, s: Planted) =>
  s.status === 'published' &&
  canSee(r.principal, { orgId: s.orgId, ownerPersonId: s.authorId, visibility: s.visibility, spaceId: s.spaceId });

/** The story page and API lookup also show authors their own unpublished stories. */
const openable = (r: Reader, s: Planted) =>
  findable(r, s) ||
  (r.principal.kind === 'person' &&
    r.principal.personId === s.authorId &&
    canSee(r.principal, { orgId: s.orgId, ownerPersonId: s.authorId, visibility: s.visibility, spaceId: s.spaceId }));

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const council = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  const author = await db.selectFrom('users').select('id').where('email', '=', emails.author).executeTakeFirstOrThrow();
  // A space the council shares: the demo's own shared-space story names it.
  const spaceStory = await db
    .selectFrom('stories')
    .select('space_id')
    .where('visibility', '=', 'space')
    .executeTakeFirstOrThrow();

  const kinds: { status: StoryStatus; visibility: Visibility }[] = [
    { status: 'published', visibility: 'public' },
    ...(['draft', 'submitted', 'changes_requested', 'rejected', 'withdrawn'] as const).map((status) => ({
      status,
      visibility: 'public' as const,
    })),
    ...(['organisation', 'signed_in', 'space', 'private'] as const).map((visibility) => ({
      status: 'published' as const,
      visibility,
    })),
  ];
  for (const [i, k] of kinds.entries()) {
    // Every story shares the control story's words, characteristics and roles, so each is the strongest
    // candidate for search, facets and related stories: only the rules can keep it out.
    const title = `Gannet ${k.status} ${k.visibility} ${i}`;
    const region = `Gannetshire ${i}`;
    const published = k.status === 'published';
    const row = await db
      .insertInto('stories')
      .values({
        org_id: council.id,
        slug: `leak-${i}`,
        title,
        form: 'profile',
        body: 'Gannet colony counted by the harbour team. The gannet colony grew.',
        primary_characteristic: 'career',
        characteristics: ['career', 'reflects'],
        roles: ['broker'],
        place: '',
        author_id: author.id,
        visibility: k.visibility,
        space_id: k.visibility === 'space' ? spaceStory.space_id : null,
        status: k.status,
        published_at: published ? new Date(Date.now() - i * 60_000) : null,
        submitted_at: k.status === 'draft' ? null : new Date(),
        region,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    planted.push({
      id: row.id,
      title,
      region,
      ...k,
      orgId: council.id,
      spaceId: k.visibility === 'space' ? spaceStory.space_id : null,
      authorId: author.id,
    });
  }

  readers.push({ name: 'anonymous', principal: anonymous });
  const accounts = accountsService(db);
  for (const [name, email] of Object.entries(emails) as [keyof typeof emails, string][]) {
    const person = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const password = t.credentials.find((c) => c.email === email)?.password ?? '';
    const signIn = await postSignIn(t.app, { email, password });
    readers.push({
      name,
      principal: await principalFor(db, person.id),
      cookie: signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      token: await accounts.createToken(email, orgOf[name], 'leak test'),
    });
  }
}, 120_000);

afterAll(() => t.close());

const page = (r: Reader, url: string) => t.app.inject({ url, headers: r.cookie ? { cookie: r.cookie } : {} });
const api = (r: Reader, url: string) =>
  t.app.inject({ url, headers: r.token ? { authorization: `Bearer ${r.token}` } : {} });

describe('no leaks from reading routes', () => {
  it('signs every reader in, so the checks below are made as them', async () => {
    for (const r of readers.filter((x) => x.cookie)) {
      const home = await page(r, '/stories');
      expect(home.body, r.name).toContain('Sign out');
    }
    // The table must hold both outcomes for someone, or it would prove nothing.
    const anyone = readers.flatMap((r) => planted.map((s) => findable(r, s)));
    expect(anyone).toContain(true);
    expect(anyone).toContain(false);
  });

  it('search results, totals and every facet count hold exactly the findable stories', async () => {
    for (const r of readers) {
      const queries: [string, (s: Planted) => boolean][] = [
        ['q=gannet', () => true],
        ['q=gannet&sort=newest', () => true],
        ['characteristic=career', () => true],
        ['region=Gannetshire 1&region=Gannetshire 7', (s) => ['Gannetshire 1', 'Gannetshire 7'].includes(s.region)],
      ];
      for (const [query, matches] of queries) {
        const response = await api(r, `/api/v1/stories?${query}&pageSize=100`);
        expect(response.statusCode).toBe(200);
        const body = response.json();
        const listed = new Set(body.items.map((i: { id: string }) => i.id));
        for (const s of planted) {
          expect(listed.has(s.id), `${r.name} ${query}: ${s.title}`).toBe(findable(r, s) && matches(s));
        }
        // Each planted story has a region of its own, so its facet count shows whether it was counted.
        for (const s of planted) {
          expect(body.facets.region[s.region], `${r.name} ${query}: region of ${s.title}`).toBe(
            findable(r, s) ? 1 : undefined,
          );
        }
      }
      const facets = (await api(r, '/api/v1/stories?q=gannet')).json();
      const expected = planted.filter((s) => findable(r, s)).length;
      expect(facets.total, r.name).toBe(expected);
      expect(facets.facets.characteristic.career ?? 0, r.name).toBe(expected);
      expect(facets.facets.role.broker ?? 0, r.name).toBe(expected);
      expect(facets.facets.form.profile ?? 0, r.name).toBe(expected);
      expect(facets.facets.organisation['northshire-county-council'] ?? 0, r.name).toBe(expected);
    }
  });

  it('the library page shows no title or region of a story the reader may not find', async () => {
    for (const r of readers) {
      for (const url of ['/stories?q=gannet&pageSize=100', '/stories?characteristic=career&pageSize=100', '/stories']) {
        const body = (await page(r, url)).body;
        for (const s of planted.filter((x) => !findable(r, x))) {
          expect(body.includes(s.title), `${r.name} ${url}: ${s.title}`).toBe(false);
          expect(body.includes(`${s.region} (`), `${r.name} ${url}: region of ${s.title}`).toBe(false);
          expect(body.includes(s.id), `${r.name} ${url}: link to ${s.title}`).toBe(false);
        }
      }
      const body = (await page(r, '/stories?q=gannet&pageSize=100')).body;
      for (const s of planted.filter((x) => findable(r, x))) expect(body, r.name).toContain(`/stories/${s.id}"`);
    }
  });

  it('related stories on a story page list only findable stories', async () => {
    const control = planted.find((s) => s.status === 'published' && s.visibility === 'public') as Planted;
    for (const r of readers) {
      const body = (await page(r, `/stories/${control.id}`)).body;
      expect(body, r.name).toContain('Related stories');
      for (const s of planted.filter((x) => x !== control && !findable(r, x))) {
        expect(body.includes(s.id), `${r.name} related: ${s.title}`).toBe(false);
      }
    }
  });

  it('story pages and API lookups answer 404 unless the reader may open the story', async () => {
    for (const r of readers) {
      for (const s of planted) {
        const want = openable(r, s) ? 200 : 404;
        expect((await page(r, `/stories/${s.id}`)).statusCode, `${r.name} page ${s.title}`).toBe(want);
        const lookup = await api(r, `/api/v1/stories/${s.id}`);
        expect(lookup.statusCode, `${r.name} API ${s.title}`).toBe(want);
        if (want === 200) expect(lookup.json().status).toBe(s.status);
      }
    }
  });

  it('the author sees their own unpublished story with its status, but it is never in search', async () => {
    const author = readers.find((r) => r.name === 'author') as Reader;
    const draft = planted.find((s) => s.status === 'changes_requested') as Planted;
    const body = (await page(author, `/stories/${draft.id}`)).body;
    expect(body).toContain('Not yet: changes requested');
    const found = (await api(author, '/api/v1/stories?q=gannet&pageSize=100')).json();
    expect(found.items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
  });

  it('a co-author opens an unpublished story they write, and it still never reaches their search', async () => {
    const colleague = readers.find((r) => r.name === 'colleague') as Reader;
    const draft = planted.find((s) => s.status === 'draft') as Planted;
    expect((await page(colleague, `/stories/${draft.id}`)).statusCode).toBe(404);
    const db = t.database.db;
    const person = colleague.principal.kind === 'person' ? colleague.principal.personId : '';
    await db
      .insertInto('story_people')
      .values({
        org_id: draft.orgId,
        story_id: draft.id,
        relation: 'author',
        user_id: person,
        name: 'Amira Okafor',
        consent: 'not_needed',
      })
      .execute();
    try {
      const opened = await page(colleague, `/stories/${draft.id}`);
      expect(opened.statusCode).toBe(200);
      expect(opened.body).toContain('Gannet colony counted by the harbour team.');
      expect((await api(colleague, `/api/v1/stories/${draft.id}`)).json()).toMatchObject({ status: 'draft' });
      const found = (await api(colleague, '/api/v1/stories?q=gannet&pageSize=100')).json();
      expect(found.items.map((i: { id: string }) => i.id)).not.toContain(draft.id);
      expect(found.facets.region[draft.region]).toBeUndefined();
      // Nobody else gains anything from it.
      for (const r of readers.filter((x) => x.name !== 'colleague' && x.name !== 'author')) {
        expect((await page(r, `/stories/${draft.id}`)).statusCode, r.name).toBe(404);
      }
    } finally {
      await db.deleteFrom('story_people').where('story_id', '=', draft.id).where('relation', '=', 'author').execute();
    }
  });

  it('ignores attempts to widen a search from the address (status, scope, organisation of the caller)', async () => {
    const anon = readers[0] as Reader;
    const plain = (await api(anon, '/api/v1/stories?q=gannet')).json();
    for (const extra of [
      'status=draft',
      'status=submitted&visibility=private',
      'visibility=organisation&orgId=x&org_id=x',
      'author=me&authorId=x&includeDrafts=true&scope=all',
    ]) {
      const widened = await api(anon, `/api/v1/stories?q=gannet&${extra}`);
      expect(widened.statusCode, extra).toBe(200);
      expect(widened.json().items, extra).toEqual(plain.items);
      expect(widened.json().total, extra).toBe(plain.total);
      const html = (await page(anon, `/stories?q=gannet&${extra}`)).body;
      for (const s of planted.filter((x) => !findable(anon, x))) expect(html.includes(s.id), extra).toBe(false);
    }
  });

  it('feeds carry public, published stories only, whoever asks', async () => {
    for (const r of readers) {
      const feed = await page(r, '/stories/feeds/career.atom');
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toContain('application/atom+xml');
      for (const s of planted) {
        const inFeed = feed.body.includes(s.id);
        expect(inFeed, `${r.name} feed: ${s.title}`).toBe(s.status === 'published' && s.visibility === 'public');
      }
    }
    expect((await t.app.inject('/stories/feeds/bravery.atom')).statusCode).toBe(404);
  });

  it('the characteristic page lists no story the reader may not find; the home page none they may not open', async () => {
    for (const r of readers) {
      // Signed in, the home page ("Your Waymark") also lists the person's own unpublished stories.
      for (const [url, shown] of [
        ['/framework/characteristics/career', findable],
        ['/', openable],
      ] as const) {
        const body = (await page(r, url)).body;
        for (const s of planted.filter((x) => !shown(r, x))) {
          expect(body.includes(s.title), `${r.name} ${url}: ${s.title}`).toBe(false);
        }
      }
    }
    // The author's home does show their own draft, so the check above can fail.
    const author = readers.find((r) => r.name === 'author') as Reader;
    const draft = planted.find((s) => s.status === 'draft') as Planted;
    expect((await page(author, '/')).body).toContain(draft.title);
  });
});
