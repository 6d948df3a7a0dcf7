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

/** A hidden field's value from a page, unescaped (the staff import's preview carries the list in one). */
export const hiddenField = (html: string, name: string) =>
  (new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/**
 * Sends a staff list to the import's preview as a browser does: multipart, with the page's CSRF token in the
 * action's query. `csv` is the pasted text; `file`, when given, is uploaded as staff.csv.
 */
export async function uploadStaffList(app: FastifyInstance, cookie: string, fields: { csv?: string; file?: string }) {
  const page = await app.inject({ url: '/organisation/import', headers: { cookie } });
  const form = new FormData();
  form.set('csv', fields.csv ?? '');
  form.set('file', new Blob([fields.file ?? ''], { type: 'text/csv' }), fields.file ? 'staff.csv' : '');
  const request = new Request('http://localhost/organisation/import', { method: 'POST', body: form });
  return app.inject({
    method: 'POST',
    url: `/organisation/import?_csrf=${encodeURIComponent(csrfOf(page.body))}`,
    headers: { cookie, 'content-type': request.headers.get('content-type') ?? '' },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

/** Confirms a staff import from its preview page: the preview's CSRF token, list and digest, plus `overrides`. */
export function confirmStaffList(
  app: FastifyInstance,
  cookie: string,
  preview: string,
  overrides: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: '/organisation/import/confirm',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({
      _csrf: csrfOf(preview),
      csv: hiddenField(preview, 'csv'),
      digest: hiddenField(preview, 'digest'),
      ...overrides,
    }).toString(),
  });
}
