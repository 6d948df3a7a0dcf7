// The OpenAPI document, generated from the same zod schemas that validate requests, and a readable page.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { apiError } from './errors.ts';

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Any API call may send a token, so any may be refused with 401; the document says which codes a program
 * can act on (see access/caller.ts).
 */
const refusedCaller = apiError.describe(
  'The caller is refused: `unauthorised` (no session or token where one is needed, or a token that is malformed, ' +
    'unknown, revoked, or whose person no longer belongs to its organisation) or `token_expired` (the token ' +
    'passed its expiry date; its owner can make a new one on the tokens page).',
);

const badInput = apiError.describe(
  'The input is not valid: `invalid_request` with what to fix in `fields`, or `invalid_text` when a field or ' +
    'parameter holds a NUL character (named in `fields`). Any parameter, even one the operation does not read, ' +
    'is checked for NUL.',
);
const forbidden = apiError.describe(
  '`forbidden`: a signed-in browser session sent no valid CSRF token. Programs send a bearer token instead, ' +
    'which needs none.',
);
const tooLarge = apiError.describe('`payload_too_large`: the body is over the operation’s limit.');
const wrongMediaType = apiError.describe('`unsupported_media_type`: send the body as `application/json`.');

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every documented API operation lists the answers any call can get, described, beside its own: 400 (bad
 * input, checked for every parameter) and 401 (see above); and for a write, 403 (a browser session without
 * its CSRF token), 413 and 415 (the body's size and type are checked before the operation runs).
 */
const withRefusal: typeof jsonSchemaTransform = (input) => {
  const response = (input.schema as { response?: Record<string, unknown> } | undefined)?.response;
  if (!input.url.startsWith('/api/') || response === undefined) return jsonSchemaTransform(input);
  const writes = [input.route.method].flat().some((method) => unsafeMethods.has(method));
  const common = {
    400: badInput,
    401: refusedCaller,
    ...(writes ? { 403: forbidden, 413: tooLarge, 415: wrongMediaType } : {}),
  };
  return jsonSchemaTransform({ ...input, schema: { ...input.schema, response: { ...response, ...common } } });
};

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string } }[];
  responses?: Record<string, { description?: string }>;
  security?: unknown[];
}

export async function setUpOpenApi(app: FastifyInstance, baseUrl: string) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Waymark API',
        version: '1',
        description:
          'JSON API beside the pages. Errors are `{ "error": { "code", "message", "fields"? } }` with a 4xx or 5xx status. ' +
          'A token that has expired gets 401 `token_expired`; a token sent to a page outside `/api/` gets 401 ' +
          '`token_not_for_pages`.',
      },
      servers: [{ url: baseUrl }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A personal API token (wmk_...). It acts for one organisation, works on /api/ routes only (a page ' +
              'answers 401 `token_not_for_pages`), cannot manage the account, and expires after the days chosen ' +
              'when it was made (at most 365; then 401 `token_expired`).',
          },
        },
      },
    },
    transform: withRefusal,
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());

  app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) => {
    const document = app.swagger() as { paths?: Record<string, Partial<Record<(typeof methods)[number], Operation>>> };
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      methods.flatMap((method) => {
        const op = item[method];
        return op
          ? [{ method: method.toUpperCase(), path, ...op, id: `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-') }]
          : [];
      }),
    );
    return reply.view('pages/api-docs.njk', { operations });
  });
}
