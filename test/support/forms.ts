// Driving the real forms as a browser would: sign in, then post with the page's CSRF token and cookie.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { postSignIn } from './app.ts';

/** Signs in through the form and returns the session cookie header. */
export async function signInCookie(app: FastifyInstance, credential: { email: string; password: string }) {
  const response = await postSignIn(app, credential);
  expect(response.statusCode, `sign in as ${credential.email}`).toBe(303);
  const cookie = response.cookies.find((c) => c.name === 'waymark' || c.name === '__Host-waymark');
  return `${cookie?.name}=${cookie?.value}`;
}

export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** Loads `formUrl` for its CSRF token, then posts `fields` to `action` with the same cookie. */
export async function postForm(
  app: FastifyInstance,
  cookie: string,
  formUrl: string,
  action: string,
  fields: Record<string, string> | URLSearchParams,
) {
  const page = await app.inject({ url: formUrl, headers: cookie ? { cookie } : {} });
  const payload = new URLSearchParams(fields);
  payload.set('_csrf', csrfOf(page.body));
  // An anonymous visitor's session (holding the CSRF secret) starts with the form page.
  const fresh = page.cookies.find((c) => c.name === 'waymark' || c.name === '__Host-waymark');
  const sent = fresh ? `${fresh.name}=${fresh.value}` : cookie;
  return app.inject({
    method: 'POST',
    url: action,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sent ? { cookie: sent } : {}) },
    payload: payload.toString(),
  });
}

/**
 * One signed-in session per demo person, made through the form on first use and kept for the test file.
 * `testApp` is read when first needed, so it may be assigned in `beforeAll`.
 */
export function demoSessions(
  testApp: () => { app: FastifyInstance; credentials: { email: string; password: string }[] },
) {
  const cookies = new Map<string, string>();
  return async (email: string): Promise<string> => {
    const known = cookies.get(email);
    if (known) return known;
    const { app, credentials } = testApp();
    const credential = credentials.find((c) => c.email === email);
    if (!credential) throw new Error(`no demo credential for ${email}`);
    const cookie = await signInCookie(app, credential);
    cookies.set(email, cookie);
    return cookie;
  };
}
