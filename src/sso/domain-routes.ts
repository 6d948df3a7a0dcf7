// The platform admins' page of email domains that organisations claim for single sign-on. A claimed domain
// lets nobody in and links nothing until a platform admin approves it here; each decision is audited.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { domainDecisionForm } from './schema.ts';

const page = { config: { access: 'platform_admin' as const }, schema: { hide: true } };

export async function domainDecisionRoutes(app: FastifyInstance, services: Services) {
  const listPage = async (reply: FastifyReply, extra: { notice?: string; errors?: FormError[] } = {}) => {
    const { pending, decided } = await services.sso.domainClaims();
    return reply.view('sso/views/domains.njk', { pending, decided, ...extra, csrfToken: reply.generateCsrf() });
  };

  app.get<{ Querystring: { decided?: string } }>('/admin/sso-domains', page, async (request, reply) =>
    listPage(reply, {
      notice:
        request.query.decided === 'approve'
          ? 'The domain was approved.'
          : request.query.decided === 'refuse'
            ? 'The domain was refused.'
            : undefined,
    }),
  );

  app.post('/admin/sso-domains', page, async (request, reply) => {
    const parsed = domainDecisionForm.safeParse(formFields(request));
    if (!parsed.success) {
      reply.status(400);
      // The form's fields are hidden: whatever is wrong, the list of claims is where to choose again.
      return listPage(reply, { errors: formErrors(parsed.error.issues, () => 'pending').errors });
    }
    const outcome = await services.sso.decideDomain(callerOf(request.principal).personId, parsed.data);
    if (outcome === 'decided') return reply.redirect(`/admin/sso-domains?decided=${parsed.data.decision}`, 303);
    reply.status(outcome === 'not_found' ? 404 : 409);
    const text =
      outcome === 'not_found'
        ? 'That claim is no longer there: the organisation may have changed its domains.'
        : `${parsed.data.domain} is already approved for another organisation. Refuse one of the claims first.`;
    return listPage(reply, { errors: formErrors({ pending: text }).errors });
  });
}
