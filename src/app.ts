// The Fastify application: the whole request pipeline, in order, on one screen.
import formbody from '@fastify/formbody';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { aboutRoutes } from './about/routes.ts';
import { setUpPrincipal } from './access/caller.ts';
import { enforceAccess, refuseAnonymousApiWrites, requireAccessDeclarations } from './access/routes.ts';
import { accountsApi } from './accounts/api.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { accountTokenRoutes } from './accounts/token-routes.ts';
import { articlesApi } from './articles/api.ts';
import { articleEditorRoutes } from './articles/editor-routes.ts';
import { articlesRoutes } from './articles/routes.ts';
import { type DeploymentContact, defaultContact } from './config.ts';
import { discussionRoutes } from './discussion/routes.ts';
import { emailRoutes } from './email/routes.ts';
import { frameworkApi } from './framework/api.ts';
import { frameworkRoutes } from './framework/routes.ts';
import { groupsApi } from './groups/api.ts';
import { groupsRoutes } from './groups/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { staffImportRoutes } from './invitations/import-routes.ts';
import { invitationsRoutes } from './invitations/routes.ts';
import { libraryApi } from './library/api.ts';
import { libraryRoutes } from './library/routes.ts';
import { moderationApi } from './moderation/api.ts';
import { moderationRoutes } from './moderation/routes.ts';
import { notificationsApi } from './notifications/api.ts';
import { notificationsRoutes } from './notifications/routes.ts';
import { organisationsRoutes, setUpOrganisationContext } from './organisations/routes.ts';
import { pairRoutes } from './pair/routes.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { siteSearchApi } from './search/api.ts';
import { siteSearchRoutes } from './search/routes.ts';
import type { Services } from './services.ts';
import { spacesApi } from './spaces/api.ts';
import { spacesRoutes } from './spaces/routes.ts';
import { ssoRoutes } from './sso/routes.ts';
import { storiesApi } from './stories/api.ts';
import { storyAudioRoutes } from './stories/audio/routes.ts';
import { storiesRoutes } from './stories/routes.ts';
import { storyTransferRoutes } from './stories/transfer/routes.ts';
import { writingApi } from './stories/writing/api.ts';
import { consentRoutes } from './stories/writing/consent-routes.ts';
import { writingRoutes } from './stories/writing/routes.ts';
import { subscriptionsApi } from './subscriptions/api.ts';
import { subscriptionsRoutes } from './subscriptions/routes.ts';
import { taggingApi } from './tagging/api.ts';
import { type Stylesheet, setUpAssets } from './web/assets.ts';
import { setUpCompression } from './web/compression.ts';
import { answerFrameworkErrors, setUpErrorHandling } from './web/errors.ts';
import { setUpHealthChecks } from './web/health.ts';
import { setUpOpenApi } from './web/openapi.ts';
import { type PageCacheStats, setUpPageCache } from './web/page-cache.ts';
import { setUpWebSecurity } from './web/security.ts';
import { sessionCookieNames, setUpSessions } from './web/session.ts';
import { setUpTextGuard } from './web/text.ts';
import { setUpViews } from './web/views.ts';

declare module 'fastify' {
  interface FastifyInstance {
    baseUrl: string;
    /** The page cache's counters, when pages are kept (web/page-cache.ts). */
    pageCacheStats: PageCacheStats | undefined;
  }
}

export interface AppOptions {
  services: Services;
  pool: pg.Pool;
  stylesheet: Stylesheet;
  sessionSecret: string;
  baseUrl: string;
  /** See Config.trustProxy. */
  trustProxy?: false | number | string[];
  logger: FastifyServerOptions['logger'];
  /** Keep pages for anonymous readers in memory (default on). */
  pageCache?: boolean;
  /** Who runs this deployment (see Config.contact); a local run's defaults when not given. */
  contact?: DeploymentContact;
}

