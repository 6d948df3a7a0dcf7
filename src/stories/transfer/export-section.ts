// The story-import part of a person's data export: the collections they uploaded as a moderator, by file
// name, date and outcome. The stories' text and the people named in them belong to others: left out.
import { type ExportSection, iso } from '../../personal-data/export-section.ts';

export const storyImportsSection: ExportSection = {
  key: 'storyImports',
  describe:
    'The collections of stories you uploaded as a moderator: each file’s name, when you uploaded and confirmed it, and how many stories it held.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('story_imports')
      .innerJoin('organisations', 'organisations.id', 'story_imports.org_id')
      .select([
        'story_imports.file_name',
        'story_imports.created_at',
        'story_imports.confirmed_at',
        'story_imports.cleared',
        'story_imports.parsed',
        'organisations.name as organisation',
      ])
      .where('story_imports.created_by', '=', userId)
      .orderBy('story_imports.created_at')
      .execute();
    return rows.map((r) => ({
      organisation: r.organisation,
      fileName: r.file_name,
      uploadedAt: iso(r.created_at),
      confirmedAt: iso(r.confirmed_at),
      alreadyCleared: r.cleared,
      stories: Array.isArray((r.parsed as { items?: unknown[] } | null)?.items)
        ? (r.parsed as { items: unknown[] }).items.length
        : 0,
    }));
  },
};
