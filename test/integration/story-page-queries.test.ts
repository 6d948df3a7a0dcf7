// A signed-in reader's story page reads the story once, and the whole page costs a handful of queries: the
// session, the caller (with the organisation names for the header), the story, related stories, and the
// discussion (comments and reactions, in one statement). Counted on the real pool, statement by statement.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signInCookie } from '../support/forms.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The SQL sent to PostgreSQL while `run` runs (every client of every pool in this process). */
async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    seen.push(typeof first === 'string' ? first : (first?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return seen.map((s) => s.replace(/\s+/g, ' ').trim());
}

describe('a signed-in reader’s story page', () => {
  it('reads the story once, in five statements in all', async () => {
    const reader = t.credentials.find((c) => c.role === 'member');
    if (!reader) throw new Error('no demo member');
    const cookie = await signInCookie(t.app, reader);
    const story = await t.database.db
      .selectFrom('stories')
      .select('id')
      .where('status', '=', 'published')
      .where('visibility', '=', 'public')
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    // Once to warm anything a first request loads (the framework is kept in memory).
    expect((await t.app.inject({ url: `/stories/${story.id}`, headers: { cookie } })).statusCode).toBe(200);
    const statements = await statementsDuring(async () => {
      const page = await t.app.inject({ url: `/stories/${story.id}`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Discussion');
    });
    const readsTheStory = statements.filter((s) => /from "stories"/.test(s) && /"stories"\."id" = \$/.test(s));
    expect(readsTheStory).toHaveLength(1);
    expect(statements.filter((s) => /select "org_id" from "stories"/.test(s))).toEqual([]);
    expect(statements.filter((s) => /from "organisations" where "id" in/.test(s))).toEqual([]);
    expect(statements, statements.join('\n')).toHaveLength(5);
  });
});
