// Request logging with pino: method, path, status and timing; never query strings, cookies, tokens, or
// the secret part of a link that signs someone in or acts for them (`secretLinkRoutes`).
import type { FastifyServerOptions } from 'fastify';
import pino from 'pino';

/**
 * Every route whose path carries a secret: whoever holds the URL may sign in, join an organisation or
 * answer for a person in a story. Their last segment is never logged. A new secret link belongs here;
 * `test/integration/logs.test.ts` fails for a route with a `:secret` or `:token` parameter missing from it.
 */
export const secretLinkRoutes = [
  '/sign-in/link/:secret',
  '/invitations/:token',
  '/consent/:secret',
  '/calendar/:secret',
  '/unsubscribe/:token',
  '/articles/subscribe/:secret',
  '/group-invitations/:token',
] as const;

export const redactedSegment = '[redacted]';

// '/sign-in/link/:secret' matches '/sign-in/link/<anything but a slash>' where a path starts: at the start,
// after a space, a quote, a colon ("GET:/…") or another slash ("//sign-in/link/…", a 404 whose secret is
// still live), or after a URL's host; not '/organisation/invitations/new'.
const pathStart = `(?<=^|[\\s:"'(=/]|//[^/\\s"'<>]+)`;
const secretLinkPatterns = secretLinkRoutes.map((route) => {
  const at = route.lastIndexOf('/:');
  const prefix = route.slice(0, at + 1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${pathStart}(${prefix})[^/?#\\s"'<>]+`, 'gi');
});

/** The text with the secret of every secret link in it replaced, wherever in the text the link appears. */
export function withoutSecrets(text: string): string {
  return secretLinkPatterns.reduce((out, pattern) => out.replace(pattern, `$1${redactedSegment}`), text);
}

/** The path as the router reads it: it decodes escapes, so '/sign-in/%6Cink/…' is served as a sign-in link. */
function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Fastify's logger settings. `stream` is where the JSON lines go (standard output unless given, as in
 * tests that read them).
 */
export function serverLogger(level: string, stream?: pino.DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        id: req.id,
        method: req.method,
        path: withoutSecrets(decodedPath(req.url)),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // An error's message, stack or any other text it carries (a `url`, say) may quote the URL it failed on.
      err: (err: Error) => {
        const plain = pino.stdSerializers.err(err);
        for (const [key, value] of Object.entries(plain)) {
          if (typeof value === 'string') plain[key] = withoutSecrets(value);
        }
        return plain;
      },
    },
    hooks: {
      // Messages written by Fastify or a handler may quote a URL too ("Route GET:/… not found").
      logMethod(args, method) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? withoutSecrets(arg) : arg)) as Parameters<typeof method>,
        );
      },
    },
  };
}
