// The API's edge, driven by its own document: every operation in /api/openapi.json is called with bodies and
// parameters generated from the operation's schema, valid and hostile (NUL and other control characters,
// long strings, wrong types, odd Unicode), as an anonymous visitor, with a token and with a signed-in session.
// Nothing may answer 5xx, and every answer must be one the document lists. A hand-written table of what
// each operation can answer is compared with the document, and the answers every write can get are provoked.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
let document: OpenApiDocument;
const storyIds: string[] = [];

interface Caller {
  name: string;
  headers: Record<string, string>;
}
const callers: Caller[] = [{ name: 'anonymous', headers: {} }];

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
}

/** What each operation can answer, written by hand from the routes and the pipeline in front of them. */
const reads = ['200', '400', '401'];
const writes = ['400', '401', '403', '413', '415'];
const expectedAnswers: Record<string, string[]> = {
  'GET /api/v1/framework': reads,
  'GET /api/v1/me': reads,
  'GET /api/v1/spaces': reads,
  'GET /api/v1/notifications': reads,
  'POST /api/v1/notifications/read': ['200', ...writes],
  'GET /api/v1/subscriptions': reads,
  'POST /api/v1/subscriptions': ['200', '201', ...writes, '404', '429'],
  'DELETE /api/v1/subscriptions/{type}/{target}': ['200', ...writes, '404'],
  'GET /api/v1/stories': [...reads, '422'],
  'GET /api/v1/stories/{id}': [...reads, '404'],
  'GET /api/v1/groups': reads,
  'GET /api/v1/groups/{id}': [...reads, '404'],
  'GET /api/v1/groups/{id}/sessions/{sessionId}': [...reads, '404'],
  'POST /api/v1/groups/{id}/sessions/{sessionId}/rsvp': ['200', ...writes, '404', '409', '429'],
  'GET /api/v1/library': reads,
  'GET /api/v1/search': [...reads, '422'],
  'GET /api/v1/articles': reads,
  'GET /api/v1/articles/{id}': [...reads, '404'],
  'POST /api/v1/articles': ['201', ...writes, '404', '429'],
  'PATCH /api/v1/articles/{id}': ['200', ...writes, '404', '429'],
  'GET /api/v1/library/{id}': [...reads, '404'],
  'POST /api/v1/moderation/library/{id}/publish': ['200', ...writes, '404', '409', '422'],
  'POST /api/v1/moderation/library/{id}/request-changes': ['200', ...writes, '404', '409', '422'],
  'POST /api/v1/moderation/library/{id}/reject': ['200', ...writes, '404', '409', '422'],
  'POST /api/v1/stories': ['201', ...writes, '404', '429'],
  'POST /api/v1/stories/suggest-tags': ['200', ...writes, '429'],
  'PATCH /api/v1/stories/{id}': ['200', ...writes, '404', '409'],
  'POST /api/v1/stories/{id}/submit': ['200', ...writes, '404', '409'],
  'POST /api/v1/moderation/stories/{id}/publish': ['200', ...writes, '404', '409', '422'],
  'POST /api/v1/moderation/stories/{id}/request-changes': ['200', ...writes, '404', '409', '422'],
  'POST /api/v1/moderation/stories/{id}/reject': ['200', ...writes, '404', '409', '422'],
};

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, op })),
  );

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const credential = (email: string) => {
    const found = t.credentials.find((c) => c.email === email);
    if (!found) throw new Error(`no demo credential for ${email}`);
    return found;
  };
  const token = await accountsService(db).createToken(
    'amira.okafor@northshire-county-council.example',
    'northshire-county-council',
    'Edge tests',
  );
  callers.push({ name: 'token', headers: { authorization: `Bearer ${token}` } });
  // A moderator's session, so that decisions reach the workflow; the CSRF token rides in a header.
  const cookie = await signInCookie(t.app, credential('gareth.mbeki@northshire-county-council.example'));
  const account = await t.app.inject({ url: '/account', headers: { cookie } });
  callers.push({ name: 'session', headers: { cookie, 'x-csrf-token': csrfOf(account.body) } });
  for (const status of ['published', 'submitted', 'draft', 'changes_requested'] as const) {
    const rows = await db.selectFrom('stories').select('id').where('status', '=', status).limit(3).execute();
    storyIds.push(...rows.map((r) => r.id));
  }
  document = (await t.app.inject('/api/openapi.json')).json();
}, 60_000);
afterAll(() => t.close());

