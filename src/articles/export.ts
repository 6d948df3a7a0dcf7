// Articles' part of a person's data export (gathered by src/privacy/sections.ts): the articles they own or are
// named as an author of, drafts included, and the revisions they saved. Articles by others that the person
// can read are not theirs: left out. On erasure the owner and the saver of revisions become null and an
// author's place in a byline reads "Former member" (foreign keys, see the migration).
import { sql } from 'kysely';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const articlesSection: ExportSection = {
  key: 'articles',
  describe: 'Every article you started or are named as an author of, drafts included, and the revisions you saved.',
  async collect(db, userId) {
    const { rows } = await sql<{
      id: string;
      organisation: string;
      article_kind: string;
      title: string;
      summary: string;
      body: string;
      tags: string[];
      visibility: string;
      status: string;
      owner: boolean;
      created_at: Date;
      updated_at: Date;
      published_at: Date | null;
      revisions: { number: number; saved_at: string; title: string }[];
    }>`
      select a.id, o.name as organisation, a.article_kind, a.title, a.summary, a.body, a.tags, a.visibility,
        a.status, a.owner_id = ${userId}::uuid as owner, a.created_at, a.updated_at, a.published_at,
        coalesce((select json_agg(json_build_object('number', r.number, 'saved_at', r.saved_at, 'title', r.title)
            order by r.number)
          from article_revisions r
          where r.org_id = a.org_id and r.article_id = a.id and r.saved_by = ${userId}::uuid), '[]') as revisions
      from articles a join organisations o on o.id = a.org_id
      where a.owner_id = ${userId}::uuid or exists (
        select 1 from article_authors au
        where au.org_id = a.org_id and au.article_id = a.id and au.person_id = ${userId}::uuid)
      order by a.created_at`.execute(db);
    return rows.map((a) => ({
      id: a.id,
      organisation: a.organisation,
      kind: a.article_kind,
      title: a.title,
      summary: a.summary,
      body: a.body,
      tags: a.tags,
      visibility: a.visibility,
      status: a.status,
      startedByYou: a.owner,
      createdAt: iso(a.created_at),
      updatedAt: iso(a.updated_at),
      publishedAt: iso(a.published_at),
      revisionsYouSaved: a.revisions.map((r) => ({ number: r.number, savedAt: iso(r.saved_at), title: r.title })),
    }));
  },
};
