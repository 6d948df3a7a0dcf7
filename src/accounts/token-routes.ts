// Personal API tokens: each acts for one of the person's organisations, shown once, revocable.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';
import { accountHolder } from './routes.ts';
import { tokenLifetimeDays } from './service.ts';

const lifetimeProblem = `Enter a number of days from 1 to ${tokenLifetimeDays.max}`;
const tokenForm = z.object({
  name: z
    .string('Enter a name for the token')
    .trim()
    .min(1, 'Enter a name for the token')
    .max(100, 'Name must be 100 characters or fewer'),
  orgId: z.uuid('Select one of your organisations'),
  lifetimeDays: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, lifetimeProblem)
    .transform(Number)
    .pipe(z.number().int().min(1, lifetimeProblem).max(tokenLifetimeDays.max, lifetimeProblem)),
});

export function accountTokenRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const tokensPage = async (personId: string, extra: Record<string, unknown>) => {
      const [tokens, memberships] = await Promise.all([
        services.accounts.tokensOf(personId),
        services.accounts.membershipsOf(personId),
      ]);
      const organisations = [...new Map(memberships.map((m) => [m.id, { id: m.id, name: m.name }])).values()];
      const now = new Date();
      const shown = tokens.map((t) => ({ ...t, expired: t.revoked_at === null && t.expires_at <= now }));
      return {
        tokens: shown,
        organisations,
        lifetime: tokenLifetimeDays,
        values: { lifetimeDays: String(tokenLifetimeDays.default) },
        ...extra,
      };
    };

    app.get<{ Querystring: { revoked?: string } }>(
      '/account/tokens',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view(
          'accounts/views/tokens.njk',
          await tokensPage(accountHolder(request.principal), {
            revoked: request.query.revoked === '1',
            csrfToken: reply.generateCsrf(),
          }),
        ),
    );

    app.post('/account/tokens', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
      const personId = accountHolder(request.principal);
      const fields = formFields(request);
      // A form without the field (an older page still open) gets the default lifetime.
      const parsed = tokenForm.safeParse({ lifetimeDays: String(tokenLifetimeDays.default), ...fields });
      const token = parsed.success ? await services.accounts.createOwnToken(personId, parsed.data) : undefined;
      if (!parsed.success || token === undefined) {
        reply.status(400);
        const errors = parsed.success
          ? formErrors({ orgId: 'Select one of your organisations' }).errors
          : formErrors(parsed.error.issues).errors;
        return reply.view(
          'accounts/views/tokens.njk',
          await tokensPage(personId, { values: fields, errors, csrfToken: reply.generateCsrf() }),
        );
      }
      // Shown once, on this response; never stored or logged in the clear.
      reply.header('cache-control', 'no-store');
      return reply.view(
        'accounts/views/tokens.njk',
        await tokensPage(personId, {
          created: { name: parsed.data.name, token, lifetimeDays: parsed.data.lifetimeDays },
          csrfToken: reply.generateCsrf(),
        }),
      );
    });

    app.get<{ Params: { id: string } }>(
      '/account/tokens/:id/revoke',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const tokens = await services.accounts.tokensOf(accountHolder(request.principal));
        const token = tokens.find((t) => t.id === request.params.id && t.revoked_at === null);
        if (!token) throw notFound();
        return reply.view('accounts/views/token-revoke.njk', { token, csrfToken: reply.generateCsrf() });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/account/tokens/:id/revoke',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound();
        const revoked = await services.accounts.revokeToken(accountHolder(request.principal), request.params.id);
        if (!revoked) throw notFound();
        return reply.redirect('/account/tokens?revoked=1', 303);
      },
    );
  };
}
