// Writing and changing a story: the form for a new story or a draft (with preview and one-click suggestions,
// both without saving), and autosave for the script, with the same validation as the form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import { framework } from '../../framework/data.ts';
import type { Services } from '../../services.ts';
import { notFound } from '../../web/errors.ts';
import { formErrors } from '../../web/forms.ts';
import type { EditorPage } from './editor-page.ts';
import { type FormValues, formValuesOf, parseDraft, suggestedTagOf, valuesOfStory, withSuggestion } from './form.ts';
import { leftBehindNote, statusNames } from './readiness.ts';

export function editorRoutes(app: FastifyInstance, services: Services, { renderForm }: EditorPage) {
  const writing = services.writing;

  /**
   * What a button that only changes the page asks for: a preview, or a suggested tag ticked (the form kept as
   * typed, nothing saved). Undefined for the buttons that save.
   */
  const redrawing = (body: unknown, values: FormValues) => {
    const posted = (typeof body === 'object' && body !== null ? body : {}) as { action?: unknown; apply?: unknown };
    if (posted.action === 'preview') return { values, preview: true };
    if (posted.apply === undefined) return undefined;
    const tag = suggestedTagOf(posted.apply, framework);
    return tag ? { values: withSuggestion(values, tag), applied: tag } : { values };
  };

  app.get('/stories/new', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
    currentOrgOf(request.principal);
    // Readers in the author's organisation: an audience submission accepts (only "only me" is refused).
    return renderForm(request, reply, { values: { form: 'personal-narrative', visibility: 'organisation' } });
  });

  app.post('/stories/new', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
    const caller = callerOf(request.principal);
    const orgId = currentOrgOf(request.principal);
    const values = formValuesOf(request.body);
    const action = (request.body as { action?: string }).action;
    const redraw = redrawing(request.body, values);
    if (redraw) return renderForm(request, reply, redraw);
    const parsed = parseDraft(values);
    const problems = parsed.ok ? writing.checkInput(caller, parsed.input) : {};
    if (!parsed.ok || Object.keys(problems).length > 0) {
      const fields = parsed.ok ? problems : parsed.fields;
      reply.status(400);
      return renderForm(request, reply, {
        values,
        fields,
        errors: formErrors(fields).errors,
      });
    }
    const id = await writing.create(caller, orgId, parsed.input);
    return reply.redirect(action === 'submit' ? `/stories/${id}/submit` : `/stories/${id}/edit?saved=1`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { saved?: string; sent?: string; anonymised?: string } }>(
    '/stories/:id/edit',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
      if (!view) throw notFound('story');
      const note =
        request.query.saved === '1'
          ? 'Your draft is saved.'
          : request.query.sent === '1'
            ? 'We emailed the link asking for consent.'
            : request.query.anonymised === '1'
              ? 'The person is anonymised.'
              : undefined;
      return renderForm(request, reply, {
        values: valuesOfStory(view.story, view.people),
        storyId: view.story.id,
        ...(note ? { saved: note } : {}),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/stories/:id/edit',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const caller = callerOf(request.principal);
      const view = await writing.forAuthor(caller, request.params.id);
      if (!view) throw notFound('story');
      const values = formValuesOf(request.body);
      const action = (request.body as { action?: string }).action;
      const storyId = view.story.id;
      const redraw = redrawing(request.body, values);
      if (redraw) return renderForm(request, reply, { ...redraw, storyId });
      if (!view.editable) {
        reply.status(409);
        return renderForm(request, reply, {
          values,
          storyId,
          errors: [
            {
              href: '#title',
              text: `This story is ${statusNames[view.story.status]?.toLowerCase()}: it cannot be changed now`,
            },
          ],
        });
      }
      const parsed = parseDraft(values);
      const problems = parsed.ok ? writing.checkInput(caller, parsed.input, view) : {};
      if (!parsed.ok || Object.keys(problems).length > 0) {
        const fields = parsed.ok ? problems : parsed.fields;
        reply.status(400);
        return renderForm(request, reply, {
          values,
          storyId,
          fields,
          errors: formErrors(fields).errors,
        });
      }
      await writing.update(caller, storyId, parsed.input);
      return reply.redirect(
        action === 'submit' ? `/stories/${storyId}/submit` : `/stories/${storyId}/edit?saved=1`,
        303,
      );
    },
  );

  // Autosave, for the script: JSON answers, the same validation as the form.
  async function autosave(
    request: FastifyRequest,
    reply: FastifyReply,
    story: { id: string; left: boolean } | undefined,
  ) {
    const caller = callerOf(request.principal);
    const values = formValuesOf(request.body);
    const parsed = parseDraft(values);
    const problems = parsed.ok ? writing.checkInput(caller, parsed.input, story) : {};
    if (!parsed.ok || Object.keys(problems).length > 0) {
      return reply.status(400).send({
        error: {
          code: 'invalid_request',
          message: 'Not saved yet: the draft needs a title and a primary characteristic.',
          fields: parsed.ok ? problems : parsed.fields,
        },
      });
    }
    const now = new Date();
    let id = story?.id;
    if (id === undefined) {
      id = await writing.create(caller, currentOrgOf(request.principal), parsed.input, now);
    } else {
      const outcome = await writing.update(caller, id, parsed.input, now);
      if (outcome === 'not_found') throw notFound('story');
      if (outcome === 'not_editable') {
        return reply.status(409).send({
          error: { code: 'not_editable', message: 'This story cannot be changed while it is not a draft.' },
        });
      }
      if (outcome === 'stays_private') {
        return reply.status(400).send({
          error: { code: 'invalid_request', message: leftBehindNote, fields: { visibility: leftBehindNote } },
        });
      }
    }
    return reply.send({
      id,
      savedAt: now.toISOString(),
      editUrl: `/stories/${id}/edit`,
      autosaveUrl: `/stories/${id}/autosave`,
    });
  }

  app.post('/stories/new/autosave', { config: { access: 'signed_in' }, schema: { hide: true } }, (request, reply) =>
    autosave(request, reply, undefined),
  );
  app.post<{ Params: { id: string } }>(
    '/stories/:id/autosave',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
      if (!view) throw notFound('story');
      return autosave(request, reply, { id: view.story.id, left: view.left });
    },
  );
}
