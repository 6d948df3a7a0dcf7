// The four ways a story search reads its candidates (rows newest first, the index newest first, through the
// filters' indexes, through the text index, the last with and without its recent slice) give the same page,
// total and facet counts, and those agree with a plain reference: every story loaded, the visibility rule
// (`canSee`) and the filters applied in JavaScript, the newest `cap` kept and ranked. Also: the walk reads
// visibility and facets from the index alone, and the recent slice is built, kept, moved and dropped.
import { type RawBuilder, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../../src/access/principal.ts';
import { anonymous, canSee, type Principal, type Visibility } from '../../src/access/visibility.ts';
import { createDb, createPool, type Database } from '../../src/db/database.ts';
import { type FacetName, facetNames, type StoryFilters, searchStories } from '../../src/stories/search.ts';
import { type SamplePath, sample } from '../../src/stories/search-sample.ts';
import { refreshSearchSlice, sliceBoundary } from '../../src/stories/search-slice.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let member: Principal = anonymous;
/** Halfway through this file's stories' dates (the demo's own stories are all newer). */
const midLibrary = new Date(Date.UTC(2025, 0, 9));
/** Each way of reading; the text index's three times: alone, through the slice built below, and from `midLibrary`. */
const ways: { name: string; path: SamplePath; slice?: Date | null }[] = [
  { name: 'scan', path: 'scan' },
  { name: 'walk', path: 'walk' },
  { name: 'filters', path: 'filters' },
  { name: 'words', path: 'words', slice: null },
  { name: 'words through the recent slice', path: 'words' },
  { name: 'words from a slice starting mid-library', path: 'words', slice: midLibrary },
];
/**
 * The share of published stories the slice built here holds: the demo's stories, all newer than this file's,
 * so its searches find nothing there and read on. `midLibrary` splits this file's stories instead: with a cap of
 * 6 most searches fill from the slice alone, with 500 none does, so both ways through a slice are compared.
 */
const share = 0.3;

/** A small seeded generator, so the library is the same on every run. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'slug'])
    .where('slug', 'in', ['northshire-county-council', 'kelbridge-wellbeing-network'])
    .execute();
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('email', 'like', 'amira.okafor@%')
    .executeTakeFirstOrThrow();
  const random = seeded(18);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const words = ['wombat', 'quoll', 'bilby', 'numbat'];
  const rows = Array.from({ length: 90 }, (_, i) => {
    const characteristics = [pick(['locality', 'equals', 'ethos', 'reflects'])];
    if (random() < 0.3) characteristics.push(pick(['skills', 'career']));
    const published = random() < 0.9;
    return {
      org_id: pick(orgs).id,
      slug: `paths-${i}`,
      title: `${pick(words)} notes ${i}`,
      form: pick(['profile', 'personal-narrative', 'quote', 'flash-fiction'] as const),
      body: Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(words)).join(' and the '),
      primary_characteristic: characteristics[0] as string,
      characteristics,
      roles: random() < 0.5 ? [pick(['broker', 'networker'])] : [],
      place: '',
      region: pick(['Fenland', 'Marches', '']),
      author_id: author.id,
      visibility: pick(['public', 'public', 'public', 'signed_in', 'organisation', 'private'] as Visibility[]),
      space_id: null,
      status: published ? ('published' as const) : ('draft' as const),
      published_at: published ? new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 400) * 3_600_000) : null,
    };
  });
  await db.insertInto('stories').values(rows).execute();
  // As autovacuum would soon after: statistics, and pages marked all-visible for index-only walks.
  await sql`vacuum (analyze) stories`.execute(db);
  member = await principalFor(db, author.id);
  expect((await refreshSearchSlice(db, { policy: { least: 1, share } })).action).toBe('built');
}, 120_000);

afterAll(() => t.close());

interface Story {
  id: string;
  org_slug: string;
  org_id: string;
  author_id: string | null;
  visibility: Visibility;
  space_id: string | null;
  status: string;
  published_at: Date | null;
  characteristics: string[];
  roles: string[];
  form: string;
  sector: string;
  region: string;
  matches: boolean;
  rank: number;
}

/** Every story, with whether it holds the words and its rank for them (PostgreSQL's own text functions). */
async function everyStory(q: string | undefined) {
  const words = sql`websearch_to_tsquery('english', ${q ?? ''})`;
  const { rows } = await sql<Story>`
    select s.id, o.slug as org_slug, s.org_id, s.author_id, s.visibility, s.space_id, s.status, s.published_at,
      s.characteristics, s.roles, s.form, s.sector, s.region,
      coalesce(s.search @@ ${words}, false) as matches, ts_rank_cd(s.search, ${words}) as rank
    from stories s join organisations o on o.id = s.org_id`.execute(t.database.db);
  return rows;
}

/** The reference: the newest `cap` readable matches, ranked or newest first, and facet counts over them. */
function reference(stories: Story[], principal: Principal, filters: StoryFilters, cap: number, pageSize: number) {
  const passes = (s: Story, except?: FacetName) =>
    s.status === 'published' &&
    canSee(principal, { orgId: s.org_id, ownerPersonId: s.author_id, visibility: s.visibility, spaceId: s.space_id }) &&
    (!filters.q || s.matches) &&
    facetNames.every((f) => {
      const wanted = filters[f];
      if (f === except || wanted.length === 0) return true;
      if (f === 'characteristic') return s.characteristics.some((c) => wanted.includes(c));
      if (f === 'role') return s.roles.some((r) => wanted.includes(r));
      if (f === 'organisation') return wanted.includes(s.org_slug);
      return wanted.includes(s[f]);
    });
  const newest = (a: Story, b: Story) =>
    (b.published_at?.getTime() ?? 0) - (a.published_at?.getTime() ?? 0) || (a.id < b.id ? 1 : -1);
  // A sample without a facet's own filter reads half as many (it only counts that facet's other values).
  const capOf = (except?: FacetName) => (except ? Math.ceil(cap / 2) : cap);
  const sampleOf = (except?: FacetName) =>
    stories
      .filter((s) => passes(s, except))
      .sort(newest)
      .slice(0, capOf(except));
  const m = sampleOf();
  const page = [...m].sort((a, b) => (filters.q ? b.rank - a.rank : 0) || newest(a, b)).slice(0, pageSize);
  // A facet's counts are exact when its sample stayed below the cap (above it, they are scaled estimates).
  const exact = new Set(facetNames.filter((f) => (filters[f].length ? sampleOf(f).length < capOf(f) : m.length < cap)));
  const facets = Object.fromEntries(
    [...exact].map((f) => {
      const counts: Record<string, number> = {};
      for (const s of filters[f].length ? sampleOf(f) : m) {
        const values =
          f === 'characteristic'
            ? s.characteristics
            : f === 'role'
              ? s.roles
              : f === 'organisation'
                ? [s.org_slug]
                : f === 'region'
                  ? [s.region].filter((r) => r !== '')
                  : [s[f]];
        for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
      }
      return [f, counts];
    }),
  );
  return { ids: page.map((s) => s.id), sampled: m.length, facets };
}

const none = { characteristic: [], role: [], form: [], sector: [], region: [], organisation: [] };
const searches: [string, StoryFilters][] = [
  ['one word', { ...none, q: 'wombat' }],
  ['two words', { ...none, q: 'quoll bilby' }],
  ['a word left out', { ...none, q: 'numbat -wombat' }],
  ['a word and two filters', { ...none, q: 'wombat', characteristic: ['reflects', 'ethos'], form: ['profile'] }],
  [
    'a word and every kind of filter',
    {
      q: 'bilby OR quoll',
      characteristic: ['locality', 'skills'],
      role: ['broker'],
      form: ['profile', 'quote', 'personal-narrative'],
      sector: ['local-government', 'voluntary'],
      region: ['Fenland', 'Marches'],
      organisation: ['northshire-county-council', 'kelbridge-wellbeing-network'],
    },
  ],
  ['a word no story holds, and a filter', { ...none, q: 'xylophonist', form: ['quote'] }],
];

describe('the four ways of reading candidates', () => {
  for (const [name, filters] of searches) {
    for (const [who, principal] of [
      ['anonymous', () => anonymous],
      ['a member', () => member],
    ] as const) {
      it(`agree with the reference: ${name}, ${who}`, async () => {
        const stories = await everyStory(filters.q);
        for (const cap of [500, 6]) {
          const expected = reference(stories, principal(), filters, cap, 10);
          const found = await Promise.all(
            ways.map(({ path, slice }) =>
              searchStories((work) => work(t.database.db), principal(), filters, {
                sort: 'relevance',
                limit: 10,
                offset: 0,
                facets: true,
                candidateCap: cap,
                path,
                ...(slice !== undefined ? { slice } : {}),
              }),
            ),
          );
          for (const [i, result] of found.entries()) {
            const label = `${ways[i]?.name}, cap ${cap}`;
            expect(
              result.rows.map((r) => r.id),
              label,
            ).toEqual(expected.ids);
            expect(result.approximate, label).toBe(expected.sampled >= cap);
            if (expected.sampled < cap) expect(result.total, label).toBe(expected.sampled);
            for (const [f, counts] of Object.entries(expected.facets))
              expect(result.facets?.[f as FacetName], `${label}, ${f}`).toEqual(counts);
            // Estimates (above the cap) come from the same planner figures whichever way was read.
            expect(result, label).toEqual(found[0]);
          }
        }
      });
    }
  }
});

/**
 * PostgreSQL's plan for `statement` after `prepare` has changed settings or dropped indexes for it, all in one
 * transaction that is then rolled back.
 */
async function planOf(statement: RawBuilder<unknown>, prepare: (trx: Transaction<Database>) => Promise<void>) {
  const rolledBack = new Error('rolled back');
  let plan = '';
  await t.database.db
    .transaction()
    .execute(async (trx) => {
      await prepare(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${statement}`.execute(trx);
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
  return plan;
}

describe('the walk', () => {
  /** The plan a library of many stories gets (a hundred stories are read fastest whole, then sorted). */
  async function walkPlan(filters: StoryFilters) {
    // Pages marked all-visible again, as autovacuum keeps them: an index-only scan is costed by that map.
    await sql`vacuum (analyze) stories`.execute(t.database.db);
    return planOf(sample(member, filters, { cap: 500, ranked: true, path: 'walk' }), async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      await sql`set local enable_bitmapscan = off`.execute(trx);
      // Nor the plain date index (dropped for this plan, rolled back): on a hundred stories a scan of it costs
      // about what the walk does, and PostgreSQL 15 sometimes chose it when other test files kept the server
      // busy. The walk stays index-only only if its index carries visibility and every filter column.
      await sql`drop index stories_published`.execute(trx);
    });
  }

  it('tests visibility and filters from the index alone, reading rows only for the words', async () => {
    const plan = await walkPlan({ ...none, q: 'wombat', characteristic: ['reflects'], form: ['profile', 'quote'] });
    expect(plan).toMatch(/Index Only Scan using stories_readable on stories s\b/);
  });

  it('walks only the stories of the one form asked for', async () => {
    const plan = await walkPlan({ ...none, q: 'wombat', characteristic: ['reflects'], form: ['profile'] });
    expect(plan).toMatch(/Index Only Scan using stories_readable_form on stories s\b/);
  });
});

describe('the recent slice', () => {
  const published = async () =>
    (
      await sql<{ at: Date }>`select published_at as at from stories where status = 'published'
        order by published_at desc`.execute(t.database.db)
    ).rows.map((r) => r.at);
  const sliceIndexes = async () =>
    (
      await sql<{ name: string; valid: boolean; predicate: string }>`
        select c.relname as name, i.indisvalid as valid, pg_get_expr(i.indpred, i.indrelid) as predicate
        from pg_index i join pg_class c on c.oid = i.indexrelid
        where c.relname like 'stories\_search\_recent\_%' order by 1`.execute(t.database.db)
    ).rows;

  it('holds the newest share of published stories, and a search with words reads it', async () => {
    const dates = await published();
    const boundary = await sliceBoundary(t.database.db);
    // The slice starts at the whole second of the story `share` of the way down, newest first.
    const edge = dates[Math.ceil(dates.length * share) - 1] as Date;
    expect(boundary?.getTime()).toBe(Math.floor(edge.getTime() / 1000) * 1000);
    const indexes = await sliceIndexes();
    expect(indexes).toHaveLength(1);
    expect(indexes[0]?.valid).toBe(true);
    // A library of a hundred stories is read quicker by date (an index led by it) than through any text index:
    // without those, for this one plan (rolled back), the planner shows which text index it can use.
    const words = sample(anonymous, { ...none, q: 'wombat' }, { cap: 6, ranked: true, path: 'words', slice: boundary });
    const plan = await planOf(words, async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows: byDate } = await sql<{ name: string }>`select indexname as name from pg_indexes
        where tablename = 'stories' and indexdef like '%btree%published_at%'`.execute(trx);
      for (const { name } of byDate) await sql`drop index ${sql.id(name)}`.execute(trx);
    });
    expect(plan).toMatch(new RegExp(`Bitmap Index Scan on ${indexes[0]?.name}\\b`));
  });

  it('is kept while it holds about its share, and built again (the old one dropped) when it does not', async () => {
    const db = t.database.db;
    const before = (await sliceIndexes())[0]?.name;
    expect((await refreshSearchSlice(db, { policy: { least: 1, share } })).action).toBe('kept');
    // A leftover of a build cut short, as PostgreSQL would leave it, goes at the next refresh.
    await sql`create index stories_search_recent_1 on stories (id)`.execute(db);
    const moved = await refreshSearchSlice(db, { policy: { least: 1, share: share / 3 } });
    expect(moved.action).toBe('built');
    const after = await sliceIndexes();
    expect(after.map((i) => i.name)).toEqual([moved.action === 'built' ? moved.index : '']);
    expect(after[0]?.name).not.toBe(before);
    const row = await db.selectFrom('story_search_slice').selectAll().executeTakeFirstOrThrow();
    const dates = await published();
    expect(moved.action === 'built' ? moved.stories : -1).toBe(dates.filter((d) => d >= row.boundary).length);
    // Too few stories for the policy: no slice at all, and searches read the whole index again.
    expect((await refreshSearchSlice(db, { policy: { least: 10_000, share } })).action).toBe('dropped');
    expect(await sliceIndexes()).toEqual([]);
    expect(await db.selectFrom('story_search_slice').selectAll().execute()).toEqual([]);
    // Put back as it was for the other tests (the boundary a handle read is kept for a minute).
    expect((await refreshSearchSlice(db, { policy: { least: 1, share } })).action).toBe('built');
  });

  it('is left out, and the housekeeping goes on, when the database role does not own the stories table', async () => {
    const db = t.database.db;
    const role = `slice_reader_${process.pid}`;
    await sql`create role ${sql.id(role)} login password 'reader-password'`.execute(db);
    try {
      await sql`grant select, insert, update, delete on all tables in schema public to ${sql.id(role)}`.execute(db);
      const url = new URL((t.database.pool.options as { connectionString: string }).connectionString);
      url.username = role;
      url.password = 'reader-password';
      const reader = createDb(createPool(url.toString(), 1));
      try {
        // A third of the share: the slice in place is too large, so the refresh tries to build another.
        expect((await refreshSearchSlice(reader, { policy: { least: 1, share: share / 3 } })).action).toBe('not-owner');
      } finally {
        await reader.destroy();
      }
      expect(await sliceIndexes()).toHaveLength(1);
    } finally {
      await sql`drop owned by ${sql.id(role)}`.execute(db);
      await sql`drop role ${sql.id(role)}`.execute(db);
    }
  });

  it('is refreshed by one instance at a time', async () => {
    const db = t.database.db;
    await db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext('waymark:story-search-slice'))`.execute(conn);
      try {
        expect((await refreshSearchSlice(db, { policy: { least: 1, share } })).action).toBe('busy');
      } finally {
        await sql`select pg_advisory_unlock(hashtext('waymark:story-search-slice'))`.execute(conn);
      }
    });
  });
});
