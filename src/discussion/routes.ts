// Discussion pages: comments and replies on published content of every discussed kind (stories first),
// editing and deleting one's own, and "this resonates". Each discussed kind gets its comment and reaction
// routes under its own pages (`/stories/:id/comments`); comments have their own. Every form works without
// JavaScript.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { ContentRecord } from '../content/records.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { limitedPage, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';

/**
 * What a content page shows below the content: for its route to pass to its view as `discussion` (the
 * partial discussion/views/_comments.njk reads it). The page has already read the content (through its
 * kind's readable rule), so nothing here reads it again. Undefined for a kind nobody discusses.
 */
export async function discussionFor(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  content: ContentRecord,
) {
  const discussion = await services.discussion.on(request.principal, content);
  if (!discussion) return undefined;
  const moderates = discussion.signedIn && (await services.moderation.reviews(request.principal, content));
  return { ...discussion, moderates, csrfToken: discussion.signedIn ? reply.generateCsrf() : undefined };
}

export function discussionRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const personOf = (request: FastifyRequest) => callerOf(request.principal).personId;

    for (const kind of services.kinds.discussed()) {
      const ref = (request: FastifyRequest<{ Params: { id: string } }>) => ({ type: kind.type, id: request.params.id });

      app.post<{ Params: { id: string } }>(
        `${kind.url(':id')}/comments`,
        { config: { access: 'signed_in' }, schema: { hide: true } },
        async (request, reply) => {
          if (!isRecordId(request.params.id)) throw notFound(kind.noun);
          const fields = formFields(request);
          const parentId = fields.parentId ? fields.parentId : undefined;
          // Counted only where the caller may comment, so a stranger's 404 changes nothing.
          const content = await services.discussion.content(request.principal, ref(request));
          const refused = content ? await services.throttles.consume({ comments: personOf(request) }) : undefined;
          const result = refused
            ? ({ ok: false, problems: { body: refused.message } } as const)
            : await services.discussion.comment(request.principal, ref(request), { body: fields.body ?? '', parentId });
          if (!result) throw notFound(kind.noun);
          if (!result.ok) {
            // A comment with a mistake was not posted: it does not count against the person's limit.
            if (!refused) await services.throttles.giveBack({ comments: personOf(request) });
            const parent = parentId ? await services.discussion.find(request.principal, parentId) : undefined;
            if (refused) refusedBy(reply, refused);
            else reply.status(400);
            return reply.view('discussion/views/comment-form.njk', {
              mode: parent ? 'reply' : 'new',
              content,
              parent,
              action: `${kind.url(request.params.id)}/comments`,
              values: { body: fields.body ?? '', parentId: parent?.comment.id },
              errors: formErrors({ body: result.problems.body }).errors,
              csrfToken: reply.generateCsrf(),
            });
          }
          return reply.redirect(`${result.content.url}#comment-${result.id}`, 303);
        },
      );

      app.post<{ Params: { id: string } }>(
        `${kind.url(':id')}/resonates`,
        { config: { access: 'signed_in' }, schema: { hide: true } },
        async (request, reply) => {
          if (!isRecordId(request.params.id)) throw notFound(kind.noun);
          if (!(await services.discussion.content(request.principal, ref(request)))) throw notFound(kind.noun);
          const refused = await services.throttles.consume({ reactions: personOf(request) });
          if (refused)
            return limitedPage(reply, refused, {
              href: kind.url(request.params.id),
              text: `Back to the ${kind.noun}`,
            });
          const result = await services.discussion.toggleResonates(request.principal, ref(request));
          if (!result) throw notFound(kind.noun);
          return reply.redirect(`${result.content.url}#resonates`, 303);
        },
      );
    }

    /** A comment the caller may see, or a 404. */
    const visibleComment = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isRecordId(request.params.id)) throw notFound('comment');
      const found = await services.discussion.find(request.principal, request.params.id);
      if (!found) throw notFound('comment');
      return found;
    };

    app.get<{ Params: { id: string } }>(
      '/comments/:id/reply',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await visibleComment(request);
        return reply.view('discussion/views/comment-form.njk', {
          mode: 'reply',
          content: found.content,
          parent: found,
          action: `${found.content.url}/comments`,
          values: { parentId: found.comment.id },
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/comments/:id/edit',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await visibleComment(request);
        if (!found.mine) throw notFound('comment');
        return reply.view('discussion/views/comment-form.njk', {
          mode: 'edit',
          content: found.content,
          expired: !found.editable,
          action: `/comments/${found.comment.id}/edit`,
          values: { body: found.comment.body },
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/comments/:id/edit',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await visibleComment(request);
        const fields = formFields(request);
        const result = await services.discussion.edit(request.principal, request.params.id, fields.body ?? '');
        if (!result) throw notFound('comment');
        if (result.ok) return reply.redirect(`${result.content.url}#comment-${request.params.id}`, 303);
        const expired = 'expired' in result;
        reply.status(expired ? 409 : 400);
        return reply.view('discussion/views/comment-form.njk', {
          mode: 'edit',
          content: found.content,
          expired,
          action: `/comments/${request.params.id}/edit`,
          values: { body: fields.body ?? '' },
          errors: 'problems' in result ? formErrors({ body: result.problems.body }).errors : undefined,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/comments/:id/delete',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await visibleComment(request);
        if (!found.mine) throw notFound('comment');
        return reply.view('discussion/views/comment-delete.njk', { found, csrfToken: reply.generateCsrf() });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/comments/:id/delete',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound('comment');
        const result = await services.discussion.remove(request.principal, request.params.id);
        if (!result) throw notFound('comment');
        return reply.redirect(`${result.content.url}#comments`, 303);
      },
    );
  };
}
