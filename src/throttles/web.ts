// How routes answer an action refused by a limit: 429 with Retry-After, then the API's error body, a form
// shown again with what was typed and the reason, or a page that says what was limited and when to try again.
import type { FastifyReply } from 'fastify';
import { RateLimited } from '../web/errors.ts';
import type { Refusal } from './throttle.ts';

/** For the API: throw it, and the error handler answers `{ error: { code: 'rate_limited', message, retryAfterSeconds } }`. */
export const rateLimited = (refusal: Refusal) => new RateLimited(refusal.message, refusal.retryAfterSeconds);

/** Sets 429 and Retry-After, for a route that shows its own form again with `limitError(refusal)`. */
export const refusedBy = (reply: FastifyReply, refusal: Refusal) =>
  reply.status(429).header('retry-after', String(refusal.retryAfterSeconds));

/** The refusal as a form error on the named field, so the error summary links to it. */
export const limitError = (refusal: Refusal, field: string) => ({ href: `#${field}`, text: refusal.message });

/** A page that says what was limited and how long to wait, with a way back to where the person was. */
export const limitedPage = (reply: FastifyReply, refusal: Refusal, back: { href: string; text: string }) =>
  refusedBy(reply, refusal).view('throttles/views/limited.njk', { refusal, back });
