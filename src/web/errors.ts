// Errors as users and API clients see them: an accessible page, or `{ error: { code, message, fields? } }`.
// Anything unexpected is logged with its stack and shown as a plain 500 that leaks nothing.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { securityHeaders } from './security.ts';

/** The body of every API error, as the OpenAPI document describes it. */
export const apiError = z
  .object({
    error: z.object({
      code: z.string().describe('machine-readable, e.g. invalid_request, unauthorised, not_found'),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('what to fix in each named input'),
      retryAfterSeconds: z
        .number()
        .int()
        .optional()
        .describe('with 429 rate_limited: seconds until another try is allowed (also the Retry-After header)'),
    }),
  })
  .describe('An error');

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string> | undefined;
  constructor(status: number, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export const notFound = (what = 'page') => new HttpError(404, 'not_found', `No such ${what}.`);

/** A limit was reached: 429 with Retry-After, and `retryAfterSeconds` in the API's body. */
export class RateLimited extends HttpError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'rate_limited', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

export function sendError(request: FastifyRequest, reply: FastifyReply, error: HttpError) {
  reply.status(error.status);
  const retryAfterSeconds = error instanceof RateLimited ? error.retryAfterSeconds : undefined;
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  if (wantsJson(request)) {
    return reply.send({
      error: {
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      },
    });
  }
  const page = error.status === 404 ? 'pages/not-found.njk' : 'pages/error.njk';
  return reply.view(page, { error });
}

const clientErrorCodes: Record<number, string> = {
  401: 'unauthorised',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** The longest part of an address a page repeats back: enough to recognise it, never enough to widen the page. */
const shownAddressLength = 120;

/**
 * Fastify's refusals before any route runs: an address with a broken `%` escape (400) and a path part longer
 * than the router reads (414). Pass it as the `frameworkErrors` option. No hook has run, so the page is
 * rendered here, as to a signed-out visitor, with the security headers every page carries; the API keeps
 * its JSON body.
 */
export function answerFrameworkErrors() {
  return async (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
    const error = tooLong
      ? new HttpError(
          414,
          'uri_too_long',
          'The web address is too long. Check it, or go back and follow the link again.',
        )
      : new HttpError(
          400,
          'bad_url',
          'The web address has a % sign that is not followed by a complete character code, so it cannot be read. Check it, or go back and follow the link again.',
        );
    reply.status(error.status).headers(securityHeaders());
    if (wantsJson(request)) return reply.send({ error: { code: error.code, message: error.message } });
    const address =
      request.url.length > shownAddressLength ? `${request.url.slice(0, shownAddressLength)}…` : request.url;
    const html = await reply.server.view('pages/error.njk', { error, address });
    return reply.type('text/html; charset=utf-8').send(html);
  };
}

export function setUpErrorHandling(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) => sendError(request, reply, notFound()));

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) return sendError(request, reply, err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const issue of err.validation) {
        const where =
          issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || (err.validationContext ?? 'request');
        fields[where] ??= issue.message ?? 'is not valid';
      }
      return sendError(request, reply, new HttpError(400, 'invalid_request', 'The request is not valid.', fields));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = clientErrorCodes[status] ?? 'bad_request';
      return sendError(request, reply, new HttpError(status, code, err.message));
    }
    request.log.error({ err }, 'request failed');
    return sendError(request, reply, new HttpError(500, 'internal_error', 'Something went wrong on our side.'));
  });
}
