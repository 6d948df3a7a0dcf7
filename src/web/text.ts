// Text as people may send it: the one place that decides which characters a text input may hold.
// PostgreSQL cannot store NUL, and other control characters break pages, feeds and exports later.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** The message for a NUL character, wherever it is refused. */
export const nulMessage = 'must not contain a NUL character (\\u0000)';

// \p{Cc} is every control character: C0 (NUL to U+001F), DEL and C1 (U+0080 to U+009F).
const controls = /\p{Cc}/gu;
const controlsButTabAndNewline = /[^\P{Cc}\t\n]/gu;

/** One line of text: tabs and line breaks become a single space, and other control characters go. */
export const cleanLine = (value: string) => value.replace(/[\t\n\r]+/g, ' ').replace(controls, '');

/** Several lines: tabs and line breaks stay (Windows and old Mac breaks become `\n`); other controls go. */
export const cleanLines = (value: string) => value.replace(/\r\n?/g, '\n').replace(controlsButTabAndNewline, '');

const hasNul = (value: string) => value.includes('\u0000');

export interface TextLimits {
  /** At least this many characters once cleaned (and, for a line, trimmed), with the message to show. */
  min?: [number, string];
  /** At most this many characters once cleaned, with the message to show. */
  max?: [number, string];
  /** The message for a NUL character, when the default does not suit the form. */
  nul?: string;
  /** Trim a text of several lines too (a line is always trimmed). */
  trim?: boolean;
}

function limited(schema: z.ZodString, limits: TextLimits) {
  let out = schema;
  if (limits.min) out = out.min(limits.min[0], limits.min[1]);
  if (limits.max) out = out.max(limits.max[0], limits.max[1]);
  return out;
}

// A field left out of a form says what its emptiness says ("Enter a title"), not zod's "expected string".
const withoutNul = (limits: TextLimits) =>
  z.string(limits.min?.[1]).refine((value) => !hasNul(value), { message: limits.nul ?? nulMessage, abort: true });

/**
 * A single-line text field (a title, a name, a place). NUL is refused; tabs, line breaks and other control
 * characters are dropped, then the text is trimmed and its limits checked.
 */
export const plainText = (limits: TextLimits = {}) =>
  withoutNul(limits).transform(cleanLine).pipe(limited(z.string().trim(), limits));

/** A text of several lines (a story's body, a note): as `plainText`, but tabs and line breaks stay, untrimmed. */
export const multilineText = (limits: TextLimits = {}) =>
  withoutNul(limits)
    .transform(cleanLines)
    .pipe(limited(limits.trim ? z.string().trim() : z.string(), limits));

/** The path of the first string holding a NUL character in a parsed body, query or params, if any. */
export function nulPath(value: unknown, path: string[] = [], depth = 0): string[] | undefined {
  if (typeof value === 'string') return hasNul(value) ? path : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = hasNul(key) ? [...path, key] : nulPath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Throws the 400 `invalid_text` naming the first field of `value` (a request's `part`) that holds a NUL. */
export function refuseNulIn(part: 'params' | 'query' | 'body', value: unknown) {
  const found = nulPath(value);
  if (found === undefined) return;
  const field = found.map((key) => key.replaceAll('\u0000', '\\u0000')).join('.') || part;
  throw new HttpError(
    400,
    'invalid_text',
    `The ${part === 'body' ? 'field' : 'parameter'} “${field}” holds a NUL character, which cannot be stored. Remove it and try again.`,
    { [field]: nulMessage },
  );
}

function refuseNul(request: FastifyRequest) {
  for (const part of ['params', 'query', 'body'] as const) refuseNulIn(part, request[part]);
}

/**
 * The safety net behind the schemas: a NUL character anywhere in what was parsed is a 400 `invalid_text`
 * naming the field, so no route, whatever it forgot, passes one to PostgreSQL (which would answer 500).
 * Register after the CSRF check, so a stranger is turned away before their input is looked at.
 */
export function setUpTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => refuseNul(request));
}
