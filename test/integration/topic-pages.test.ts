// The characteristic, role and lesson pages join everything tagged with them: evidence, stories, articles and
// the reading-group questions. Each reader sees only what they may read: planted for one characteristic, role
// and lesson (the demo's own content on them removed first), a public story, another organisation's own
// story, a published and a scheduled article and two library items are checked, section by section, for an
// anonymous visitor, a member of the council and a member of the fire service, against a table written by
// hand. A role with nothing on it shows each section's empty state.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions } from '../support/forms.ts';

let t: TestApp;
const session = demoSessions(() => t);
const councilMember = 'amira.okafor@northshire-county-council.example';
const fireMember = 'callum.ridding@northshire-fire-rescue.example';

const characteristic = 'leadership';
const role = 'system-translator';
/** Bears on leadership alone, so its stories (those about what it bears on) are the characteristic's. */
const lesson = 'beyond-hero-leaders';
const emptyRole = 'regulator';

const planted = {
  publicStory: 'Topic pages: the council opens its budget meetings',
  fireStory: 'Topic pages: the fire station runs a night school',
  article: 'Topic pages: leading from the middle',
  scheduled: 'Topic pages: an article for next week',
  publicItem: 'Topic pages: a report on shared leadership',
  councilItem: 'Topic pages: the council guidance on mentoring',
};

type Visibility = 'public' | 'organisation';
type Reader = 'anonymous' | 'council member' | 'fire service member';
type Section = 'evidence' | 'stories' | 'articles';

/** What each reader should find in each section, on all three pages alike. */
const expected: Record<Reader, Record<Section, string[]>> = {
  anonymous: {
    evidence: [planted.publicItem],
    stories: [planted.publicStory],
    articles: [planted.article],
  },
  'council member': {
    evidence: [planted.publicItem, planted.councilItem],
    stories: [planted.publicStory],
    articles: [planted.article],
  },
  'fire service member': {
    evidence: [planted.publicItem],
    stories: [planted.publicStory, planted.fireStory],
    articles: [planted.article],
  },
};

/** Each page, and where each section's "See all" leads: the list pages filtered the same way. */
const pages: { url: string; seeAll: Record<Section, string>; questions: boolean }[] = [
  {
    url: `/framework/characteristics/${characteristic}`,
    seeAll: {
      evidence: '/library?characteristic=leadership',
      stories: '/stories?characteristic=leadership',
      articles: '/articles?tag=characteristic%3Aleadership',
    },
    questions: true,
  },
  {
    url: `/framework/roles/${role}`,
    seeAll: {
      evidence: '/library?role=system-translator',
      stories: '/stories?role=system-translator',
      articles: '/articles?tag=role%3Asystem-translator',
    },
    questions: false,
  },
  {
    url: `/framework/lessons/${lesson}`,
    seeAll: {
      evidence: '/library?lesson=beyond-hero-leaders',
      stories: '/stories?characteristic=leadership',
      articles: '/articles?tag=lesson%3Abeyond-hero-leaders',
    },
    questions: true,
  },
];

/** The two questions of the shipped sets that touch leadership and the lesson on it. */
const leadershipQuestions = [
  'Where did you lead something last month without having the title for it?',
  'Whose permission did the people in the story need, and whose did they take?',
];

const readerCookie = async (reader: Reader) =>
  reader === 'anonymous' ? undefined : session(reader === 'council member' ? councilMember : fireMember);

async function read(url: string, reader: Reader) {
  const cookie = await readerCookie(reader);
  const response = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
  expect(response.statusCode, `${reader} ${url}`).toBe(200);
  return response.body;
}

/** One section of a page: from its heading's id to the end of its <section>. */
function sectionOf(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  return html.slice(start, html.indexOf('</section>', start));
}

