// Space pages: the spaces a person reaches, creating one, running one (inviting and removing), answering
// invitations and leaving. Whatever a caller may not see or do is the same 404 as a page that does not exist.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { inviteOrganisationForm, invitePersonForm, newSpaceForm, slugFrom } from './schema.ts';

// Fresh objects per route: Fastify keeps each route's options as its own.
const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });
const creators = () => ({ config: { access: ['org_admin', 'coordinator'] as const }, schema: { hide: true } });

/** Confirmations after a change, by a fixed code, so nothing from the address is echoed into the page. */
const notices: Record<string, string> = {
  created: 'The space was created. Your organisation is in it with everyone.',
  'invited-organisation': 'The invitation was sent to the organisation’s admins.',
  'invited-person': 'The address will be invited.',
  withdrawn: 'The invitation was withdrawn.',
  'removed-organisation': 'The organisation was removed from the space, with the people it chose.',
  'removed-person': 'The person was removed from the space.',
  accepted: 'You accepted the invitation.',
  declined: 'You declined the invitation.',
  left: 'You left the space.',
  'organisation-left': 'Your organisation left the space.',
};

/** Checkbox fields arrive as one string or several. */
const stringsOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

export function spacesRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const spaces = services.spaces;

    app.get<{ Querystring: { done?: string } }>('/spaces', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      const overview = await spaces.overview(caller);
      return reply.view('spaces/views/list.njk', {
        ...overview,
        mayCreate: caller.roles.includes('org_admin') || caller.roles.includes('coordinator'),
        notice: notices[request.query.done ?? ''],
      });
    });

    app.get('/spaces/new', creators(), async (_request, reply) =>
      reply.view('spaces/views/new.njk', { values: {}, csrfToken: reply.generateCsrf() }),
    );

    app.post('/spaces/new', creators(), async (request, reply) => {
      const caller = callerOf(request.principal);
      // The host is always the organisation the caller works in; only these three fields are read.
      const orgId = currentOrgOf(request.principal);
      const fields = formFields(request);
      const values = { name: fields.name ?? '', slug: fields.slug ?? '', description: fields.description ?? '' };
      const parsed = newSpaceForm.safeParse(values);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await spaces.create(caller, orgId, parsed.data);
        if (outcome.ok) return reply.redirect(`/spaces/${outcome.value}?done=created`, 303);
        errors = formErrors(outcome.problems).errors;
        if (!values.slug) values.slug = slugFrom(values.name);
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return reply.view('spaces/views/new.njk', { values, errors, csrfToken: reply.generateCsrf() });
    });

    // Answering an invitation (registered before /spaces/:slug/... so the fixed segment wins).
    app.get<{ Params: { id: string } }>('/spaces/invitations/:id', signedIn(), async (request, reply) => {
      const found = isRecordId(request.params.id)
        ? await spaces.invitationFor(callerOf(request.principal), request.params.id)
        : undefined;
      if (!found) throw notFound();
      return reply.view('spaces/views/invitation.njk', { ...found, values: {}, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { id: string } }>('/spaces/invitations/:id', signedIn(), async (request, reply) => {
      if (!isRecordId(request.params.id)) throw notFound();
      const caller = callerOf(request.principal);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const accept = body.decision === 'accept';
      if (!accept && body.decision !== 'decline') throw notFound();
      const everyone = body.everyone === 'everyone' ? true : body.everyone === 'chosen' ? false : undefined;
      const chosen = stringsOf(body.members);
      const outcome = await spaces.answer(
        caller,
        request.params.id,
        accept ? { accept: true, everyone, chosen } : { accept: false },
      );
      if (!outcome) throw notFound();
      if (outcome.ok) {
        const { slug, accepted } = outcome.value;
        return reply.redirect(accepted ? `/spaces/${slug}?done=accepted` : '/spaces?done=declined', 303);
      }
      const found = await spaces.invitationFor(caller, request.params.id);
      if (!found) throw notFound();
      reply.status(400);
      return reply.view('spaces/views/invitation.njk', {
        ...found,
        values: { everyone: body.everyone, members: chosen },
        errors: formErrors(outcome.problems).errors,
        csrfToken: reply.generateCsrf(),
      });
    });

    /** The space page, with any form errors and the values to keep. */
    async function spacePage(
      request: FastifyRequest<{ Params: { slug: string } }>,
      reply: FastifyReply,
      extra: { errors?: FormError[]; values?: Record<string, string> } = {},
    ) {
      const caller = callerOf(request.principal);
      const query = (request.query ?? {}) as { page?: string; done?: string };
      const page = await spaces.page(caller, request.params.slug, pageNumber(query.page));
      if (!page) throw notFound();
      const base = `/spaces/${page.space.slug}`;
      return reply.view('spaces/views/space.njk', {
        ...page,
        values: extra.values ?? {},
        errors: extra.errors,
        notice: extra.errors ? undefined : notices[query.done ?? ''],
        previous: page.stories.page > 1 ? `${base}?page=${page.stories.page - 1}` : undefined,
        next: page.stories.page < page.stories.pageCount ? `${base}?page=${page.stories.page + 1}` : undefined,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get<{ Params: { slug: string }; Querystring: { page?: string; done?: string } }>(
      '/spaces/:slug',
      signedIn(),
      (request, reply) => spacePage(request, reply),
    );

    app.post<{ Params: { slug: string } }>(
      '/spaces/:slug/invitations/organisation',
      signedIn(),
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const fields = formFields(request);
        const parsed = inviteOrganisationForm.safeParse(fields);
        if (!parsed.success) {
          if (!(await spaces.managed(caller, request.params.slug))) throw notFound();
          reply.status(400);
          return spacePage(request, reply, { errors: formErrors(parsed.error.issues).errors, values: fields });
        }
        // Counted only for a manager of the space, so a stranger's 404 changes nothing.
        if (!(await spaces.managed(caller, request.params.slug))) throw notFound();
        const refused = await services.throttles.consume({ spaceInvitations: caller.personId });
        if (refused)
          return spacePage(request, refusedBy(reply, refused), {
            errors: [limitError(refused, 'orgId')],
            values: fields,
          });
        const outcome = await spaces.inviteOrganisation(caller, request.params.slug, parsed.data.orgId);
        if (!outcome) throw notFound();
        if (outcome.ok) return reply.redirect(`/spaces/${request.params.slug}?done=invited-organisation`, 303);
        reply.status(400);
        return spacePage(request, reply, { errors: formErrors(outcome.problems).errors, values: fields });
      },
    );

    app.post<{ Params: { slug: string } }>('/spaces/:slug/invitations/person', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      const fields = formFields(request);
      const parsed = invitePersonForm.safeParse(fields);
      if (!parsed.success) {
        if (!(await spaces.managed(caller, request.params.slug))) throw notFound();
        reply.status(400);
        return spacePage(request, reply, { errors: formErrors(parsed.error.issues).errors, values: fields });
      }
      if (!(await spaces.managed(caller, request.params.slug))) throw notFound();
      const refused = await services.throttles.consume({ spaceInvitations: caller.personId });
      if (refused)
        return spacePage(request, refusedBy(reply, refused), {
          errors: [limitError(refused, 'email')],
          values: fields,
        });
      const outcome = await spaces.invitePerson(caller, request.params.slug, parsed.data.email);
      if (!outcome) throw notFound();
      if (outcome.ok) return reply.redirect(`/spaces/${request.params.slug}?done=invited-person`, 303);
      reply.status(400);
      return spacePage(request, reply, { errors: formErrors(outcome.problems).errors, values: fields });
    });

    app.post<{ Params: { slug: string; id: string } }>(
      '/spaces/:slug/invitations/:id/withdraw',
      signedIn(),
      async (request, reply) => {
        const { slug, id } = request.params;
        if (!isRecordId(id) || !(await spaces.withdrawInvitation(callerOf(request.principal), slug, id))) {
          throw notFound();
        }
        return reply.redirect(`/spaces/${slug}?done=withdrawn`, 303);
      },
    );

    // Removing an organisation or a person: a confirmation page, then the change, effective at once.
    app.get<{ Params: { slug: string; orgId: string } }>(
      '/spaces/:slug/organisations/:orgId/remove',
      signedIn(),
      async (request, reply) => {
        const { slug, orgId } = request.params;
        const found = isRecordId(orgId)
          ? await spaces.removableOrganisation(callerOf(request.principal), slug, orgId)
          : undefined;
        if (!found) throw notFound();
        return reply.view('spaces/views/remove.njk', {
          space: found.space,
          name: found.org.name,
          organisation: true,
          action: `/spaces/${found.space.slug}/organisations/${found.org.id}/remove`,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { slug: string; orgId: string } }>(
      '/spaces/:slug/organisations/:orgId/remove',
      signedIn(),
      async (request, reply) => {
        const { slug, orgId } = request.params;
        if (!isRecordId(orgId) || !(await spaces.removeOrganisation(callerOf(request.principal), slug, orgId))) {
          throw notFound();
        }
        return reply.redirect(`/spaces/${slug}?done=removed-organisation`, 303);
      },
    );

    app.get<{ Params: { slug: string; personId: string } }>(
      '/spaces/:slug/people/:personId/remove',
      signedIn(),
      async (request, reply) => {
        const { slug, personId } = request.params;
        const found = isRecordId(personId)
          ? await spaces.removablePerson(callerOf(request.principal), slug, personId)
          : undefined;
        if (!found) throw notFound();
        return reply.view('spaces/views/remove.njk', {
          space: found.space,
          name: found.person.display_name,
          viaOrgName: found.person.via_org_name,
          organisation: false,
          action: `/spaces/${found.space.slug}/people/${found.person.id}/remove`,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { slug: string; personId: string } }>(
      '/spaces/:slug/people/:personId/remove',
      signedIn(),
      async (request, reply) => {
        const { slug, personId } = request.params;
        if (!isRecordId(personId) || !(await spaces.removePerson(callerOf(request.principal), slug, personId))) {
          throw notFound();
        }
        return reply.redirect(`/spaces/${slug}?done=removed-person`, 303);
      },
    );

    // Leaving: a person their own place, an admin their organisation's (never the host's).
    app.get<{ Params: { slug: string } }>('/spaces/:slug/leave', signedIn(), async (request, reply) => {
      const options = await spaces.leaving(callerOf(request.principal), request.params.slug);
      if (!options) throw notFound();
      return reply.view('spaces/views/leave.njk', { ...options, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { slug: string } }>('/spaces/:slug/leave', signedIn(), async (request, reply) => {
      const what = formFields(request).as === 'organisation' ? 'organisation' : 'person';
      if (!(await spaces.leave(callerOf(request.principal), request.params.slug, what))) throw notFound();
      return reply.redirect(`/spaces?done=${what === 'organisation' ? 'organisation-left' : 'left'}`, 303);
    });
  };
}
