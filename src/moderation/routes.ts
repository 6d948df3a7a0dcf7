// Moderation pages: the queue, reviewing a story and deciding on it, handling reports, and the page where
// a reader reports a story or a comment. Moderators of the current organisation and platform moderators
// reach the queue; what each sees there is decided by their reach (see repository.ts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerOf, type RouteAccessDeclaration } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { formFields, pageNumber } from '../web/forms.ts';
import type { DecisionAction } from './service.ts';

export const moderators: RouteAccessDeclaration = ['moderator', 'platform_moderator'];

const isId = (value: string) => z.uuid().safeParse(value).success;

/** The three decisions as they appear in URLs, pages and buttons. */
export const decisions: Record<
  string,
  { action: DecisionAction; heading: string; button: string; needsReason: boolean; warning: boolean }
> = {
  publish: {
    action: 'publish',
    heading: 'Publish this story?',
    button: 'Publish story',
    needsReason: false,
    warning: false,
  },
  'request-changes': {
    action: 'request_changes',
    heading: 'Ask the author for changes',
    button: 'Send back for changes',
    needsReason: true,
    warning: false,
  },
  reject: { action: 'reject', heading: 'Reject this story?', button: 'Reject story', needsReason: true, warning: true },
};

const statusNames: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for review',
  changes_requested: 'Changes requested',
  published: 'Published',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

const eventNames: Record<string, string> = {
  submitted: 'Submitted',
  published: 'Published',
  changes_requested: 'Changes requested',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  hidden: 'Taken down after a report',
  restored: 'Restored',
  report_dismissed: 'Report dismissed',
};

const relationNames: Record<string, string> = {
  author: 'Co-author',
  told_with: 'Told with',
  subject: 'Subject of the profile',
  named: 'Named in the story',
};

const consentLabels: Record<string, string> = {
  not_needed: 'Not needed',
  not_asked: 'Not asked yet',
  pending: 'Asked, no answer yet',
  given: 'Given',
  refused: 'Refused',
  anonymised: 'Anonymised',
};

const outcomeMessages: Record<string, string> = {
  publish: 'The story is published and its authors were told.',
  request_changes: 'The story went back to its authors with your reason.',
  reject: 'The story was rejected and its authors were told why.',
  dismissed: 'The report was dismissed.',
  removed: 'The content was taken from readers and the report closed.',
};

