// Who is calling: a bearer token (API) or the signed-in session (pages); everyone else is anonymous.
// Resolved on every request from the database, so a change of membership applies at once everywhere.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { HttpError } from '../web/errors.ts';
import { sessionExpired } from '../web/session.ts';
import { anonymous, type Principal } from './visibility.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    /**
     * The signed-in person (a session, not a token): their name, organisations and count of unread
     * notifications, for the header.
     */
    person:
      | {
          id: string;
          displayName: string;
          organisations: { id: string; name: string }[];
          unreadNotifications: number;
        }
      | undefined;
  }
  interface FastifyInstance {
    /** The session generation to store in a session signed in now (see accounts/routes.ts startSession). */
    sessionGenerationOf(personId: string): Promise<number | undefined>;
  }
}

/** Whether the route is part of the API; an unknown path counts by its own prefix. */
const isApiRoute = (request: FastifyRequest) => (request.routeOptions.url ?? request.url).startsWith('/api/');

/**
 * The credentials an API call sends. Pages ignore other Authorization schemes, which a proxy doing basic
 * authentication in front of a staging site may pass on.
 */
const apiAuthorization = (request: FastifyRequest) => (isApiRoute(request) ? request.headers.authorization : undefined);

/**
 * A token works on the API only: on a page it would act without the session's CSRF protection and reach
 * the account's own pages (tokens, password, export, erasure). Refused before the CSRF check and before
 * any session's person is looked up (the session plugin has loaded the cookie's session by then), with a
 * body a program can read.
 */
async function refuseTokenOnPage(request: FastifyRequest, reply: FastifyReply) {
  if (isApiRoute(request) || !/^bearer\s/i.test(request.headers.authorization ?? '')) return;
  return reply.status(401).send({
    error: { code: 'token_not_for_pages', message: 'API tokens work on /api/ routes only. Sign in to use the pages.' },
  });
}

export function setUpPrincipal(app: FastifyInstance, services: Services) {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('person', undefined);
  app.decorate('sessionGenerationOf', (personId: string) => services.accounts.sessionGeneration(personId));
  app.addHook('onRequest', async (request, reply) => {
    request.principal = anonymous;
    return refuseTokenOnPage(request, reply);
  });
  app.addHook('preHandler', async (request) => {
    const authorization = apiAuthorization(request);
    if (authorization !== undefined) {
      const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
      const caller = token ? await services.accounts.callerForToken(token) : ({ refused: 'unauthorised' } as const);
      if ('refused' in caller) {
        if (caller.refused === 'token_expired') {
          throw new HttpError(401, 'token_expired', 'The API token has expired. Its owner can make a new one.');
        }
        throw new HttpError(401, 'unauthorised', 'The API token is missing, malformed, revoked or unknown.');
      }
      request.principal = caller.principal;
      return;
    }
    const personId = request.session?.personId;
    if (personId === undefined) return;
    if (sessionExpired(request.session.signedInAt)) {
      await request.session.destroy();
      return;
    }
    const { principal, person } = await services.accounts.sessionCaller(personId, request.session.orgId);
    // A session from before the person's last password change, "sign out everywhere" or disabling is over,
    // even one that a request in flight at that moment wrote back to the store. Sessions from before
    // generations existed count as generation 0.
    if (!person || person.sessionGeneration !== (request.session.generation ?? 0)) {
      await request.session.destroy();
      return;
    }
    request.principal = principal;
    request.person = {
      id: personId,
      displayName: person.displayName,
      organisations: person.organisations,
      unreadNotifications: person.unreadNotifications,
    };
  });
}
