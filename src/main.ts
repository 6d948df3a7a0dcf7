// The composition root: configuration, database, services, app, listen. Nothing else builds singletons.
// Used by `waymark serve`, by the tests and by the benchmark, so all three run the same start-up.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createDb, createPool, type Db, defaultStatementTimeoutMs, type PoolOptions } from './db/database.ts';
import { dataDirSessionSecret, type EmbeddedServer, startEmbeddedServer } from './db/embedded.ts';
import { migrateToLatest, pendingMigrations } from './db/migrate.ts';
import { type DemoCredential, seedDemo } from './demo/seed.ts';
import { framework } from './framework/data.ts';
import { installFramework } from './framework/repository.ts';
import { type Jobs, jobServices, startJobs } from './jobs/jobs.ts';
import type { Log } from './log.ts';
import { createServices } from './services.ts';
import { buildStylesheet } from './web/assets.ts';

export interface OpenDatabase {
  db: Db;
  pool: ReturnType<typeof createPool>;
  embedded: EmbeddedServer | undefined;
  close(): Promise<void>;
}

/** Opens the configured database: the embedded server (started here) or DATABASE_URL. */
export async function openDatabase(
  config: Config,
  log: Log,
  poolSize = 10,
  poolOptions: PoolOptions = {},
): Promise<OpenDatabase> {
  const embedded = config.embedded ? await startEmbeddedServer(config.dataDir, log) : undefined;
  const pool = createPool(embedded?.databaseUrl ?? (config.databaseUrl as string), poolSize, poolOptions);
  const db = createDb(pool);
  return {
    db,
    pool,
    embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** Brings the schema and the built-in framework up to date. */
export async function prepareSchema(db: Db): Promise<string[]> {
  const applied = await migrateToLatest(db);
  await installFramework(db, framework);
  return applied;
}

/** In server mode the operator migrates (`waymark migrate`); starting on an older schema would fail later. */
export async function requireMigrated(db: Db): Promise<void> {
  const pending = await pendingMigrations(db);
  if (pending.length > 0) {
    throw new Error(`The database needs migrating (${pending.join(', ')}): run \`npx waymark migrate\` first.`);
  }
}

export interface RunningWaymark {
  app: FastifyInstance;
  url: string;
  database: OpenDatabase;
  /** Demo sign-in details, only on the start that created them. */
  demoCredentials: DemoCredential[] | undefined;
  /** Stop accepting, finish requests in flight, close the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  log: Log;
  /** Fastify's logger settings; false in tests. */
  logger?: Parameters<typeof buildApp>[0]['logger'];
  /** Seed demo content into an empty embedded database (default true). */
  demo?: boolean;
  /** Run the background jobs (email delivery, housekeeping) in this process (default true). */
  jobs?: boolean;
}

export async function startWaymark(config: Config, options: StartOptions): Promise<RunningWaymark> {
  // Every statement the server runs is bounded; reading routes set a shorter bound of their own.
  const database = await openDatabase(config, options.log, 10, { statementTimeoutMs: defaultStatementTimeoutMs });
  let jobs: Jobs | undefined;
  try {
    let demoCredentials: DemoCredential[] | undefined;
    if (config.embedded) {
      await prepareSchema(database.db);
      if (options.demo !== false) demoCredentials = await seedDemo(database.db);
    } else {
      await requireMigrated(database.db);
    }
    const sessionSecret = config.sessionSecret ?? dataDirSessionSecret(database.embedded?.dataDir ?? config.dataDir);
    const services = createServices(
      database.db,
      database.pool,
      { sessionSecret },
      { onQueued: () => jobs?.deliverEmailSoon(), smtpConfigured: config.smtpUrl !== undefined },
      { ssoAllowPrivateIssuers: config.ssoAllowPrivateIssuers, baseUrl: config.baseUrl },
    );
    const app = await buildApp({
      services,
      pool: database.pool,
      stylesheet: await buildStylesheet(),
      sessionSecret,
      baseUrl: config.baseUrl,
      trustProxy: config.trustProxy,
      logger: options.logger ?? false,
      contact: config.contact,
    });
    if (options.jobs !== false) {
      if (config.smtpUrl === undefined) {
        options.log.warn(
          'SMTP_URL is not set: email is written to the log and shown to platform admins at /admin/email.',
        );
      }
      const connectionString = database.embedded?.databaseUrl ?? (config.databaseUrl as string);
      jobs = await startJobs({
        db: database.db,
        connectionString,
        log: options.log,
        services: jobServices(database.db, {
          connectionString,
          log: options.log,
          smtpUrl: config.smtpUrl,
          mailFrom: config.mailFrom,
          digests: { sessionSecret, baseUrl: config.baseUrl },
        }),
        // Each feature's daily task (`(now) => Promise`) runs with the outbox clean-up.
        dailyTasks: [
          (now) => services.privacy.purgeExpired(now),
          (now) => services.storyTransfer.purgeStale(now),
          (now) => services.library.purgeStale(now),
          () => services.stories.refreshSearchSlice(options.log),
        ],
      });
    }
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.port === 0 ? `http://${config.host}:${port}` : config.baseUrl;
    let stopping: Promise<void> | undefined;
    return {
      app,
      url,
      database,
      demoCredentials,
      stop() {
        stopping ??= (async () => {
          await app.close();
          await jobs?.stop();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    await jobs?.stop();
    await database.close();
    throw err;
  }
}
