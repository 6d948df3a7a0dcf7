// Building a tag model off the main thread: a worker that fails fails the build (no retry on the thread that
// serves requests), and stopping the jobs ends a running build.
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
    await expect(buildInWorker(stories, { resourceLimits: { maxOldGenerationSizeMb: 8 } })).rejects.toThrow(
      /ERR_WORKER_OUT_OF_MEMORY/,
    );
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
