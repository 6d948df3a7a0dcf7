// Server-side sessions in PostgreSQL (any instance can serve any request) and CSRF protection for forms.
// API calls with a bearer token carry no ambient credentials, so they need no CSRF token.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import session from '@fastify/session';
import connectPgSimple from 'connect-pg-simple';
import type { FastifyInstance } from 'fastify';
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
     * out everywhere or being disabled raises it, and the session stops counting (web/principal.ts).
     */
    generation?: number;
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

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

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
    rolling: true,
    store: new PgStore({
      pool: options.pool,
      tableName: 'sessions',
      createTableIfMissing: false,
      pruneSessionInterval: false,
    }),
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session' });
  app.addHook('preValidation', (request, reply, done) => {
    // Only the API takes tokens (a token on a page is refused in web/principal.ts); pages always need CSRF.
    const apiCall = request.url.startsWith('/api/') && request.headers.authorization?.startsWith('Bearer ');
    if (!unsafeMethods.has(request.method) || apiCall) return done();
    app.csrfProtection(request, reply, done);
  });
}
