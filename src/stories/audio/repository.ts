// A story's recording and transcript in the database. The bytes are read only to play them; every other
// read leaves them out.
import { sql } from 'kysely';
import type { Db, StoryAudioTable } from '../../db/database.ts';

export type AudioType = StoryAudioTable['media_type'];

export async function audioOf(db: Db, storyId: string) {
  return db
    .selectFrom('story_audio')
    .select(['media_type', 'size_bytes', 'duration_seconds', 'created_at'])
    .where('story_id', '=', storyId)
    .executeTakeFirst();
}

/**
 * What a player needs before asking for bytes: the type, the size, and which version of the file this is
 * (the row version PostgreSQL gives every write, so a replaced recording is a new version).
 */
export async function audioFileOf(db: Db, storyId: string) {
  return db
    .selectFrom('story_audio')
    .select(['media_type', 'size_bytes', sql<string>`xmin::text`.as('version')])
    .where('story_id', '=', storyId)
    .executeTakeFirst();
}

/**
 * `length` bytes of the recording from `start` (0-based), read by PostgreSQL itself, so a player seeking in
 * an hour's recording costs only the part it asks for. Undefined if the recording was replaced or removed
 * since `version` was read.
 */
export async function audioSlice(db: Db, storyId: string, version: string, start: number, length: number) {
  const row = await db
    .selectFrom('story_audio')
    .select(sql<Buffer>`substring(bytes from ${start + 1}::int for ${length}::int)`.as('slice'))
    .where('story_id', '=', storyId)
    .where(sql<string>`xmin::text`, '=', version)
    .executeTakeFirst();
  return row?.slice;
}

export async function putAudio(
  db: Db,
  story: { orgId: string; id: string },
  audio: { mediaType: AudioType; bytes: Buffer; durationSeconds: number },
  at: Date,
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('story_audio')
      .values({
        org_id: story.orgId,
        story_id: story.id,
        media_type: audio.mediaType,
        bytes: audio.bytes,
        size_bytes: audio.bytes.length,
        duration_seconds: audio.durationSeconds.toFixed(2),
        created_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['org_id', 'story_id']).doUpdateSet({
          media_type: audio.mediaType,
          bytes: audio.bytes,
          size_bytes: audio.bytes.length,
          duration_seconds: audio.durationSeconds.toFixed(2),
          created_at: at,
        }),
      )
      .execute();
    await trx
      .updateTable('stories')
      .set({ updated_at: at })
      .where('org_id', '=', story.orgId)
      .where('id', '=', story.id)
      .execute();
  });
}

export async function removeAudio(db: Db, story: { orgId: string; id: string }) {
  await db.deleteFrom('story_audio').where('org_id', '=', story.orgId).where('story_id', '=', story.id).execute();
}

export async function setTranscript(db: Db, story: { orgId: string; id: string }, transcript: string, at: Date) {
  await db
    .updateTable('stories')
    .set({ transcript, updated_at: at })
    .where('org_id', '=', story.orgId)
    .where('id', '=', story.id)
    .execute();
}

/** Whether the story has a recording. */
export async function hasAudio(db: Db, orgId: string, storyId: string): Promise<boolean> {
  const row = await db
    .selectFrom('story_audio')
    .select('story_id')
    .where('org_id', '=', orgId)
    .where('story_id', '=', storyId)
    .executeTakeFirst();
  return row !== undefined;
}
