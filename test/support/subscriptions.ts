// The subscriptions tests' shared set-up: the articles world (Tom Haddley the council's editor), a series with
// one article its followers can read, and the ways a test follows, publishes, runs the digest job and reads
// what it queued.
import { sql } from 'kysely';
import { expect } from 'vitest';
import { articlesService } from '../../src/articles/service.ts';
import { type Outbox, outbox } from '../../src/email/outbox.ts';
import { frameworkService } from '../../src/framework/service.ts';
import { digestService } from '../../src/subscriptions/digests.ts';
import { type ArticlesWorld, articlesWorld, editor } from './articles.ts';
import { postForm } from './forms.ts';

export const sessionSecret = 'test-secret-that-is-long-enough-for-sessions-0123456789';
export const baseUrl = 'http://localhost';
export const rosa = 'rosa.penhallow@northshire-county-council.example';
export const priya = 'priya.lomax@northshire-county-council.example';
export const gareth = 'gareth.mbeki@northshire-county-council.example';
export const stranger = 'callum.ridding@northshire-fire-rescue.example';

export async function subscriptionsWorld() {
  const w: ArticlesWorld = await articlesWorld();
  const db = w.t.database.db;
  const articles = articlesService(db);
  const personId = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const tomId = await personId(editor);

  /** Publishes an article in the council as Tom, straight through the articles service. */
  async function published(fields: { title: string; seriesId?: string; tags?: string[]; visibility?: string }) {
    const saved = await articles.create(w.councilId, tomId, {
      title: fields.title,
      summary: '',
      body: 'Words.',
      kind: 'blog_post',
      visibility: (fields.visibility ?? 'public') as 'public',
      seriesId: fields.seriesId ?? null,
      tags: fields.tags ?? [],
      authorIds: [],
      guestName: null,
      guestJob: null,
      guestOrg: null,
    });
    if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
    await articles.publish(w.councilId, tomId, saved.id);
    return saved.id;
  }

  const seriesId = await articles.createSeries(w.councilId, { title: 'Moving between sectors', summary: '' });
  if (!seriesId) throw new Error('no series');
  // The series needs an article its followers can read before anyone can follow it.
  await published({ title: 'The first piece in the series', seriesId });

  return {
    w,
    db,
    articles,
    tomId,
    seriesId,
    personId,
    published,
    /** The digest job, with the outbox it queues to (a failing one, to stop a run half-way). */
    digests: (email: Outbox = outbox(db)) =>
      digestService(db, { email, framework: frameworkService(db), sessionSecret, baseUrl }),
    /** Messages to `to` in the outbox whose subject starts with "New on Waymark" or "New session". */
    async digestsTo(to: string) {
      const { rows } = await sql<{ id: string; subject: string; body_text: string; headers: Record<string, string> }>`
        select id, subject, body_text, headers from email_outbox
        where to_address = ${to} and (subject like 'New on Waymark%' or subject like 'New session%')
        order by created_at, id`.execute(db);
      return rows;
    },
    /** Presses a Follow button (the form's POST) as `who`. */
    async follow(who: string, type: string, target: string) {
      return postForm(w.t.app, await w.session(who), '/account/subscriptions', '/subscriptions/follow', {
        type,
        target,
        returnTo: '/articles',
      });
    },
    async setFrequency(who: string, frequency: string) {
      const response = await postForm(
        w.t.app,
        await w.session(who),
        '/account/subscriptions',
        '/account/subscriptions',
        { frequency },
      );
      expect(response.statusCode).toBe(303);
    },
  };
}

export type SubscriptionsWorld = Awaited<ReturnType<typeof subscriptionsWorld>>;
