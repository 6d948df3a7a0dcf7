// Builds the real app on a test database, seeded with the demo content, for route and page tests.
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { type AppOptions, buildApp } from '../../src/app.ts';
import type { Db } from '../../src/db/database.ts';
import { type DemoCredential, seedDemo } from '../../src/demo/seed.ts';
import { createServices } from '../../src/services.ts';
import { buildStylesheet } from '../../src/web/assets.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  /** Demo sign-in details, when the demo was seeded. */
  credentials: DemoCredential[];
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** What `createServices` takes last: smaller limits, or SSO providers allowed on 127.0.0.1. */
export type ServiceOptions = NonNullable<Parameters<typeof createServices>[4]>;

/** The real app on a database the test already holds; `services` goes to `createServices`. */
export async function appOn(
  db: Db,
  pool: pg.Pool,
  overrides: Partial<AppOptions> = {},
  services: ServiceOptions = {},
): Promise<FastifyInstance> {
  const sessionSecret = 'test-secret-that-is-long-enough-for-sessions-0123456789';
  const app = await buildApp({
    services: createServices(
      db,
      pool,
      { sessionSecret },
      {},
      { baseUrl: overrides.baseUrl ?? 'http://localhost', ...services },
    ),
    pool,
    stylesheet: await buildStylesheet(),
    sessionSecret,
    baseUrl: 'http://localhost',
    logger: false,
    ...overrides,
  });
  await app.ready();
  return app;
}

/** The real app on a new test database, seeded with the demo unless `demo: false`. */
export async function createTestApp(options: { demo?: boolean; services?: ServiceOptions } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const credentials = options.demo !== false ? ((await seedDemo(database.db)) ?? []) : [];
  const app = await appOn(database.db, database.pool, {}, options.services);
  return {
    app,
    database,
    credentials,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** Signs in through the real form (CSRF token and all), as a browser would, from a given address. */
export async function postSignIn(
  app: FastifyInstance,
  attempt: { email: string; password: string },
  options: { remoteAddress?: string; headers?: Record<string, string> } = {},
) {
  const remoteAddress = options.remoteAddress ?? '127.0.0.1';
  const form = await app.inject({ url: '/sign-in', remoteAddress, headers: options.headers ?? {} });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  return app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: form.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      ...options.headers,
    },
    payload: new URLSearchParams({ _csrf: csrf, ...attempt }).toString(),
  });
}
