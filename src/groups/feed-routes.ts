// Calendar feeds: the secret address calendar programs fetch (all of a person's reading group sessions, or
// one group's with ?group=), and the account page that makes, replaces and revokes it.
import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';

const notices: Record<string, string> = {
  revoked: 'Your calendar address no longer works. Calendars that used it stop showing your sessions.',
};

export function feedRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const feeds = services.calendarFeeds;

    app.get<{ Params: { secret: string }; Querystring: { group?: string } }>(
      '/calendar/:secret',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        const group = request.query.group;
        if (group !== undefined && !isRecordId(group)) throw notFound();
        const calendar = await feeds.calendarFor(request.params.secret, group);
        if (calendar === undefined) throw notFound();
        return reply
          .header('content-type', 'text/calendar; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(calendar);
      },
    );

    const page = { config: { access: 'signed_in' as const }, schema: { hide: true } };

    app.get<{ Querystring: { done?: string } }>('/account/calendar', page, async (request, reply) => {
      const caller = callerOf(request.principal);
      return reply.view('groups/views/calendar.njk', {
        feed: await feeds.status(caller.personId),
        notice: notices[request.query.done ?? ''],
        csrfToken: reply.generateCsrf(),
      });
    });

    // The new address is shown on this answer only: it is stored as a hash.
    app.post('/account/calendar', page, async (request, reply) => {
      const caller = callerOf(request.principal);
      const url = await feeds.create(caller.personId);
      reply.header('cache-control', 'no-store');
      return reply.view('groups/views/calendar.njk', {
        feed: await feeds.status(caller.personId),
        url,
        csrfToken: reply.generateCsrf(),
      });
    });

    app.post('/account/calendar/revoke', page, async (request, reply) => {
      await feeds.revoke(callerOf(request.principal).personId);
      return reply.redirect('/account/calendar?done=revoked', 303);
    });
  };
}
