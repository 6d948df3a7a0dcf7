// The signed-in person's notifications: the list (newest first, 20 a page), opening one (marks it read and
// goes to its content), and marking all read. Works without JavaScript.
import type { FastifyInstance } from 'fastify';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { pageNumber } from '../web/forms.ts';

export function inboxRoutes(app: FastifyInstance, services: Services) {
  app.get<{ Querystring: { page?: string; read?: string } }>(
    '/notifications',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const page = pageNumber(request.query.page);
      const inbox = await services.notifications.page(request.principal, page);
      if (page > inbox.pageCount) throw notFound();
      const link = (p: number) => (p === 1 ? '/notifications' : `/notifications?page=${p}`);
      return reply.view('notifications/views/inbox.njk', {
        ...inbox,
        previous: page > 1 ? link(page - 1) : undefined,
        next: page < inbox.pageCount ? link(page + 1) : undefined,
        allRead: request.query.read === '1',
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/notifications/:id',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const url = isRecordId(request.params.id)
        ? await services.notifications.open(request.principal, request.params.id)
        : undefined;
      if (url === undefined) throw notFound('notification');
      return reply.redirect(url, 303);
    },
  );

  app.post(
    '/notifications/read',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      await services.notifications.markAllRead(request.principal);
      return reply.redirect('/notifications?read=1', 303);
    },
  );
}
