// The embedded PostgreSQL through the real `waymark serve`: first start, the lock against a second
// Waymark, graceful stop, warm restart on the same data, and recovery after the process is killed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, healthy, runWaymark, waitFor } from '../support/process.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-embedded-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function serve(dataDir: string) {
  const port = await freePort();
  const child = runWaymark(['serve'], { DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', SESSION_SECRET: '' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await healthy(url)) || child.process.exitCode !== null, 90_000, 'waymark to start');
  return { child, url };
}

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
});
