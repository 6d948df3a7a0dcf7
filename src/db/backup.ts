// Backups of the embedded database: `waymark backup` copies the PostgreSQL cluster while it serves, using
// PostgreSQL's own base-backup functions and the WAL that makes the copy consistent; `waymark restore` puts one back.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants as zlibConstants } from 'node:zlib';
import pg from 'pg';
import { extract } from 'tar';
import {
  ArchiveWriter,
  BackupError,
  type BackupHeader,
  backupFormat,
  backupFormatVersion,
  headerName,
  incomplete,
  manifestName,
  readHeader,
  verifyExtracted,
} from './backup-archive.ts';
import { processAlive, servesCluster } from './embedded.ts';

/** The data folder's own files that belong with the cluster: its password and the session secret. */
const secretFiles = ['pg-password', 'session-secret'];

export interface BackupProgress {
  copied: number;
  total: number;
}

export interface BackupResult {
  bytes: number;
  files: number;
  postgresMajor: number;
}

// What pg_basebackup leaves out of a cluster (PostgreSQL's basebackup.c): folders rebuilt at start, whose
// contents are not kept, and files that describe the running server rather than the data.
const emptiedFolders = new Set([
  'pg_wal',
  'pg_stat_tmp',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);
const leftOutFiles = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'backup_manifest',
  'postgresql.auto.conf.tmp',
  'current_logfiles.tmp',
]);
const walSegment = /^[0-9A-F]{24}$/;

/** A WAL segment's place in the sequence, from its log and segment parts (its timeline aside). */
const segmentNumber = (name: string, segmentBytes: bigint) =>
  (BigInt(`0x${name.slice(8, 16)}`) * 0x1_0000_0000n) / segmentBytes + BigInt(`0x${name.slice(16, 24)}`);

interface ClusterItem {
  /** The path in the archive, under `pg/`. */
  name: string;
  absolute: string;
  directory: boolean;
  size: number;
  mode: number;
}

/** The cluster's folders and files as they stand now, minus what pg_basebackup would leave out. */
function clusterItems(clusterDir: string): ClusterItem[] {
  const items: ClusterItem[] = [];
  const walk = (relative: string) => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(path.join(clusterDir, relative), { withFileTypes: true });
    } catch (err) {
      // A folder dropped while we walk (a database dropped during the backup) is left out; WAL replay agrees.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const entry of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name.startsWith('pgsql_tmp') || entry.name.startsWith('pg_internal.init')) continue;
      if (!relative && leftOutFiles.has(entry.name)) continue;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(path.join(clusterDir, child));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const item = { name: `pg/${child}`, absolute: path.join(clusterDir, child), size: stat.size, mode: stat.mode };
      if (stat.isDirectory()) {
        items.push({ ...item, directory: true, size: 0 });
        if (!relative && emptiedFolders.has(entry.name)) {
          // pg_wal keeps its two subfolders, empty, as pg_basebackup makes them.
          if (entry.name === 'pg_wal') {
            for (const sub of ['archive_status', 'summaries']) {
              if (fs.existsSync(path.join(item.absolute, sub)))
                items.push({
                  ...item,
                  name: `${item.name}/${sub}`,
                  absolute: path.join(item.absolute, sub),
                  directory: true,
                  size: 0,
                });
            }
          }
          continue;
        }
        walk(child);
      } else if (stat.isFile()) {
        items.push({ ...item, directory: false });
      } else if (stat.isSymbolicLink() && relative === 'pg_tblspc') {
        throw new BackupError(
          'The database uses a tablespace outside its data folder, which waymark backup cannot copy.',
        );
      }
    }
  };
  walk('');
  return items;
}

function readSecret(dataDir: string, name: string): Buffer | undefined {
  try {
    return fs.readFileSync(path.join(dataDir, name));
  } catch {
    return undefined;
  }
}

/**
 * Takes a consistent online backup of the cluster in `dataDir/pg` served at `databaseUrl`, into `file`
 * (tar, gzip). A temporary replication slot keeps the WAL from the backup's start until it is copied.
 */
