// Builds a tag model in a worker thread: the language model (about 70 MB) and the CPU time stay out of the
// instance serving requests, and the memory goes when the worker ends. See rebuildTagModel in service.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { framework } from '../framework/data.ts';
import { buildTagModel, type LabelledStory } from './model.ts';

const { stories } = workerData as { stories: LabelledStory[] };
parentPort?.postMessage(buildTagModel(framework, stories));
