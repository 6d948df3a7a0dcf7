// Waymark as an operator runs it: `waymark serve` in a process of its own, a visitor with a cookie jar
// talking to it over HTTP, and the embedded PostgreSQL's processes found from the data folder, so a test
// can kill every one of them without warning.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Child, freePort, healthy, runWaymark, waitFor } from './process.ts';

export interface Served {
  child: Child;
  url: string;
}

/**
 * Starts `waymark serve` (as `npm start` does) on a free port and waits until it answers. `children`, when
 * given, gets the process as soon as it starts, so that the file's clean-up stops it even if it never answers.
 */
export async function serve(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  children?: Child[],
): Promise<Served> {
  const port = await freePort();
  const child = runWaymark(['serve'], { PORT: String(port), ...env });
  children?.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => child.process.exitCode !== null || (child.output().includes('Press Ctrl+C') && (await healthy(url))),
    timeoutMs,
    'waymark serve to start',
  );
  if (child.process.exitCode !== null) throw new Error(`waymark serve stopped at start:\n${child.output()}`);
  return { child, url };
}

/** `waymark serve` on the embedded PostgreSQL in `dataDir` (no DATABASE_URL, no SESSION_SECRET), as above. */
export function serveEmbedded(dataDir: string, children: Child[]): Promise<Served> {
  return serve({ DATA_DIR: dataDir, DATABASE_URL: '', SESSION_SECRET: '' }, 90_000, children);
}

/** The demo sign-in details `waymark serve` or `waymark seed demo` printed on the start that made them. */
export function demoCredentials(output: string): { email: string; password: string }[] {
  return [...output.matchAll(/^\s*(\S+@\S+\.example)\s+(\S{16})(?=\s|$)/gm)].map((m) => ({
    email: m[1] as string,
    password: m[2] as string,
  }));
}

/** The PostgreSQL of a data folder: its postmaster (from postmaster.pid) and every process it started. */
export function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number.parseInt(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
  const children = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => parentOf(pid) === postmaster);
  return [postmaster, ...children];
}

/** Fields of /proc/<pid>/stat after the command name: state, then the parent's PID. */
function statOf(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
const parentOf = (pid: number) => Number(statOf(pid)?.[1]);
/** Gone, or a zombie nobody has reaped yet: either way it holds no files, memory or sockets. */
const gone = (pid: number) => {
  const state = statOf(pid)?.[0];
  return state === undefined || state === 'Z' || state === 'X';
};

/** SIGKILL, all at once, as a power cut would stop them; resolves when none of them runs any more. */
export async function killAll(pids: number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await waitFor(() => pids.every(gone), 10_000, 'the killed processes to go');
}

/**
 * Stops what a test left running (after a failure or a timeout): SIGTERM first, so that each Waymark stops
 * its embedded PostgreSQL too, which SIGKILL would leave running; SIGKILL only for one that does not stop.
 */
export async function stopLeftRunning(processes: ChildProcess[], graceMs = 20_000): Promise<void> {
  const running = processes.filter((p) => p.exitCode === null && p.signalCode === null);
  await Promise.all(
    running.map(
      (p) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
          p.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          p.kill('SIGCONT');
          p.kill('SIGTERM');
        }),
    ),
  );
}

/** A visitor with one cookie jar: the session cookie Waymark sets, sent back on every request. */
export class Visitor {
  private cookies = new Map<string, string>();
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(`${this.baseUrl}${pathname}`, { redirect: 'manual', ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const expired = /max-age=0|expires=Thu, 01 Jan 1970/i.test(cookie);
      if (expired) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }

  /** The CSRF token of a page's form. */
  async csrf(pathname: string): Promise<string> {
    const html = await (await this.fetch(pathname)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no form with a CSRF token at ${pathname}`);
    return token;
  }

  /** Posts a form as a browser would: URL-encoded, with the CSRF token. */
  post(pathname: string, fields: Record<string, string | string[]>, csrf: string): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    }
    body.set('_csrf', csrf);
    return this.fetch(pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }

  /** Signs in through the form; the jar then holds the signed-in session. */
  async signIn(credential: { email: string; password: string }): Promise<Response> {
    const csrf = await this.csrf('/sign-in');
    return this.post('/sign-in', { ...credential, returnTo: '/' }, csrf);
  }

  /** Whether the jar's session is signed in, as the account page says. */
  async signedIn(): Promise<boolean> {
    return (await this.fetch('/account')).status === 200;
  }

  /** Another visitor holding a copy of these cookies as they are now, on another instance. */
  on(baseUrl: string): Visitor {
    const twin = new Visitor(baseUrl);
    twin.cookies = new Map(this.cookies);
    return twin;
  }
}
