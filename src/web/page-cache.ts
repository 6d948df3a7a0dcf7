// Pages for anonymous readers, from memory. Most reading is by people who are not signed in, and what they see
// is the same for all of them, so a route that declares `config: { pageCache: true }` keeps its rendered page
// for the next anonymous request, before sessions, the caller and the database are touched.
//
// Correctness comes first: a page is served only to a request with no session cookie, no API token and no
// query string; only a 200 HTML (or JSON) reply that set no cookie is kept; and any change to what such a
// page shows empties the cache on every instance at once, through PostgreSQL's LISTEN/NOTIFY (the triggers
// are in migrations 0007 and 0013: only what such a page shows notifies). While the listening connection is
// down, nothing is served from memory, and the cache is emptied when it drops and when it comes back.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import pg from 'pg';

export const contentChannel = 'waymark_content_changed';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Keep this route's page for anonymous readers (see page-cache.ts). */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheGeneration?: number;
  }
}

/** One way of answering with a kept page: its body in one encoding, and every header a hit sends with it. */
interface Answer {
  body: Buffer;
  headers: Record<string, string>;
}

interface Page {
  /** The headers the page was rendered with (its type, the security headers). */
  rendered: Record<string, string>;
  /** Encoded once, so a hit costs no UTF-8 encoding. */
  identity: Answer;
  /** Compressed once, on the first hit that accepts each encoding, so a hit costs no compression either. */
  br?: Answer;
  gzip?: Answer;
}

function answer(rendered: Record<string, string>, body: Buffer, encoding?: 'br' | 'gzip'): Answer {
  const headers = {
    ...rendered,
    'x-page-cache': 'hit',
    vary: 'accept-encoding',
    'content-length': String(body.length),
  };
  return { body, headers: encoding ? { ...headers, 'content-encoding': encoding } : headers };
}

/**
 * The answer in the form this client accepts (brotli before gzip, compressed on first use), or as it is. The
 * compression plugin (app.ts) does the same for every other answer.
 */
function answerFor(page: Page, acceptEncoding: string | undefined): Answer {
  const body = page.identity.body;
  if (!acceptEncoding || body.length < 1024) return page.identity;
  const accepted = (name: string) =>
    acceptEncoding.split(',').some((part) => {
      const [token, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return token === name && (q === undefined || Number(q.slice(2)) > 0);
    });
  if (accepted('br')) {
    page.br ??= answer(
      page.rendered,
      brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6 } }),
      'br',
    );
    return page.br;
  }
  if (accepted('gzip')) {
    page.gzip ??= answer(page.rendered, gzipSync(body), 'gzip');
    return page.gzip;
  }
  return page.identity;
}

export interface PageCacheOptions {
  /** The pool whose connection settings the listening connection copies. */
  pool: pg.Pool;
  /** Session cookie names: a request carrying one is never answered from memory. */
  sessionCookies: readonly string[];
  maxPages?: number;
  /** A safety net behind the notifications. */
  ttlMs?: number;
  /**
   * When content already saved next becomes visible to anonymous readers on its own (a scheduled article),
   * or null when nothing is waiting. No notification comes at that moment, so the first request after it
   * empties the cache; the time is asked for again after every change.
   */
  nextScheduled?: () => Promise<Date | null>;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  flushes: number;
  listening: boolean;
}