const orgId = async (slug: string) =>
  (await t.database.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const personId = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** What a planted record is tagged with. */
interface Tagged {
  characteristic: string;
  role: string;
  lesson?: string;
}
const onTopic: Tagged = { characteristic, role, lesson };
/** A role with four of everything, to see that a section shows only the three newest. */
const busyRole = 'adjudicator';
const onBusyRole: Tagged = { characteristic: 'ethos', role: busyRole };

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

function story(org: string, author: string, title: string, visibility: Visibility, age: number, on: Tagged) {
  return {
    org_id: org,
    slug: `topic-pages-${age}`,
    title,
    form: 'personal-narrative' as const,
    body: `${title}. What happened, and what we learned.`,
    primary_characteristic: on.characteristic,
    characteristics: [on.characteristic],
    roles: [on.role],
    place: '',
    author_id: author,
    visibility,
    space_id: null,
    status: 'published' as const,
    published_at: minutesAgo(age),
  };
}

function article(org: string, owner: string, title: string, publishedAt: Date, on: Tagged) {
  return {
    org_id: org,
    owner_id: owner,
    visibility: 'public' as const,
    article_kind: 'blog_post' as const,
    title,
    summary: 'Leadership shared across a team.',
    body: 'Nobody waited for permission.',
    tags: [`characteristic:${on.characteristic}`, `role:${on.role}`, ...(on.lesson ? [`lesson:${on.lesson}`] : [])],
    status: 'published' as const,
    published_at: publishedAt,
  };
}

function item(org: string, title: string, visibility: Visibility, age: number, on: Tagged) {
  return {
    org_id: org,
    suggested_by: null,
    visibility,
    space_id: null,
    status: 'published' as const,
    item_type: 'report' as const,
    title,
    authors: JSON.stringify([{ family: 'Needham', given: 'Catherine' }]),
    author_names: 'Catherine Needham',
    year: 2016,
    summary: 'What we took from it.',
    lessons: on.lesson ? [on.lesson] : [],
    characteristics: [on.characteristic],
    roles: [on.role],
    submitted_at: minutesAgo(age),
    published_at: minutesAgo(age),
  };
}

const busy = (n: number) => `Topic pages: busy number ${n}`;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  // The demo's own content on these tags goes, so the planted records are all there is.
  const roles = [role, emptyRole, busyRole];
  const tags = [`characteristic:${characteristic}`, `lesson:${lesson}`, ...roles.map((r) => `role:${r}`)];
  await sql`delete from stories where ${characteristic} = any (characteristics) or roles && ${roles}::text[]`.execute(
    db,
  );
  await sql`delete from articles where tags && ${tags}::text[]`.execute(db);
  await sql`delete from library_items where ${characteristic} = any (characteristics)
    or roles && ${roles}::text[] or ${lesson} = any (lessons)`.execute(db);

  const [council, fire] = [await orgId('northshire-county-council'), await orgId('northshire-fire-rescue')];
  const [amira, callum] = [await personId(councilMember), await personId(fireMember)];
  await db
    .insertInto('stories')
    .values([
      story(council, amira, planted.publicStory, 'public', 10, onTopic),
      story(fire, callum, planted.fireStory, 'organisation', 20, onTopic),
    ])
    .execute();
  await db
    .insertInto('articles')
    .values([
      article(council, amira, planted.article, minutesAgo(30), onTopic),
      article(council, amira, planted.scheduled, new Date(Date.now() + 7 * 24 * 3600_000), onTopic),
    ])
    .execute();
  await db
    .insertInto('library_items')
    .values([
      item(council, planted.publicItem, 'public', 40, onTopic),
      item(council, planted.councilItem, 'organisation', 50, onTopic),
    ])
    .execute();
  // Numbered from the newest: busy 1 is the newest of each kind.
  const ages = [1, 2, 3, 4];
  await db
    .insertInto('stories')
    .values(ages.map((n) => story(council, amira, busy(n), 'public', 100 + n, onBusyRole)))
    .execute();
  await db
    .insertInto('articles')
    .values(ages.map((n) => article(council, amira, busy(n), minutesAgo(100 + n), onBusyRole)))
    .execute();
  await db
    .insertInto('library_items')
    .values(ages.map((n) => item(council, busy(n), 'public', 100 + n, onBusyRole)))
    .execute();
});
afterAll(() => t?.close());

const readers = Object.keys(expected) as Reader[];
const sections: Section[] = ['evidence', 'stories', 'articles'];
const all = Object.values(planted);

describe('a characteristic, role or lesson page', () => {
  for (const page of pages) {
    it(`${page.url} shows each reader what they may read, and nothing else`, async () => {
      for (const reader of readers) {
        const html = await read(page.url, reader);
        for (const section of sections) {
          const part = sectionOf(html, section);
          expect(part, `${reader} ${page.url} has a ${section} section`).not.toBe('');
          const shown = all.filter((title) => part.includes(title));
          expect(shown.sort(), `${reader} ${page.url} ${section}`).toEqual([...expected[reader][section]].sort());
          const n = expected[reader][section].length;
          const seeAll = n === 1 ? `See it in the list of` : `See all ${n} `;
          expect(part, `${reader} ${page.url} ${section} count`).toContain(`href="${page.seeAll[section]}">${seeAll}`);
        }
        // A scheduled article appears nowhere on the page before its time.
        expect(html, `${reader} ${page.url}`).not.toContain(planted.scheduled);
        const questions = sectionOf(html, 'questions');
        if (page.questions) {
          expect(questions, `${reader} ${page.url}`).toContain('2 questions');
          for (const q of leadershipQuestions) expect(questions, `${reader} ${page.url}`).toContain(q);
        } else {
          expect(questions, `${reader} ${page.url}`).toBe('');
        }
      }
    });
  }

  it('leads from "See all" to the list page showing the same records to the same reader', async () => {
    for (const page of pages) {
      for (const section of sections) {
        const list = await read(page.seeAll[section], 'council member');
        for (const title of expected['council member'][section]) expect(list, page.seeAll[section]).toContain(title);
        expect(list).not.toContain(planted.fireStory);
      }
    }
  });

  it('shows the three newest of each kind, and the count of them all', async () => {
    const html = await read(`/framework/roles/${busyRole}`, 'anonymous');
    for (const section of sections) {
      const part = sectionOf(html, section);
      const [first = -1, second = -1, third = -1, fourth = -1] = [1, 2, 3, 4].map((n) => part.indexOf(busy(n)));
      expect(first > 0 && first < second && second < third, `${section}: the three newest, newest first`).toBe(true);
      expect(fourth, `${section}: only three shown`).toBe(-1);
      expect(part).toContain('See all 4 ');
    }
  });

  it('says so in plain words when a section has nothing the reader may read', async () => {
    for (const reader of readers) {
      const html = await read(`/framework/roles/${emptyRole}`, reader);
      expect(sectionOf(html, 'evidence')).toContain('The library has nothing about this role that you can read yet.');
      expect(sectionOf(html, 'stories')).toContain('No stories you can read are tagged with this role yet.');
      expect(sectionOf(html, 'articles')).toContain('No articles you can read are tagged with this role yet.');
      expect(html).not.toContain('See all');
      expect(html).not.toContain('See it in the list');
    }
  });

  it('answers an unknown characteristic, role or lesson with a 404', async () => {
    for (const url of ['/framework/characteristics/bravery', '/framework/roles/wizard', '/framework/lessons/nine'])
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
  });
});
