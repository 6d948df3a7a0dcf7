// Every route declares who may call it, and the declaration is enforced for anonymous callers and people.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccessDeclarations, routeAccessLevels, UndeclaredRouteError } from '../../src/access/routes.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demo: false });
});
afterAll(() => t.close());

describe('route declarations', () => {
  it('refuses to register a route that does not say who may call it', () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    expect(() => app.get('/undeclared', async () => 'x')).toThrow(UndeclaredRouteError);
    expect(() => app.get('/declared', { config: { access: 'public' } }, async () => 'x')).not.toThrow();
  });

  it('every route of the app has a known declaration', () => {
    const table = t.app.routeTable;
    expect(table.length).toBeGreaterThan(15);
    for (const route of table) {
      const levels = typeof route.access === 'string' ? [route.access] : route.access;
      expect(levels.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
      for (const level of levels) expect(routeAccessLevels, `${route.method} ${route.url}`).toContain(level);
    }
    expect(table).toContainEqual({ method: 'GET', url: '/api/v1/me', access: 'signed_in' });
  });
  // What each declaration means for every kind of caller is checked in access-matrix.test.ts.
});
