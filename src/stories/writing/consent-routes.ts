// Consent: the author asks a person named in a story by email, or anonymises them; and the public page behind
// a consent link, where the person answers without an account.
import type { FastifyPluginAsync } from 'fastify';
import { callerOf } from '../../access/routes.ts';
import type { Services } from '../../services.ts';
import { limitedPage } from '../../throttles/web.ts';
import { notFound } from '../../web/errors.ts';
import { formErrors } from '../../web/forms.ts';
import { relationNames } from './service.ts';

export function consentRoutes(services: Services): FastifyPluginAsync {
  const writing = services.writing;

  return async (app) => {
    // Consent: the author asks a person by email, or anonymises them.
    app.post<{ Params: { id: string; personId: string } }>(
      '/stories/:id/people/:personId/ask',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        // Counted only for a person on one of the caller's own stories, so a stranger's 404 changes nothing.
        const view = await writing.forAuthor(caller, request.params.id);
        if (view?.people.some((p) => p.id === request.params.personId && p.relation !== 'author')) {
          const refused = await services.throttles.consume({
            consentRequestsPerAuthorHour: caller.personId,
            consentRequestsPerAuthorDay: caller.personId,
            consentRequestsPerStoryDay: view.story.id,
          });
          const back = { href: `/stories/${view.story.id}/edit#people`, text: 'Back to the story' };
          if (refused) return limitedPage(reply, refused, back);
        }
        const outcome = await writing.askConsent(caller, request.params.id, request.params.personId);
        if (outcome === 'not_found') throw notFound('story');
        return reply.redirect(`/stories/${request.params.id}/edit?sent=${outcome === 'sent' ? 1 : 0}#people`, 303);
      },
    );

    app.get<{ Params: { id: string; personId: string } }>(
      '/stories/:id/people/:personId/anonymise',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
        const person = view?.people.find((p) => p.id === request.params.personId && p.relation !== 'author');
        if (!view || !person) throw notFound('person');
        return reply.view('stories/writing/views/anonymise.njk', {
          story: view.story,
          person,
          editable: view.editable,
          values: {},
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { id: string; personId: string } }>(
      '/stories/:id/people/:personId/anonymise',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const alias = String((request.body as { alias?: unknown }).alias ?? '').trim();
        if (alias.length > 200) {
          const view = await writing.forAuthor(caller, request.params.id);
          const person = view?.people.find((p) => p.id === request.params.personId && p.relation !== 'author');
          if (!view || !person) throw notFound('person');
          reply.status(400);
          return reply.view('stories/writing/views/anonymise.njk', {
            story: view.story,
            person,
            editable: view.editable,
            values: { alias },
            errors: formErrors({ alias: 'Name must be 200 characters or fewer' }).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        const outcome = await writing.anonymise(caller, request.params.id, request.params.personId, alias || null);
        if (outcome === 'not_found') throw notFound('person');
        return reply.redirect(`/stories/${request.params.id}/edit?anonymised=1#people`, 303);
      },
    );

    // The public page behind a consent link. Mail scanners open links, so only the POST answers.
    app.get<{ Params: { secret: string } }>(
      '/consent/:secret',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
        const consent = await writing.consentRequest(request.params.secret);
        if (!consent) return reply.status(410).view('stories/writing/views/consent-invalid.njk');
        return reply.view('stories/writing/views/consent.njk', {
          consent,
          relationName: relationNames[consent.relation],
          secret: request.params.secret,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { secret: string } }>(
      '/consent/:secret',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
        const body = request.body as { decision?: unknown; textHash?: unknown } | undefined;
        const decision = body?.decision;
        if (decision !== 'give' && decision !== 'refuse') {
          const consent = await writing.consentRequest(request.params.secret);
          if (!consent) return reply.status(410).view('stories/writing/views/consent-invalid.njk');
          reply.status(400);
          return reply.view('stories/writing/views/consent.njk', {
            consent,
            relationName: relationNames[consent.relation],
            secret: request.params.secret,
            errors: formErrors({ decision: 'Select whether you give your consent' }).errors,
            csrfToken: reply.generateCsrf(),
          });
        }
        const shown = typeof body?.textHash === 'string' ? body.textHash : undefined;
        const outcome = await writing.answerConsent(request.params.secret, decision === 'give', shown);
        if (outcome === 'invalid') return reply.status(410).view('stories/writing/views/consent-invalid.njk');
        if (outcome === 'changed') {
          // The author edited the story after this page was opened: show the text as it is now, record nothing.
          const consent = await writing.consentRequest(request.params.secret);
          if (!consent) return reply.status(410).view('stories/writing/views/consent-invalid.njk');
          reply.status(409);
          return reply.view('stories/writing/views/consent.njk', {
            consent,
            relationName: relationNames[consent.relation],
            secret: request.params.secret,
            changed: true,
            errors: [
              {
                href: '#the-story',
                text: 'The story changed since you opened this page. Read it again before you answer.',
              },
            ],
            csrfToken: reply.generateCsrf(),
          });
        }
        return reply.view('stories/writing/views/consent-done.njk', { outcome });
      },
    );
  };
}
