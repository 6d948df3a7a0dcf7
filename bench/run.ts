// `npm run bench`: start-up times, idle memory, and throughput of Waymark's pages against a bare
// Fastify hello-world measured in the same run (ratios, because these machines are noisy).
// One line per figure. BENCH_SECONDS sets each load's length (default 10).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { anonymous } from '../src/access/visibility.ts';
import { createDb, createPool } from '../src/db/database.ts';
import { runningServerUrl } from '../src/db/embedded.ts';
import { storyListQuery } from '../src/stories/schema.ts';
import { storiesService } from '../src/stories/service.ts';
import { measureAccuracy } from '../src/tagging/accuracy.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const root = path.resolve(process.env.BENCH_DIR ?? 'bench-data');
const waymarkBin = path.resolve('bin/waymark.ts');

function start(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function untilHealthy(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`Waymark exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('Waymark did not become healthy');
}

function rssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Resident memory of a process and all its descendants (Waymark and its PostgreSQL processes). */
function treeRssMb(pid: number): number {
  const children = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of children) if (pp === tree[i]) tree.push(p);
  return tree.reduce((sum, p) => sum + rssKb(p), 0) / 1024;
}

async function load(url: string) {
  const result = await autocannon({ url, connections: 50, duration: seconds, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx responses and ${result.errors} errors under load`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const line = (name: string, fields: Record<string, string | number>) =>
  process.stdout.write(
    `${name} ${Object.entries(fields)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );

// Tag suggestions, in-process: accuracy on labelled stories each held out of the model that ranks them.
{
  const tags = measureAccuracy();
  line('tag_suggestions', {
    top1: tags.top1.toFixed(2),
    top3: tags.top3.toFixed(2),
    held_out: tags.heldOut,
    trained_on: tags.trainedOn,
    folds: tags.folds,
    roles_top1: tags.rolesTop1.toFixed(2),
    suggest_ms: tags.suggestMs,
  });
}

fs.rmSync(root, { recursive: true, force: true });
fs.mkdirSync(root, { recursive: true });
const port = 3900 + Math.floor(Math.random() * 100);
const url = `http://127.0.0.1:${port}`;
const env = { DATA_DIR: path.join(root, 'data'), PORT: String(port), DATABASE_URL: '', SESSION_SECRET: '' };

// First start on an empty folder: create the cluster, migrate, add demo content.
let waymark = start(waymarkBin, ['serve'], env);
line('first_start', { ms_to_healthy: Math.round(await untilHealthy(url, waymark)) });
await stop(waymark);

// A library at the scale the search targets are set for (`waymark seed bench`); BENCH_STORIES=0 skips it.
const benchStories = Number(process.env.BENCH_STORIES ?? 100_000);
if (benchStories > 0) {
  const started = performance.now();
  execFileSync(process.execPath, [waymarkBin, 'seed', 'bench', '--stories', String(benchStories)], {
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: 'ignore',
  });
  line('bench_seed', { stories: benchStories, seconds: ((performance.now() - started) / 1000).toFixed(1) });
}

waymark = start(waymarkBin, ['serve'], env);
line('warm_start', { ms_to_healthy: Math.round(await untilHealthy(url, waymark)) });
await new Promise((r) => setTimeout(r, 2000));
line('idle_memory', { rss_mb: Math.round(treeRssMb(waymark.pid as number)) });

try {
  const hello = start(path.resolve('bench/hello.ts'), [], { PORT: String(port + 200) });
  const helloUrl = `http://127.0.0.1:${port + 200}/`;
  await new Promise((resolve) => hello.stdout?.once('data', resolve));
  const baseline = await load(helloUrl);
  await stop(hello);
  line('hello_world', { rps: Math.round(baseline.rps), p99_ms: baseline.p99 });

  // Search with facets, page 1 of 20 with highlights, as an anonymous reader: common and rare terms, one
  // word and three. Timed in-process (the stories service on the server's own PostgreSQL, one search at
  // a time) and over HTTP (the JSON API, adding Fastify, sessions and JSON). p95 of 200 after 20 warm-up.
  const pool = createPool(runningServerUrl(env.DATA_DIR) as string, 4);
  const stories = storiesService(createDb(pool));
  const searches: [string, string][] = [
    ['common_word', 'housing'],
    ['rare_word', 'taxidermy'],
    ['common_three_words', 'council housing budget'],
    ['rare_three_words', 'taxidermy council budget'],
  ];
  const percentiles = async (run: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 220; i++) {
      const started = performance.now();
      await run();
      if (i >= 20) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return (p: number) => (times[Math.floor(times.length * p)] ?? 0).toFixed(1);
  };
  for (const [kind, q] of searches) {
    const query = storyListQuery.parse({ q });
    const found = await stories.search(anonymous, query);
    const inProcess = await percentiles(() => stories.search(anonymous, query));
    const overHttp = await percentiles(async () => {
      const response = await fetch(`${url}/api/v1/stories?q=${encodeURIComponent(q)}`);
      if (response.status !== 200) throw new Error(`search ${q}: ${response.status}`);
      await response.arrayBuffer();
    });
    line(`search_facets_${kind}`, {
      p95_ms: inProcess(0.95),
      p50_ms: inProcess(0.5),
      http_p95_ms: overHttp(0.95),
      http_p50_ms: overHttp(0.5),
      matches: found.total,
      estimated: String(found.approximate),
    });
  }
  await pool.end();

  const newest = (await (await fetch(`${url}/api/v1/stories?pageSize=1`)).json()) as { items: { id: string }[] };
  const targets: [string, string][] = [
    ['home_page', '/'],
    ['framework_page', '/framework'],
    ['characteristic_page', '/framework/characteristics/reflects'],
    ['story_page', `/stories/${newest.items[0]?.id}`],
    ['framework_api', '/api/v1/framework'],
    ['healthz', '/healthz'],
  ];
  for (const [name, target] of targets) {
    const r = await load(`${url}${target}`);
    line(name, { rps: Math.round(r.rps), p99_ms: r.p99, ratio_to_hello: (r.rps / baseline.rps).toFixed(2) });
  }
} finally {
  await stop(waymark);
}
