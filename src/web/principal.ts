// Who is calling: a bearer token (API) or the signed-in session (pages); everyone else is anonymous.
// Resolved on every request from the database, so a change of membership applies at once everywhere.
import type { FastifyInstance } from 'fastify';
import { anonymous, type Principal } from '../access/visibility.ts';
import type { Services } from '../services.ts';
import { HttpError } from './errors.ts';
import { sessionExpired } from './session.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    person: { id: string; displayName: string } | undefined;
  }
}

export function setUpPrincipal(app: FastifyInstance, services: Services) {
  app.decorateRequest('principal', null as never);
  app.decorateRequest('person', undefined);
  app.addHook('onRequest', async (request) => {
    request.principal = anonymous;
  });
  app.addHook('preHandler', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const token = /^Bearer (\S+)$/.exec(authorization)?.[1];
      const principal = token ? await services.accounts.principalForToken(token) : anonymous;
      if (principal.kind === 'anonymous') {
        throw new HttpError(401, 'unauthorised', 'The API token is missing, malformed, revoked or unknown.');
      }
      request.principal = principal;
      return;
    }
    const personId = request.session?.personId;
    if (personId === undefined) return;
    if (sessionExpired(request.session.signedInAt)) {
      await request.session.destroy();
      return;
    }
    const person = await services.accounts.findPerson(personId);
    if (!person) {
      await request.session.destroy();
      return;
    }
    request.principal = await services.accounts.principalForPerson(personId, request.session.orgId);
    request.person = { id: person.id, displayName: person.display_name };
  });
}
