// Pages about Waymark itself, for anyone: how it works, help, and the statements the law asks a public
// body to publish (accessibility, privacy, cookies). Their facts come from the code (facts.ts), from what a
// person's data export holds, and from the deployment's configuration (the `contact` every view has).
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { limits, periods, sessionCookieFor } from './facts.ts';

const pages = {
  '/how-it-works': 'about/views/how-it-works.njk',
  '/help': 'about/views/help.njk',
  '/accessibility': 'about/views/accessibility.njk',
  '/privacy': 'about/views/privacy.njk',
  '/cookies': 'about/views/cookies.njk',
} as const;

export function aboutRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const facts = {
      periods,
      limits,
      // The cookie this deployment sets, and the address the statements are about.
      sessionCookie: sessionCookieFor(app.baseUrl),
      siteAddress: app.baseUrl,
      // What the privacy notice lists as held about a person: the sections of their data export.
      sections: services.privacy.sections(),
    };
    for (const [url, template] of Object.entries(pages)) {
      app.get(url, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
        reply.view(template, { ...facts }),
      );
    }
  };
}
