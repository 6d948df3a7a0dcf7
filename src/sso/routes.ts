// Single sign-on pages: an organisation admin's settings (with a confirmation before removal), signing in
// through the organisation's OpenID provider, a person linking that sign-in to their account, and the platform
// admins' decisions on claimed email domains. The flow's state, nonce and PKCE verifier wait in the session.
// This file holds signing in; the other pages are in settings-routes.ts, account-routes.ts and domain-routes.ts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { safeReturn, startSession } from '../accounts/routes.ts';
import type { Services } from '../services.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { securityHeaders } from '../web/security.ts';
import { ssoAccountRoutes } from './account-routes.ts';
import { domainDecisionRoutes } from './domain-routes.ts';
import { problemPage } from './problem-pages.ts';
import { domainOf, workEmailForm } from './schema.ts';
import type { PendingSignIn } from './service.ts';
import { ssoSettingsRoutes } from './settings-routes.ts';

declare module 'fastify' {
  interface Session {
    /** A single sign-on started in this browser and not yet finished. */
    ssoPending?: PendingSignIn;
  }
}

export function ssoRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const redirectUri = `${app.baseUrl}/sign-in/sso/callback`;

    await ssoSettingsRoutes(app, services, redirectUri);

    // Signing in. The work email's domain (or the organisation a ?org=slug link named) picks the provider.
    const validSlug = (slug: string) => /^[a-z0-9-]{1,100}$/.test(slug);
    // Browsers apply the form page's form-action policy to the redirect that follows the POST, so the page
    // with the work-email form (and only it) may send a form on to a provider (https, or one on this machine).
    const startPagePolicy = securityHeaders()['content-security-policy']?.replace(
      "form-action 'self'",
      "form-action 'self' https: http://localhost:* http://127.0.0.1:*",
    );
    const startPage = (
      reply: FastifyReply,
      view: {
        values: Record<string, string>;
        errors?: FormError[];
        expired?: boolean;
        /** Set when a link named the organisation: the page offers to continue to its provider. */
        org?: { slug: string; name: string };
      },
    ) => {
      if (startPagePolicy) reply.header('content-security-policy', startPagePolicy);
      return reply.view('sso/views/start.njk', { ...view, csrfToken: reply.generateCsrf() });
    };

    async function sendToProvider(
      request: FastifyRequest,
      reply: FastifyReply,
      orgId: string,
      returnTo: string,
      linkFor?: string,
    ) {
      const started = await services.sso.begin(orgId, redirectUri, returnTo, Date.now(), linkFor);
      if ('problem' in started) {
        request.log.warn({ detail: started.detail }, 'single sign-on could not start');
        return problemPage(reply, 'unavailable');
      }
      request.session.ssoPending = started.pending;
      reply.header('cache-control', 'no-store');
      return reply.redirect(started.url, 303);
    }

    app.get<{ Querystring: { org?: string; returnTo?: string; expired?: string } }>(
      '/sign-in/sso',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        const returnTo = safeReturn(request.query.returnTo);
        const slug = request.query.org;
        if (typeof slug === 'string' && slug !== '') {
          // A link names the organisation, but only a button press on this page starts the sign-in: a GET
          // that went straight to the provider would let another site sign a visitor in as someone else.
          const provider = validSlug(slug) ? await services.sso.providerForSlug(slug) : undefined;
          if (provider) return startPage(reply, { values: { returnTo }, org: { slug, name: provider.orgName } });
          reply.status(404);
          return startPage(reply, {
            values: { returnTo },
            errors: formErrors({ email: 'That organisation does not use single sign-on: enter your work email' })
              .errors,
          });
        }
        return startPage(reply, { values: { returnTo }, expired: request.query.expired === '1' });
      },
    );

    app.post('/sign-in/sso', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const fields = formFields(request);
      const returnTo = safeReturn(fields.returnTo);
      if (typeof fields.org === 'string' && fields.org !== '') {
        const slug = fields.org;
        const provider = validSlug(slug) ? await services.sso.providerForSlug(slug) : undefined;
        if (!provider) {
          reply.status(404);
          return startPage(reply, {
            values: { returnTo },
            errors: formErrors({ email: 'That organisation does not use single sign-on: enter your work email' })
              .errors,
          });
        }
        // Each start may make Waymark fetch from a provider: counted by network address, like sign-in.
        const refused = await services.throttles.consume({ ssoStarts: request.ip });
        if (refused) {
          return startPage(refusedBy(reply, refused), {
            values: { returnTo },
            org: { slug, name: provider.orgName },
            errors: [limitError(refused, 'continue')],
          });
        }
        return sendToProvider(request, reply, provider.orgId, returnTo);
      }
      const parsed = workEmailForm.safeParse(fields);
      if (!parsed.success) {
        reply.status(400);
        return startPage(reply, {
          values: { email: fields.email ?? '', returnTo },
          errors: formErrors(parsed.error.issues).errors,
        });
      }
      // Each start may make Waymark fetch from a provider: counted by network address, like sign-in.
      const refused = await services.throttles.consume({ ssoStarts: request.ip });
      if (refused) {
        return startPage(refusedBy(reply, refused), {
          values: { email: parsed.data.email, returnTo },
          errors: [limitError(refused, 'email')],
        });
      }
      const provider = await services.sso.providerForEmail(parsed.data.email);
      if (!provider) {
        reply.status(400);
        return startPage(reply, {
          values: { email: parsed.data.email, returnTo },
          errors: [
            {
              href: '#email',
              text: `No organisation on Waymark uses single sign-on for ${domainOf(parsed.data.email)} addresses: sign in with your password or an emailed link`,
            },
          ],
        });
      }
      return sendToProvider(request, reply, provider.orgId, returnTo);
    });

    app.get(
      '/sign-in/sso/callback',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        const pending = request.session.ssoPending;
        // Nothing started in this browser (or it was already used): start again rather than show an error.
        if (!pending) return reply.redirect('/sign-in/sso?expired=1', 303);
        // One use only, whatever happens next.
        request.session.ssoPending = undefined;
        const callbackUrl = new URL(redirectUri);
        callbackUrl.search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        // A link is made only for the person who asked for it, still signed in in this browser.
        const linking = pending.linkFor !== undefined;
        const signedIn = request.principal.kind === 'person' ? request.principal.personId : undefined;
        if (linking && signedIn !== pending.linkFor) return problemPage(reply, 'state', true);
        const outcome = await services.sso.finish(pending, callbackUrl);
        if (!outcome.ok) {
          request.log.warn({ problem: outcome.problem, detail: outcome.detail }, 'single sign-on refused');
          return problemPage(reply, outcome.problem, linking);
        }
        if (outcome.linked) return reply.redirect('/account/sso?linked=1', 303);
        await startSession(request, outcome.personId, outcome.orgId);
        return reply.redirect(safeReturn(pending.returnTo), 303);
      },
    );

    await ssoAccountRoutes(app, services, { startPagePolicy, sendToProvider });

    await domainDecisionRoutes(app, services);
  };
}