// Strings that have broken text handling somewhere: NUL, other controls, escapes, bidi overrides, lone
// surrogates, combining marks, astral characters, HTML, SQL-ish quoting, and plain length.
const hostileString = fc.oneof(
  fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007\u001b[31m\u0008\u007f\u0085',
    '\r\n\t\v\f',
    '\u202eevil\u202c',
    '\ud800',
    '\udfff\ud800',
    'e\u0301\u0301\u0301',
    '😀🏳️‍🌈👩🏽‍⚕️',
    '\ufeff\ufffe\uffff',
    '<script>alert(1)</script>',
    "'; drop table stories; --",
    '%00',
    '../../etc/passwd',
    '   ',
    '',
    'x'.repeat(300),
    'ü'.repeat(60_000),
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Sometimes left out: an optional field or parameter is absent three times in four. */
const seldom = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** A value that is wrong in some way: hostile text, or another type altogether. */
const hostileValue = fc.oneof({ weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: wrongType });

function validFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => validFor(s, depth + 1)));
  const types = [schema.type ?? 'string'].flat();
  return fc.oneof(...types.map((type) => validOfType(type, schema, depth)));
}

function validOfType(type: string, schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 100_000, 2 ** 31) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'array':
      return fc.array(validFor(schema.items ?? {}, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([k, s]) => [
            k,
            required.has(k) ? validFor(s, depth + 1) : seldom(validFor(s, depth + 1)),
          ]),
        ),
      );
    }
    default: {
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...storyIds), fc.uuid());
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const lengths = {
        minLength: schema.minLength ?? 0,
        maxLength: Math.max(Math.min(schema.maxLength ?? 40, 200), schema.minLength ?? 0),
      };
      return fc.oneof(
        { weight: 3, arbitrary: fc.string(lengths) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', ...lengths }) },
      );
    }
  }
}

/** Every place in a value where another value could stand: the value itself, and each key or item within. */
function placesIn(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const inner =
    value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([k, v]) => placesIn(v, [...path, Array.isArray(value) ? Number(k) : k]))
      : [];
  return [path, ...inner];
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

interface Call {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

/**
 * A call to an operation: path and query parameters and a body from its schemas. Half are as valid as a
 * generator can make them; the rest have one to three places (a parameter, a field, an item, or the whole body)
 * replaced by a hostile value or one of another type.
 */
function callFor(op: Operation): fc.Arbitrary<Call> {
  const parameters = op.parameters ?? [];
  const named = (where: 'path' | 'query') =>
    Object.fromEntries(
      parameters
        .filter((p) => p.in === where)
        .map((p) => [p.name, where === 'path' || p.required ? validFor(p.schema, 0) : seldom(validFor(p.schema, 0))]),
    );
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const valid = fc.record({
    path: fc.record(named('path')),
    query: fc.record(named('query')),
    body: bodySchema ? validFor(bodySchema, 0) : fc.constant(undefined),
  }) as fc.Arbitrary<Call>;
  const spoiled = fc
    .tuple(
      valid,
      fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 3 }),
      fc.string({ minLength: 1, maxLength: 8 }),
    )
    .map(([call, spoils, extra]) => {
      // A query parameter the operation does not name is a place too.
      const withExtra = { ...call, query: { ...call.query, [extra]: undefined } };
      const places = placesIn(withExtra).filter(
        (place) => place.length > 1 || (place[0] === 'body' && bodySchema !== undefined),
      );
      let spoilt: unknown = withExtra;
      for (const [n, bad] of spoils) spoilt = replaceAt(spoilt, places[n % places.length] ?? ['body'], bad);
      return spoilt as Call;
    });
  return fc.oneof(valid, spoiled);
}

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function urlOf(path: string, values: Call) {
  // A lone surrogate cannot be written in a URL at all; the rest of the hostile text can.
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(asText(values.path[name]).toWellFormed()),
  );
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values.query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(name, asText(one));
  }
  const query = search.toString();
  return query ? `${filled}?${query}` : filled;
}

describe('the API document', () => {
  it('lists for every operation exactly the answers it can give', () => {
    const documented = Object.fromEntries(
      operations().map(({ key, op }) => [key, Object.keys(op.responses).sort()] as const),
    );
    const expected = Object.fromEntries(
      Object.entries(expectedAnswers).map(([key, codes]) => [key, [...codes].sort()]),
    );
    expect(documented).toEqual(expected);
  });

  it('describes what each general refusal means', () => {
    const create = document.paths['/api/v1/stories']?.post?.responses as Record<string, { description?: string }>;
    expect(create['400']?.description).toContain('`invalid_text`');
    expect(create['403']?.description).toContain('CSRF');
    expect(create['413']?.description).toContain('`payload_too_large`');
  });
});

