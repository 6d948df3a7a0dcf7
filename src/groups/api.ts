// The reading groups API: the groups a caller may read, one group with its sessions, one session, and
// answering a session (POST). What is not readable is the same 404 as what does not exist.
import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { checkBodiesInHandlers, withinLimits } from '../web/api-writes.ts';
import { apiError, HttpError, notFound } from '../web/errors.ts';
import {
  groupIdParams,
  groupListQuery,
  groupListResponse,
  groupResponse,
  presentGroup,
  presentSession,
  rsvpBody,
  rsvpResponse,
  sessionIdParams,
  sessionResponse,
} from './presenter.ts';
import { groupPageSize } from './repository.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

const refusals: Record<string, string> = {
  not_member: 'Join the group to answer its sessions.',
  closed: 'Answers are closed for this session.',
  cancelled: 'This session was cancelled.',
  past: 'This session has already started.',
};

export function groupsApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    // The answer's body is read after the session's reach is known (the schema only documents it), so a
    // caller who may not see the session gets the same 404 whatever they send.
    const api = checkBodiesInHandlers(app);
    const groups = services.groups;
    const base = () => app.baseUrl;

    api.get(
      '/groups',
      {
        config: { access: 'public' },
        schema: {
          tags: ['groups'],
          summary: `The reading groups the caller may read, by name, ${groupPageSize} a page`,
          querystring: groupListQuery,
          response: { 200: groupListResponse, 400: apiError, 401: apiError },
          security,
        },
      },
      async (request) => {
        const result = await groups.list(request.principal, request.query.page);
        return {
          total: result.total,
          page: request.query.page,
          items: result.items.map((g) => presentGroup(g, base())),
        };
      },
    );

    api.get(
      '/groups/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['groups'],
          summary: 'One reading group with its sessions; 404 when it does not exist or its scope hides it',
          params: groupIdParams,
          response: { 200: groupResponse, 400: apiError, 401: apiError, 404: apiError },
          security,
        },
      },
      async (request) => {
        const found = await groups.view(request.principal, request.params.id);
        if (!found) throw notFound('group');
        return {
          ...presentGroup(found.group, base()),
          sessions: found.sessions.map((s) => presentSession(s, base())),
        };
      },
    );

    api.get(
      '/groups/:id/sessions/:sessionId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['groups'],
          summary: 'One session of a reading group, with the caller’s answer',
          params: sessionIdParams,
          response: { 200: sessionResponse, 400: apiError, 401: apiError, 404: apiError },
          security,
        },
      },
      async (request) => {
        const found = await groups.session(request.principal, request.params.id, request.params.sessionId);
        if (!found) throw notFound('session');
        return {
          ...presentSession(found.session, base()),
          yourAnswer: found.mine?.answer ?? null,
          youAreWaiting: found.mine?.waiting_since != null,
        };
      },
    );

    api.post(
      '/groups/:id/sessions/:sessionId/rsvp',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['groups'],
          summary:
            'Answer a session: yes takes a place, or joins the waiting list when it is full; giving up a place passes it to the first person waiting',
          params: sessionIdParams,
          body: rsvpBody,
          response: { 200: rsvpResponse, 400: apiError, 401: apiError, 404: apiError, 409: apiError, 429: apiError },
          security: [{ bearer: [] }, {}],
        },
      },
      async (request) => {
        const caller = callerOf(request.principal);
        if (!(await groups.session(caller, request.params.id, request.params.sessionId))) throw notFound('session');
        const body = rsvpBody.safeParse(request.body);
        if (!body.success) {
          throw new HttpError(400, 'invalid_request', 'Send an answer: yes, maybe or no.', {
            answer: 'Send an answer: yes, maybe or no',
          });
        }
        await withinLimits(services.throttles, { sessionAnswers: caller.personId });
        const outcome = await groups.rsvp(caller, request.params.id, request.params.sessionId, body.data.answer);
        if (outcome === 'not_found') throw notFound('session');
        if (!outcome.ok) await services.throttles.giveBack({ sessionAnswers: caller.personId });
        if (!outcome.ok) throw new HttpError(409, outcome.reason, refusals[outcome.reason] ?? 'Not possible now.');
        return { answer: outcome.answer, waiting: outcome.waiting };
      },
    );
  };
}
