// GET /healthz: 200 when the database answers within a second, 503 otherwise. For load balancers.
// One probe at a time, and its answer serves every check for the next second: a load balancer polling
// hard, or many of them, costs the database one query a second at most.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

const probeTimeoutMs = 1000;
const answerKeptMs = 1000;

export function setUpHealthChecks(app: FastifyInstance, db: Db) {
  let latest: { healthy: boolean; at: number } | undefined;
  let probing: Promise<boolean> | undefined;

  const probe = async () => {
    try {
      await Promise.race([
        sql`select 1`.execute(db),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), probeTimeoutMs).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  };
  const healthy = () => {
    if (latest && performance.now() - latest.at < answerKeptMs) return latest.healthy;
    probing ??= probe().then((up) => {
      latest = { healthy: up, at: performance.now() };
      probing = undefined;
      return up;
    });
    return probing;
  };
  const ok = JSON.stringify({ status: 'ok' });
  const unavailable = JSON.stringify({ status: 'unavailable' });

  const answer = (reply: FastifyReply) => {
    const send = (up: boolean) =>
      reply
        .status(up ? 200 : 503)
        .type('application/json')
        .send(up ? ok : unavailable);
    const known = healthy();
    return typeof known === 'boolean' ? send(known) : known.then(send);
  };
  // Answered before every other hook (this is set up first): a health check needs no session, caller or
  // security headers, and a load balancer should measure the server, not the pipeline.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || request.url !== '/healthz') return done();
    void answer(reply);
  });
  app.get('/healthz', { logLevel: 'warn', config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
    answer(reply),
  );
}