describe('answers every write can get, provoked', () => {
  const session = () => callers.find((c) => c.name === 'session') as Caller;
  const token = () => callers.find((c) => c.name === 'token') as Caller;
  const writeOperations = () =>
    operations()
      .filter(({ method }) => method !== 'get')
      .map((o) => ({ ...o, url: o.path.replace('{id}', storyIds[0] ?? '') }));

  it('an anonymous write is 401 unauthorised, like an anonymous read', async () => {
    for (const { key, method, url } of writeOperations()) {
      const response = await t.app.inject({ method: method.toUpperCase() as 'POST', url, payload: { title: 'x' } });
      expect(response.statusCode, key).toBe(401);
      expect(response.json().error.code, key).toBe('unauthorised');
    }
  });

  it('a signed-in session without its CSRF token is 403 forbidden', async () => {
    const { cookie } = session().headers;
    for (const { key, method, url } of writeOperations()) {
      const response = await t.app.inject({
        method: method.toUpperCase() as 'POST',
        url,
        headers: { cookie: cookie as string },
        payload: {},
      });
      expect(response.statusCode, key).toBe(403);
      expect(response.json().error.code, key).toBe('forbidden');
    }
  });

  it('a body over the limit is 413, and one that is not JSON is 415', async () => {
    for (const { key, method, url } of writeOperations()) {
      const huge = await t.app.inject({
        method: method.toUpperCase() as 'POST',
        url,
        headers: { ...token().headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ text: 'x'.repeat(1_200_000) }),
      });
      expect(huge.statusCode, key).toBe(413);
      expect(huge.json().error.code, key).toBe('payload_too_large');
      const other = await t.app.inject({
        method: method.toUpperCase() as 'POST',
        url,
        headers: { ...token().headers, 'content-type': 'application/xml' },
        payload: '<story/>',
      });
      expect(other.statusCode, key).toBe(415);
    }
  });

  it('a NUL in any parameter is 400 invalid_text naming it', async () => {
    for (const { key, method, path } of operations()) {
      const url = `${path.replace('{id}', storyIds[0] ?? '')}?note=a%00b`;
      const response = await t.app.inject({ method: method.toUpperCase() as 'GET', url, headers: token().headers });
      expect(response.statusCode, key).toBe(400);
      expect(response.json().error, key).toMatchObject({ code: 'invalid_text', fields: { note: expect.any(String) } });
    }
  });
});

describe('generated calls from each operation’s own schema', () => {
  it('never answer 5xx, and only answer what the document lists', async () => {
    const undocumented: string[] = [];
    const succeeded = new Set<string>();
    for (const { key, method, path, op } of operations()) {
      const documented = Object.keys(op.responses);
      for (const caller of callers) {
        await fc.assert(
          fc.asyncProperty(callFor(op), async (values) => {
            const response = await t.app.inject({
              method: method.toUpperCase() as 'GET',
              url: urlOf(path, values),
              headers: {
                ...caller.headers,
                ...(values.body !== undefined ? { 'content-type': 'application/json' } : {}),
              },
              ...(values.body !== undefined ? { payload: JSON.stringify(values.body) } : {}),
            });
            const status = String(response.statusCode);
            if (response.statusCode < 300) succeeded.add(key);
            // A story made here is the caller's own draft: later operations may change or submit it.
            if (response.statusCode === 201) storyIds.push(response.json().id);
            if (!documented.includes(status))
              undocumented.push(`${caller.name} ${key}: ${status} ${response.body.slice(0, 200)}`);
            expect(response.statusCode, `${caller.name} ${key}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
            if (response.statusCode >= 400) expect(response.json().error.code).toEqual(expect.any(String));
          }),
          { numRuns: 25, seed: 17 + key.length },
        );
      }
    }
    expect(undocumented).toEqual([]);
    // The generated calls reach the handlers, not only the validation in front of them.
    for (const key of [
      'GET /api/v1/framework',
      'GET /api/v1/stories',
      'GET /api/v1/stories/{id}',
      'POST /api/v1/stories',
      'PATCH /api/v1/stories/{id}',
      'POST /api/v1/stories/suggest-tags',
      'GET /api/v1/me',
      'GET /api/v1/spaces',
    ]) {
      expect(succeeded, key).toContain(key);
    }
  }, 60_000);
});
