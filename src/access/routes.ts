// Who may call each route. Every route declares it in `config.access`; the app refuses to start with a
// route that does not, and a hook turns the declaration into a 401 (API) or a sign-in page (pages).
import type { FastifyInstance, RouteOptions } from 'fastify';
import { HttpError, wantsJson } from '../web/errors.ts';

/** `public`: anyone, including anonymous visitors. `signed_in`: a person, by session or API token. */
export const routeAccessLevels = ['public', 'signed_in'] as const;
export type RouteAccess = (typeof routeAccessLevels)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route registered so far, with its declared access: for tests and audits. */
    routeTable: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

export class UndeclaredRouteError extends Error {}

/** Call before any route is registered; `app.routeTable` then lists every route and its access. */
export function requireAccessDeclarations(app: FastifyInstance) {
  const table: DeclaredRoute[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access || !routeAccessLevels.includes(access)) {
      throw new UndeclaredRouteError(
        `${methods.join(',')} ${route.url} does not declare who may call it: set config.access to one of ${routeAccessLevels.join(', ')}.`,
      );
    }
    for (const method of methods) table.push({ method, url: route.url, access });
  });
}

/** Runs after the caller is known (see web/principal.ts). */
export function enforceAccess(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.config.access !== 'signed_in' || request.principal.kind === 'person') return;
    if (wantsJson(request)) throw new HttpError(401, 'unauthorised', 'Sign in or send an API token.');
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
  });
}
