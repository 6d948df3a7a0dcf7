// A story's recording and transcript in the database. The bytes are read only to play them; every other
// read leaves them out.
import { sql } from 'kysely';
import type { Db, StoryAudioTable } from '../../db/database.ts';

export type AudioType = StoryAudioTable['media_type'];

/** A story the person may add a recording to: one they own or co-wrote, while it is being drafted. */
export async function editableStory(db: Db, personId: string, storyId: string) {
  return db
    .selectFrom('stories')
    .select(['stories.org_id', 'stories.id', 'stories.title', 'stories.status', 'stories.transcript'])
    .where('stories.id', '=', storyId)
    .where('stories.status', 'in', ['draft', 'changes_requested'])
    .where((eb) =>
      eb.or([
        eb('stories.author_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('story_people')
            .select(sql`1`.as('one'))
            .whereRef('story_people.org_id', '=', 'stories.org_id')
            .whereRef('story_people.story_id', '=', 'stories.id')
            .where('story_people.relation', '=', 'author')
            .where('story_people.user_id', '=', personId),
        ),
      ]),
    )
    .executeTakeFirst();
}

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
