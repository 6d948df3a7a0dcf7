// Moderation API: a moderator's decision on a record waiting for review, for every moderated kind at its own
// path (`/moderation/stories/:id/publish`). Outside the caller's reach it is a 404; a record not waiting for
// a decision is a 409 `invalid_transition`; one that cannot be published yet is a 422 `not_ready` naming
// each blocker in `fields`.
import type { FastifyPluginAsync } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { apiError, HttpError, notFound } from '../web/errors.ts';
import { reviewUrl } from './kinds.ts';
import { moderators } from './routes.ts';
import type { DecisionAction } from './service.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

const params = z.object({ id: z.uuid() });
// The body is read by the service, not checked by the schema (which only documents it): validation would run
// before the record's reach is known, and a caller who may not decide must get the same 404 whatever they send.
const reasonBody = z
  .object({ reason: z.string().optional().describe('Shown to the authors; required to request changes or reject') })
  .optional();

export const decisionResponse = z.object({
  id: z.uuid(),
  status: z.string().describe('Its status after the decision'),
  publishedAt: z.iso.datetime().nullable(),
});

/** The three decisions, for a kind called `noun`. */
const routesFor = (noun: string): { path: string; action: DecisionAction; summary: string }[] => [
  { path: 'publish', action: 'publish', summary: `Publish a submitted ${noun}` },
  {
    path: 'request-changes',
    action: 'request_changes',
    summary: `Send a submitted ${noun} back to its authors with a reason`,
  },
  { path: 'reject', action: 'reject', summary: `Reject a submitted ${noun} with a reason` },
];

/** The reason as sent: anything but an object's `reason` (or no body) goes on as sent, for `decide` to refuse. */
function reasonOf(body: unknown): unknown {
  if (body === undefined || body === null) return undefined;
  return typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).reason : body;
}

export function moderationApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.setValidatorCompiler((route) =>
      route.httpPart === 'body'
        ? (data: unknown) => ({ value: data })
        : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
    );
    const api = app.withTypeProvider<ZodTypeProvider>();
    for (const kind of services.kinds.moderated())
      for (const route of routesFor(kind.noun)) {
        api.post(
          `${reviewUrl(kind, ':id')}/${route.path}`,
          {
            config: { access: moderators },
            schema: {
              tags: ['moderation'],
              summary: route.summary,
              params,
              body: reasonBody,
              response: {
                200: decisionResponse,
                400: apiError,
                401: apiError,
                404: apiError,
                409: apiError,
                422: apiError,
              },
              security,
            },
          },
          async (request) => {
            const outcome = await services.moderation.decide(
              request.principal,
              { type: kind.type, id: request.params.id },
              route.action,
              { reason: reasonOf(request.body) },
            );
            if (outcome.ok) {
              return {
                id: request.params.id,
                status: outcome.status,
                publishedAt: outcome.publishedAt ? outcome.publishedAt.toISOString() : null,
              };
            }
            switch (outcome.code) {
              case 'not_found':
                throw notFound(kind.noun);
              case 'invalid_transition':
                throw new HttpError(409, 'invalid_transition', outcome.message, { status: outcome.status });
              case 'reason_required':
                throw new HttpError(400, 'invalid_request', 'The request is not valid.', { reason: outcome.message });
              case 'not_ready':
                throw new HttpError(
                  422,
                  'not_ready',
                  outcome.message,
                  Object.fromEntries(
                    [...new Set(outcome.blockers.map((b) => b.code))].map((code) => [
                      code,
                      outcome.blockers
                        .filter((b) => b.code === code)
                        .map((b) => b.message)
                        .join(' '),
                    ]),
                  ),
                );
            }
          },
        );
      }
  };
}
