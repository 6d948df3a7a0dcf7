// Recordings' part of a person's data export (gathered by src/privacy/sections.ts).
import { type ExportSection, iso } from '../../personal-data/export-section.ts';

export const recordingsSection: ExportSection = {
  key: 'recordings',
  describe:
    'The recordings on stories you wrote: which story, the format, length and when added. The sound itself plays from the story.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('story_audio')
      .innerJoin('stories', (join) =>
        join.onRef('stories.org_id', '=', 'story_audio.org_id').onRef('stories.id', '=', 'story_audio.story_id'),
      )
      .select([
        'stories.id',
        'stories.title',
        'story_audio.media_type',
        'story_audio.duration_seconds',
        'story_audio.created_at',
      ])
      .where('stories.author_id', '=', userId)
      .orderBy('story_audio.created_at')
      .execute();
    return rows.map((r) => ({
      story: r.id,
      title: r.title,
      format: r.media_type,
      seconds: Number(r.duration_seconds),
      addedAt: iso(r.created_at),
    }));
  },
};
