// Moderation pages: the queue, reviewing a record of any moderated kind and deciding on it (each kind's
// review under /moderation at its own path: /moderation/stories/:id), handling reports, and the page where
// a reader reports content. Moderators of the current organisation and platform moderators reach the
// queue; what each sees there is decided by their reach (see reach.ts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { callerOf, type RouteAccessDeclaration } from '../access/routes.ts';
import type { ScopedKind } from '../content/kind.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields, pageNumber } from '../web/forms.ts';
import { reviewUrl } from './kinds.ts';
import type { DecisionAction } from './service.ts';

export const moderators: RouteAccessDeclaration = ['moderator', 'platform_moderator'];

/** The three decisions as they appear in URLs, pages and buttons, for a kind called `noun`. */
export function decisionsFor(
  noun: string,
): Record<string, { action: DecisionAction; heading: string; button: string; needsReason: boolean; warning: boolean }> {
  return {
    publish: {
      action: 'publish',
      heading: `Publish this ${noun}?`,
      button: `Publish ${noun}`,
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
    reject: {
      action: 'reject',
      heading: `Reject this ${noun}?`,
      button: `Reject ${noun}`,
      needsReason: true,
      warning: true,
    },
  };
}

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

/** The banner after a decision on a record called `noun`, or after handling a report. */
function outcomeMessage(done: string | undefined, noun: string): string | undefined {
  const messages: Record<string, string> = {
    publish: `The ${noun} is published and its authors were told.`,
    request_changes: `The ${noun} went back to its authors with your reason.`,
    reject: `The ${noun} was rejected and its authors were told why.`,
    dismissed: 'The report was dismissed.',
    removed: 'The content was taken from readers and the report closed.',
  };
  return done ? messages[done] : undefined;
}

export function moderationRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    // The first moderated kind (stories) keeps the short address its decisions have always returned to.
    const [firstKind] = services.kinds.moderated();
    const doneAt = (kind: ScopedKind, action: string) =>
      `/moderation?done=${action}${kind === firstKind ? '' : `&type=${encodeURIComponent(kind.type)}`}`;

    app.get<{ Querystring: { page?: string; done?: string; type?: string } }>(
      '/moderation',
      { config: { access: moderators }, schema: { hide: true } },
      async (request, reply) => {
        const page = pageNumber(request.query.page);
        const queue = await services.moderation.queue(request.principal, page);
        const decided = services.kinds.scoped(request.query.type ?? '') ?? firstKind;
        return reply.view('moderation/views/queue.njk', {
          queue,
          // Pages of the kinds' own (importing and exporting stories) are for the organisation's own moderators.
          kindLinks:
            request.principal.kind === 'person' && request.principal.roles.includes('moderator')
              ? services.moderation.links()
              : [],
          done: outcomeMessage(request.query.done, decided?.noun ?? 'content'),
          previous: page > 1 ? `/moderation?page=${page - 1}` : undefined,
          next: page < queue.pageCount ? `/moderation?page=${page + 1}` : undefined,
        });
      },
    );

    for (const kind of services.kinds.moderated()) {
      const reviewOf = async (request: FastifyRequest<{ Params: { id: string } }>) => {
        if (!isRecordId(request.params.id)) throw notFound(kind.noun);
        const review = await services.moderation.review(request.principal, { type: kind.type, id: request.params.id });
        if (!review) throw notFound(kind.noun);
        return review;
      };
      const path = reviewUrl(kind, ':id');

      app.get<{ Params: { id: string } }>(
        path,
        { config: { access: moderators }, schema: { hide: true } },
        async (request, reply) =>
          reply.view('moderation/views/review.njk', { ...(await reviewOf(request)), eventNames }),
      );

      for (const [slug, decision] of Object.entries(decisionsFor(kind.noun))) {
        app.get<{ Params: { id: string } }>(
          `${path}/${slug}`,
          { config: { access: moderators }, schema: { hide: true } },
          async (request, reply) =>
            reply.view('moderation/views/decision.njk', {
              review: await reviewOf(request),
              decision,
              slug,
              values: {},
              csrfToken: reply.generateCsrf(),
            }),
        );

        app.post<{ Params: { id: string } }>(
          `${path}/${slug}`,
          { config: { access: moderators }, schema: { hide: true } },
          async (request, reply) => {
            const review = await reviewOf(request);
            const fields = formFields(request);
            const outcome = await services.moderation.decide(
              request.principal,
              { type: kind.type, id: request.params.id },
              decision.action,
              { reason: fields.reason },
            );
            if (outcome.ok) return reply.redirect(doneAt(kind, decision.action), 303);
            if (outcome.code === 'not_found') throw notFound(kind.noun);
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
    }

    const reportOf = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isRecordId(request.params.id)) throw notFound('report');
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
        });
        if (!result) throw notFound('report');
        if (!result.ok) {
          reply.status(400);
          return reply.view('moderation/views/report-remove.njk', {
            report,
            values: { reason: fields.reason ?? '' },
            errors: formErrors({ reason: result.problem }).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.redirect('/moderation?done=removed', 303);
      },
    );

    // Moderators hide a comment on a record they review, without waiting for a report.
    const commentToHide = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      if (!isRecordId(request.params.id)) throw notFound('comment');
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
            errors: formErrors({ reason: result.problem }).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.redirect(`${result.url}#comments`, 303);
      },
    );

    // Readers report published content they can see: `/report/:type/:id` for any reported kind.
    const targetOf = async (request: FastifyRequest<{ Params: { type: string; id: string } }>) => {
      if (!isRecordId(request.params.id)) throw notFound();
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
            errors: formErrors({ reason: result.problem }).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.view('moderation/views/report-sent.njk', { target });
      },
    );
  };
}
