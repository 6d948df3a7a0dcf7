// What the API's writes share: bodies read by the handler once the caller and the record are known (so a
// caller turned away gets 401 or 404 whatever they send), checked with zod into a 400 naming each field,
// and a throttle's refusal as the 429 `rate_limited` body.
import type { FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { HttpError, RateLimited } from './errors.ts';

/**
 * Leaves a plugin's bodies for its handlers to check (with `bodyOf`, or their own check); the schema still
 * documents them, and parameters and queries are checked before the handler as everywhere else. Returns the
 * plugin with zod types.
 */
export function checkBodiesInHandlers(app: FastifyInstance) {
  app.setValidatorCompiler((route) =>
    route.httpPart === 'body'
      ? (data: unknown) => ({ value: data })
      : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
  );
  return app.withTypeProvider<ZodTypeProvider>();
}

/** 400 `invalid_request` with what to fix in each named field. */
export const invalidRequest = (fields: Record<string, string>) =>
  new HttpError(400, 'invalid_request', 'The request is not valid.', fields);

/** The first problem of each field, by its path (`body` for the body as a whole). */
function fieldsOf(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const where = issue.path.map(String).join('.') || 'body';
    fields[where] ??= issue.code === 'unrecognized_keys' ? `cannot be set: ${issue.keys.join(', ')}` : issue.message;
  }
  return fields;
}

/** The body as `schema` reads it, or a 400 naming each field; the `_csrf` a browser session sends is left out. */
export function bodyOf<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const { _csrf: _, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) throw invalidRequest(fieldsOf(parsed.error.issues));
  return parsed.data;
}

/** A full limit as the throttles answer it (`Refusal` in src/throttles/throttle.ts). */
interface LimitReached {
  message: string;
  retryAfterSeconds: number;
}

/** Counts one write against the limits named, or refuses it with 429 `rate_limited` and Retry-After. */
export async function withinLimits<Keys>(
  throttles: { consume(keys: Keys): Promise<LimitReached | undefined> },
  keys: NoInfer<Keys>,
): Promise<void> {
  const refused = await throttles.consume(keys);
  if (refused) throw new RateLimited(refused.message, refused.retryAfterSeconds);
}
