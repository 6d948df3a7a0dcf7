// The JSON API conventions and the framework as data, through the real app on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { framework as builtIn } from '../../src/framework/data.ts';
import { appOn, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/framework', () => {
  it('returns ten characteristics with indicators, at least eleven roles and eight lessons', async () => {
    const response = await t.app.inject('/api/v1/framework');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe(builtIn.version);
    expect(body.characteristics.map((c: { key: string }) => c.key)).toEqual([
      'locality',
      'equals',
      'ethos',
      'skills',
      'career',
      'reflects',
      'austerity',
      'initiative',
      'leadership',
      'supportive',
    ]);
    for (const c of body.characteristics) {
      expect(Object.keys(c).sort()).toEqual(['indicators', 'key', 'name', 'subject', 'summary']);
      expect(c.indicators.length).toBeGreaterThanOrEqual(3);
    }
    expect(body.characteristics.find((c: { key: string }) => c.key === 'supportive').subject).toBe('organisation');
    expect(body.roles.length).toBeGreaterThanOrEqual(11);
    for (const r of body.roles) expect(Object.keys(r).sort()).toEqual(['group', 'key', 'name', 'summary']);
    expect(body.lessons.map((l: { number: number }) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('API conventions', () => {
  it('answers a bad query with 400 and the fields to fix', async () => {
    const response = await t.app.inject('/api/v1/stories?pageSize=1000&characteristic=bravery');
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('invalid_request');
    expect(Object.keys(body.error.fields).sort()).toEqual(['characteristic', 'pageSize']);
  });

  it('pages through stories, keeping the total past the last page', async () => {
    const first = (await t.app.inject('/api/v1/stories?pageSize=5')).json();
    expect(first.items).toHaveLength(5);
    const second = (await t.app.inject('/api/v1/stories?pageSize=5&page=2')).json();
    expect(second.items.map((s: { id: string }) => s.id)).not.toContain(first.items[0].id);
    const beyond = (await t.app.inject('/api/v1/stories?pageSize=5&page=99')).json();
    expect(beyond).toMatchObject({ total: first.total, page: 99, items: [] });
  });

  it('answers a malformed id with 400 naming the field', async () => {
    const response = await t.app.inject('/api/v1/stories/not-a-uuid');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual({ id: expect.any(String) });
  });

  it('answers an unknown story and an unknown path with 404 JSON', async () => {
    for (const url of ['/api/v1/stories/00000000-0000-4000-8000-000000000000', '/api/v1/nothing']) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('not_found');
    }
  });

  it('publishes an OpenAPI document that lists every API operation', async () => {
    const response = await t.app.inject('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toMatch(/^3\./);
    const apiRoutes = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD')
      .map((r) => r.url.replace(/:(\w+)/g, '{$1}'));
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(apiRoutes)].sort());
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/framework', '/api/v1/me', '/api/v1/stories']),
    );
    expect(doc.paths['/api/v1/stories'].get.parameters.map((p: { name: string }) => p.name)).toContain(
      'characteristic',
    );
    expect(Object.keys(doc.paths['/api/v1/stories/{id}'].get.responses).sort()).toEqual(['200', '400', '401', '404']);
    // A program learns from the document which refusals it can act on: every operation may answer 401, and
    // says with which codes.
    for (const path of ['/api/v1/framework', '/api/v1/me', '/api/v1/stories/{id}']) {
      expect(doc.paths[path].get.responses['401'].description, path).toContain('`token_expired`');
    }
    expect(doc.components.securitySchemes.bearer.description).toContain('`token_not_for_pages`');
    const docs = await t.app.inject('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('GET /api/v1/framework');
  });

  it('reports health from the database', async () => {
    const ok = await t.app.inject('/healthz');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });
  });

  it('sends security headers', async () => {
    const response = await t.app.inject('/');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('pages', () => {
  it('show the framework the API returns', async () => {
    const api = (await t.app.inject('/api/v1/framework')).json();
    const overview = await t.app.inject('/framework');
    expect(overview.statusCode).toBe(200);
    for (const c of api.characteristics) {
      expect(overview.body).toContain(`href="/framework/characteristics/${c.key}"`);
      const page = await t.app.inject(`/framework/characteristics/${c.key}`);
      expect(page.statusCode).toBe(200);
      for (const indicator of c.indicators) expect(page.body).toContain(escapeHtml(indicator));
    }
    for (const r of api.roles)
      expect((await t.app.inject(`/framework/roles/${r.key}`)).body).toContain(escapeHtml(r.name));
    for (const l of api.lessons)
      expect((await t.app.inject(`/framework/lessons/${l.key}`)).body).toContain(escapeHtml(l.title));
  });

  it('answer an unknown page with an accessible 404 page', async () => {
    const response = await t.app.inject('/framework/characteristics/bravery');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
  });

  it('refuse a form post without a CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: 'email=a%40b.example&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(403);
  });
});

function escapeHtml(text: string) {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

describe('health when the database is gone', () => {
  it('answers 503 on /healthz and a plain 500 elsewhere while the database does not answer', async () => {
    const { createDb, createPool } = await import('../../src/db/database.ts');
    // Nothing listens on port 1 of the loopback address.
    const pool = createPool('postgres://nobody@127.0.0.1:1/none', 1);
    const app = await appOn(createDb(pool), pool);
    try {
      const response = await app.inject('/healthz');
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: 'unavailable' });
      // Pages and the API fail plainly, without leaking the cause.
      const page = await app.inject('/framework');
      expect(page.statusCode).toBe(500);
      expect(page.body).toContain('Sorry, there is a problem');
      expect(page.body).not.toMatch(/ECONNREFUSED|at .*\.ts:\d+/);
      const api = await app.inject('/api/v1/framework');
      expect(api.statusCode).toBe(500);
      expect(api.json()).toEqual({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } });
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
