// Signing in with email and password, and signing out. A new session id is issued at sign-in.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sessionPersonOf } from '../access/principal.ts';
import type { MembershipRole } from '../access/roles.ts';
import { callerOf } from '../access/routes.ts';
import type { Principal } from '../access/visibility.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { waitText } from '../throttles/limits.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields, pageNumber } from '../web/forms.ts';
import { keepAliveRoutes } from './keep-alive.ts';
import type { TriesLeft } from './throttle.ts';

const signInForm = z.object({
  email: z
    .string('Enter your email address')
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  password: z
    .string('Enter your password')
    .min(1, 'Enter your password')
    .max(1024, 'Password must be 1,024 characters or fewer'),
  returnTo: z.string().optional(),
});

const linkRequestForm = z.object({
  email: z
    .string('Enter your email address')
    .trim()
    .min(1, 'Enter your email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});

const roleNames: Record<MembershipRole, string> = {
  member: 'Member',
  line_manager: 'Line manager',
  hr_od: 'HR and organisational development',
  moderator: 'Moderator',
  coordinator: 'Scheme coordinator',
  org_admin: 'Organisation admin',
  editor: 'Editor',
};

/** Said after a failed sign-in when one or two tries are left before sign-in is paused, or once it is. */
export function pauseWarning(left: TriesLeft): string {
  const pause = waitText(left.pauseSeconds);
  if (left.tries === 0) return `. Sign-in is now paused for ${pause}: you can still ask for a link to sign in by email`;
  if (left.tries > 2) return '';
  return `. You have ${left.tries} more ${left.tries === 1 ? 'try' : 'tries'} before sign-in is paused for ${pause}`;
}

const signedInPerson = (principal: Principal) => callerOf(principal).personId;
/** For the pages that manage the account itself, which an API token may never reach. */
export const accountHolder = (principal: Principal) => sessionPersonOf(principal).personId;

/**
 * A new session id at every sign-in, so a session fixed before sign-in is worth nothing after it. The
 * session keeps the person's current generation, so a later password change or "sign out everywhere"
 * ends it (access/caller.ts).
 */
export async function startSession(request: FastifyRequest, personId: string, orgId?: string) {
  const generation = await request.server.sessionGenerationOf(personId);
  // Only text kept from a draft posted after the last session ended survives (see stories/writing/routes.ts).
  await request.session.regenerate(['rescuedDraft']);
  request.session.personId = personId;
  request.session.signedInAt = Date.now();
  request.session.generation = generation ?? 0;
  if (orgId !== undefined) request.session.orgId = orgId;
}

/** Only paths on this site, so a crafted link cannot send someone elsewhere after signing in. */
export const safeReturn = (value: unknown) =>
  typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : '/';

export function accountsRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    keepAliveRoutes(app);

    app.get<{ Querystring: { returnTo?: string } }>(
      '/sign-in',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('accounts/views/sign-in.njk', {
          values: { returnTo: safeReturn(request.query.returnTo) },
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post('/sign-in', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { email: typeof body.email === 'string' ? body.email : '', returnTo: safeReturn(body.returnTo) };
      const parsed = signInForm.safeParse(body);
      let errors: { href: string; text: string }[] = [];
      if (!parsed.success) {
        errors = formErrors(parsed.error.issues).errors;
      } else {
        const { email, password } = parsed.data;
        // request.ip is the socket's address: X-Forwarded-For counts only when a trusted proxy is configured.
        const wait = await services.signInThrottle.retryAfter(email, request.ip);
        if (wait > 0) {
          reply.status(429).header('retry-after', String(wait));
          return reply.view('accounts/views/sign-in.njk', {
            values,
            errors: formErrors({
              email: `Too many attempts to sign in. Wait ${waitText(wait)} and try again, or ask for a link to sign in by email`,
            }).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        const personId = await services.accounts.checkPassword(email, password);
        if (personId) {
          await services.signInThrottle.succeeded(email, request.ip);
          await startSession(request, personId);
          await services.accounts.signedIn(personId, 'with a password');
          return reply.redirect(values.returnTo, 303);
        }
        const left = await services.signInThrottle.failed(email, request.ip);
        await services.accounts.signInFailed(email);
        errors = formErrors({ email: `The email address or password is not right${pauseWarning(left)}` }).errors;
      }
      reply.status(400);
      return reply.view('accounts/views/sign-in.njk', { values, errors, csrfToken: reply.generateCsrf() });
    });

    app.post('/sign-out', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      await request.session.destroy();
      return reply.redirect('/', 303);
    });

    app.get<{ Querystring: { ended?: string; saved?: string } }>(
      '/account',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const personId = signedInPerson(request.principal);
        const [person, memberships] = await Promise.all([
          services.accounts.findPerson(personId),
          services.accounts.membershipsOf(personId),
        ]);
        const organisations = new Map<string, { name: string; roles: string[] }>();
        for (const m of memberships) {
          const org = organisations.get(m.id) ?? { name: m.name, roles: [] };
          if (m.role !== 'member') org.roles.push(roleNames[m.role]);
          organisations.set(m.id, org);
        }
        return reply.view('accounts/views/account.njk', {
          saved: request.query.saved,
          account: person && { ...person, hasPassword: await services.accounts.hasPassword(personId) },
          organisations: [...organisations.values()],
        });
      },
    );

    app.post(
      '/account/sign-out-everywhere',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const personId = accountHolder(request.principal);
        request.session.generation = await services.accounts.endOtherSessions(personId, request.session.sessionId);
        return reply.redirect('/account?saved=signed-out-everywhere', 303);
      },
    );

    // Signing in with a one-time link by email. Mail scanners open links, so GET only shows a page;
    // the link is used by the POST its button sends.
    app.get('/sign-in/link', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.view('accounts/views/link-request.njk', { values: {}, csrfToken: reply.generateCsrf() }),
    );

    app.post('/sign-in/link', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const fields = formFields(request);
      const parsed = linkRequestForm.safeParse(fields);
      if (!parsed.success) {
        reply.status(400);
        return reply.view('accounts/views/link-request.njk', {
          values: { email: fields.email ?? '' },
          errors: formErrors(parsed.error.issues).errors,
          csrfToken: reply.generateCsrf(),
        });
      }
      const { email } = parsed.data;
      const wait = await services.linkRequestThrottle.consume(email, request.ip);
      if (wait > 0) {
        reply.status(429).header('retry-after', String(wait));
        return reply.view('accounts/views/link-request.njk', {
          values: { email },
          errors: formErrors({ email: `Too many links asked for. Wait ${waitText(wait)} and try again` }).errors,
          csrfToken: reply.generateCsrf(),
        });
      }
      await services.accounts.sendSignInLink(email);
      return reply.view('accounts/views/link-sent.njk', { email });
    });

    app.get<{ Params: { secret: string } }>(
      '/sign-in/link/:secret',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        // The secret is in the path: keep it out of Referer headers and caches.
        reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
        const link = await services.accounts.checkSignInLink(request.params.secret);
        if (!link) return reply.status(410).view('accounts/views/link-invalid.njk');
        return reply.view('accounts/views/link-confirm.njk', {
          email: link.email,
          secret: request.params.secret,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { secret: string } }>(
      '/sign-in/link/:secret',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
        const personId = await services.accounts.useSignInLink(request.params.secret);
        if (!personId) return reply.status(410).view('accounts/views/link-invalid.njk');
        await startSession(request, personId);
        await services.accounts.signedIn(personId, 'with an emailed link');
        return reply.redirect('/', 303);
      },
    );

    app.get(
      '/account/password',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const hasPassword = await services.accounts.hasPassword(accountHolder(request.principal));
        return reply.view('accounts/views/password.njk', { hasPassword, csrfToken: reply.generateCsrf() });
      },
    );

    app.post(
      '/account/password',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const personId = accountHolder(request.principal);
        const fields = formFields(request);
        const outcome = await services.accounts.changePassword(
          personId,
          request.session.sessionId,
          fields.current ?? '',
          fields.password ?? '',
        );
        if ('problems' in outcome) {
          reply.status(400);
          return reply.view('accounts/views/password.njk', {
            hasPassword: await services.accounts.hasPassword(personId),
            errors: formErrors(outcome.problems).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        // This session carries on under the new generation; every other one has ended.
        request.session.generation = outcome.generation;
        return reply.redirect('/account?saved=password', 303);
      },
    );

    // Platform admins: every account on the deployment, and disabling one.
    const pageSize = 50;
    app.get<{ Querystring: { q?: string; page?: string; changed?: string } }>(
      '/admin/people',
      { config: { access: 'platform_admin' }, schema: { hide: true } },
      async (request, reply) => {
        const search = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) : '';
        const page = pageNumber(request.query.page);
        const { items, total } = await services.accounts.listPeople(search, page, pageSize);
        const link = (p: number) =>
          `/admin/people?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(p) })}`;
        return reply.view('accounts/views/admin-people.njk', {
          people: items,
          total,
          page,
          search,
          changed:
            request.query.changed === 'disabled'
              ? 'The account was disabled.'
              : request.query.changed === 'enabled'
                ? 'The account was enabled.'
                : undefined,
          previous: page > 1 ? link(page - 1) : undefined,
          next: page * pageSize < total ? link(page + 1) : undefined,
        });
      },
    );

    for (const action of ['disable', 'enable'] as const) {
      app.get<{ Params: { id: string } }>(
        `/admin/people/:id/${action}`,
        { config: { access: 'platform_admin' }, schema: { hide: true } },
        async (request, reply) => {
          const subject = await accountToChange(request.params.id, request.principal);
          return reply.view('accounts/views/admin-person-confirm.njk', {
            subject,
            disable: action === 'disable',
            csrfToken: reply.generateCsrf(),
          });
        },
      );
      app.post<{ Params: { id: string } }>(
        `/admin/people/:id/${action}`,
        { config: { access: 'platform_admin' }, schema: { hide: true } },
        async (request, reply) => {
          const subject = await accountToChange(request.params.id, request.principal);
          await services.accounts.setDisabled(signedInPerson(request.principal), subject.id, action === 'disable');
          return reply.redirect(`/admin/people?changed=${action}d`, 303);
        },
      );
    }

    /** Another person's account, by id; an admin cannot disable themselves (someone must remain). */
    async function accountToChange(id: string, principal: Principal) {
      if (!isRecordId(id) || id === signedInPerson(principal)) throw notFound();
      const subject = await services.accounts.findAnyPerson(id);
      if (!subject) throw notFound();
      return subject;
    }
  };
}
