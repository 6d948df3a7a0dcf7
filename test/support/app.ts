// Builds the real app on a test database, seeded with the demo content, for route and page tests.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { createServices } from '../../src/services.ts';
import { buildStylesheet } from '../../src/web/assets.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(options: { demo?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  if (options.demo !== false) await seedDemo(database.db);
  const app = await buildApp({
    services: createServices(database.db),
    pool: database.pool,
    stylesheet: await buildStylesheet(),
    sessionSecret: 'test-secret-that-is-long-enough-for-sessions-0123456789',
    baseUrl: 'http://localhost',
    logger: false,
  });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
