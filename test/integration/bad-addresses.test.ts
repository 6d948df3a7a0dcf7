// Addresses Waymark cannot read or will not search: a broken `%` escape, a path part too long for the router
// and search words far over the limit. A page answers with Waymark's own page (the right status, a message in
// plain words, the visitor's text kept where it fits); the API keeps its JSON error body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(() => t.close());

/** What a reader sees on a page: no tags, entities decoded, spaces collapsed. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/\s+/g, ' ');

describe('a malformed address', () => {
  it('gets a page that says what is wrong, never the web framework’s JSON', async () => {
    for (const url of ['/stories/%E0%A4%A', '/%', '/organisation/units/%zz']) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      const text = visibleText(response.body);
      expect(text, url).toContain('There is a problem with the web address');
      expect(text, url).toContain('has a % sign that is not followed by a complete character code');
      expect(text, url).toContain(`The address was: ${url}`);
      expect(response.body, url).not.toContain('FST_ERR');
      // The same security headers as every other page.
      expect(response.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
    }
  });

  it('gets the API’s JSON error under /api/', async () => {
    const response = await t.app.inject('/api/v1/stories/%E0%A4%A');
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      error: {
        code: 'bad_url',
        message:
          'The web address has a % sign that is not followed by a complete character code, so it cannot be read. Check it, or go back and follow the link again.',
      },
    });
  });
});

describe('an over-long address', () => {
  it('with a path part longer than the router reads gets a 414 page, its address shortened to fit', async () => {
    const url = `/stories/${'a'.repeat(300)}`;
    const response = await t.app.inject(url);
    expect(response.statusCode).toBe(414);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = visibleText(response.body);
    expect(text).toContain('The web address is too long.');
    // The first 120 characters, then an ellipsis: recognisable, and never the whole address.
    expect(text).toContain(`The address was: ${url.slice(0, 120)}…`);
    expect(response.body).not.toContain(url.slice(0, 121));
  });

  it('under /api/ gets the JSON error', async () => {
    const response = await t.app.inject(`/api/v1/stories/${'a'.repeat(300)}`);
    expect(response.statusCode).toBe(414);
    expect(response.json().error.code).toBe('uri_too_long');
  });
});

describe('search words over the limit', () => {
  const words = 'abcdefghij'.repeat(1000);

  it('get the library with the problem named and the first 1,500 characters kept in the box', async () => {
    const response = await t.app.inject(`/stories?q=${words}&characteristic=locality`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    // One message, in the error summary (linking to the box) and beside the box.
    expect(response.body).toMatch(/<a href="#q">Search words must be 1,500 characters or fewer<\/a>/);
    expect(response.body).toMatch(
      /<p id="q-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> Search words must be 1,500 characters or fewer<\/p>/,
    );
    expect(response.body).toContain(`value="${'abcdefghij'.repeat(150)}"`);
    expect(response.body).not.toContain('abcdefghij'.repeat(151));
    expect(response.body).toMatch(/<title>Error: /);
    // The other filters in the address are kept.
    expect(response.body).toMatch(/value="locality" checked/);
  });

  it('get the API’s JSON error', async () => {
    const response = await t.app.inject(`/api/v1/stories?q=${words}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_request');
    expect(Object.keys(response.json().error.fields)).toEqual(['q']);
  });

  it('are searched as usual at exactly the limit', async () => {
    const response = await t.app.inject(`/stories?q=${'abcdefghij'.repeat(150)}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('govuk-error-summary');
  });
});
