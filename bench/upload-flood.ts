// A flood of large uploads from callers who may not upload: each must be refused, and refusing them must
// not cost Waymark the bodies' size in memory (the caller is checked before the body is read).
import http from 'node:http';
import { rssMb, sampleEvery } from './memory.ts';

export interface FloodCaller {
  /** A Cookie header, or none for an anonymous client. */
  cookie?: string;
}

export interface FloodResult {
  statuses: (number | string)[];
  /** Highest resident memory of the process during the flood, less what it was before, in MB. */
  peakGrowthMb: number;
  seconds: number;
}

const chunk = Buffer.alloc(1024 * 1024, 0x55);

/**
 * Sends one multipart upload of `bytes` (the recording field) and answers the status, or the error's code
 * when the connection failed before any answer. The body is written from one shared chunk, so the client's
 * own memory stays small; once an answer arrives, the rest is not sent.
 */
function upload(url: URL, bytes: number, caller: FloodCaller): Promise<number | string> {
  const boundary = `----waymarkbench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="recording"; filename="flood.webm"\r\n` +
      'Content-Type: audio/webm\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve) => {
    let answered = false;
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      timeout: 60_000,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': head.length + bytes + tail.length,
        accept: 'text/html',
        ...(caller.cookie ? { cookie: caller.cookie } : {}),
      },
    });
    request.on('response', (response) => {
      answered = true;
      resolve(response.statusCode ?? 0);
      response.resume();
      request.destroy();
    });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered) resolve(error.code ?? error.message);
    });
    (async () => {
      const write = (data: Buffer) =>
        request.write(data) ? Promise.resolve() : new Promise<void>((r) => request.once('drain', () => r()));
      await write(head);
      for (let sent = 0; sent < bytes && !answered && !request.destroyed; sent += chunk.length) {
        await write(bytes - sent >= chunk.length ? chunk : chunk.subarray(0, bytes - sent));
      }
      if (!answered && !request.destroyed) request.end(tail);
    })().catch(() => {});
  });
}

/** All the callers' uploads at once, with the Waymark process's resident memory sampled every 50 ms. */
export async function uploadFlood(
  url: URL,
  waymarkPid: number,
  callers: FloodCaller[],
  bytes: number,
): Promise<FloodResult> {
  const before = rssMb(waymarkPid);
  const sampler = sampleEvery(50, () => rssMb(waymarkPid));
  const started = performance.now();
  const statuses = await Promise.all(callers.map((caller) => upload(url, bytes, caller)));
  const seconds = (performance.now() - started) / 1000;
  // A little longer: memory taken for bodies still being read may peak after the last answer.
  await new Promise((r) => setTimeout(r, 500));
  const peak = sampler.stop();
  return { statuses, peakGrowthMb: Math.max(0, peak - before), seconds };
}
