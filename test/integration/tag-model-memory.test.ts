// The nightly tag model build leaves the instance serving requests as large as it found it: the build
// process reads the stories, builds and saves the model itself, and its memory goes when it ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.ts';
import { rebuildTagModel } from '../../src/tagging/service.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t.drop();
});

describe('rebuilding the tag model', () => {
  it('reads, builds and saves in its own process, and the serving process does not grow', async () => {
    const builtAt = new Date('2026-03-04T02:41:00Z');
    const before = process.memoryUsage.rss();
    const result = await rebuildTagModel(t.db, builtAt, { connectionString: t.url });
    const grownMb = (process.memoryUsage.rss() - before) / 1024 / 1024;

    const saved = await t.db
      .selectFrom('tag_models')
      .select(['id', 'built_at', 'story_count'])
      .executeTakeFirstOrThrow();
    const published = await t.db
      .selectFrom('stories')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'published')
      .where('visibility', '=', 'public')
      .executeTakeFirstOrThrow();
    expect(result).toEqual({ id: saved.id, storyCount: Number(published.n), builtIn: 'worker' });
    expect(saved.built_at.toISOString()).toBe('2026-03-04T02:41:00.000Z');
    // The language model alone is about 70 MB; a build in a thread of this process left more than that.
    expect(grownMb).toBeLessThan(20);
  });
});
