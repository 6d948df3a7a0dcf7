// Every route declares who may call it, and the declaration is enforced for anonymous callers and people.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccessDeclarations, routeAccessLevels, UndeclaredRouteError } from '../../src/access/routes.ts';
import { accountsService } from '../../src/accounts/service.ts';
import { demoUsers } from '../../src/demo/content.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let token: string;
let storyId: string;
beforeAll(async () => {
  t = await createTestApp();
  const member = demoUsers[0];
  token = await accountsService(t.database.db).createToken(member?.email ?? '', member?.org ?? '', 'routes test');
  storyId = (
    await t.database.db.selectFrom('stories').select('id').where('visibility', '=', 'public').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

/** A URL that reaches the route, with parameters filled from the demo data. */
function concrete(url: string): string {
  return url
    .replace(':id', storyId)
    .replace('/characteristics/:key', '/characteristics/reflects')
    .replace('/roles/:key', '/roles/broker')
    .replace('/lessons/:key', '/lessons/generic-skills')
    .replace(':hash', 'x')
    .replace('*', '');
}

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
    for (const route of table) expect(routeAccessLevels, `${route.method} ${route.url}`).toContain(route.access);
    expect(table).toContainEqual({ method: 'GET', url: '/api/v1/me', access: 'signed_in' });
  });

  it('answers every GET route as its declaration says, for an anonymous caller and for a person', async () => {
    for (const route of t.app.routeTable.filter((r) => r.method === 'GET')) {
      const url = concrete(route.url);
      const anonymous = await t.app.inject(url);
      const person = await t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
      const where = `${route.access} ${url}`;
      if (route.access === 'public') {
        expect(anonymous.statusCode, where).toBeLessThan(400);
      } else if (url.startsWith('/api/')) {
        expect(anonymous.statusCode, where).toBe(401);
        expect(anonymous.json().error.code, where).toBe('unauthorised');
      } else {
        expect(anonymous.statusCode, where).toBe(303);
        expect(anonymous.headers.location, where).toBe(`/sign-in?returnTo=${encodeURIComponent(url)}`);
      }
      expect(person.statusCode, where).toBeLessThan(400);
    }
  });
});