export async function takeBackup(options: {
  databaseUrl: string;
  dataDir: string;
  file: string;
  onProgress?: (progress: BackupProgress) => void;
}): Promise<BackupResult> {
  const clusterDir = path.join(options.dataDir, 'pg');
  const client = new pg.Client({ connectionString: options.databaseUrl, application_name: 'waymark backup' });
  await client.connect();
  // Written beside the destination and renamed at the end, so a failed backup never looks like a finished one.
  const partial = `${options.file}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await client.query('set statement_timeout = 0');
    const settings = await client.query<{
      version_num: string;
      version: string;
      wal_level: string;
      wal_segment_size: string;
    }>(
      `select current_setting('server_version_num') as version_num, current_setting('server_version') as version,
              current_setting('wal_level') as wal_level,
              (select setting from pg_settings where name = 'wal_segment_size') as wal_segment_size`,
    );
    const server = settings.rows[0];
    if (!server) throw new BackupError('The database did not say which PostgreSQL it is.');
    if (server.wal_level === 'minimal')
      throw new BackupError('The database runs with wal_level = minimal, which allows no online backup.');
    const postgresMajor = Math.floor(Number(server.version_num) / 10000);
    const segmentBytes = BigInt(server.wal_segment_size);
    const slot = `waymark_backup_${process.pid}`;
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [slot]);
    const started = await client.query<{ lsn: string }>('select pg_backup_start($1, true)::text as lsn', [
      `waymark backup ${new Date().toISOString()}`,
    ]);

    const items = clusterItems(clusterDir);
    const progress = { copied: 0, total: items.reduce((sum, item) => sum + item.size, 0) };
    const writer = new ArchiveWriter((bytes) => {
      progress.copied += bytes;
      options.onProgress?.(progress);
    });
    writer.manifest.startLsn = started.rows[0]?.lsn ?? '';
    const header: BackupHeader = {
      format: backupFormat,
      version: backupFormatVersion,
      postgresMajor,
      postgresVersion: server.version,
      createdAt: new Date().toISOString(),
    };

    async function* archive() {
      yield* writer.content(headerName, Buffer.from(JSON.stringify(header, null, 2)), 0o644);
      yield* writer.directory('pg', 0o700);
      for (const item of items) {
        if (item.directory) yield* writer.directory(item.name, item.mode);
        else yield* writer.file(item.name, item.absolute);
      }
      const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string; walfile: string }>(
        `select lsn::text as lsn, labelfile, spcmapfile, pg_walfile_name(lsn) as walfile
         from pg_backup_stop(wait_for_archive => false)`,
      );
      const stop = stopped.rows[0];
      if (!stop) throw new BackupError('PostgreSQL did not finish the backup.');
      writer.manifest.stopLsn = stop.lsn;
      yield* writer.content('pg/backup_label', Buffer.from(stop.labelfile));
      if (stop.spcmapfile) yield* writer.content('pg/tablespace_map', Buffer.from(stop.spcmapfile));
      // The WAL from the backup's start to its stop makes the copied files consistent; the slot kept it.
      const firstWal = /\(file ([0-9A-F]{24})\)/.exec(stop.labelfile)?.[1];
      if (!firstWal) throw new BackupError('PostgreSQL returned a backup label without its first WAL file.');
      const walDir = path.join(clusterDir, 'pg_wal');
      const wal = fs
        .readdirSync(walDir)
        .filter(
          (name) => (walSegment.test(name) && name >= firstWal && name <= stop.walfile) || name.endsWith('.history'),
        )
        .sort();
      progress.total += wal.reduce((sum, name) => sum + fs.statSync(path.join(walDir, name)).size, 0);
      for (const name of wal) yield* writer.file(`pg/pg_wal/${name}`, path.join(walDir, name));
      // Every segment from the first to the last, copied, with no gap: one missing makes the copy unusable.
      const copied = new Set(writer.manifest.files.map((f) => f.path));
      const expected = segmentNumber(stop.walfile, segmentBytes) - segmentNumber(firstWal, segmentBytes) + 1n;
      const segments = wal.filter((name) => walSegment.test(name) && copied.has(`pg/pg_wal/${name}`));
      if (BigInt(segments.length) !== expected || segments[0] !== firstWal)
        throw new BackupError(
          `Some of the WAL from ${firstWal} to ${stop.walfile} went missing during the backup; try again.`,
        );
      for (const name of secretFiles) {
        const body = readSecret(options.dataDir, name);
        if (body) yield* writer.content(name, body);
      }
      yield* writer.content(manifestName, Buffer.from(JSON.stringify(writer.manifest)), 0o644);
      // The end of a tar archive: two empty blocks.
      yield new Uint8Array(1024);
    }

    await pipeline(
      Readable.from(archive()),
      // Cluster files are mostly compressible; the fastest level keeps the backup window, and the WAL kept, short.
      createGzip({ level: zlibConstants.Z_BEST_SPEED }),
      fs.createWriteStream(partial, { mode: 0o600, flags: 'wx' }),
    );
    fs.renameSync(partial, options.file);
    return { bytes: fs.statSync(options.file).size, files: writer.manifest.files.length, postgresMajor };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    // Ending the session also ends a backup still in progress and drops the temporary slot.
    await client.end().catch(() => undefined);
  }
}

/**
 * The process using a data folder (a Waymark, or a PostgreSQL one left behind), if any: one alive and,
 * where /proc tells, the program that holds the folder (PIDs are reused).
 */
function folderInUse(dataDir: string): string | undefined {
  for (const [file, what, folder] of [
    ['waymark.pid', 'Waymark', undefined],
    ['pg/postmaster.pid', 'PostgreSQL', path.join(dataDir, 'pg')],
  ] as const) {
    try {
      const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, file), 'utf8'), 10);
      if (
        Number.isInteger(pid) &&
        pid > 0 &&
        pid !== process.pid &&
        (folder === undefined ? processAlive(pid) : servesCluster(pid, folder))
      )
        return `${what} (process ${pid})`;
    } catch {
      // No lock file: not in use by that.
    }
  }
  return undefined;
}

function isEmptyFolder(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

function chownTree(dir: string, ids: { uid: number; gid: number }) {
  fs.chownSync(dir, ids.uid, ids.gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(child, ids);
    else fs.chownSync(child, ids.uid, ids.gid);
  }
}

export interface RestoreResult {
  header: BackupHeader;
  dataDir: string;
}

/**
 * Restores a backup into `dataDir`: checked whole in a folder beside it, then renamed into place, so a
 * refused or failed restore leaves the folder as it was. `replace` allows a folder that holds data already.
 * `clusterOwner` is who must own the cluster (the `postgres` user when Waymark runs as root).
 */
export async function restoreBackup(options: {
  file: string;
  dataDir: string;
  replace: boolean;
  clusterOwner?: { uid: number; gid: number };
}): Promise<RestoreResult> {
  const { file, dataDir } = options;
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new BackupError(`There is no file ${file}.`);
  const inUse = () => {
    const user = folderInUse(dataDir);
    if (user) throw new BackupError(`${user} is using the data folder ${dataDir}: stop it before restoring into it.`);
  };
  inUse();
  if (!options.replace && !isEmptyFolder(dataDir)) {
    throw new BackupError(
      `The data folder ${dataDir} already holds data: restore into an empty folder (--data-dir), or pass --force to replace it.`,
    );
  }
  const header = await readHeader(file);

  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(dataDir)}.restoring-`));
  try {
    fs.chmodSync(staging, 0o755);
    try {
      await extract({
        file,
        cwd: staging,
        strict: true,
        preserveOwner: false,
        maxDecompressionRatio: Number.POSITIVE_INFINITY,
      });
    } catch (err) {
      const code = (err as { tarCode?: string; code?: string }).tarCode ?? (err as { code?: string }).code;
      if (code === 'ENOSPC' || code === 'EDQUOT')
        throw new BackupError(`The disk holding ${parent} is full; nothing was restored.`);
      throw incomplete(file, (err as Error).message.split('\n')[0] ?? 'unreadable');
    }
    await verifyExtracted(staging, file);
    const clusterDir = path.join(staging, 'pg');
    const version = fs.readFileSync(path.join(clusterDir, 'PG_VERSION'), 'utf8').trim();
    if (Number(version) !== header.postgresMajor) throw incomplete(file, 'its PG_VERSION disagrees with its header');
    fs.rmSync(path.join(staging, manifestName));
    fs.rmSync(path.join(staging, headerName));
    // PostgreSQL refuses a cluster folder that others may read.
    fs.chmodSync(clusterDir, 0o700);
    if (options.clusterOwner) chownTree(clusterDir, options.clusterOwner);

    inUse();
    if (isEmptyFolder(dataDir)) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.renameSync(staging, dataDir);
    } else {
      // Replacing: the old folder is moved aside first, and put back if the new one cannot take its place.
      const aside = `${dataDir}.replaced-${Date.now()}`;
      fs.renameSync(dataDir, aside);
      try {
        fs.renameSync(staging, dataDir);
      } catch (err) {
        fs.renameSync(aside, dataDir);
        throw err;
      }
      fs.rmSync(aside, { recursive: true, force: true });
    }
    return { header, dataDir };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
