// Single sign-on pages: an organisation admin's settings (with a confirmation before removal), signing in
// through the organisation's OpenID provider, a person linking that sign-in to their account, and the platform
// admins' decisions on claimed email domains. The flow's state, nonce and PKCE verifier wait in the session.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { safeReturn, startSession } from '../accounts/routes.ts';
import type { Services } from '../services.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, fieldErrors, formFields, issuesToErrors } from '../web/forms.ts';
import { securityHeaders } from '../web/security.ts';
import { domainDecisionRoutes } from './domain-routes.ts';
import { domainOf, ssoSettingsForm, unlinkForm, workEmailForm } from './schema.ts';
import type { PendingSignIn, SignInProblem } from './service.ts';

declare module 'fastify' {
  interface Session {
    /** A single sign-on started in this browser and not yet finished. */
    ssoPending?: PendingSignIn;
  }
}

interface ProblemPage {
  status: number;
  title: string;
  text: string;
  /** Where to go next, when not the usual "start again" and "sign in another way". */
  links?: { href: string; text: string }[];
}

const linkAgain = [{ href: '/account/sso', text: 'Back to single sign-on on your account' }];

const problems: Record<SignInProblem, ProblemPage> = {
  expired: {
    status: 400,
    title: 'Your sign-in took too long',
    text: 'Signing in through your organisation must be finished within 10 minutes. Start again.',
  },
  state: {
    status: 400,
    title: 'This sign-in could not be matched',
    text: 'The answer from your organisation’s sign-in service does not match a sign-in started in this browser, so it was refused. Start again from Waymark.',
  },
  denied: {
    status: 400,
    title: 'You did not give permission',
    text: 'Signing in was cancelled at your organisation’s sign-in service, so you are not signed in to Waymark.',
  },
  unavailable: {
    status: 502,
    title: 'Your organisation’s single sign-on is not available',
    text: 'Waymark could not reach your organisation’s sign-in service, or it has been switched off. Try again later, or sign in another way.',
  },
  failed: {
    status: 502,
    title: 'Signing in through your organisation did not work',
    text: 'Your organisation’s sign-in service did not complete the sign-in. Try again, or sign in another way. If it keeps happening, tell your organisation’s Waymark admin.',
  },
  no_email: {
    status: 400,
    title: 'Your organisation did not share your email address',
    text: 'Waymark needs your work email address to set up your account. Ask your organisation’s Waymark admin to check the single sign-on settings.',
  },
  domain: {
    status: 400,
    title: 'Your email address cannot be used here',
    text: 'Your organisation allows single sign-on only for people with an email address at the domains it has chosen, and yours is not one of them. Sign in another way, or ask your organisation’s Waymark admin.',
  },
  unverified: {
    status: 400,
    title: 'Your email address is not verified',
    text: 'Your organisation’s sign-in service says your email address has not been verified, so Waymark cannot create or link an account with it. Ask your organisation’s IT team.',
  },
  disabled: {
    status: 400,
    title: 'This account is disabled',
    text: 'You cannot sign in to a disabled account. If you think this is a mistake, ask your organisation’s Waymark admin.',
  },
  link_required: {
    status: 409,
    title: 'You already have a Waymark account',
    text: 'An account with your email address already exists, and single sign-on has not been linked to it. Sign in the way you usually do, with your password or an emailed link, then link your organisation’s sign-in from your account. Waymark never joins a sign-in to an account by its email address alone.',
    links: [
      { href: '/sign-in?returnTo=%2Faccount%2Fsso', text: 'Sign in with your password or an emailed link' },
      { href: '/sign-in/link', text: 'Get a sign-in link by email' },
    ],
  },
  taken: {
    status: 409,
    title: 'That sign-in belongs to another account',
    text: 'The account you used at your organisation’s sign-in service is already linked to another Waymark account, so it cannot be linked to yours.',
    links: linkAgain,
  },
  not_member: {
    status: 403,
    title: 'You are not a member of this organisation',
    text: 'You can link only the sign-in of an organisation you belong to on Waymark.',
    links: linkAgain,
  },
};

export function ssoRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const redirectUri = `${app.baseUrl}/sign-in/sso/callback`;

    // Settings, for an organisation admin of the organisation they are working in.
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

    app.post(
      '/organisation/sso',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) => {
        // The organisation is the caller's current one; anything named in the form (org_id...) is ignored.
        const orgId = currentOrgOf(request.principal);
        const fields = formFields(request);
        const parsed = ssoSettingsForm.safeParse(fields);
        let errors: FormError[];
        if (parsed.success) {
          const fix = await services.sso.saveSettings(orgId, callerOf(request.principal).personId, parsed.data);
          if (Object.keys(fix).length === 0) return reply.redirect('/organisation/sso?saved=1', 303);
          errors = fieldErrors(fix);
        } else {
          errors = issuesToErrors(parsed.error.issues);
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
      },
    );

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
        const removed = await services.sso.remove(
          currentOrgOf(request.principal),
          callerOf(request.principal).personId,
        );
        if (!removed) throw notFound();
        return reply.redirect('/organisation/sso?removed=1', 303);
      },
    );

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

    const problemPage = (reply: FastifyReply, problem: SignInProblem, linking = false) => {
      const page = problems[problem];
      reply.status(page.status).header('cache-control', 'no-store');
      return reply.view('sso/views/problem.njk', {
        ...page,
        nextSteps: page.links ?? (linking ? linkAgain : undefined),
      });
    };

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
            errors: [{ href: '#email', text: 'That organisation does not use single sign-on: enter your work email' }],
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
            errors: [{ href: '#email', text: 'That organisation does not use single sign-on: enter your work email' }],
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
          errors: issuesToErrors(parsed.error.issues),
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

    // A signed-in person's links: the only way a provider's identity joins an account that already exists.
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

    app.post(
      '/account/sso/link',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const provider =
          caller.currentOrgId === null ? undefined : await services.sso.providerForOrg(caller.currentOrgId);
        if (!provider) throw notFound();
        return sendToProvider(request, reply, provider.orgId, '/account/sso', caller.personId);
      },
    );

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

    await domainDecisionRoutes(app, services);
  };
}
