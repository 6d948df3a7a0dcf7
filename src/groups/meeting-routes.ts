// The pages of a session's meeting: choosing the agenda and adding the group's own questions (facilitators),
// the facilitation view (one question at a time, large, for a projector), shared notes, a member's private
// reflection, actions, and each person's "My actions". Registered by routes.ts beside the session's page.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { callerOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { actionForm, agendaForm, notesForm, questionForm, reflectionForm } from './schema.ts';

const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });

type SessionParams = { Params: { id: string; sessionId: string } };

/** Shows the session's page again with a form's problems (routes.ts owns the page). */
export type SessionPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  groupId: string,
  sessionId: string,
  extra: { errors?: FormError[]; values?: Record<string, unknown> },
) => Promise<unknown>;

function idsOf(request: FastifyRequest<SessionParams>) {
  if (!isRecordId(request.params.id) || !isRecordId(request.params.sessionId)) throw notFound();
  return { groupId: request.params.id, sessionId: request.params.sessionId };
}

export function meetingRoutes(services: Services, sessionPage: SessionPage): FastifyPluginAsync {
  return async (app) => {
    const meetings = services.meetings;

    /**
     * One form of the session's page: the caller's reach is checked before anything they sent is read, then
     * the form is parsed, then `act` runs; a problem shows the page again with it.
     */
    function form<T>(
      path: string,
      needs: 'member' | 'facilitator',
      schema: ZodType<T>,
      act: (caller: ReturnType<typeof callerOf>, groupId: string, sessionId: string, data: T) => Promise<string>,
      messages: Record<string, { field: string; text: string }> = {},
    ) {
      app.post<SessionParams>(path, signedIn(), async (request, reply) => {
        const { groupId, sessionId } = idsOf(request);
        const caller = callerOf(request.principal);
        if (!(await meetings.reach(caller, groupId, sessionId, needs))) throw notFound();
        const fields = formFields(request);
        const parsed = schema.safeParse(request.body ?? {});
        let errors: FormError[];
        if (parsed.success) {
          const outcome = await act(caller, groupId, sessionId, parsed.data);
          if (outcome === 'not_found') throw notFound();
          if (outcome === 'saved')
            return reply.redirect(
              `/groups/${groupId}/sessions/${sessionId}?done=${path.split('/').pop()}#meeting`,
              303,
            );
          const message = messages[outcome] ?? { field: 'notes', text: 'That could not be saved' };
          errors = formErrors({ [message.field]: message.text }).errors;
        } else {
          errors = formErrors(parsed.error.issues).errors;
        }
        reply.status(400);
        return sessionPage(request, reply, groupId, sessionId, {
          errors,
          values: { ...fields, ...(request.body as object) },
        });
      });
    }

    form(
      '/groups/:id/sessions/:sessionId/agenda',
      'facilitator',
      agendaForm,
      (c, g, s, d) => meetings.setAgenda(c, g, s, d.questions),
      {
        unknown_question: { field: 'questions', text: 'Choose questions from the list' },
        too_many: { field: 'questions', text: 'Choose 50 questions or fewer' },
      },
    );
    form('/groups/:id/sessions/:sessionId/questions', 'facilitator', questionForm, (c, g, s, d) =>
      meetings.addQuestion(c, g, s, d.questionText),
    );
    form('/groups/:id/sessions/:sessionId/notes', 'member', notesForm, (c, g, s, d) =>
      meetings.saveNotes(c, g, s, d.notes),
    );
    form('/groups/:id/sessions/:sessionId/reflection', 'member', reflectionForm, (c, g, s, d) =>
      meetings.saveReflection(c, g, s, d.reflection),
    );
    form(
      '/groups/:id/sessions/:sessionId/actions',
      'member',
      actionForm,
      (c, g, s, d) => meetings.addAction(c, g, s, { ownerId: d.ownerId, text: d.actionText, dueOn: d.dueOn }),
      { not_a_member: { field: 'ownerId', text: 'Select a member of the group' } },
    );

    app.get<SessionParams & { Querystring: { q?: string } }>(
      '/groups/:id/sessions/:sessionId/facilitate',
      signedIn(),
      async (request, reply) => {
        const { groupId, sessionId } = idsOf(request);
        const found = await meetings.facilitation(callerOf(request.principal), groupId, sessionId);
        if (!found) throw notFound();
        const count = found.agenda.length;
        const asked = Number.parseInt(request.query.q ?? '1', 10);
        const at = Number.isFinite(asked) ? Math.min(Math.max(asked, 1), Math.max(count, 1)) : 1;
        const base = `/groups/${groupId}/sessions/${sessionId}/facilitate`;
        return reply.view('groups/views/facilitate.njk', {
          ...found,
          question: found.agenda[at - 1],
          at,
          count,
          previous: at > 1 ? `${base}?q=${at - 1}` : undefined,
          next: at < count ? `${base}?q=${at + 1}` : undefined,
        });
      },
    );

    app.get('/actions', signedIn(), async (request, reply) => {
      const actions = await meetings.myActions(callerOf(request.principal));
      return reply.view('groups/views/actions.njk', { actions });
    });
  };
}
