// Who may call each route. Every route declares it in `config.access`; the app refuses to start with a
// route that does not, and a hook turns the declaration into a 401 (API), a sign-in page, or a 404.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { HttpError, notFound, wantsJson } from '../web/errors.ts';
import { isBearerApiCall, unsafeMethods } from '../web/session.ts';
import type { MembershipRole } from './roles.ts';
import { anonymous, type Principal } from './visibility.ts';

/**
 * `public`: anyone. `signed_in`: a person, by session or API token. A role (`org_admin`, `hr_od`,
 * `moderator`, `coordinator`, `line_manager`): a person holding it in the organisation they are working in
 * (a token: the organisation it acts for). `platform_admin`: the people who run the deployment.
 * `platform_moderator`: the people who review stories meant for the public, from every organisation.
 * `editor`: a person who writes and publishes their organisation's articles (src/articles).
 * What a route then shows still depends on each record's scope (see visibility.ts).
 */
export const routeAccessLevels = [
  'public',
  'signed_in',
  'line_manager',
  'moderator',
  'coordinator',
  'hr_od',
  'org_admin',
  'editor',
  'platform_admin',
  'platform_moderator',
] as const;
export type RouteAccess = (typeof routeAccessLevels)[number];

/** One level, or several when any of them will do (e.g. `['org_admin', 'coordinator']`). */
export type RouteAccessDeclaration = RouteAccess | readonly RouteAccess[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccessDeclaration;
  }
  interface FastifyInstance {
    /** Every route registered so far, with its declared access: for tests and audits. */
    routeTable: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccessDeclaration;
}

export class UndeclaredRouteError extends Error {}

/** Whether a principal passes a route's declaration (records are then filtered by their scope). */
export function mayCall(principal: Principal, access: RouteAccessDeclaration): boolean {
  if (typeof access !== 'string') return access.some((level) => mayCall(principal, level));
  if (access === 'public') return true;
  if (principal.kind !== 'person') return false;
  if (access === 'signed_in') return true;
  if (access === 'platform_admin') return principal.platformAdmin;
  if (access === 'platform_moderator') return principal.platformModerator === true;
  return principal.roles.includes(access satisfies MembershipRole);
}

/** Call before any route is registered; `app.routeTable` then lists every route and its access. */
export function requireAccessDeclarations(app: FastifyInstance) {
  const table: DeclaredRoute[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.access;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const levels = typeof access === 'string' ? [access] : (access ?? []);
    if (!access || levels.length === 0 || !levels.every((level) => routeAccessLevels.includes(level))) {
      throw new UndeclaredRouteError(
        `${methods.join(',')} ${route.url} does not declare who may call it: set config.access to one of ${routeAccessLevels.join(', ')}.`,
      );
    }
    for (const method of methods) table.push({ method, url: route.url, access });
  });
}

/**
 * Register before the sessions' CSRF check: a state-changing API call with neither a signed-in session nor
 * an API token, to a route that needs a caller, is told who the API wants (401) rather than asked for a CSRF
 * token no program could have. A signed-in session still needs its CSRF token.
 */
export function refuseAnonymousApiWrites(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (!unsafeMethods.has(request.method) || !request.url.startsWith('/api/') || isBearerApiCall(request)) return;
    if (request.session?.personId !== undefined) return;
    if (!mayCall(anonymous, request.routeOptions.config?.access ?? 'public')) {
      throw new HttpError(401, 'unauthorised', 'Sign in or send an API token.');
    }
  });
}

/**
 * Runs after the caller is known (see access/caller.ts). Anonymous callers are asked to sign in; a person
 * without the role gets the same 404 as for a page that does not exist, so routes reveal nothing.
 */
export function enforceAccess(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config.access ?? 'public';
    if (mayCall(request.principal, access)) return;
    if (request.principal.kind === 'person') throw notFound();
    if (wantsJson(request)) throw new HttpError(401, 'unauthorised', 'Sign in or send an API token.');
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
  });
}

/** The person behind a route that is not `public` (the access hook has already turned everyone else away). */
export function callerOf(principal: Principal): Extract<Principal, { kind: 'person' }> {
  if (principal.kind !== 'person') throw new HttpError(401, 'unauthorised', 'Sign in first.');
  return principal;
}

/** The organisation a role-declared route acts on: the caller's current one. */
export function currentOrgOf(principal: Principal): string {
  const caller = callerOf(principal);
  if (caller.currentOrgId === null) throw notFound();
  return caller.currentOrgId;
}
