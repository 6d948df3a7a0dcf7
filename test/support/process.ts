// Running the real `waymark` command as a child process, holding its PID to stop it.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const waymarkBin = path.resolve('bin/waymark.ts');

export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function runWaymark(args: string[], env: Record<string, string | undefined> = {}): Child {
  // Vitest sets BASE_URL (Vite's base path, '/') in its own environment; Waymark must not inherit it.
  const merged = { ...process.env, BASE_URL: undefined, LOG_LEVEL: 'warn', ...env };
  const child = spawn(process.execPath, [waymarkBin, ...args], {
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

export async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 60_000, what = 'condition') {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

/** A loopback port free right now, for a server whose address must be known before it starts. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}
