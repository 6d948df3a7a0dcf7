// SQL for tag suggestions: the human-tagged stories a model learns from, and the saved models.
import type { Db } from '../db/database.ts';

/**
 * Newest published public stories first; enough to learn from, bounded so a rebuild stays quick. One model
 * serves every organisation, and its word counts can be read back from it, so it learns only from what
 * anyone may read: a story shared within an organisation or a space never crosses to another tenant.
 */
export async function taggedStories(db: Db, limit: number) {
  return db
    .selectFrom('stories')
    .select(['title', 'body', 'transcript', 'primary_characteristic', 'characteristics', 'roles'])
    .where('status', '=', 'published')
    .where('visibility', '=', 'public')
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function newestModelId(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('tag_models').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? String(row.id) : undefined;
}

export async function modelById(db: Db, id: string) {
  return db
    .selectFrom('tag_models')
    .select(['id', 'built_at', 'story_count', 'model'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Saves a new model and keeps only the last few (the newest is in use; older ones are kept for comparison). */
export async function saveModel(db: Db, model: unknown, storyCount: number, builtAt: Date, keep = 3) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tag_models')
      .values({ model: JSON.stringify(model), story_count: storyCount, built_at: builtAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    const kept = trx.selectFrom('tag_models').select('id').orderBy('id', 'desc').limit(keep);
    await trx.deleteFrom('tag_models').where('id', 'not in', kept).execute();
    return String(row.id);
  });
}
