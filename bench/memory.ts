// Resident memory as the operator's `ps` sees it: one process (Waymark's Node process) or a process and
// all its descendants (Waymark with its embedded PostgreSQL), read from /proc.
import fs from 'node:fs';

export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  try {
    // Every thread's children: Node starts processes from its main thread, but not necessarily.
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((task) => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * The process and everything it started, however deep (PostgreSQL's postmaster forks its backends). Read
 * from /proc rather than by running `ps`, so sampling every 50 ms costs little.
 */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...childrenOf(tree[i] as number));
  return tree;
}

export function treeRssMb(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + rssMb(p), 0);
}

/**
 * Proportional memory: each shared page (PostgreSQL's shared buffers, the binaries) counted once across the
 * processes that share it, where the RSS sum counts it in every one of them.
 */
export function treePssMb(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      const rollup = fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8');
      return sum + Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) / 1024;
    } catch {
      return sum;
    }
  }, 0);
}

/** Samples a reading every intervalMs until stopped; the highest reading is the peak. */
export function sampleEvery(intervalMs: number, read: () => number) {
  let peak = read();
  let latest = peak;
  const timer = setInterval(() => {
    latest = read();
    if (latest > peak) peak = latest;
  }, intervalMs);
  return {
    get peak() {
      return peak;
    },
    get latest() {
      return latest;
    },
    stop() {
      clearInterval(timer);
      latest = read();
      if (latest > peak) peak = latest;
      return peak;
    },
  };
}
