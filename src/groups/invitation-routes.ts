// Invitations to a reading group: the facilitator's page (invite an address, see the invitations waiting,
// withdraw one) and the link the email carries, which a signed-in person opens to join. A stranger to the
// group gets the same 404 as for a group that does not exist, before anything they sent is read.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { type InvitationView, invitationDays } from './invitations.ts';
import { groupInviteForm } from './schema.ts';

const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });
type GroupParams = { Params: { id: string } };
type TokenParams = { Params: { token: string } };

const notices: Record<string, string> = {
  sent: 'The invitation is on its way.',
  withdrawn: 'The invitation is withdrawn. Its link no longer works.',
};

/** What a link that cannot be used says, and the status it answers with. */
const refusals: Record<
  Exclude<InvitationView['state'], 'open' | 'member'>,
  { status: number; heading: string; text: string }
> = {
  // Someone outside the group's scope: the group stays unnamed, as it is to them everywhere else.
  not_allowed: {
    status: 404,
    heading: 'You cannot join this group with this account',
    text: 'The group is kept to one organisation or shared space, and your Waymark account is not part of it. If you have an account with that organisation, sign in with it and open the link again. Otherwise, ask the person who invited you.',
  },
  // Someone signed in with another address: the group stays unnamed, and the link keeps working for its owner.
  other_address: {
    status: 404,
    heading: 'This invitation was sent to someone else',
    text: 'It was sent to a different email address from the one your Waymark account uses. If it was meant for you, ask the person who invited you to send it to the address you sign in with.',
  },
  expired: {
    status: 410,
    heading: 'This invitation has expired',
    text: `An invitation works for ${invitationDays} days. Ask the person who invited you to send a new one.`,
  },
  withdrawn: {
    status: 410,
    heading: 'This invitation was withdrawn',
    text: 'The person who sent it took it back. If you think this is a mistake, ask them.',
  },
  used: {
    status: 410,
    heading: 'This invitation has already been used',
    text: 'Each invitation works once. If you need one, ask the group’s facilitator.',
  },
};

export function invitationRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const invitations = services.groupInvitations;

    function groupIdOf(request: FastifyRequest<GroupParams>) {
      if (!isRecordId(request.params.id)) throw notFound();
      return request.params.id;
    }

    async function invitationsPage(
      request: FastifyRequest,
      reply: FastifyReply,
      groupId: string,
      extra: { notice?: string; errors?: FormError[]; values?: Record<string, string> } = {},
    ) {
      const found = await invitations.pending(callerOf(request.principal), groupId);
      if (!found) throw notFound();
      return reply.view('groups/views/invitations.njk', {
        ...found,
        values: {},
        days: invitationDays,
        ...extra,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get<GroupParams & { Querystring: { done?: string } }>(
      '/groups/:id/invitations',
      signedIn(),
      async (request, reply) =>
        invitationsPage(request, reply, groupIdOf(request), { notice: notices[request.query.done ?? ''] }),
    );

    app.post<GroupParams>('/groups/:id/invitations', signedIn(), async (request, reply) => {
      const id = groupIdOf(request);
      const caller = callerOf(request.principal);
      if (!(await invitations.pending(caller, id))) throw notFound();
      const fields = formFields(request);
      const parsed = groupInviteForm.safeParse(fields);
      let errors: FormError[];
      if (parsed.success) {
        const refused = await services.throttles.consume({ groupInvitations: caller.personId });
        if (refused) {
          refusedBy(reply, refused);
          return invitationsPage(request, reply, id, { errors: [limitError(refused, 'email')], values: fields });
        }
        const outcome = await invitations.invite(caller, id, parsed.data.email);
        if (outcome === 'not_found') throw notFound();
        if (outcome.ok) return reply.redirect(`/groups/${id}/invitations?done=sent`, 303);
        await services.throttles.giveBack({ groupInvitations: caller.personId });
        errors = formErrors(outcome.problems).errors;
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return invitationsPage(request, reply, id, { errors, values: fields });
    });

    app.post<{ Params: { id: string; invitationId: string } }>(
      '/groups/:id/invitations/:invitationId/withdraw',
      signedIn(),
      async (request, reply) => {
        const { id, invitationId } = request.params;
        if (!isRecordId(id) || !isRecordId(invitationId)) throw notFound();
        const outcome = await invitations.withdraw(callerOf(request.principal), id, invitationId);
        if (outcome === 'not_found') throw notFound();
        return reply.redirect(`/groups/${id}/invitations?done=withdrawn`, 303);
      },
    );

    function linkPage(reply: FastifyReply, seen: InvitationView | undefined, token: string) {
      if (!seen) throw notFound();
      if (seen.state === 'open' || seen.state === 'member') {
        return reply.view('groups/views/invitation.njk', {
          ...seen,
          action: `/group-invitations/${token}`,
          csrfToken: reply.generateCsrf(),
        });
      }
      const refusal = refusals[seen.state];
      reply.status(refusal.status);
      return reply.view('groups/views/invitation.njk', { state: seen.state, refusal });
    }

    app.get<TokenParams>('/group-invitations/:token', signedIn(), async (request, reply) => {
      reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
      const token = request.params.token;
      return linkPage(reply, await invitations.view(callerOf(request.principal), token), token);
    });

    app.post<TokenParams>('/group-invitations/:token', signedIn(), async (request, reply) => {
      const token = request.params.token;
      const seen = await invitations.accept(callerOf(request.principal), token);
      if (seen?.state === 'member') return reply.redirect(`/groups/${seen.group.id}?done=joined`, 303);
      reply.header('referrer-policy', 'no-referrer');
      return linkPage(reply, seen, token);
    });
  };
}
