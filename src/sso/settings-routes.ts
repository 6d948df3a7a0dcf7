// An organisation admin's single sign-on settings for the organisation they are working in, with a
// confirmation page before removal.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { ssoSettingsForm } from './schema.ts';

export async function ssoSettingsRoutes(app: FastifyInstance, services: Services, redirectUri: string) {
  const settingsPage = async (
    reply: FastifyReply,
    orgId: string,
    extra: { values?: Record<string, unknown>; errors?: FormError[]; notice?: string },
  ) => {
    const settings = await services.sso.settings(orgId);
    const values = extra.values ?? {
      issuer: settings?.issuer ?? '',
      clientId: settings?.clientId ?? '',
      allowedDomains: settings?.allowedDomains.join('\n') ?? '',
      enabled: settings?.enabled ?? true,
    };
    // The secret is write-only: the page says whether one is saved, and never shows it.
    reply.header('cache-control', 'no-store');
    return reply.view('sso/views/settings.njk', {
      settings,
      values,
      errors: extra.errors,
      notice: extra.notice,
      redirectUri,
      csrfToken: reply.generateCsrf(),
    });
  };

  app.get<{ Querystring: { saved?: string; removed?: string } }>(
    '/organisation/sso',
    { config: { access: 'org_admin' }, schema: { hide: true } },
    async (request, reply) =>
      settingsPage(reply, currentOrgOf(request.principal), {
        notice:
          request.query.saved === '1'
            ? 'Single sign-on settings saved. Waymark read your provider’s discovery document.'
            : request.query.removed === '1'
              ? 'Single sign-on was removed.'
              : undefined,
      }),
  );

  app.post('/organisation/sso', { config: { access: 'org_admin' }, schema: { hide: true } }, async (request, reply) => {
    // The organisation is the caller's current one; anything named in the form (org_id...) is ignored.
    const orgId = currentOrgOf(request.principal);
    const fields = formFields(request);
    const parsed = ssoSettingsForm.safeParse(fields);
    let errors: FormError[];
    if (parsed.success) {
      const fix = await services.sso.saveSettings(orgId, callerOf(request.principal).personId, parsed.data);
      if (Object.keys(fix).length === 0) return reply.redirect('/organisation/sso?saved=1', 303);
      errors = formErrors(fix).errors;
    } else {
      errors = formErrors(parsed.error.issues).errors;
    }
    reply.status(400);
    return settingsPage(reply, orgId, {
      values: {
        issuer: fields.issuer ?? '',
        clientId: fields.clientId ?? '',
        allowedDomains: fields.allowedDomains ?? '',
        enabled: fields.enabled === 'yes',
      },
      errors,
    });
  });

  app.get(
    '/organisation/sso/remove',
    { config: { access: 'org_admin' }, schema: { hide: true } },
    async (request, reply) => {
      const settings = await services.sso.settings(currentOrgOf(request.principal));
      if (!settings) throw notFound();
      return reply.view('sso/views/remove.njk', { settings, csrfToken: reply.generateCsrf() });
    },
  );

  app.post(
    '/organisation/sso/remove',
    { config: { access: 'org_admin' }, schema: { hide: true } },
    async (request, reply) => {
      const removed = await services.sso.remove(currentOrgOf(request.principal), callerOf(request.principal).personId);
      if (!removed) throw notFound();
      return reply.redirect('/organisation/sso?removed=1', 303);
    },
  );
}
