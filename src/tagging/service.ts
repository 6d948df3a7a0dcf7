// Tag suggestions: suggest characteristics and roles for a text, from the newest saved model. Each instance
// loads the model lazily, keeps it in memory, and looks for a newer one at most once a minute.
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { Db } from '../db/database.ts';
import { framework } from '../framework/data.ts';
import {
  buildTagModel,
  buildTagModelInSlices,
  isSavedTagModel,
  type LabelledStory,
  loadTagModel,
  type SavedTagModel,
  type Suggestions,
  suggestTags,
  type TagModel,
} from './model.ts';
import { modelById, newestModelId, saveModel, taggedStories } from './repository.ts';

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
 * A build's heap is capped, so a build that grows too large fails on its own thread (the job fails, is
 * logged and retried) rather than taking the instance's memory with it.
 */
const buildResourceLimits: ResourceLimits = { maxOldGenerationSizeMb: 512 };

export interface BuildOptions {
  /** Aborting terminates a running build (the jobs do so when they stop). */
  signal?: AbortSignal;
  resourceLimits?: ResourceLimits;
}

/**
 * Builds the model in a worker thread. Only when no worker can be started at all is it built in-process, a
 * slice at a time; a worker that fails (out of memory, say) fails the build: building the same thing again
 * on the main thread would risk the instance.
 */
export async function buildInWorker(
  stories: LabelledStory[],
  options: BuildOptions = {},
): Promise<{ model: SavedTagModel; builtIn: 'worker' | 'process' }> {
  const { signal } = options;
  signal?.throwIfAborted();
  let worker: Worker;
  try {
    worker = new Worker(new URL('./build-worker.ts', import.meta.url), {
      workerData: { stories },
      resourceLimits: options.resourceLimits ?? buildResourceLimits,
    });
  } catch {
    return { model: await buildTagModelInSlices(framework, stories), builtIn: 'process' };
  }
  let onAbort = () => {};
  try {
    const model = await new Promise<SavedTagModel>((resolve, reject) => {
      onAbort = () => reject(new Error('The tag model build was stopped.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (model: SavedTagModel) => resolve(model));
      worker.once('error', (error: Error & { code?: string }) =>
        reject(new Error(`The tag model worker failed (${error.code ?? error.name}): ${error.message}`)),
      );
      worker.once('exit', (code) => reject(new Error(`The tag model worker stopped with code ${code}.`)));
    });
    return { model, builtIn: 'worker' };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Done, failed or stopped: the worker and its memory go either way.
    await worker.terminate();
  }
}

/** Builds a model from the framework and the published stories, saves it, and says what it learned from. */
export async function rebuildTagModel(db: Db, now: Date = new Date(), options: BuildOptions = {}) {
  const rows = await taggedStories(db, trainingLimit);
  const stories: LabelledStory[] = rows.map((r) => ({
    text: `${r.title}\n\n${r.body}\n\n${r.transcript}`,
    primary: r.primary_characteristic,
    characteristics: r.characteristics,
    roles: r.roles,
  }));
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
      return suggestTags(await current(), text.slice(0, suggestLimits.readChars));
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
