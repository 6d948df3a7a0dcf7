// Stories' part of a person's data export: every story they wrote, drafts included (gathered by
// src/privacy/sections.ts). Stories by others that the person can read are not theirs: left out.
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const storiesSection: ExportSection = {
  key: 'stories',
  describe: 'Every story you wrote, drafts included, with all its fields.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('stories')
      .innerJoin('organisations', 'organisations.id', 'stories.org_id')
      .leftJoin('spaces', 'spaces.id', 'stories.space_id')
      .select([
        'stories.id',
        'stories.slug',
        'stories.title',
        'stories.form',
        'stories.body',
        'stories.primary_characteristic',
        'stories.characteristics',
        'stories.roles',
        'stories.place',
        'stories.region',
        'stories.sector',
        'stories.transcript',
        'stories.visibility',
        'stories.status',
        'stories.submitted_at',
        'stories.created_at',
        'stories.updated_at',
        'stories.published_at',
        'organisations.name as organisation',
        'spaces.name as space',
      ])
      .where('stories.author_id', '=', userId)
      .orderBy('stories.created_at')
      .execute();
    return rows.map((s) => ({
      id: s.id,
      slug: s.slug,
      title: s.title,
      form: s.form,
      body: s.body,
      primaryCharacteristic: s.primary_characteristic,
      characteristics: s.characteristics,
      roles: s.roles,
      place: s.place,
      region: s.region,
      sector: s.sector,
      transcript: s.transcript,
      organisation: s.organisation,
      visibility: s.visibility,
      space: s.space,
      status: s.status,
      submittedAt: iso(s.submitted_at),
      createdAt: iso(s.created_at),
      updatedAt: iso(s.updated_at),
      publishedAt: iso(s.published_at),
    }));
  },
};
