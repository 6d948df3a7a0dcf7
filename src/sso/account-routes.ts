// A signed-in person's single sign-on links: the only way a provider's identity joins an account that
// already exists. Linking starts the same provider round trip as signing in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { formFields } from '../web/forms.ts';
import { unlinkForm } from './schema.ts';

/** Starts the round trip to an organisation's provider and redirects the browser there. */
export type SendToProvider = (
  request: FastifyRequest,
  reply: FastifyReply,
  orgId: string,
  returnTo: string,
  linkFor?: string,
) => Promise<unknown>;

export async function ssoAccountRoutes(
  app: FastifyInstance,
  services: Services,
  { startPagePolicy, sendToProvider }: { startPagePolicy: string | undefined; sendToProvider: SendToProvider },
) {
  app.get<{ Querystring: { linked?: string; unlinked?: string } }>(
    '/account/sso',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const caller = callerOf(request.principal);
      const [links, provider] = await Promise.all([
        services.sso.linksOf(caller.personId),
        caller.currentOrgId === null ? undefined : services.sso.providerForOrg(caller.currentOrgId),
      ]);
      // Its form is sent on to the provider, like the work-email page's.
      if (startPagePolicy) reply.header('content-security-policy', startPagePolicy);
      reply.header('cache-control', 'no-store');
      return reply.view('sso/views/account.njk', {
        identities: links,
        provider,
        linkedHere: provider !== undefined && links.some((l) => l.orgId === provider.orgId),
        notice:
          request.query.linked === '1'
            ? 'Your organisation’s sign-in is linked to your account.'
            : request.query.unlinked === '1'
              ? 'The link was removed.'
              : undefined,
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  app.post('/account/sso/link', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
    const caller = callerOf(request.principal);
    const provider = caller.currentOrgId === null ? undefined : await services.sso.providerForOrg(caller.currentOrgId);
    if (!provider) throw notFound();
    return sendToProvider(request, reply, provider.orgId, '/account/sso', caller.personId);
  });

  app.post(
    '/account/sso/unlink',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const parsed = unlinkForm.safeParse(formFields(request));
      const removed =
        parsed.success && (await services.sso.unlink(callerOf(request.principal).personId, parsed.data.identityId));
      if (!removed) throw notFound();
      return reply.redirect('/account/sso?unlinked=1', 303);
    },
  );
}
