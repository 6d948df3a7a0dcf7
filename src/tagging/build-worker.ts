// Builds a tag model in a child process: the language model (about 70 MB), the stories and the CPU time
// stay out of the instance serving requests, and the memory goes back to the system when the process ends.
// (A worker thread left about 250 MB resident in the serving process after it ended.) See service.ts.
import { createDb, createPool } from '../db/database.ts';
import { framework } from '../framework/data.ts';
import { buildTagModel, type LabelledStory } from './model.ts';
import { saveModel } from './repository.ts';
import { trainingStories } from './service.ts';

export type BuildRequest =
  /** Build from these stories and hand the model back. */
  | { build: { stories: LabelledStory[] } }
  /** Read the stories, build, save, and hand back the saved model's id. */
  | { readBuildAndSave: { connectionString: string; builtAt: Date } };

async function handle(request: BuildRequest) {
  if ('build' in request) return buildTagModel(framework, request.build.stories);
  const { connectionString, builtAt } = request.readBuildAndSave;
  const db = createDb(createPool(connectionString, 1));
  try {
    const stories = await trainingStories(db);
    const id = await saveModel(db, buildTagModel(framework, stories), stories.length, builtAt);
    return { id, storyCount: stories.length };
  } finally {
    await db.destroy();
  }
}

// An instance killed mid-build (SIGKILL, a crash) leaves nobody to hand the model to: stop with it rather
// than build on, holding memory, CPU and a database connection.
let answered = false;
process.once('disconnect', () => {
  if (!answered) process.exit(1);
});

process.once('message', (request: BuildRequest) => {
  handle(request)
    .finally(() => {
      answered = true;
    })
    .then(
      (result) => process.send?.({ result }, () => process.disconnect()),
      (error: Error) => process.send?.({ error: error.message }, () => process.disconnect()),
    );
});
