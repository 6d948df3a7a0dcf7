// Subscription pages: follow and unfollow buttons (POST forms, from any page that shows one), "Your
// subscriptions" under the account, the one-click unsubscribe link of every digest (a GET shows a button; only a
// POST, which needs no session or CSRF token because the link's secret is the authority, unsubscribes), and
// the address form for readers without an account, with its confirmation link.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { limitError, limitedPage, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';
import { frequencies, frequencyNames } from './schedule.ts';
import { addressForm, frequencyForm, returnPath, targetSchema } from './schema.ts';
import { targetTypeNames } from './service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST whose secret path is its own authority (RFC 8058 one-click unsubscribe): no CSRF token asked. */
    csrfFree?: boolean;
  }
}

const hidden = { schema: { hide: true } } as const;

function secretPage(reply: FastifyReply) {
  // The secret is in the path: keep it out of Referer headers and caches.
  return reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
}

export function subscriptionsRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const subscriptions = services.subscriptions;
    // RFC 8058 asks mail providers to send the one-click POST as multipart/form-data: its one field says nothing
    // the path does not, so such a body (small) is read and set aside. Only this folder's routes take it.
    app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) =>
      done(null, {}),
    );

    async function followOrNot(request: FastifyRequest, reply: FastifyReply, following: boolean) {
      const fields = formFields(request);
      const parsed = targetSchema.safeParse(fields);
      if (!parsed.success) throw notFound('subscription');
      const back = returnPath(fields.returnTo, '/account/subscriptions');
      if (following) {
        // Only a new follow counts towards the limit: a second press of the button writes nothing.
        let refused: Awaited<ReturnType<typeof services.throttles.consume>>;
        const followed = await subscriptions.follow(request.principal, parsed.data, async () => {
          refused = await services.throttles.consume({ follows: callerOf(request.principal).personId });
          return !refused;
        });
        if (followed === 'not_found') throw notFound('subscription');
        if (followed === 'refused' && refused) return limitedPage(reply, refused, { href: back, text: 'Go back' });
      } else {
        await subscriptions.unfollow(request.principal, parsed.data);
      }
      return reply.redirect(back, 303);
    }

    app.post('/subscriptions/follow', { config: { access: 'signed_in' }, ...hidden }, (request, reply) =>
      followOrNot(request, reply, true),
    );
    app.post('/subscriptions/unfollow', { config: { access: 'signed_in' }, ...hidden }, (request, reply) =>
      followOrNot(request, reply, false),
    );

    async function overviewPage(
      request: FastifyRequest,
      reply: FastifyReply,
      extra: { errors?: ReturnType<typeof formErrors>; saved?: boolean } = {},
    ) {
      const { follows, frequency } = await subscriptions.overview(request.principal);
      return reply.view('subscriptions/views/subscriptions.njk', {
        follows: follows.map((f) => ({ ...f, typeName: targetTypeNames[f.type] })),
        frequencyItems: frequencies.map((value) => ({
          value,
          text: frequencyNames[value],
          checked: value === frequency,
        })),
        errors: extra.errors,
        saved: extra.saved ?? false,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get<{ Querystring: { saved?: string } }>(
      '/account/subscriptions',
      { config: { access: 'signed_in' }, ...hidden },
      (request, reply) => overviewPage(request, reply, { saved: request.query.saved === '1' }),
    );

    app.post('/account/subscriptions', { config: { access: 'signed_in' }, ...hidden }, async (request, reply) => {
      const parsed = frequencyForm.safeParse(formFields(request));
      if (!parsed.success) {
        reply.status(400);
        return overviewPage(request, reply, { errors: formErrors(parsed.error.issues) });
      }
      await subscriptions.setFrequency(request.principal, parsed.data.frequency);
      return reply.redirect('/account/subscriptions?saved=1', 303);
    });

    app.get<{ Params: { token: string } }>(
      '/unsubscribe/:token',
      { config: { access: 'public' }, ...hidden },
      async (request, reply) => {
        secretPage(reply);
        if (!(await subscriptions.linkIsLive(request.params.token))) {
          return reply.status(404).view('subscriptions/views/unsubscribe-gone.njk');
        }
        return reply.view('subscriptions/views/unsubscribe.njk', { token: request.params.token });
      },
    );

    app.post<{ Params: { token: string } }>(
      '/unsubscribe/:token',
      { config: { access: 'public', csrfFree: true }, ...hidden },
      async (request, reply) => {
        secretPage(reply);
        if (!(await subscriptions.unsubscribe(request.params.token))) {
          return reply.status(404).view('subscriptions/views/unsubscribe-gone.njk');
        }
        return reply.view('subscriptions/views/unsubscribed.njk');
      },
    );

    app.get<{ Querystring: { sent?: string } }>(
      '/articles/subscribe',
      { config: { access: 'public' }, ...hidden },
      async (request, reply) =>
        reply.view('subscriptions/views/by-email.njk', {
          sent: request.query.sent === '1',
          values: {},
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.post('/articles/subscribe', { config: { access: 'public' }, ...hidden }, async (request, reply) => {
      const fields = formFields(request);
      const parsed = addressForm.safeParse(fields);
      const again = (errors: ReturnType<typeof formErrors>) =>
        reply.view('subscriptions/views/by-email.njk', {
          sent: false,
          values: { email: fields.email ?? '' },
          errors,
          csrfToken: reply.generateCsrf(),
        });
      if (!parsed.success) {
        reply.status(400);
        return again(formErrors(parsed.error.issues));
      }
      const address = parsed.data.email;
      const refused = await services.throttles.consume({
        articleSubscriptionsPerNetwork: request.ip,
        articleSubscriptionsPerAddress: address.toLowerCase(),
      });
      if (refused) {
        refusedBy(reply, refused);
        return again({ errors: [limitError(refused, 'email')], messages: { email: refused.message } });
      }
      await subscriptions.requestByAddress(address);
      // The same answer whether the address was new, waiting or already confirmed: nothing to enumerate.
      return reply.redirect('/articles/subscribe?sent=1', 303);
    });

    app.get<{ Params: { secret: string } }>(
      '/articles/subscribe/:secret',
      { config: { access: 'public' }, ...hidden },
      async (request, reply) => {
        secretPage(reply);
        if (!(await subscriptions.confirmationWaiting(request.params.secret))) {
          return reply.status(410).view('subscriptions/views/confirm-gone.njk');
        }
        return reply.view('subscriptions/views/confirm.njk', {
          secret: request.params.secret,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { secret: string } }>(
      '/articles/subscribe/:secret',
      { config: { access: 'public' }, ...hidden },
      async (request, reply) => {
        secretPage(reply);
        if (!(await subscriptions.confirm(request.params.secret))) {
          return reply.status(410).view('subscriptions/views/confirm-gone.njk');
        }
        return reply.view('subscriptions/views/confirmed.njk');
      },
    );
  };
}
