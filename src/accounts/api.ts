// GET /api/v1/me: who the API token belongs to and which organisation it acts for.
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { apiError, HttpError } from '../web/errors.ts';

const meResponse = z.object({
  id: z.uuid(),
  displayName: z.string(),
  organisations: z.array(z.object({ slug: z.string(), name: z.string(), roles: z.array(z.string()) })),
});

export function accountsApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/me',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['accounts'],
          summary: 'The signed-in person, and the organisations the caller acts for',
          response: { 200: meResponse, 401: apiError },
          security: [{ bearer: [] }],
        },
      },
      async (request) => {
        const principal = request.principal;
        if (principal.kind === 'anonymous') throw new HttpError(401, 'unauthorised', 'Sign in or send an API token.');
        const person = await services.accounts.findPerson(principal.personId);
        if (!person) throw new HttpError(401, 'unauthorised', 'Sign in or send an API token.');
        const memberships = (await services.accounts.membershipsOf(principal.personId)).filter((m) =>
          principal.orgIds.includes(m.id),
        );
        const organisations = new Map<string, { slug: string; name: string; roles: string[] }>();
        for (const m of memberships) {
          const org = organisations.get(m.id) ?? { slug: m.slug, name: m.name, roles: [] };
          org.roles.push(m.role);
          organisations.set(m.id, org);
        }
        return { id: person.id, displayName: person.display_name, organisations: [...organisations.values()] };
      },
    );
  };
}
