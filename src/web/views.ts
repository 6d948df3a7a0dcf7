// Server-rendered pages: Nunjucks with the GOV.UK Frontend macros, and what every page's layout needs.
import path from 'node:path';
import view from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import type { DeploymentContact } from '../config.ts';
import { dateText, dateTimeText } from '../text/dates.ts';
import { govukDist, projectRoot } from './assets.ts';
import { sessionLimits } from './session.ts';

export interface ViewOptions {
  stylesheetHref: string;
  /** Who runs this deployment (CONTACT_EMAIL, CONTACT_NAME): the footer, sign-in and the statements. */
  contact: DeploymentContact;
}

export async function setUpViews(app: FastifyInstance, options: ViewOptions) {
  const src = path.join(projectRoot, 'src');
  await app.register(view, {
    engine: { nunjucks },
    templates: [path.join(src, 'web', 'views'), src, govukDist],
    options: {
      autoescape: true,
      throwOnUndefined: false,
      onConfigure: (env: nunjucks.Environment) => {
        env.addGlobal('stylesheetHref', options.stylesheetHref);
        env.addGlobal('serviceName', 'Waymark');
        env.addGlobal('contact', options.contact);
        // The one date style (src/text/dates.ts): "4 December 2026", "4 December 2026 at 8:42pm".
        env.addFilter('longDate', (value: Date | string | null) => (value ? dateText(value) : ''));
        env.addFilter('dateTime', (value: Date | string | null) => (value ? dateTimeText(value) : ''));
        env.addFilter('isoDate', (value: Date | string | null) => (value ? new Date(value).toISOString() : ''));
      },
    },
  });
  // What the layout shows on every page: who is signed in, where we are, a CSRF token for sign-out.
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/api/')) return;
    const person = request.person;
    reply.locals = {
      currentPath: request.url.split('?')[0],
      person,
      // Read with the caller (access/principal.ts), so the header's count costs no query of its own.
      notifications: person ? { unread: person.unreadNotifications } : undefined,
      csrfToken: person ? reply.generateCsrf() : undefined,
      // When a signed-in session ends (waymark.js warns before it): its idle limit, and its limit since signing in.
      sessionClock:
        person && request.session?.signedInAt !== undefined
          ? { idleMs: sessionLimits.idleMs, endsAt: request.session.signedInAt + sessionLimits.absoluteMs }
          : undefined,
    };
  });
}

declare module 'fastify' {
  interface FastifyReply {
    locals: Record<string, unknown> | undefined;
  }
}
