// Once per test run: one throwaway PostgreSQL (embedded, or the server at WAYMARK_TEST_DATABASE_URL)
// and the Chromium inside @sparticuz/chromium unpacked once, before workers start in parallel.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedServer } from '../../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-test-'));
  // @sparticuz/chromium reuses whatever is at $TMPDIR/chromium: give this run its own.
  const browserTmp = path.join(root, 'browser');
  fs.mkdirSync(browserTmp);
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = browserTmp;
  const chromium = (await import('@sparticuz/chromium')).default;
  const chromiumPath = await chromium.executablePath();
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;

  let stop = async () => {};
  let adminDatabaseUrl = process.env.WAYMARK_TEST_DATABASE_URL;
  if (!adminDatabaseUrl) {
    const server = await startEmbeddedServer(path.join(root, 'data'), { info() {}, warn() {} });
    adminDatabaseUrl = server.databaseUrl;
    stop = server.stop;
  }
  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('chromiumPath', chromiumPath);
  return async () => {
    await stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
}
