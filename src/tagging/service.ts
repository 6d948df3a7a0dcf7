// Tag suggestions: suggest characteristics and roles for a text, from the newest saved model. Each instance
// loads the model lazily, keeps it in memory, and looks for a newer one at most once a minute.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.ts';
import { framework } from '../framework/data.ts';
import type { BuildRequest } from './build-worker.ts';
import type { LabelledStory, SavedTagModel, Suggestions, TagModel } from './model.ts';
import { modelById, newestModelId, saveModel, taggedStories } from './repository.ts';

// The model code (and the language model it loads) is loaded on first use, so an instance that never
// suggests tags never holds it.
const modelCode = () => import('./model.ts');

export const suggestLimits = {
  minChars: 1,
  maxChars: 50_000,
  /**
   * Only the start of a text is read: tokenising is about a millisecond per 1,000 characters on the thread
   * that serves requests, and the opening of a story says enough about it to suggest its tags.
   */
  readChars: 8_000,
} as const;
/** The newest published stories a rebuild learns from. */
export const trainingLimit = 5000;
const recheckMs = 60_000;
/**
 * A build's heap is capped, so a build that grows too large fails in its own process (the job fails, is
 * logged and retried) rather than taking the instance's memory with it.
 */
const buildHeapMb = 512;

export interface BuildOptions {
  /** Aborting terminates a running build (the jobs do so when they stop). */
  signal?: AbortSignal;
  /** The build process's heap limit (default 512 MB). */
  heapLimitMb?: number;
  /**
   * The database the build process reads the stories from and saves the model to itself, so the instance
   * serving requests never holds them (reading them here and handing them over left about 50 MB resident
   * after each build). Without it, the stories are read here and handed over.
   */
  connectionString?: string;
}

/**
 * Runs one build in a child process, whose memory all goes back to the system when it ends; undefined when
 * no process can be started at all. A build process that fails (out of memory, say) fails the build.
 */
async function inChildProcess<T>(request: BuildRequest, options: BuildOptions): Promise<T | undefined> {
  const { signal } = options;
  signal?.throwIfAborted();
  const heapMb = options.heapLimitMb ?? buildHeapMb;
  let child: ChildProcess;
  try {
    child = fork(fileURLToPath(new URL('./build-worker.ts', import.meta.url)), [], {
      execArgv: [`--max-old-space-size=${heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
  } catch {
    return undefined;
  }
  // The last words of a failed build (V8 says "heap out of memory" on stderr before it aborts).
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let onAbort = () => {};
  try {
    return await new Promise<T>((resolve, reject) => {
      onAbort = () => reject(new Error('The tag model build was stopped.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      child.once('message', (reply: { result: T } | { error: string }) =>
        'result' in reply ? resolve(reply.result) : reject(new Error(`The tag model build failed: ${reply.error}`)),
      );
      child.once('error', (error: Error & { code?: string }) =>
        reject(new Error(`The tag model build could not run (${error.code ?? error.name}): ${error.message}`)),
      );
      child.once('exit', (code, signalName) =>
        reject(
          new Error(
            /heap out of memory/i.test(stderr)
              ? `The tag model build ran out of memory (its heap is capped at ${heapMb} MB).`
              : `The tag model build stopped with ${code ?? signalName}.`,
          ),
        ),
      );
      child.send(request);
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Done, failed or stopped: the process and its memory go either way.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Builds the model from these stories in a child process. Only when no process can be started at all is it
 * built in-process, a slice at a time: building again in the serving process after a failed build would
 * risk it.
 */
export async function buildInWorker(
  stories: LabelledStory[],
  options: BuildOptions = {},
): Promise<{ model: SavedTagModel; builtIn: 'worker' | 'process' }> {
  const model = await inChildProcess<SavedTagModel>({ build: { stories } }, options);
  if (model) return { model, builtIn: 'worker' };
  const { buildTagModelInSlices } = await modelCode();
  return { model: await buildTagModelInSlices(framework, stories), builtIn: 'process' };
}

/** The newest published public stories as the model learns from them. */
export async function trainingStories(db: Db): Promise<LabelledStory[]> {
  const rows = await taggedStories(db, trainingLimit);
  return rows.map((r) => ({
    text: `${r.title}\n\n${r.body}\n\n${r.transcript}`,
    primary: r.primary_characteristic,
    characteristics: r.characteristics,
    roles: r.roles,
  }));
}

/** Builds a model from the framework and the published stories, saves it, and says what it learned from. */
export async function rebuildTagModel(db: Db, now: Date = new Date(), options: BuildOptions = {}) {
  if (options.connectionString) {
    const saved = await inChildProcess<{ id: string; storyCount: number }>(
      { readBuildAndSave: { connectionString: options.connectionString, builtAt: now } },
      options,
    );
    if (saved) return { ...saved, builtIn: 'worker' as const };
  }
  const stories = await trainingStories(db);
  const { model, builtIn } = await buildInWorker(stories, options);
  const id = await saveModel(db, model, stories.length, now);
  return { id, storyCount: stories.length, builtIn };
}

/** Whether any model has been saved (the job builds one at start when none has). */
export async function hasTagModel(db: Db): Promise<boolean> {
  return (await newestModelId(db)) !== undefined;
}

export function taggingService(db: Db, options: { now?: () => number } = {}) {
  const clock = options.now ?? (() => Date.now());
  let cached: { id: string | undefined; model: TagModel; checkedAt: number } | undefined;
  let loading: Promise<TagModel> | undefined;

  async function load(): Promise<TagModel> {
    const id = await newestModelId(db);
    if (cached && cached.id === id) {
      cached.checkedAt = clock();
      return cached.model;
    }
    const row = id ? await modelById(db, id) : undefined;
    const { buildTagModel, isSavedTagModel, loadTagModel } = await modelCode();
    // Before the first rebuild (or after a format change) the framework alone still gives useful suggestions.
    const model =
      row && isSavedTagModel(row.model) ? loadTagModel(row.model) : loadTagModel(buildTagModel(framework, []));
    cached = { id: row && isSavedTagModel(row.model) ? id : undefined, model, checkedAt: clock() };
    return model;
  }

  async function current(): Promise<TagModel> {
    if (cached && clock() - cached.checkedAt < recheckMs) return cached.model;
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  return {
    /** Every characteristic and every role for the text (its first readChars characters), best first, in [0, 1]. */
    async suggest(text: string): Promise<Suggestions> {
      const model = await current();
      const { suggestTags } = await modelCode();
      return suggestTags(model, text.slice(0, suggestLimits.readChars));
    },
    /** Rebuilds and saves the model now (the job calls rebuildTagModel directly); the next suggest uses it. */
    async rebuild(now: Date = new Date(clock())) {
      const result = await rebuildTagModel(db, now);
      cached = undefined;
      return result;
    },
  };
}

export type TaggingService = ReturnType<typeof taggingService>;
