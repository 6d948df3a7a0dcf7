// The page where a person chooses which emails Waymark sends them, and their notifications (inbox-routes.ts).
// Works without JavaScript.
import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { type NotificationEvent, notificationEvents } from './events.ts';
import { inboxRoutes } from './inbox-routes.ts';

export function notificationsRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    inboxRoutes(app, services);

    app.get<{ Querystring: { saved?: string } }>(
      '/account/notifications',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const wanted = await services.notifications.preferences(callerOf(request.principal).personId);
        return reply.view('notifications/views/notifications.njk', {
          choices: notificationEvents.map((e) => ({ value: e.key, text: e.label, checked: wanted[e.key] })),
          saved: request.query.saved === '1',
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post(
      '/account/notifications',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        // Unticked boxes send nothing, so each event is wanted exactly when its box came back; unknown
        // values are ignored.
        const body = (request.body ?? {}) as Record<string, unknown>;
        const ticked = new Set(([] as unknown[]).concat(body.emails ?? []).filter((v) => typeof v === 'string'));
        const wanted = Object.fromEntries(notificationEvents.map((e) => [e.key, ticked.has(e.key)])) as Record<
          NotificationEvent,
          boolean
        >;
        await services.notifications.save(callerOf(request.principal).personId, wanted);
        return reply.redirect('/account/notifications?saved=1', 303);
      },
    );
  };
}
