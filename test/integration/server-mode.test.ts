// Server mode: Waymark on a PostgreSQL server it did not start, two instances serving one database.
// A session made on one instance works on the other, because nothing lives in a process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { type RunningWaymark, startWaymark } from '../../src/main.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let password = '';
let email = '';
const instances: RunningWaymark[] = [];
const quiet = { info() {}, warn() {} };

beforeAll(async () => {
  database = await createTestDatabase();
  const credentials = await seedDemo(database.db);
  email = credentials?.[0]?.email ?? '';
  password = credentials?.[0]?.password ?? '';
  const config = loadConfig({ DATABASE_URL: database.url, SESSION_SECRET: 's'.repeat(40), PORT: '0' });
  for (let i = 0; i < 2; i++) instances.push(await startWaymark(config, { log: quiet }));
});
afterAll(async () => {
  for (const i of instances) await i.stop();
  await database.drop();
});

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('two stateless instances on one PostgreSQL server', () => {
  it('signs in on the first and is recognised by the second', async () => {
    const [a, b] = instances as [RunningWaymark, RunningWaymark];
    const form = await fetch(`${a.url}/sign-in`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const signIn = await fetch(`${a.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(form) },
      body: new URLSearchParams({ _csrf: csrf, email, password, returnTo: '/stories' }),
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/stories');
    const cookie = cookieOf(signIn);
    expect(cookie).toMatch(/^waymark=/);
    const onB = await fetch(`${b.url}/stories`, { headers: { cookie } });
    expect(await onB.text()).toMatch(/Signed in as [A-Z]/);
    const anonymousOnB = await fetch(`${b.url}/stories`);
    expect(await anonymousOnB.text()).not.toContain('Signed in as');
  });

  it('keeps the typed email and explains a wrong password', async () => {
    const [a] = instances as [RunningWaymark];
    const form = await fetch(`${a.url}/sign-in`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const response = await fetch(`${a.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieOf(form) },
      body: new URLSearchParams({ _csrf: csrf, email, password: 'not-the-password' }),
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('The email address or password is not right');
    expect(html).toContain(`value="${email}"`);
  });

  it('refuses to start on a database that has not been migrated', async () => {
    const empty = await createTestDatabase();
    try {
      const { sql } = await import('kysely');
      await sql`drop table if exists kysely_migration`.execute(empty.db);
      const config = loadConfig({ DATABASE_URL: empty.url, SESSION_SECRET: 's'.repeat(40), PORT: '0' });
      await expect(startWaymark(config, { log: quiet })).rejects.toThrow(/run `npx waymark migrate` first/);
    } finally {
      await empty.drop();
    }
  });
});
