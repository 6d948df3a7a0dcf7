// Server-rendered pages: Nunjucks with the GOV.UK Frontend macros, and what every page's layout needs.
import path from 'node:path';
import view from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { govukDist, projectRoot } from './assets.ts';

export interface ViewOptions {
  stylesheetHref: string;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

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
        env.addFilter('longDate', (value: Date | string | null) => (value ? dateFormat.format(new Date(value)) : ''));
        env.addFilter('dateTime', (value: Date | string | null) =>
          value ? dateTimeFormat.format(new Date(value)) : '',
        );
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
      csrfToken: person ? reply.generateCsrf() : undefined,
    };
  });
}

declare module 'fastify' {
  interface FastifyReply {
    locals: Record<string, unknown> | undefined;
  }
}
