// GET /healthz: 200 when the database answers within a second, 503 otherwise. For load balancers.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export function setUpHealthChecks(app: FastifyInstance, db: Db) {
  app.get(
    '/healthz',
    { logLevel: 'warn', config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      try {
        await Promise.race([
          sql`select 1`.execute(db),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
        ]);
        return { status: 'ok' };
      } catch {
        return reply.status(503).send({ status: 'unavailable' });
      }
    },
  );
}
