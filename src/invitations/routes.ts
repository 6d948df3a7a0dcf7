// Pages for invitations: an organisation admin invites people one by one or imports a staff list (CSV), and
// the invited person accepts by the emailed link. The organisation acted on is always the admin's current one.
// The staff list's pages are in import-routes.ts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { membershipRoles } from '../access/roles.ts';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { startSession } from '../accounts/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { limitError, limitedPage, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { hasControlCharacters } from './csv.ts';
import { invitationStatuses } from './repository.ts';
import { roleNames } from './service.ts';

const views = 'invitations/views';
const pageSize = 25;

const emailShape = z.email();
const inviteForm = z.object({
  name: z
    .string('Enter the person’s name')
    .trim()
    .min(1, 'Enter the person’s name')
    .max(200, 'Name must be 200 characters or fewer')
    .refine((v) => !hasControlCharacters(v), 'Enter the name on one line'),
  email: z
    .string('Enter their email address')
    .trim()
    .min(1, 'Enter their email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  role: z.enum(membershipRoles, 'Select a role'),
  unitId: z.union([z.literal(''), z.uuid()], 'Select one of the organisation’s units').optional(),
  managerEmail: z
    .string()
    .trim()
    .max(320, 'Email address must be 320 characters or fewer')
    .refine(
      (v) => v === '' || emailShape.safeParse(v).success,
      'Enter the manager’s email address in the correct format, like name@example.com',
    )
    .optional(),
});

const roleItems = (selected: string | undefined) =>
  membershipRoles.map((role) => ({ value: role, text: roleNames[role], checked: role === (selected ?? 'member') }));

/** The secret is in the path: keep it out of Referer headers and caches. */
const guardSecret = (reply: FastifyReply) =>
  reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');

/** The error summary, and each field's own message (for the field it links to). */
const withErrors = (errors: FormError[]) => ({
  errors,
  errorFor: Object.fromEntries(errors.map((e) => [e.href.slice(1), e.text])),
});

export function invitationsRoutes(services: Services): FastifyPluginAsync {
  const invitations = services.invitations;
  return async (app) => {
    // The organisation's invitations, newest first, by status.
    app.get<{ Querystring: { status?: string; page?: string; done?: string } }>(
      '/organisation/invitations',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const status = invitationStatuses.find((s) => s === request.query.status);
        const page = pageNumber(request.query.page);
        const now = new Date();
        const [{ items, total }, orgName] = await Promise.all([
          invitations.list(orgId, status, page, pageSize, now),
          invitations.organisationName(orgId),
        ]);
        const link = (p: number) =>
          `/organisation/invitations?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
        const messages: Record<string, string> = {
          sent: 'The invitation was sent.',
          resent: 'The invitation was sent again with a new link. The old link no longer works.',
          revoked: 'The invitation was withdrawn. Its link no longer works.',
        };
        return reply.view(`${views}/invitations.njk`, {
          orgName,
          status,
          filters: [
            { href: '/organisation/invitations', text: 'All', current: status === undefined },
            ...invitationStatuses.map((s) => ({
              href: `/organisation/invitations?status=${s}`,
              text: s[0]?.toUpperCase() + s.slice(1),
              current: status === s,
            })),
          ],
          invitations: items.map((i) => ({
            ...i,
            roleName: roleNames[i.role],
            state: i.accepted_at ? 'accepted' : i.revoked_at ? 'revoked' : i.expires_at <= now ? 'expired' : 'pending',
          })),
          total,
          page,
          done: messages[request.query.done ?? ''],
          previous: page > 1 ? link(page - 1) : undefined,
          next: page * pageSize < total ? link(page + 1) : undefined,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    const inviteFormPage = async (orgId: string, extra: Record<string, unknown>) => ({
      units: await invitations.units(orgId),
      orgName: await invitations.organisationName(orgId),
      values: {},
      ...extra,
    });

    app.get(
      '/organisation/invitations/new',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view(
          `${views}/invite.njk`,
          await inviteFormPage(currentOrgOf(request.principal), {
            roles: roleItems(undefined),
            csrfToken: reply.generateCsrf(),
          }),
        ),
    );

    app.post(
      '/organisation/invitations',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const actorId = callerOf(request.principal).personId;
        // Only these fields are read: an org_id or anything else in the body is ignored.
        const fields = formFields(request);
        const values = {
          name: fields.name ?? '',
          email: fields.email ?? '',
          role: fields.role,
          unitId: fields.unitId ?? '',
          managerEmail: fields.managerEmail ?? '',
        };
        const parsed = inviteForm.safeParse(values);
        const refused = parsed.success
          ? await services.throttles.consume({ organisationInvitations: orgId })
          : undefined;
        let errors = parsed.success ? [] : formErrors(parsed.error.issues).errors;
        if (refused) errors = [limitError(refused, 'email')];
        else if (parsed.success) {
          const problems = await invitations.invite(actorId, orgId, {
            name: parsed.data.name,
            email: parsed.data.email,
            role: parsed.data.role,
            unitId: parsed.data.unitId ? parsed.data.unitId : null,
            managerEmail: parsed.data.managerEmail ? parsed.data.managerEmail : null,
          });
          if (Object.keys(problems).length === 0) return reply.redirect('/organisation/invitations?done=sent', 303);
          errors = formErrors(problems).errors;
        }
        if (refused) refusedBy(reply, refused);
        else reply.status(400);
        return reply.view(
          `${views}/invite.njk`,
          await inviteFormPage(orgId, {
            values,
            ...withErrors(errors),
            roles: roleItems(values.role),
            csrfToken: reply.generateCsrf(),
          }),
        );
      },
    );

    app.post<{ Params: { id: string } }>(
      '/organisation/invitations/:id/resend',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound();
        const orgId = currentOrgOf(request.principal);
        // Counted only for the organisation's own invitation, so a 404 changes nothing.
        if (!(await invitations.find(orgId, request.params.id))) throw notFound();
        const refused = await services.throttles.consume({ organisationInvitations: orgId });
        if (refused)
          return limitedPage(reply, refused, { href: '/organisation/invitations', text: 'Back to invitations' });
        const sent = await invitations.resend(
          callerOf(request.principal).personId,
          currentOrgOf(request.principal),
          request.params.id,
        );
        if (!sent) throw notFound();
        return reply.redirect('/organisation/invitations?done=resent', 303);
      },
    );

    /** One of the current organisation's invitations that can still be withdrawn; a 404 for anything else. */
    async function revocable(request: FastifyRequest<{ Params: { id: string } }>) {
      if (!isRecordId(request.params.id)) throw notFound();
      const found = await invitations.find(currentOrgOf(request.principal), request.params.id);
      if (!found || found.accepted_at || found.revoked_at) throw notFound();
      return found;
    }

    app.get<{ Params: { id: string } }>(
      '/organisation/invitations/:id/revoke',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view(`${views}/revoke.njk`, { invitation: await revocable(request), csrfToken: reply.generateCsrf() }),
    );

    app.post<{ Params: { id: string } }>(
      '/organisation/invitations/:id/revoke',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await revocable(request);
        await invitations.revoke(callerOf(request.principal).personId, currentOrgOf(request.principal), found.id);
        return reply.redirect('/organisation/invitations?done=revoked', 303);
      },
    );

    // The invited person's page. GET only shows it (mail scanners follow links); the form's POST accepts.
    async function acceptPage(
      request: FastifyRequest<{ Params: { token: string } }>,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
    ) {
      const opened = await invitations.open(request.params.token);
      if (!opened.invitation) return reply.status(410).view(`${views}/invalid.njk`, { reason: opened.dead });
      const signedInAs = request.principal.kind === 'person' ? request.principal.personId : undefined;
      return reply.view(`${views}/accept.njk`, {
        invitation: opened.invitation,
        token: request.params.token,
        hasAccount: opened.accountId !== undefined,
        signedInAsInvited: opened.accountId !== undefined && signedInAs === opened.accountId,
        signedInAsSomeoneElse: signedInAs !== undefined && signedInAs !== opened.accountId,
        signInHref: `/sign-in?returnTo=${encodeURIComponent(`/invitations/${request.params.token}`)}`,
        values: { displayName: opened.invitation.display_name },
        csrfToken: reply.generateCsrf(),
        ...extra,
      });
    }

    app.get<{ Params: { token: string } }>(
      '/invitations/:token',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => acceptPage(request, guardSecret(reply)),
    );

    app.post<{ Params: { token: string } }>(
      '/invitations/:token',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        guardSecret(reply);
        const opened = await invitations.open(request.params.token);
        if (!opened.invitation) return reply.status(410).view(`${views}/invalid.njk`, { reason: opened.dead });
        if (opened.accountId !== undefined) {
          // An existing account joins only when its owner is signed in: the link alone is not enough.
          const personId = request.principal.kind === 'person' ? request.principal.personId : undefined;
          if (personId !== opened.accountId) {
            reply.status(400);
            return acceptPage(request, reply);
          }
          const result = await invitations.acceptAsMember(request.params.token, personId);
          if ('dead' in result) return reply.status(410).view(`${views}/invalid.njk`, { reason: result.dead });
          if ('wrongPerson' in result) {
            reply.status(400);
            return acceptPage(request, reply);
          }
          request.session.orgId = result.orgId;
          return reply.redirect('/account?saved=joined', 303);
        }
        // A new account: only the name and password come from the form; everything else from the invitation.
        const fields = formFields(request);
        const form = { displayName: fields.displayName ?? '', password: fields.password ?? '' };
        const result = await invitations.acceptAsNewPerson(request.params.token, form);
        if ('dead' in result) return reply.status(410).view(`${views}/invalid.njk`, { reason: result.dead });
        if ('problems' in result) {
          reply.status(400);
          return acceptPage(request, reply, {
            values: { displayName: form.displayName },
            ...withErrors(formErrors(result.problems).errors),
          });
        }
        await startSession(request, result.personId, result.orgId);
        await services.accounts.signedIn(result.personId, 'for the first time, accepting an invitation');
        return reply.redirect('/account?saved=joined', 303);
      },
    );
  };
}
