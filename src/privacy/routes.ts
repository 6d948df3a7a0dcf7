// Privacy pages: what Waymark holds about you, downloading it, deleting your account (any signed-in
// person, for themselves only), and an organisation's retention period (its admins, for their current one).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { sessionPersonOf } from '../access/principal.ts';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { deleteAccountForm, retentionForm, retentionLimits } from './schema.ts';

// Fresh objects per route: Fastify keeps each route's options as its own.
const page = (access: 'public' | 'signed_in' | 'org_admin') => ({ config: { access }, schema: { hide: true } });

/** The day in London, as people would name the file's date. */
const londonDay = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(date)
    .slice(0, 10);

export function privacyRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const privacy = services.privacy;

    app.get('/account/privacy', page('signed_in'), async (_request, reply) =>
      reply.view('privacy/views/privacy.njk', { sections: privacy.sections() }),
    );

    app.get('/account/export', page('signed_in'), async (_request, reply) =>
      reply.view('privacy/views/export.njk', { sections: privacy.sections(), csrfToken: reply.generateCsrf() }),
    );

    app.post('/account/export', page('signed_in'), async (request, reply) => {
      // Only the person, signed in: an API token may not take the account's data away.
      const data = await privacy.exportFor(sessionPersonOf(request.principal).personId);
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="waymark-export-${londonDay(new Date(data.exportedAt))}.json"`,
        )
        .header('cache-control', 'no-store')
        .send(JSON.stringify(data, null, 2));
    });

    async function deletePage(
      reply: FastifyReply,
      personId: string,
      extra: { values?: Record<string, string>; errors?: FormError[]; lastAdminOf?: string[] },
    ) {
      const [person, preview] = await Promise.all([
        services.accounts.findPerson(personId),
        privacy.erasurePreview(personId),
      ]);
      if (!person) throw notFound();
      const values = extra.values ?? {};
      return reply.view('privacy/views/delete.njk', {
        email: person.email,
        stories: preview.stories,
        lastAdminOf: extra.lastAdminOf ?? preview.lastAdminOf,
        values,
        storyItems: [
          {
            value: 'anonymise',
            text: 'Keep them, with no name',
            hint: {
              text: `${preview.stories.keepable} published ${preview.stories.keepable === 1 ? 'story stays' : 'stories stay'} where ${preview.stories.keepable === 1 ? 'it is' : 'they are'}, shown as told by “Former member”. Stories not yet published, and private ones, are deleted.`,
            },
            checked: values.stories === 'anonymise',
          },
          {
            value: 'remove',
            text: 'Delete them all',
            hint: { text: 'Every story you wrote is deleted, published or not.' },
            checked: values.stories === 'remove',
          },
        ],
        errors: extra.errors,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get('/account/delete', page('signed_in'), async (request, reply) =>
      deletePage(reply, sessionPersonOf(request.principal).personId, {}),
    );

    app.post('/account/delete', page('signed_in'), async (request, reply) => {
      const personId = sessionPersonOf(request.principal).personId;
      const fields = formFields(request);
      const values = { stories: fields.stories ?? '', email: fields.email ?? '' };
      const parsed = deleteAccountForm.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return deletePage(reply, personId, { values, errors: formErrors(parsed.error.issues).errors });
      }
      const outcome = await privacy.eraseAccount(personId, parsed.data);
      if (!outcome.ok) {
        reply.status(400);
        if (outcome.reason === 'last_admin') {
          return deletePage(reply, personId, {
            values,
            lastAdminOf: outcome.organisations,
            errors: [
              {
                href: '#last-admin',
                text: `You are the only admin of ${outcome.organisations.join(', ')}. Make someone else an admin first`,
              },
            ],
          });
        }
        return deletePage(reply, personId, { values, errors: formErrors(outcome.problems).errors });
      }
      // The stored sessions are gone; this one must not be written back.
      await request.session.destroy();
      return reply.redirect('/account/deleted', 303);
    });

    // Public: by now the person is signed out. The page says nothing about who was deleted.
    app.get('/account/deleted', page('public'), async (_request, reply) => reply.view('privacy/views/deleted.njk', {}));

    // How long the current organisation keeps records.
    async function retentionPage(
      reply: FastifyReply,
      orgId: string,
      extra: { values?: Record<string, string>; errors?: FormError[]; saved?: boolean },
    ) {
      const org = await privacy.retention(orgId);
      if (!org) throw notFound();
      return reply.view('privacy/views/retention.njk', {
        org,
        values: extra.values ?? { days: org.days === null ? '' : String(org.days) },
        limits: retentionLimits,
        errors: extra.errors,
        saved: extra.saved,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get<{ Querystring: { done?: string } }>('/organisation/retention', page('org_admin'), async (request, reply) =>
      retentionPage(reply, currentOrgOf(request.principal), { saved: request.query.done === 'saved' }),
    );

    app.post('/organisation/retention', page('org_admin'), async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const values = { days: formFields(request).days ?? '' };
      const parsed = retentionForm.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return retentionPage(reply, orgId, { values, errors: formErrors(parsed.error.issues).errors });
      }
      await privacy.setRetention(callerOf(request.principal).personId, orgId, parsed.data.days);
      return reply.redirect('/organisation/retention?done=saved', 303);
    });
  };
}
