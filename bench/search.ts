// `node bench/search.ts`: story search alone (bench/search-shapes.ts) on a library of BENCH_STORIES stories
// (default 1,000,000), without the rest of `npm run bench`. Seeding a million stories takes minutes, so the
// seeded folder (BENCH_DIR, default bench-data/search) is kept and reused by the next run of the same size.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runningServerUrl } from '../src/db/embedded.ts';
import { measureSearch } from './search-shapes.ts';

const stories = Number(process.env.BENCH_STORIES ?? 1_000_000);
if (!Number.isInteger(stories) || stories < 1) throw new Error('BENCH_STORIES must be a whole number above 0');
const root = path.resolve(process.env.BENCH_DIR ?? 'bench-data/search');
const waymarkBin = path.resolve('bin/waymark.ts');
const port = 3900 + Math.floor(Math.random() * 100);
const url = `http://127.0.0.1:${port}`;
const env = { DATA_DIR: path.join(root, 'data'), PORT: String(port), DATABASE_URL: '', SESSION_SECRET: '' };
const seededFile = path.join(root, 'seeded-stories');

const line = (name: string, fields: Record<string, string | number>) =>
  process.stdout.write(
    `${name} ${Object.entries(fields)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );

function serve(): ChildProcess {
  return spawn(process.execPath, [waymarkBin, 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: 'ignore',
  });
}

async function untilHealthy(child: ChildProcess, timeoutMs = 300_000) {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`Waymark exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('Waymark did not become healthy');
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const seeded = fs.existsSync(seededFile) && fs.readFileSync(seededFile, 'utf8').trim() === String(stories);
if (!seeded) {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  // The first start creates the cluster, migrates and adds the demo content; then the library is added.
  const first = serve();
  await untilHealthy(first);
  await stop(first);
  const started = performance.now();
  execFileSync(process.execPath, [waymarkBin, 'seed', 'bench', '--stories', String(stories)], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: 'ignore',
  });
  fs.writeFileSync(seededFile, String(stories));
  line('bench_seed', { stories, seconds: ((performance.now() - started) / 1000).toFixed(1) });
} else {
  line('bench_seed', { stories, reused: root });
  // A folder seeded before story search had its recent slice gets it now (`seed bench` builds it).
  execFileSync(process.execPath, [waymarkBin, 'search-slice'], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: 'ignore',
  });
}

const waymark = serve();
try {
  await untilHealthy(waymark);
  await measureSearch(url, runningServerUrl(env.DATA_DIR) as string, stories, line);
} finally {
  await stop(waymark);
}
