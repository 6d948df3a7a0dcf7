// Changing and cancelling a session: its facilitator's form (the times shown back in London's time) and the
// cancel button. Anyone else gets the 404 a stranger gets, before anything they sent is read.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { callerOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { londonWallClock } from '../text/dates.ts';
import { limitError, limitedPage, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { sessionForm } from './schema.ts';

const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });
type SessionParams = { Params: { id: string; sessionId: string } };

function idsOf(request: FastifyRequest<SessionParams>) {
  if (!isRecordId(request.params.id) || !isRecordId(request.params.sessionId)) throw notFound();
  return { groupId: request.params.id, sessionId: request.params.sessionId };
}

export function sessionChangeRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const changes = services.sessionChanges;
    const base = (groupId: string, sessionId: string) => `/groups/${groupId}/sessions/${sessionId}`;

    app.get<SessionParams>('/groups/:id/sessions/:sessionId/edit', signedIn(), async (request, reply) => {
      const { groupId, sessionId } = idsOf(request);
      const found = await changes.forEditing(callerOf(request.principal), groupId, sessionId);
      if (!found) throw notFound();
      const { session } = found;
      const start = londonWallClock(session.starts_at);
      const values = {
        title: session.title,
        date: start.date,
        startTime: start.time,
        endTime: londonWallClock(session.ends_at).time,
        place: session.place,
        onlineLink: session.online_link,
        capacity: session.capacity === null ? '' : String(session.capacity),
      };
      return reply.view('groups/views/new-session.njk', {
        group: found.group,
        values,
        editing: true,
        action: `${base(groupId, sessionId)}/edit`,
        back: base(groupId, sessionId),
        csrfToken: reply.generateCsrf(),
      });
    });

    app.post<SessionParams>('/groups/:id/sessions/:sessionId/edit', signedIn(), async (request, reply) => {
      const { groupId, sessionId } = idsOf(request);
      const caller = callerOf(request.principal);
      const found = await changes.forEditing(caller, groupId, sessionId);
      if (!found) throw notFound();
      const fields = formFields(request);
      const parsed = sessionForm.safeParse(fields);
      let errors: FormError[];
      if (parsed.success) {
        const refused = await services.throttles.consume({ sessionChanges: caller.personId });
        if (refused) {
          refusedBy(reply, refused);
          errors = [limitError(refused, 'title')];
        } else {
          const outcome = await changes.change(caller, groupId, sessionId, parsed.data);
          if (outcome === 'not_found') throw notFound();
          if (outcome.ok) return reply.redirect(`${base(groupId, sessionId)}?done=changed`, 303);
          await services.throttles.giveBack({ sessionChanges: caller.personId });
          errors = formErrors(outcome.problems).errors;
          reply.status(400);
        }
      } else {
        errors = formErrors(parsed.error.issues).errors;
        reply.status(400);
      }
      return reply.view('groups/views/new-session.njk', {
        group: found.group,
        values: fields,
        errors,
        editing: true,
        action: `${base(groupId, sessionId)}/edit`,
        back: base(groupId, sessionId),
        csrfToken: reply.generateCsrf(),
      });
    });

    app.post<SessionParams>('/groups/:id/sessions/:sessionId/cancel', signedIn(), async (request, reply) => {
      const { groupId, sessionId } = idsOf(request);
      const caller = callerOf(request.principal);
      if (!(await changes.forEditing(caller, groupId, sessionId))) throw notFound();
      const refused = await services.throttles.consume({ sessionChanges: caller.personId });
      if (refused) return limitedPage(reply, refused, { href: base(groupId, sessionId), text: 'Back to the session' });
      if ((await changes.cancel(caller, groupId, sessionId)) === 'not_found') throw notFound();
      return reply.redirect(`${base(groupId, sessionId)}?done=cancelled`, 303);
    });
  };
}
