// The demo a first start shows: stories of every form and length from several regions and sectors, and
// colleagues discussing them (comments, reply threads, "this resonates"), each person only where they may
// read. Seeding twice adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/access/policies/index.ts';
import { principalFor } from '../../src/access/principal.ts';
import type { Principal } from '../../src/access/visibility.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { framework } from '../../src/framework/data.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const db = () => t.database.db;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const publishedStories = () =>
  db()
    .selectFrom('stories')
    .select([
      'id',
      'slug',
      'org_id',
      'author_id',
      'visibility',
      'space_id',
      'status',
      'form',
      'region',
      'sector',
      'body',
      'characteristics',
      'primary_characteristic',
      'roles',
      'published_at',
    ])
    .where('status', '=', 'published')
    .execute();

/** Words as a reader counts them: runs of letters and digits, with apostrophes and hyphens inside. */
const wordCount = (text: string) => text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

describe('the demo library', () => {
  it('has every form of story, written out here by hand', async () => {
    const forms = new Set((await publishedStories()).map((s) => s.form));
    expect([...forms].sort()).toEqual(['flash-fiction', 'personal-narrative', 'profile', 'quote']);
  });

  it('comes from at least three regions and four sectors, including police, civil service and a company', async () => {
    const stories = await publishedStories();
    const regions = new Set(stories.map((s) => s.region));
    const sectors = new Set(stories.map((s) => s.sector));
    expect(regions.size).toBeGreaterThanOrEqual(3);
    expect(sectors.size).toBeGreaterThanOrEqual(4);
    for (const sector of [
      'local-government',
      'nhs',
      'police',
      'fire',
      'civil-service',
      'voluntary',
      'private-provider',
    ]) {
      expect(sectors, sector).toContain(sector);
    }
    expect(regions).not.toContain('');
  });

  it('has very short pieces and long reads of 1,200 words or more', async () => {
    const words = (await publishedStories()).map((s) => wordCount(s.body));
    expect(words.filter((n) => n < 100).length).toBeGreaterThanOrEqual(3);
    expect(words.filter((n) => n >= 1200).length).toBeGreaterThanOrEqual(3);
  });

  it('tags every story with the framework’s characteristics and roles, its primary one among them', async () => {
    const characteristics = new Set(framework.characteristics.map((c) => c.key));
    const roles = new Set(framework.roles.map((r) => r.key));
    for (const story of await publishedStories()) {
      expect(story.characteristics, story.slug).toContain(story.primary_characteristic);
      for (const c of story.characteristics) expect(characteristics, `${story.slug}: ${c}`).toContain(c);
      for (const r of story.roles) expect(roles, `${story.slug}: ${r}`).toContain(r);
    }
  });
});

describe('the demo discussion', () => {
  const comments = () =>
    db()
      .selectFrom('comments')
      .select(['id', 'target_type', 'target_id', 'parent_id', 'author_id', 'created_at', 'status'])
      .execute();
  const reactions = () => db().selectFrom('reactions').select(['target_type', 'target_id', 'user_id']).execute();

  it('has comments on many stories, from many people, with reply threads of two or three', async () => {
    const all = await comments();
    const topLevel = all.filter((c) => c.parent_id === null);
    expect(new Set(topLevel.map((c) => c.target_id)).size).toBeGreaterThanOrEqual(12);
    expect(new Set(all.map((c) => c.author_id)).size).toBeGreaterThanOrEqual(10);
    const repliesTo = new Map<string, number>();
    for (const c of all) if (c.parent_id) repliesTo.set(c.parent_id, (repliesTo.get(c.parent_id) ?? 0) + 1);
    const threads = [...repliesTo.values()];
    expect(threads.filter((n) => n >= 2 && n <= 3).length).toBeGreaterThanOrEqual(3);
    expect(threads.every((n) => n <= 3)).toBe(true);
    expect(all.every((c) => c.target_type === 'story' && c.status === 'visible')).toBe(true);
  });

  it('has "this resonates" on many stories', async () => {
    const all = await reactions();
    expect(new Set(all.map((r) => r.target_id)).size).toBeGreaterThanOrEqual(15);
    expect(all.length).toBeGreaterThanOrEqual(60);
  });

  it('puts every comment, reply and reaction where its author may read, after what it answers', async () => {
    const stories = new Map((await publishedStories()).map((s) => [s.id, s]));
    const principals = new Map<string, Principal>();
    const principal = async (personId: string) => {
      const found = principals.get(personId) ?? (await principalFor(db(), personId));
      principals.set(personId, found);
      return found;
    };
    const mayRead = async (personId: string | null, storyId: string) => {
      const story = stories.get(storyId);
      if (!story || !personId) return false;
      return can(await principal(personId), 'read', {
        orgId: story.org_id,
        ownerPersonId: story.author_id,
        visibility: story.visibility,
        spaceId: story.space_id,
        published: story.status === 'published',
        underReview: false,
        writerIds: story.author_id ? [story.author_id] : [],
      });
    };
    const all = await comments();
    const byId = new Map(all.map((c) => [c.id, c]));
    const refused: string[] = [];
    for (const c of all) {
      if (!(await mayRead(c.author_id, c.target_id))) refused.push(`comment ${c.id}`);
      const story = stories.get(c.target_id);
      const answers = c.parent_id ? byId.get(c.parent_id)?.created_at : story?.published_at;
      expect(answers && c.created_at > answers, `comment ${c.id} comes after what it answers`).toBe(true);
    }
    for (const r of await reactions()) {
      if (!(await mayRead(r.user_id, r.target_id))) refused.push(`reaction ${r.user_id} ${r.target_id}`);
    }
    expect(refused).toEqual([]);
    // The check itself can refuse: a person outside the council may not read its organisation-only story.
    const councilOnly = [...stories.values()].find((s) => s.slug === 'mapping-the-estate-together');
    const firefighter = await db()
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'callum.ridding@northshire-fire-rescue.example')
      .executeTakeFirstOrThrow();
    expect(await mayRead(firefighter.id, councilOnly?.id ?? '')).toBe(false);
  });

  it('shows on a story page: the comments, a reply thread and how many people it resonates with', async () => {
    const story = await db()
      .selectFrom('stories')
      .select('id')
      .where('slug', '=', 'after-the-inquest')
      .executeTakeFirstOrThrow();
    const page = await t.app.inject(`/stories/${story.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('It deserves every minute it takes to read.');
    expect(page.body).toContain('That is the part that makes it last. Well done.');
    expect(page.body).toContain('6 people find that this story resonates.');
  });
});

describe('seeding the demo again', () => {
  it('adds nothing to a database that already holds it', async () => {
    const count = async (table: 'stories' | 'comments' | 'reactions' | 'users' | 'organisations') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const tables = ['stories', 'comments', 'reactions', 'users', 'organisations'] as const;
    const before = await Promise.all(tables.map(count));
    expect(await seedDemo(db())).toBeUndefined();
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });
});
