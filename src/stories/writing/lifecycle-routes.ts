// The author's list of their stories, and moving a story on: submitting, withdrawing and deleting (each
// with a confirmation page), and reopening.
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../../access/routes.ts';
import { visibilityNames } from '../../access/visibility.ts';
import type { Services } from '../../services.ts';
import { notFound } from '../../web/errors.ts';
import { type MissingItem, statusNames } from './readiness.ts';

/** What still stands in the way, each linked to where it is put right on the edit page. */
const linkedToFields = (storyId: string, missing: MissingItem[]) =>
  missing.map((m) => ({ ...m, href: `/stories/${storyId}/edit#${m.field}` }));

export function lifecycleRoutes(app: FastifyInstance, services: Services) {
  const writing = services.writing;

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/account/stories',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const notices: Record<string, string> = {
        submitted: 'Your story is submitted. A moderator will read it; you will hear by email.',
        withdrawn: 'Your story is withdrawn.',
        deleted: 'Your draft is deleted.',
      };
      const notice = Object.keys(notices).find((k) => request.query[k] === '1');
      const stories = await writing.mine(callerOf(request.principal));
      const groups = Object.entries(statusNames)
        .map(([status, name]) => ({ status, name, stories: stories.filter((s) => s.status === status) }))
        .filter((g) => g.stories.length > 0);
      return reply.view('stories/writing/views/mine.njk', {
        groups,
        total: stories.length,
        rescued: request.session.rescuedDraft !== undefined,
        notice: notice ? notices[notice] : undefined,
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/stories/:id/submit',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
      if (!view) throw notFound('story');
      return reply.view('stories/writing/views/submit.njk', {
        story: view.story,
        missing: linkedToFields(view.story.id, view.missing),
        allowed: view.story.status === 'draft' || view.story.status === 'changes_requested',
        statusName: statusNames[view.story.status],
        audience: visibilityNames[view.story.visibility],
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/stories/:id/submit',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const caller = callerOf(request.principal);
      const result = await writing.submit(caller, request.params.id);
      if (result.outcome === 'not_found') throw notFound('story');
      if (result.outcome === 'submitted') return reply.redirect('/account/stories?submitted=1', 303);
      const view = await writing.forAuthor(caller, request.params.id);
      if (!view) throw notFound('story');
      reply.status(result.outcome === 'not_ready' ? 400 : 409);
      return reply.view('stories/writing/views/submit.njk', {
        story: view.story,
        missing: linkedToFields(view.story.id, view.missing),
        allowed: view.story.status === 'draft' || view.story.status === 'changes_requested',
        statusName: statusNames[view.story.status],
        audience: visibilityNames[view.story.visibility],
        failed: true,
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  // Withdrawing and deleting: a confirmation page, then the POST.
  const confirmations = {
    withdraw: {
      title: 'Withdraw this story?',
      text: 'Readers will no longer see it and moderators will not review it. You can reopen it as a draft later.',
      button: 'Withdraw story',
    },
    delete: {
      title: 'Delete this draft?',
      text: 'The draft and everyone named in it are deleted for good. This cannot be undone.',
      button: 'Delete draft',
    },
  } as const;

  for (const kind of ['withdraw', 'delete'] as const) {
    app.get<{ Params: { id: string } }>(
      `/stories/:id/${kind}`,
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
        if (!view) throw notFound('story');
        return reply.view('stories/writing/views/confirm.njk', {
          story: view.story,
          kind,
          ...confirmations[kind],
          allowed:
            kind === 'delete' ? view.deletable : view.story.status === 'submitted' || view.story.status === 'published',
          statusName: statusNames[view.story.status],
          csrfToken: reply.generateCsrf(),
        });
      },
    );
    app.post<{ Params: { id: string } }>(
      `/stories/:id/${kind}`,
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const outcome =
          kind === 'delete'
            ? await writing.deleteDraft(caller, request.params.id)
            : await writing.withdraw(caller, request.params.id);
        if (outcome === 'not_found') throw notFound('story');
        if (outcome === 'not_allowed') return reply.redirect(`/stories/${request.params.id}/${kind}`, 303);
        return reply.redirect(`/account/stories?${kind === 'delete' ? 'deleted' : 'withdrawn'}=1`, 303);
      },
    );
  }

  app.post<{ Params: { id: string } }>(
    '/stories/:id/reopen',
    { config: { access: 'signed_in' }, schema: { hide: true } },
    async (request, reply) => {
      const outcome = await writing.reopen(callerOf(request.principal), request.params.id);
      if (outcome === 'not_found') throw notFound('story');
      return reply.redirect(outcome === 'reopened' ? `/stories/${request.params.id}/edit` : '/account/stories', 303);
    },
  );
}
