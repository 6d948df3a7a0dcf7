// Pages kept for anonymous readers hear of a change through PostgreSQL's notification, a moment after the
// change commits (src/web/page-cache.ts). A test that changes content and then reads a kept page as an anonymous
// visitor waits for that moment: it sends a notification of its own and waits until the app has emptied its
// cache for it. Notifications arrive in the order they were sent, so every earlier one has been heard by then.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import { contentChannel } from '../../src/web/page-cache.ts';
import { waitFor } from './process.ts';

export async function pagesHeard(app: FastifyInstance, db: Db): Promise<void> {
  const stats = app.pageCacheStats;
  if (!stats?.listening) return;
  const before = stats.flushes;
  await sql`select pg_notify(${contentChannel}, '')`.execute(db);
  await waitFor(() => stats.flushes > before, 5000, 'the page cache to hear of the change');
}