export async function buildApp(options: AppOptions) {
  const { services } = options;
  const app = Fastify({
    logger: options.logger,
    // A number of hops means: believe that many proxies in front of Waymark, nearest first.
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (options.trustProxy as number)
        : (options.trustProxy ?? false),
    return503OnClosing: true,
    // A malformed or over-long address gets Waymark's own page (or the API's JSON), not Fastify's.
    frameworkErrors: answerFrameworkErrors(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Before any plugin, so that every route and plugin inherits the handlers and the access rule.
  setUpErrorHandling(app);
  // The public address of the site, for links in email (sign-in links, invitations).
  app.decorate('baseUrl', options.baseUrl);
  requireAccessDeclarations(app);

  setUpHealthChecks(app, services.db);
  // Before everything else a request goes through: a page kept for anonymous readers is answered with the
  // headers it was rendered with (security headers included), by the HTTP server before Fastify routes it.
  app.decorate(
    'pageCacheStats',
    options.pageCache === false
      ? undefined
      : await setUpPageCache(app, {
          pool: options.pool,
          sessionCookies: sessionCookieNames,
          nextScheduled: services.articles.nextPublication,
        }),
  );
  setUpWebSecurity(app);
  await setUpCompression(app);
  await app.register(formbody);
  // Before the sessions' CSRF check: an API call from nobody is asked to sign in, not for a CSRF token.
  refuseAnonymousApiWrites(app);
  await setUpSessions(app, {
    secret: options.sessionSecret,
    secureCookies: options.baseUrl.startsWith('https://'),
    pool: options.pool,
  });
  // After the CSRF check: a NUL character anywhere in the input is a 400 naming the field, never a 500.
  setUpTextGuard(app);
  // Every stylesheet and script, the features' included.
  await setUpAssets(app, options.stylesheet);
  setUpPrincipal(app, services);
  enforceAccess(app);
  await setUpViews(app, { stylesheetHref: options.stylesheet.href, contact: options.contact ?? defaultContact });
  setUpOrganisationContext(app);
  await setUpOpenApi(app, options.baseUrl);

  await app.register(homeRoutes(services));
  await app.register(aboutRoutes(services));
  await app.register(frameworkRoutes(services));
  await app.register(storiesRoutes(services));
  await app.register(siteSearchRoutes(services));
  await app.register(articlesRoutes(services));
  await app.register(articleEditorRoutes(services));
  await app.register(writingRoutes(services));
  await app.register(consentRoutes(services));
  await app.register(storyTransferRoutes(services));
  await app.register(libraryRoutes(services));
  await app.register(accountsRoutes(services));
  await app.register(accountTokenRoutes(services));
  await app.register(ssoRoutes(services));
  await app.register(spacesRoutes(services));
  await app.register(invitationsRoutes(services));
  await app.register(staffImportRoutes(services));
  await app.register(organisationsRoutes(services));
  await app.register(emailRoutes(services));
  await app.register(privacyRoutes(services));
  await app.register(moderationRoutes(services));
  await app.register(discussionRoutes(services));
  await app.register(notificationsRoutes(services));
  await app.register(pairRoutes(services));
  await app.register(groupsRoutes(services));
  await app.register(subscriptionsRoutes(services));
  await app.register(storyAudioRoutes(services));
  await app.register(frameworkApi(services), { prefix: '/api/v1' });
  await app.register(storiesApi(services), { prefix: '/api/v1' });
  await app.register(siteSearchApi(services), { prefix: '/api/v1' });
  await app.register(articlesApi(services), { prefix: '/api/v1' });
  await app.register(libraryApi(services), { prefix: '/api/v1' });
  await app.register(writingApi(services), { prefix: '/api/v1' });
  await app.register(moderationApi(services), { prefix: '/api/v1' });
  await app.register(taggingApi(services), { prefix: '/api/v1' });
  await app.register(groupsApi(services), { prefix: '/api/v1' });
  await app.register(accountsApi(services), { prefix: '/api/v1' });
  await app.register(spacesApi(services), { prefix: '/api/v1' });
  await app.register(notificationsApi(services), { prefix: '/api/v1' });
  await app.register(subscriptionsApi(services), { prefix: '/api/v1' });

  return app;
}
