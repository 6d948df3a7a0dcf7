// `waymark backup` and `waymark restore`: the embedded database copied into one file while Waymark serves,
// and such a file restored into a data folder (src/db/backup.ts does the work).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { restoreBackup, takeBackup } from '../db/backup.ts';
import { resolveDataDir, runningServerUrl, startEmbeddedServer } from '../db/embedded.ts';
import { postgresUser } from '../db/embedded-programs.ts';
import { err, log, out, UsageError } from './output.ts';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function addBackupCommands(program: Command) {
  program
    .command('backup')
    .description('Copy the embedded database into one file, consistently, while Waymark serves.')
    .argument('<file>', 'the backup file to write (tar, gzip), e.g. waymark-backup.tar.gz')
    .option('--force', 'replace the file if it exists', false)
    .action(async (file: string, opts: { force: boolean }) => {
      const config = loadConfig();
      if (!config.embedded)
        throw new UsageError(
          'waymark backup copies the embedded database; with DATABASE_URL set, back up that PostgreSQL server with its own tools (pg_dump or pg_basebackup).',
        );
      const target = path.resolve(file);
      if (!opts.force && fs.existsSync(target))
        throw new UsageError(`${target} already exists: choose another name, or pass --force to replace it.`);
      const { dataDir } = resolveDataDir(config.dataDir);
      if (!fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')))
        throw new UsageError(`There is no Waymark database in ${dataDir} to back up.`);
      const started = Date.now();
      // With no Waymark serving the folder, its PostgreSQL is started just for the backup.
      const running = runningServerUrl(config.dataDir);
      const server = running ? undefined : await startEmbeddedServer(config.dataDir, log);
      let reported = started;
      try {
        const result = await takeBackup({
          databaseUrl: running ?? (server as { databaseUrl: string }).databaseUrl,
          dataDir,
          file: target,
          onProgress: ({ copied, total }) => {
            if (Date.now() - reported < 2000) return;
            reported = Date.now();
            err(`  copied ${megabytes(copied)} of ${megabytes(total)} (${Math.floor((100 * copied) / total)} %)`);
          },
        });
        out(
          `Backed up the database (PostgreSQL ${result.postgresMajor}, ${result.files} files) to ${target}: ${megabytes(result.bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      } finally {
        await server?.stop();
      }
    });

  program
    .command('restore')
    .description('Restore a file made by `waymark backup` into a data folder; start Waymark on it afterwards.')
    .argument('<file>', 'the backup file')
    .option('--data-dir <dir>', 'the folder to restore into (default: DATA_DIR)')
    .option('--force', 'replace a data folder that already holds data', false)
    .action(async (file: string, opts: { dataDir?: string; force: boolean }) => {
      const config = loadConfig();
      if (opts.dataDir === undefined && !config.embedded)
        throw new UsageError(
          'waymark restore fills an embedded data folder; with DATABASE_URL set, restore that PostgreSQL server with its own tools, or pass --data-dir.',
        );
      const requested = path.resolve(opts.dataDir ?? config.dataDir);
      const { dataDir } = resolveDataDir(requested);
      const result = await restoreBackup({
        file: path.resolve(file),
        dataDir,
        replace: opts.force,
        clusterOwner: os.userInfo().uid === 0 ? postgresUser() : undefined,
      });
      out(
        `Restored the backup taken at ${result.header.createdAt} into ${dataDir}. Start Waymark on it (DATA_DIR=${requested}); PostgreSQL replays the backup's WAL as it starts.`,
      );
    });
}
