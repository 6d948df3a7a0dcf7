// GET, POST and DELETE /api/v1/subscriptions: what the caller follows, following something they may read
// (a 404 for anything else, as for an unknown id), and no longer following it.
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { bodyOf, checkBodiesInHandlers, withinLimits } from '../web/api-writes.ts';
import { apiError, notFound } from '../web/errors.ts';
import { apiFollow, apiRemoved, apiSubscriptions, apiTarget, apiTargetPath } from './schema.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];
const tags = ['subscriptions'];

export function subscriptionsApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    // Bodies are checked in the handler, once the caller is known (src/web/api-writes.ts).
    const api = checkBodiesInHandlers(app);
    api.get(
      '/subscriptions',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'What the caller follows, and how often they are emailed about it',
          response: { 200: apiSubscriptions, 401: apiError },
          security,
        },
      },
      async (request): Promise<z.infer<typeof apiSubscriptions>> => {
        const { follows, frequency } = await services.subscriptions.overview(request.principal);
        return {
          frequency,
          items: follows.map((f) => ({
            type: f.type,
            target: f.target,
            label: f.label ?? null,
            since: f.since.toISOString(),
          })),
        };
      },
    );

    api.post(
      '/subscriptions',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'Follow a series, tag, reading group or author the caller may read',
          description:
            'Answers 201 with the new follow, or 200 with the existing one (and its first `since`) when the caller follows it already. Only a new follow counts towards the limit.',
          body: apiTarget,
          response: { 200: apiFollow, 201: apiFollow, 400: apiError, 401: apiError, 404: apiError, 429: apiError },
          security,
        },
      },
      async (request, reply): Promise<z.infer<typeof apiFollow>> => {
        const target = bodyOf(apiTarget, request.body);
        const followed = await services.subscriptions.follow(request.principal, target, async () => {
          await withinLimits(services.throttles, { follows: callerOf(request.principal).personId });
          return true;
        });
        if (typeof followed === 'string') throw notFound('series, tag, group or author');
        reply.status(followed.created ? 201 : 200);
        return { ...target, label: followed.label, since: followed.since.toISOString() };
      },
    );

    api.delete(
      '/subscriptions/:type/:target',
      {
        config: { access: 'signed_in' },
        schema: {
          tags,
          summary: 'Stop following something',
          params: apiTargetPath,
          response: { 200: apiRemoved, 400: apiError, 401: apiError, 404: apiError },
          security,
        },
      },
      async (request): Promise<z.infer<typeof apiRemoved>> => {
        if (!(await services.subscriptions.unfollow(request.principal, request.params))) {
          throw notFound('subscription');
        }
        return { removed: true };
      },
    );
  };
}
