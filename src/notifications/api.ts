// GET /api/v1/notifications and POST /api/v1/notifications/read: the caller's notifications, newest first,
// and marking them all read. A token reads only those of the organisation it acts for.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Services } from '../services.ts';
import { apiError } from '../web/errors.ts';
import { markedReadResponse, notificationListQuery, notificationListResponse } from './schema.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

export function notificationsApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/notifications',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['notifications'],
          summary: 'The caller’s notifications, newest first, 20 a page',
          querystring: notificationListQuery,
          response: { 200: notificationListResponse, 400: apiError, 401: apiError },
          security,
        },
      },
      async (request): Promise<z.infer<typeof notificationListResponse>> => {
        const inbox = await services.notifications.page(request.principal, request.query.page);
        return {
          total: inbox.total,
          unread: inbox.unread,
          page: inbox.page,
          pageSize: inbox.pageSize,
          items: inbox.items.map((n) => ({
            id: n.id,
            event: n.event,
            summary: n.summary,
            about: {
              type: n.about.type,
              id: n.about.id,
              title: n.about.title,
              url: n.about.url === null ? null : `${app.baseUrl}${n.about.url}`,
            },
            createdAt: n.createdAt.toISOString(),
            readAt: n.readAt ? n.readAt.toISOString() : null,
          })),
        };
      },
    );
    api.post(
      '/notifications/read',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['notifications'],
          summary: 'Mark all the caller’s notifications read',
          response: { 200: markedReadResponse, 401: apiError },
          security,
        },
      },
      async (request) => ({ marked: await services.notifications.markAllRead(request.principal) }),
    );
  };
}
