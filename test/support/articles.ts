// The articles tests' shared set-up: the real app on the demo, Tom Haddley made the council's editor, and
// the ways a test writes an article through the form and reads it back as someone.
import { expect } from 'vitest';
import { createTestApp, type TestApp } from './app.ts';
import { demoSessions, postForm } from './forms.ts';
import { pagesHeard } from './pages-heard.ts';

export const editor = 'tom.haddley@northshire-county-council.example';
export const colleague = 'rosa.penhallow@northshire-county-council.example';
export const stranger = 'callum.ridding@northshire-fire-rescue.example';

export interface ArticlesWorld {
  t: TestApp;
  councilId: string;
  session(email: string): Promise<string>;
  /** Writes an article through the form as the editor; answers its id. */
  write(fields: Record<string, string>): Promise<string>;
  get(url: string, who?: string): Promise<Awaited<ReturnType<TestApp['app']['inject']>>>;
  /** Publishes an article through its confirmation form. */
  publish(id: string): Promise<void>;
}

export const articleFields = (fields: Record<string, string>) => ({
  title: 'Crossing from the council to the charity',
  summary: 'What a secondment taught one housing officer.',
  body: 'The first week was the hardest.\n\nBy the third month the charity felt like home.',
  kind: 'blog_post',
  visibility: 'public',
  ...fields,
});

export async function articlesWorld(): Promise<ArticlesWorld> {
  const t = await createTestApp();
  const session = demoSessions(() => t);
  const db = t.database.db;
  const council = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  const tom = await db.selectFrom('users').select('id').where('email', '=', editor).executeTakeFirstOrThrow();
  await db.insertInto('memberships').values({ org_id: council.id, user_id: tom.id, role: 'editor' }).execute();
  return {
    t,
    councilId: council.id,
    session,
    async write(fields) {
      const response = await postForm(
        t.app,
        await session(editor),
        '/articles/new',
        '/articles/new',
        articleFields(fields),
      );
      expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
      const id = /\/articles\/([0-9a-f-]{36})\/preview/.exec(String(response.headers.location))?.[1];
      if (!id) throw new Error(`no article id in ${response.headers.location}`);
      return id;
    },
    async get(url, who) {
      // An anonymous visitor may be answered from memory: first let the app hear of the changes made so far.
      if (!who) await pagesHeard(t.app, t.database.db);
      return t.app.inject({ url, headers: who ? { cookie: await session(who) } : {} });
    },
    async publish(id) {
      const response = await postForm(
        t.app,
        await session(editor),
        `/articles/${id}/publish`,
        `/articles/${id}/publish`,
        {},
      );
      expect(response.statusCode).toBe(303);
    },
  };
}
