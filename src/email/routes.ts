// Platform admins' view of the email Waymark sends: every message, whether it went, and why not. Without
// a mail server (no SMTP_URL) it is also where a newcomer reads the sign-in link they asked for.
import type { FastifyPluginAsync } from 'fastify';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { pageNumber } from '../web/forms.ts';

const pageSize = 25;
const page = { config: { access: 'platform_admin' as const }, schema: { hide: true } };

export function emailRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { page?: string } }>('/admin/email', page, async (request, reply) => {
      const current = pageNumber(request.query.page);
      const { items, total } = await services.emailLog.list(current, pageSize);
      const link = (p: number) => `/admin/email?page=${p}`;
      return reply.view('email/views/list.njk', {
        messages: items,
        total,
        page: current,
        smtpConfigured: services.emailLog.smtpConfigured,
        previous: current > 1 ? link(current - 1) : undefined,
        next: current * pageSize < total ? link(current + 1) : undefined,
      });
    });

    app.get<{ Params: { id: string } }>('/admin/email/:id', page, async (request, reply) => {
      if (!isRecordId(request.params.id)) throw notFound();
      const message = await services.emailLog.find(request.params.id);
      if (!message) throw notFound();
      // A message may hold someone's sign-in link: keep the page out of caches.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return reply.view('email/views/message.njk', {
        message,
        messageLinks: message.body_text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
        smtpConfigured: services.emailLog.smtpConfigured,
      });
    });
  };
}
