// Server-side sessions in PostgreSQL (any instance can serve any request) and CSRF protection for forms.
// API calls with a bearer token carry no ambient credentials, so they need no CSRF token.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import session from '@fastify/session';
import connectPgSimple from 'connect-pg-simple';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type pg from 'pg';

declare module 'fastify' {
  interface Session {
    personId?: string;
    /** When the person signed in (ms since the epoch), for the absolute limit. */
    signedInAt?: number;
    /** The organisation the person is working in, when they belong to more than one. */
    orgId?: string;
    /**
     * The person's session generation at sign-in (users.session_generation). A password change, signing
     * out everywhere or being disabled raises it, and the session stops counting (access/caller.ts).
     */
    generation?: number;
    /** When the stored session was last written back to push its expiry on (ms since the epoch). */
    renewedAt?: number;
  }
}

/**
 * A session ends after 30 minutes without a request (the cookie and the stored session expire together,
 * renewed by each request), and 12 hours after sign-in whatever the activity.
 */
/** The session cookie: `__Host-` prefixed (Secure, host-only) over https, plain on a laptop's http. */
export const sessionCookieNames = ['__Host-waymark', 'waymark'] as const;

export const sessionLimits = { idleMs: 30 * 60 * 1000, absoluteMs: 12 * 60 * 60 * 1000 } as const;

export const sessionExpired = (signedInAt: number | undefined, now = Date.now()) =>
  signedInAt === undefined || now - signedInAt >= sessionLimits.absoluteMs;

export interface SessionOptions {
  secret: string;
  secureCookies: boolean;
  pool: pg.Pool;
}

const renewEveryMs = 60_000;

/** The methods that change something, and so need a CSRF token unless the call carries an API token. */
export const unsafeMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** An API call with a bearer token: it carries no ambient credentials, so it needs no CSRF token. */
export const isBearerApiCall = (request: FastifyRequest) =>
  request.url.startsWith('/api/') && request.headers.authorization?.startsWith('Bearer ') === true;

/**
 * Where a request carries its CSRF token: the form's `_csrf` field, or a header from a script. A form with a
 * file puts it in its action's query string instead (`?_csrf=`), so the token is checked before the body is
 * read (web/uploads.ts); request logs never record query strings.
 */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  const fromBody = (request.body as { _csrf?: unknown } | undefined)?._csrf;
  if (typeof fromBody === 'string') return fromBody;
  for (const name of ['csrf-token', 'x-csrf-token', 'xsrf-token', 'x-xsrf-token']) {
    const header = request.headers[name];
    if (typeof header === 'string') return header;
  }
  if (!String(request.headers['content-type'] ?? '').startsWith('multipart/form-data')) return undefined;
  const fromQuery = (request.query as { _csrf?: unknown } | undefined)?._csrf;
  return typeof fromQuery === 'string' ? fromQuery : undefined;
}

export async function setUpSessions(app: FastifyInstance, options: SessionOptions) {
  const PgStore = connectPgSimple({ Store: session.Store } as never);
  // Expired sessions are deleted every 15 minutes by whichever instances are running.
  const store = new PgStore({
    pool: options.pool,
    tableName: 'sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  app.addHook('onClose', async () => store.close());
  await app.register(cookie);
  await app.register(session, {
    secret: options.secret,
    // `__Host-` needs Secure, which browsers accept only over https (and on localhost).
    cookieName: options.secureCookies ? sessionCookieNames[0] : sessionCookieNames[1],
    cookie: { secure: options.secureCookies, httpOnly: true, sameSite: 'lax', path: '/', maxAge: sessionLimits.idleMs },
    saveUninitialized: false,
    // Renewed below at most once a minute rather than written back on every request.
    rolling: false,
    store: new PgStore({
      pool: options.pool,
      tableName: 'sessions',
      createTableIfMissing: false,
      pruneSessionInterval: false,
    }),
  });
  // A stored session is written when it changes, and otherwise at most once a minute to push its expiry on:
  // the idle limit holds to within a minute, and a reader's request costs no write. A request without the
  // session's own cookie (none, or one naming no stored session) changes nothing, so no session is stored.
  const cookieName = options.secureCookies ? sessionCookieNames[0] : sessionCookieNames[1];
  app.addHook('onRequest', (request, _reply, done) => {
    const current = request.session;
    const restored =
      current?.encryptedSessionId !== undefined && request.cookies[cookieName] === current.encryptedSessionId;
    if (restored && (current.renewedAt === undefined || Date.now() - current.renewedAt >= renewEveryMs)) {
      current.touch();
      current.renewedAt = Date.now();
    }
    done();
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session', getToken: csrfTokenOf });
  app.addHook('preValidation', (request, reply, done) => {
    // Only the API takes tokens (a token on a page is refused in access/caller.ts); pages always need CSRF.
    // An API call from nobody has already been asked to sign in (access/routes.ts, refuseAnonymousApiWrites).
    if (!unsafeMethods.has(request.method) || isBearerApiCall(request)) return done();
    // One-click unsubscribe (RFC 8058): the secret in the path is the authority, and the mail client has no session.
    if (request.routeOptions.config.csrfFree === true) return done();
    app.csrfProtection(request, reply, done);
  });
}
