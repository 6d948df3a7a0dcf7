// Discussion pages: comments and replies on published stories, editing and deleting one's own, "this
// resonates", and each person's choice of notification emails. Every form works without JavaScript.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { limitedPage, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { formFields } from '../web/forms.ts';

const isId = (value: string) => z.uuid().safeParse(value).success;

/**
 * What the story page shows below the story: for the story route to pass to its view as `discussion`
 * (the partial discussion/views/_comments.njk reads it). Undefined when the story is not published.
 */
export async function storyDiscussion(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  storyId: string,
) {
  const discussion = await services.discussion.forStory(request.principal, storyId);
  if (!discussion) return undefined;
  const moderates = discussion.signedIn && (await services.moderation.reviews(request.principal, storyId));
  return { ...discussion, moderates, csrfToken: discussion.signedIn ? reply.generateCsrf() : undefined };
}

export function discussionRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const personOf = (request: FastifyRequest) => callerOf(request.principal).personId;

    app.post<{ Params: { id: string } }>(
      '/stories/:id/comments',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isId(request.params.id)) throw notFound('story');
        const fields = formFields(request);
        const parentId = fields.parentId ? fields.parentId : undefined;
        // Counted only where the caller may comment, so a stranger's 404 changes nothing.
        const refused = (await services.discussion.forStory(request.principal, request.params.id))
          ? await services.throttles.consume({ comments: personOf(request) })
          : undefined;
        const result = refused
          ? ({ ok: false, problems: { body: refused.message } } as const)
          : await services.discussion.comment(
              request.principal,
              request.params.id,
              { body: fields.body ?? '', parentId },
              app.baseUrl,
            );
        if (!result) throw notFound('story');
        if (!result.ok) {
          // A comment with a mistake was not posted: it does not count against the person's limit.
          if (!refused) await services.throttles.giveBack({ comments: personOf(request) });
          const parent = parentId ? await services.discussion.find(request.principal, parentId) : undefined;
          const story = await services.discussion.forStory(request.principal, request.params.id);
          if (refused) refusedBy(reply, refused);
          else reply.status(400);
          return reply.view('discussion/views/comment-form.njk', {
            mode: parent ? 'reply' : 'new',
            story: story?.content,
            parent,
            action: `/stories/${request.params.id}/comments`,
            values: { body: fields.body ?? '', parentId: parent?.comment.id },
            errors: [{ href: '#body', text: result.problems.body }],
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.redirect(`/stories/${request.params.id}#comment-${result.id}`, 303);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/stories/:id/resonates',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isId(request.params.id)) throw notFound('story');
        if (!(await services.discussion.forStory(request.principal, request.params.id))) throw notFound('story');
        const refused = await services.throttles.consume({ reactions: personOf(request) });
        if (refused)
          return limitedPage(reply, refused, { href: `/stories/${request.params.id}`, text: 'Back to the story' });
        const result = await services.discussion.toggleResonates(request.principal, request.params.id);
        if (!result) throw notFound('story');
        return reply.redirect(`/stories/${request.params.id}#resonates`, 303);
      },
    );

    /** A comment the caller may see, or a 404. */
    const visibleComment = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isId(request.params.id)) throw notFound('comment');
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
          story: found.content,
          parent: found,
          action: `/stories/${found.content.id}/comments`,
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
          story: found.content,
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
        if (result.ok) return reply.redirect(`/stories/${result.storyId}#comment-${request.params.id}`, 303);
        const expired = 'expired' in result;
        reply.status(expired ? 409 : 400);
        return reply.view('discussion/views/comment-form.njk', {
          mode: 'edit',
          story: found.content,
          expired,
          action: `/comments/${request.params.id}/edit`,
          values: { body: fields.body ?? '' },
          errors: 'problems' in result ? [{ href: '#body', text: result.problems.body }] : undefined,
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
        if (!isId(request.params.id)) throw notFound('comment');
        const result = await services.discussion.remove(request.principal, request.params.id);
        if (!result) throw notFound('comment');
        return reply.redirect(`/stories/${result.storyId}#comments`, 303);
      },
    );

    app.get<{ Querystring: { saved?: string } }>(
      '/account/notifications',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('discussion/views/notifications.njk', {
          settings: await services.discussion.settings(personOf(request)),
          saved: request.query.saved === '1',
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post(
      '/account/notifications',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        // Unticked boxes send nothing, so each setting is on exactly when its box came back.
        const body = (request.body ?? {}) as Record<string, unknown>;
        const chosen = new Set(([] as unknown[]).concat(body.emails ?? []).filter((v) => typeof v === 'string'));
        await services.discussion.saveSettings(personOf(request), {
          comments_on_my_stories: chosen.has('comments_on_my_stories'),
          replies_to_my_comments: chosen.has('replies_to_my_comments'),
          moderation_outcomes: chosen.has('moderation_outcomes'),
        });
        return reply.redirect('/account/notifications?saved=1', 303);
      },
    );
  };
}
