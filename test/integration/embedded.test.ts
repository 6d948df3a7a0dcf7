// The embedded PostgreSQL through the real `waymark serve`: first start, the lock against a second
// Waymark, graceful stop, warm restart on the same data, recovery after the process is killed, and
// start-up failures (a stale lock naming another process, a full disk) that end in one clear line.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../src/db/embedded.ts';
import { freePort, healthy, runWaymark } from '../support/process.ts';
import { serveEmbedded, stopLeftRunning } from '../support/server-process.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-embedded-'));
// mkdtemp makes a private folder; open it so that, as root, PostgreSQL's user can reach the data.
fs.chmodSync(root, 0o755);
const children: ReturnType<typeof runWaymark>[] = [];
afterAll(async () => {
  await stopLeftRunning(children.map((c) => c.process));
  fs.rmSync(root, { recursive: true, force: true });
});

const serve = (dataDir: string) => serveEmbedded(dataDir, children);

describe('the data folder', () => {
  it('moves to /var/lib/waymark when PostgreSQL, running as postgres for root, cannot reach it', () => {
    const hidden = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-private-'));
    try {
      const { dataDir, notice } = resolveDataDir(path.join(hidden, 'data'));
      if (os.userInfo().uid === 0) {
        expect(dataDir).toMatch(/^\/var\/lib\/waymark\/data-[0-9a-f]{12}$/);
        expect(notice).toContain('cannot reach');
      } else {
        expect(dataDir).toBe(path.join(hidden, 'data'));
      }
    } finally {
      fs.rmSync(hidden, { recursive: true, force: true });
    }
  });
});

describe('embedded PostgreSQL', () => {
  const dataDir = path.join(root, 'data');

  it('creates, migrates and fills a new data folder, printing the URL and demo sign-in details', async () => {
    const { child, url } = await serve(dataDir);
    expect(await healthy(url)).toBe(true);
    expect(child.output()).toContain(`Waymark is running at`);
    expect(child.output()).toContain(`Data (embedded PostgreSQL): ${dataDir}`);
    expect(child.output()).toMatch(/@northshire-county-council\.example\s+\S{16}/);
    const stories = (await (await fetch(`${url}/api/v1/stories`)).json()) as { total: number };
    expect(stories.total).toBeGreaterThan(10);

    // A second Waymark on the same folder refuses, naming the first.
    const second = runWaymark(['serve'], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain(
      `Another Waymark (process ${child.process.pid}) is already using the data folder`,
    );

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'waymark.pid'))).toBe(false);
  });

  it('reopens the same data on a warm start, without new demo passwords', async () => {
    const { child, url } = await serve(dataDir);
    expect(await healthy(url)).toBe(true);
    expect(child.output()).not.toContain('Demo sign-in details');
    const stories = (await (await fetch(`${url}/api/v1/stories`)).json()) as { total: number };
    expect(stories.total).toBeGreaterThan(10);
    child.process.kill('SIGINT');
    expect(await child.exited).toBe(0);
  });

  it('recovers without help after being killed, stopping the PostgreSQL it left behind', async () => {
    const first = await serve(dataDir);
    const pgPid = Number.parseInt(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
    first.child.process.kill('SIGKILL');
    await first.child.exited;
    const { child, url } = await serve(dataDir);
    expect(await healthy(url)).toBe(true);
    expect(child.output()).toContain('left running by an earlier Waymark');
    const newPgPid = Number.parseInt(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
    expect(newPgPid).not.toBe(pgPid);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });

  it('clears a stale PostgreSQL lock naming a process that is not PostgreSQL, and leaves that process alone', async () => {
    // After a restart, the PID in postmaster.pid may belong to something else entirely.
    const bystander = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push({ process: bystander } as ReturnType<typeof runWaymark>);
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    fs.writeFileSync(pidFile, `${bystander.pid}\n${path.join(dataDir, 'pg')}\n1700000000\n5432\n\n127.0.0.1\n`);
    const { child, url } = await serve(dataDir);
    expect(await healthy(url)).toBe(true);
    expect(child.output()).toContain('Removed a stale PostgreSQL lock file');
    expect(bystander.exitCode).toBe(null);
    expect(bystander.signalCode).toBe(null);
    bystander.kill('SIGKILL');
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });
});

describe('start-up failures of the embedded PostgreSQL', () => {
  it('says the disk is full, in one line, when the data folder has no room', async (context) => {
    const small = path.join(root, 'small-disk');
    fs.mkdirSync(small);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0755', 'tmpfs', small], { stdio: 'ignore' });
    } catch {
      context.skip('mounting a small disk needs root with the right to mount (CI has it)');
    }
    try {
      const child = runWaymark(['serve'], {
        DATA_DIR: path.join(small, 'data'),
        PORT: String(await freePort()),
        DATABASE_URL: '',
        SESSION_SECRET: '',
      });
      children.push(child);
      expect(await child.exited).toBe(2);
      expect(child.output()).toBe(
        `waymark: The disk holding ${path.join(small, 'data')} is full: free some space, then start Waymark again.\n`,
      );
    } finally {
      execFileSync('umount', [small]);
    }
  });
});
