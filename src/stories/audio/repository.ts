// A story's recording and transcript in the database. The bytes are read only to play them; every other
// read leaves them out.
import type { Db, StoryAudioTable } from '../../db/database.ts';

export type AudioType = StoryAudioTable['media_type'];

export async function audioOf(db: Db, storyId: string) {
  return db
    .selectFrom('story_audio')
    .select(['media_type', 'size_bytes', 'duration_seconds', 'created_at'])
    .where('story_id', '=', storyId)
    .executeTakeFirst();
}

export async function audioBytes(db: Db, storyId: string) {
  return db
    .selectFrom('story_audio')
    .select(['media_type', 'bytes', 'size_bytes'])
    .where('story_id', '=', storyId)
    .executeTakeFirst();
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