export async function setUpPageCache(app: FastifyInstance, options: PageCacheOptions): Promise<PageCacheStats> {
  // Only a page anyone may see can be kept for everyone.
  app.addHook('onRoute', (route) => {
    if (route.config?.pageCache && route.config.access !== 'public') {
      throw new Error(`${route.url} keeps pages for anonymous readers, so it must be public`);
    }
  });
  const pages = new LRUCache<string, Page>({ max: options.maxPages ?? 1000, ttl: options.ttlMs ?? 5 * 60_000 });
  const stats: PageCacheStats = { hits: 0, misses: 0, flushes: 0, listening: false };
  // Bumped by every flush: a page rendered from data read before a change is not kept after it.
  let generation = 0;
  const schedule = scheduledContent(options.nextScheduled);
  const flush = () => {
    generation += 1;
    stats.flushes += 1;
    pages.clear();
    schedule.check();
  };

  const listener = contentListener(options.pool, {
    onChange: flush,
    onState: (listening) => {
      stats.listening = listening;
      flush();
    },
  });
  await listener.start();
  app.addHook('onClose', async () => {
    schedule.stop();
    await listener.stop();
  });

  // Loose on purpose (a cookie parser trims spaces around the name): any sign of a session means "not anonymous".
  const cookiePattern = new RegExp(`(?:^|;)\\s*(?:${options.sessionCookies.map(escapeRegExp).join('|')})\\s*=`);
  const anonymousAndPlain = (method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders) =>
    method === 'GET' &&
    url !== undefined &&
    !url.includes('?') &&
    headers.authorization === undefined &&
    !cookiePattern.test(headers.cookie ?? '');
  // Once the server is closing, Fastify answers each request 503 and ends its connection.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const keptPage = (url: string) => {
    if (schedule.overdue()) flush();
    const page = pages.get(url);
    if (page) stats.hits += 1;
    return page;
  };
  // A hit is answered with the headers the page was rendered with (the security headers among them), kept with
  // it; nothing else (cookies, sessions, compression) applies to a kept page.
  const send = (response: ServerResponse, page: Page, acceptEncoding: string | undefined) => {
    const { body, headers } = answerFor(page, acceptEncoding);
    response.writeHead(200, headers);
    response.end(body);
  };

  // Callback-style hook: a request the server's listener did not answer (`answerKept`, below) comes here. Only
  // `app.inject`, which bypasses the server, finds a hit here; a miss is marked so that its page is kept.
  app.addHook('onRequest', (request, reply, done) => {
    if (
      !stats.listening ||
      request.routeOptions.config.pageCache !== true ||
      !anonymousAndPlain(request.method, request.url, request.headers)
    )
      return done();
    const page = keptPage(request.url);
    if (page) {
      // Answering here skips the remaining request hooks (security headers, sessions, the caller, access), and
      // writing the reply itself skips the send hooks too.
      reply.hijack();
      send(reply.raw, page, request.headers['accept-encoding']);
      return;
    }
    stats.misses += 1;
    request.pageCacheGeneration = generation;
    done();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    // Kept only when the page was rendered for nobody in particular: the caller was anonymous and no session
    // holds a person (this hook may run before the session's own, so its cookie is not visible here).
    if (
      request.pageCacheGeneration === generation &&
      request.principal?.kind === 'anonymous' &&
      request.session?.personId === undefined &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      keptTypes.test(String(reply.getHeader('content-type') ?? '')) &&
      reply.getHeader('set-cookie') === undefined &&
      // A form's CSRF token belongs to one visitor's session: such a page is never shared.
      !payload.includes('name="_csrf"')
    ) {
      const rendered: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && !unkeptHeaders.has(name)) rendered[name] = String(value);
      }
      pages.set(request.url, { rendered, identity: answer(rendered, Buffer.from(payload)) });
    }
    done(null, payload);
  });

  // Only pages of routes that keep them are ever kept, so a request whose address finds one is for such a
  // route: the hottest path in Waymark needs no routing.
  const answerKept = (request: IncomingMessage, response: ServerResponse) => {
    if (!stats.listening || closing || !anonymousAndPlain(request.method, request.url, request.headers)) return false;
    const page = keptPage(request.url as string);
    if (!page) return false;
    send(response, page, request.headers['accept-encoding']);
    return true;
  };
  // Fastify's HTTP server (with Fastify's own time limits) hands each request to Fastify through its one
  // 'request' listener; that listener now offers the request to `answerKept` first, so a hit skips Fastify's
  // routing, request objects, hooks and logging: about a quarter of a hit's server time.
  const [fastify] = app.server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  if (fastify) {
    app.server.removeListener('request', fastify);
    app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!answerKept(request, response)) fastify.call(app.server, request, response);
    });
  }
  return stats;
}

/** Headers each hit sets for itself (its length, encoding and the mark of a hit), never kept with a page. */
const unkeptHeaders = new Set(['content-length', 'content-encoding', 'vary', 'x-page-cache', 'set-cookie']);

/** Pages, and the signed-out API's JSON (the framework, the first page of stories), which is as public. */
const keptTypes = /^(?:text\/html|application\/json)\b/;

/** After a failed question (the database unreachable), when to ask again. */
const retryMs = 5_000;

/**
 * When the next scheduled content is due (`dueAt`, the application's clock, as the readable rules use it):
 * the cache is emptied by the first request at or after it (`overdue`), and the time is asked for again on
 * every `check` (each flush calls it). Questions never overlap; one asked for during another runs after it.
 * A kept page never shows content before its time in any case: this keeps such a page from hiding it after.
 */
function scheduledContent(nextScheduled: PageCacheOptions['nextScheduled']) {
  let dueAt = Number.POSITIVE_INFINITY;
  let asking = false;
  let askAgain = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const check = async (): Promise<void> => {
    if (!nextScheduled || stopped) return;
    if (asking) {
      askAgain = true;
      return;
    }
    asking = true;
    // Until the answer comes, nothing is due: the flush that asked has just emptied the cache.
    dueAt = Number.POSITIVE_INFINITY;
    try {
      const next = await nextScheduled();
      if (!askAgain) dueAt = next ? next.getTime() : Number.POSITIVE_INFINITY;
    } catch {
      if (!stopped) {
        clearTimeout(retry);
        retry = setTimeout(() => void check(), retryMs);
        retry.unref();
      }
    } finally {
      asking = false;
    }
    if (askAgain) {
      askAgain = false;
      await check();
    }
  };
  return {
    check: () => void check(),
    overdue: () => Date.now() >= dueAt,
    stop() {
      stopped = true;
      clearTimeout(retry);
    },
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A connection that LISTENs for content changes, reconnecting after a second when it drops. */
function contentListener(pool: pg.Pool, handlers: { onChange(): void; onState(listening: boolean): void }) {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    // Keepalive: a connection that died without a word (a dropped network) is noticed, and the cache emptied.
    const next = new pg.Client({
      ...pool.options,
      application_name: 'waymark-page-cache',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    next.on('notification', () => handlers.onChange());
    next.on('error', () => {
      // The 'end' event follows; reconnecting happens there.
    });
    next.on('end', () => {
      if (client !== next) return;
      client = undefined;
      handlers.onState(false);
      if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000);
    });
    try {
      await next.connect();
      await next.query(`listen ${contentChannel}`);
    } catch {
      await next.end().catch(() => {});
      if (!stopped) retry = setTimeout(() => void connect().catch(() => {}), 1000);
      return;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    handlers.onState(true);
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      handlers.onState(false);
      await current?.end().catch(() => {});
    },
  };
}
