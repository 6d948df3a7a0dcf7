// Signing in with email and password, and signing out. A new session id is issued at sign-in.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../access/routes.ts';
import type { Principal } from '../access/visibility.ts';
import type { Services } from '../services.ts';
import { HttpError } from '../web/errors.ts';
import type { MembershipRole } from './types.ts';

const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(320)
    .email('Enter an email address like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(1024, 'Passwords are at most 1024 characters'),
  returnTo: z.string().optional(),
});

const roleNames: Record<MembershipRole, string> = {
  member: 'Member',
  line_manager: 'Line manager',
  hr_od: 'HR and organisational development',
  moderator: 'Moderator',
  coordinator: 'Scheme coordinator',
  org_admin: 'Organisation admin',
};

const signedInPerson = (principal: Principal) => callerOf(principal).personId;

/** Only paths on this site, so a crafted link cannot send someone elsewhere after signing in. */
const safeReturn = (value: unknown) =>
  typeof value === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : '/';

export function accountsRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { returnTo?: string; signedOutEverywhere?: string } }>(
      '/sign-in',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('accounts/views/sign-in.njk', {
          values: { returnTo: safeReturn(request.query.returnTo) },
          signedOutEverywhere: request.query.signedOutEverywhere === '1',
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post('/sign-in', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { email: typeof body.email === 'string' ? body.email : '', returnTo: safeReturn(body.returnTo) };
      const parsed = signInForm.safeParse(body);
      let errors: { href: string; text: string }[] = [];
      if (!parsed.success) {
        errors = parsed.error.issues.map((i) => ({ href: `#${String(i.path[0])}`, text: i.message }));
      } else {
        const { email, password } = parsed.data;
        // request.ip is the socket's address: X-Forwarded-For counts only when a trusted proxy is configured.
        const wait = await services.signInThrottle.retryAfter(email, request.ip);
        if (wait > 0) {
          const minutes = Math.ceil(wait / 60);
          reply.status(429).header('retry-after', String(wait));
          return reply.view('accounts/views/sign-in.njk', {
            values,
            errors: [
              {
                href: '#email',
                text: `Too many attempts to sign in. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} and try again`,
              },
            ],
            csrfToken: reply.generateCsrf(),
          });
        }
        const personId = await services.accounts.checkPassword(email, password);
        if (personId) {
          await services.signInThrottle.succeeded(email, request.ip);
          await request.session.regenerate();
          request.session.personId = personId;
          request.session.signedInAt = Date.now();
          return reply.redirect(values.returnTo, 303);
        }
        await services.signInThrottle.failed(email, request.ip);
        errors = [{ href: '#email', text: 'The email address or password is not right' }];
      }
      reply.status(400);
      return reply.view('accounts/views/sign-in.njk', { values, errors, csrfToken: reply.generateCsrf() });
    });

    app.post('/sign-out', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      await request.session.destroy();
      return reply.redirect('/', 303);
    });

    app.get<{ Querystring: { ended?: string } }>(
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
          account: person,
          organisations: [...organisations.values()],
        });
      },
    );

    app.post(
      '/account/sign-out-everywhere',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        await services.accounts.endAllSessions(signedInPerson(request.principal));
        await request.session.destroy();
        return reply.redirect('/sign-in?signedOutEverywhere=1', 303);
      },
    );
  };
}
