// Building a tag model outside the serving process: a build that fails fails the build (no retry in the
// process that serves requests), stopping the jobs ends a running build, and its memory leaves with it.
import { describe, expect, it } from 'vitest';
import { buildInWorker } from './service.ts';

const stories = Array.from({ length: 40 }, (_, i) => ({
  text: `The Quillerby owl sanctuary partnership ${i} sold tickets and kept its public purpose.`,
  primary: 'ethos',
  characteristics: ['ethos'],
  roles: ['broker'],
}));

describe('building a tag model in a worker', () => {
  it('builds in the worker', async () => {
    const { model, builtIn } = await buildInWorker(stories);
    expect(builtIn).toBe('worker');
    expect(model.storyCount).toBe(40);
  });

  it('fails, rather than building in-process, when the worker runs out of memory', async () => {
    await expect(buildInWorker(stories, { heapLimitMb: 8 })).rejects.toThrow(
      'The tag model build ran out of memory (its heap is capped at 8 MB).',
    );
  });

  it('gives its memory back: the serving process is no larger after a build than before it', async () => {
    // The language model alone is about 70 MB once loaded; a build that ran in this process, or in a
    // thread of it, left well over that resident after it ended.
    const before = process.memoryUsage.rss();
    for (let i = 0; i < 3; i++) await buildInWorker(stories);
    const grownMb = (process.memoryUsage.rss() - before) / 1024 / 1024;
    expect(grownMb).toBeLessThan(30);
  });

  it('ends a running build when it is stopped', async () => {
    const stop = new AbortController();
    const build = buildInWorker(stories, { signal: stop.signal });
    setTimeout(() => stop.abort(), 20);
    await expect(build).rejects.toThrow('The tag model build was stopped.');
    // Already stopped: nothing starts.
    await expect(buildInWorker(stories, { signal: stop.signal })).rejects.toThrow();
  });
});