export function moderationRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: { page?: string; done?: string } }>(
      '/moderation',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) => {
        const page = pageNumber(request.query.page);
        const queue = await services.moderation.queue(request.principal, page);
        return reply.view('moderation/views/queue.njk', {
          queue,
          statusNames,
          // Importing and exporting collections is for the organisation's own moderators.
          mayTransfer: request.principal.kind === 'person' && request.principal.roles.includes('moderator'),
          done: outcomeMessages[request.query.done ?? ''],
          previous: page > 1 ? `/moderation?page=${page - 1}` : undefined,
          next: page < queue.pageCount ? `/moderation?page=${page + 1}` : undefined,
        });
      },
    );

    const reviewOf = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isId(request.params.id)) throw notFound('story');
      const review = await services.moderation.review(request.principal, request.params.id);
      if (!review) throw notFound('story');
      return review;
    };

    app.get<{ Params: { id: string } }>(
      '/moderation/stories/:id',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('moderation/views/review.njk', {
          ...(await reviewOf(request)),
          statusNames,
          eventNames,
          relationNames,
          consentLabels,
        }),
    );

    for (const [slug, decision] of Object.entries(decisions)) {
      app.get<{ Params: { id: string } }>(
        `/moderation/stories/:id/${slug}`,
        { config: { access: moderators }, schema: { hide: true } },
        async (request, reply) => {
          const review = await reviewOf(request);
          return reply.view('moderation/views/decision.njk', {
            review,
            decision,
            slug,
            values: {},
            csrfToken: reply.generateCsrf(),
          });
        },
      );

      app.post<{ Params: { id: string } }>(
        `/moderation/stories/:id/${slug}`,
        { config: { access: moderators }, schema: { hide: true } },
        async (request, reply) => {
          const review = await reviewOf(request);
          const fields = formFields(request);
          const outcome = await services.moderation.decide(request.principal, request.params.id, decision.action, {
            reason: fields.reason,
            baseUrl: app.baseUrl,
          });
          if (outcome.ok) return reply.redirect(`/moderation?done=${decision.action}`, 303);
          if (outcome.code === 'not_found') throw notFound('story');
          reply.status(outcome.code === 'invalid_transition' ? 409 : outcome.code === 'not_ready' ? 422 : 400);
          return reply.view('moderation/views/decision.njk', {
            review,
            decision,
            slug,
            values: { reason: fields.reason ?? '' },
            errors: [
              outcome.code === 'not_ready'
                ? { href: '#blockers', text: outcome.blockers.map((b) => b.message).join(' ') }
                : { href: outcome.code === 'reason_required' ? '#reason' : '#status', text: outcome.message },
            ],
            csrfToken: reply.generateCsrf(),
          });
        },
      );
    }

    const reportOf = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isId(request.params.id)) throw notFound('report');
      const report = await services.moderation.findReport(request.principal, request.params.id);
      if (!report) throw notFound('report');
      return report;
    };

    app.get<{ Params: { id: string } }>(
      '/moderation/reports/:id',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('moderation/views/report.njk', {
          report: await reportOf(request),
          values: {},
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post<{ Params: { id: string } }>(
      '/moderation/reports/:id/dismiss',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) => {
        await reportOf(request);
        const result = await services.moderation.resolveReport(request.principal, request.params.id, 'dismissed', {
          reason: formFields(request).reason,
          baseUrl: app.baseUrl,
        });
        if (!result) throw notFound('report');
        return reply.redirect('/moderation?done=dismissed', 303);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/moderation/reports/:id/remove',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) => {
        const report = await reportOf(request);
        if (report.resolved_at !== null) throw notFound('report');
        return reply.view('moderation/views/report-remove.njk', {
          report,
          values: {},
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/moderation/reports/:id/remove',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) => {
        const report = await reportOf(request);
        const fields = formFields(request);
        const result = await services.moderation.resolveReport(request.principal, request.params.id, 'removed', {
          reason: fields.reason,
          baseUrl: app.baseUrl,
        });
        if (!result) throw notFound('report');
        if (!result.ok) {
          reply.status(400);
          return reply.view('moderation/views/report-remove.njk', {
            report,
            values: { reason: fields.reason ?? '' },
            errors: [{ href: '#reason', text: result.problem }],
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.redirect('/moderation?done=removed', 303);
      },
    );

    // Moderators hide a comment on a story they review, without waiting for a report.
    const commentToHide = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isId(request.params.id)) throw notFound('comment');
      const found = await services.moderation.commentToHide(request.principal, request.params.id);
      if (!found) throw notFound('comment');
      return found;
    };

    app.get<{ Params: { id: string } }>(
      '/moderation/comments/:id/hide',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('moderation/views/comment-hide.njk', {
          found: await commentToHide(request),
          values: {},
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post<{ Params: { id: string } }>(
      '/moderation/comments/:id/hide',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) => {
        const found = await commentToHide(request);
        const fields = formFields(request);
        const result = await services.moderation.hideComment(request.principal, request.params.id, fields.reason ?? '');
        if (!result) throw notFound('comment');
        if (!result.ok) {
          reply.status(400);
          return reply.view('moderation/views/comment-hide.njk', {
            found,
            values: { reason: fields.reason ?? '' },
            errors: [{ href: '#reason', text: result.problem }],
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.redirect(`/stories/${result.storyId}#comments`, 303);
      },
    );

    // Readers report published content they can see: `/report/story/:id` or `/report/comment/:id`.
    const targetOf = async (request: FastifyRequest<{ Params: { type: string; id: string } }>) => {
      if (!isId(request.params.id)) throw notFound();
      const target = await services.moderation.reportTarget(request.principal, request.params.type, request.params.id);
      if (!target) throw notFound();
      return target;
    };

    app.get<{ Params: { type: string; id: string } }>(
      '/report/:type/:id',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view('moderation/views/report-form.njk', {
          target: await targetOf(request),
          values: {},
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post<{ Params: { type: string; id: string } }>(
      '/report/:type/:id',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const target = await targetOf(request);
        const fields = formFields(request);
        const refused = await services.throttles.consume({ reports: callerOf(request.principal).personId });
        if (refused) {
          return refusedBy(reply, refused).view('moderation/views/report-form.njk', {
            target,
            values: { reason: fields.reason ?? '' },
            errors: [limitError(refused, 'reason')],
            csrfToken: reply.generateCsrf(),
          });
        }
        const result = await services.moderation.report(
          request.principal,
          request.params.type,
          request.params.id,
          fields.reason ?? '',
        );
        if (!result) throw notFound();
        if (!result.ok) {
          reply.status(400);
          return reply.view('moderation/views/report-form.njk', {
            target,
            values: { reason: fields.reason ?? '' },
            errors: [{ href: '#reason', text: result.problem }],
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.view('moderation/views/report-sent.njk', { target });
      },
    );
  };
}
