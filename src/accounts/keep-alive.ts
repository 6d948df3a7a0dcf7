// Staying signed in: the warning every signed-in page shows before the session ends from inactivity
// (waymark.js, WCAG 2.2.1 "Timing adjustable") calls this when the person chooses to stay. It renews the
// session's idle limit at once; the limit since signing in stays as it is.
import type { FastifyInstance } from 'fastify';

export function keepAliveRoutes(app: FastifyInstance) {
  app.post(
    '/account/session/keep',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      request.session.touch();
      // A change to the session, so it is written back now with its new expiry (web/session.ts).
      request.session.renewedAt = Date.now();
      return reply.code(204).send();
    },
  );
}
