// The `waymark` command: serve, migrate, seed, and the admin tasks an operator needs before sign-up exists.
// Every command has --help; bad arguments exit non-zero with one clear line.
import { randomBytes } from 'node:crypto';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { membershipRoles } from '../access/roles.ts';
import { passwordProblem } from '../accounts/password-policy.ts';
import { AccountError, accountsService, tokenLifetimeDays } from '../accounts/service.ts';
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { BackupError } from '../db/backup-archive.ts';
import { createDb, createPool } from '../db/database.ts';
import { runningServerUrl } from '../db/embedded.ts';
import { EmbeddedStartError } from '../db/embedded-programs.ts';
import { seedArticleBench } from '../demo/article-bench.ts';
import { seedBench } from '../demo/bench.ts';
import { seedLibraryBench } from '../demo/library-bench.ts';
import { seedDemo } from '../demo/seed.ts';
import {
  type OpenDatabase,
  openDatabase,
  prepareSchema,
  type RunningWaymark,
  requireMigrated,
  startWaymark,
} from '../main.ts';
import { insertOrganisation } from '../organisations/repository.ts';
import { sectors } from '../organisations/types.ts';
import { refreshSearchSlice, sliceRefreshSaid } from '../stories/search-slice.ts';
import { addBackupCommands } from './backup-commands.ts';
import { printStartBanner } from './banner.ts';
import { serverLogger } from './logging.ts';
import { err, log, out, UsageError } from './output.ts';

// Connection failures and PostgreSQL's own refusals (bad password, no such database).
const unreachable = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', '28P01', '28000', '3D000']);

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
    throw new InvalidArgumentError(`${name} must be a whole number from 1.`);
  return n;
};

const tokenLifetime = (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > tokenLifetimeDays.max)
    throw new InvalidArgumentError(`--expires-in must be a whole number of days from 1 to ${tokenLifetimeDays.max}.`);
  return n;
};

/**
 * For commands other than serve: use the running Waymark's database if there is one, else open it,
 * migrated as `serve` would (embedded) or checked to be migrated (server mode).
 */
async function withDatabase<T>(config: Config, work: (db: OpenDatabase['db']) => Promise<T>) {
  const running = config.embedded ? runningServerUrl(config.dataDir) : undefined;
  if (running) {
    const pool = createPool(running, 2);
    const db = createDb(pool);
    try {
      return await work(db);
    } finally {
      await db.destroy();
    }
  }
  const database = await openDatabase(config, log, 4);
  try {
    if (config.embedded) await prepareSchema(database.db);
    else await requireMigrated(database.db);
    return await work(database.db);
  } finally {
    await database.close();
  }
}

const email = z.email();
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

export function buildProgram(): Command {
  const program = new Command('waymark')
    .description('Waymark: stories, feedback and exchange for the 21st-century public servant.')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('serve')
    .description('Start the web server (the embedded PostgreSQL too, unless DATABASE_URL is set).')
    .action(async () => {
      const config = loadConfig();
      let running: RunningWaymark | undefined;
      let signals = 0;
      const shutdown = (signal: string) => {
        signals += 1;
        // Before start-up has finished there is nothing in flight to finish: exiting asks the embedded
        // PostgreSQL (or initdb) to stop too, where the signal's default action would leave it running.
        if (!running) {
          err(`${signal} received while starting: stopping.`);
          process.exit(1);
        }
        if (signals > 1) {
          err('Stopping at once.');
          process.exit(1);
        }
        err(`${signal} received: finishing requests in flight, then stopping.`);
        running.stop().then(
          () => process.exit(0),
          (e) => {
            err(`Could not stop cleanly: ${(e as Error).message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
      running = await startWaymark(config, { log, logger: serverLogger(config.logLevel) });
      printStartBanner(out, config, running);
    });

  program
    .command('migrate')
    .description('Bring the database schema and the built-in framework up to date.')
    .action(async () => {
      const config = loadConfig();
      const running = config.embedded ? runningServerUrl(config.dataDir) : undefined;
      if (running) throw new UsageError('Waymark is running on this data folder and has already migrated it.');
      const database = await openDatabase(config, log, 2);
      try {
        const applied = await prepareSchema(database.db);
        out(applied.length ? `Applied ${applied.join(', ')}.` : 'The database is already up to date.');
      } finally {
        await database.close();
      }
    });

  program
    .command('search-slice')
    .description(
      'Build, move or drop the recent slice of story search now (the nightly housekeeping does it too): after a bulk load.',
    )
    .action(async () => {
      const result = await withDatabase(loadConfig(), (db) => refreshSearchSlice(db));
      out(sliceRefreshSaid(result));
    });

  const seed = program.command('seed').description('Fill the database with content.');
  seed
    .command('demo')
    .description('Add the demo organisations, people and stories to an empty database; prints sign-in details.')
    .action(async () => {
      const credentials = await withDatabase(loadConfig(), (db) => seedDemo(db));
      if (!credentials)
        throw new UsageError('The database already holds organisations; demo content is only added to an empty one.');
      for (const c of credentials) out(`${c.email}  ${c.password}  (${c.role}, ${c.organisation})`);
    });
  seed
    .command('bench')
    .description('Add bench data of realistic shape: organisations, people and published stories.')
    .addOption(
      new Option('--organisations <n>', 'organisations').argParser(positiveInt('--organisations')).default(200),
    )
    .addOption(new Option('--users <n>', 'people').argParser(positiveInt('--users')).default(5000))
    .addOption(new Option('--stories <n>', 'stories').argParser(positiveInt('--stories')).default(10000))
    .addOption(
      new Option('--library <n>', 'published library items (none unless given)').argParser(positiveInt('--library')),
    )
    .addOption(new Option('--articles <n>', 'articles (none unless given)').argParser(positiveInt('--articles')))
    .action(
      async (opts: { organisations: number; users: number; stories: number; library?: number; articles?: number }) => {
        const started = Date.now();
        const library = opts.library ?? 0;
        const articles = opts.articles ?? 0;
        const progress = (total: number, what: string) => (done: number) => {
          if (done % 10_000 === 0 || done === total) err(`  ${done} of ${total} ${what}`);
        };
        // One connection for the whole seeding: stories, then the hub's library items and articles if asked.
        await withDatabase(loadConfig(), async (db) => {
          await seedBench(db, opts, progress(opts.stories, 'stories'));
          if (library > 0) await seedLibraryBench(db, library, progress(library, 'library items'));
          if (articles > 0) await seedArticleBench(db, articles, progress(articles, 'articles'));
          // What the first night's housekeeping would do for a library this size.
          err(`  ${sliceRefreshSaid(await refreshSearchSlice(db))}`);
        });
        out(
          `Added ${opts.organisations} organisations, ${opts.users} people, ${opts.stories} stories, ${library} library items and ${articles} articles in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      },
    );

  const org = program.command('org').description('Organisations.');
  org
    .command('create')
    .description('Create an organisation.')
    .requiredOption('--slug <slug>', 'short name for addresses, e.g. kelbridge-city-council')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--sector <sector>', 'sector').choices(sectors).makeOptionMandatory())
    .option('--region <region>', 'region', '')
    .action(async (opts: { slug: string; name: string; sector: (typeof sectors)[number]; region: string }) => {
      if (!slug.safeParse(opts.slug).success)
        throw new UsageError('--slug must be lower-case letters, digits and single hyphens.');
      if (opts.name.trim() === '' || opts.name.length > 200)
        throw new UsageError('--name must be 1 to 200 characters.');
      await withDatabase(loadConfig(), async (db) => {
        const existing = await db
          .selectFrom('organisations')
          .select('id')
          .where('slug', '=', opts.slug)
          .executeTakeFirst();
        if (existing) throw new UsageError(`An organisation with the slug ${opts.slug} already exists.`);
        await insertOrganisation(db, {
          slug: opts.slug,
          name: opts.name.trim(),
          sector: opts.sector,
          region: opts.region,
        });
      });
      out(`Created organisation ${opts.slug}.`);
    });

  const user = program.command('user').description('People.');
  user
    .command('create')
    .description(
      'Create a person with a membership of an organisation; prints a generated password unless one is given.',
    )
    .requiredOption('--email <email>', 'email address')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--org <slug>', 'organisation slug')
    .addOption(new Option('--role <role>', 'role in the organisation').choices(membershipRoles).default('member'))
    .option('--password <password>', 'password (8 to 128 characters, not a common one); generated when absent')
    .option('--platform-admin', 'also a platform administrator', false)
    .action(
      async (opts: {
        email: string;
        name: string;
        org: string;
        role: (typeof membershipRoles)[number];
        password?: string;
        platformAdmin: boolean;
      }) => {
        if (!email.safeParse(opts.email).success) throw new UsageError('--email must be an email address.');
        if (opts.name.trim() === '') throw new UsageError('--name must not be empty.');
        const problem =
          opts.password === undefined
            ? undefined
            : passwordProblem(opts.password, { email: opts.email, displayName: opts.name });
        if (problem !== undefined) throw new UsageError(`--password: ${problem}.`);
        const password = opts.password ?? randomBytes(12).toString('base64url');
        await withDatabase(loadConfig(), (db) =>
          accountsService(db).createPerson({
            email: opts.email,
            displayName: opts.name.trim(),
            password,
            orgSlug: opts.org,
            role: opts.role,
            platformAdmin: opts.platformAdmin,
          }),
        );
        out(`Created ${opts.email} (${opts.role} of ${opts.org}).`);
        if (opts.password === undefined) out(`Password: ${password}`);
      },
    );

  user
    .command('moderate')
    .description('Make a person a platform moderator, who reviews public stories from every organisation.')
    .requiredOption('--email <email>', 'email address')
    .option('--off', 'stop them being a platform moderator', false)
    .action(async (opts: { email: string; off: boolean }) => {
      await withDatabase(loadConfig(), (db) => accountsService(db).setPlatformModerator(opts.email, !opts.off));
      out(`${opts.email} ${opts.off ? 'is no longer' : 'is now'} a platform moderator.`);
    });

  const token = program.command('token').description('Personal API tokens.');
  token
    .command('create')
    .description('Create a personal API token for a person, acting for one of their organisations. Printed once.')
    .requiredOption('--email <email>', 'the person')
    .requiredOption('--org <slug>', 'the organisation the token acts for')
    .option('--name <name>', 'a label to recognise the token by', 'command line')
    .option(
      '--expires-in <days>',
      `days until the token stops working, 1 to ${tokenLifetimeDays.max}`,
      tokenLifetime,
      tokenLifetimeDays.default,
    )
    .action(async (opts: { email: string; org: string; name: string; expiresIn: number }) => {
      if (opts.name.trim() === '' || opts.name.length > 100)
        throw new UsageError('--name must be 1 to 100 characters.');
      const secret = await withDatabase(loadConfig(), (db) =>
        accountsService(db).createToken(opts.email, opts.org, opts.name.trim(), { lifetimeDays: opts.expiresIn }),
      );
      out(secret);
    });

  addBackupCommands(program);

  return program;
}

/** Runs the command line; returns the exit code instead of exiting, except for `serve`, which keeps running. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 1;
    }
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (
      e instanceof ConfigError ||
      e instanceof UsageError ||
      e instanceof AccountError ||
      e instanceof BackupError ||
      e instanceof EmbeddedStartError
    ) {
      err(`waymark: ${e.message}`);
      return 2;
    }
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      err(
        `waymark: ${(e as { address?: string }).address}:${(e as { port?: number }).port} is already in use; set PORT to a free port.`,
      );
      return 2;
    }
    if (code && unreachable.has(code)) {
      err(`waymark: could not use the PostgreSQL server at DATABASE_URL: ${(e as Error).message}`);
      return 1;
    }
    err(`waymark: ${(e as Error).message}`);
    return 1;
  }
}
