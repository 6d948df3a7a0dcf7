// The discussion part of a person's data export: their comments, their "this resonates" reactions and the
// reports they made. Story titles are included so each entry makes sense; nobody else's words are.
import { type ExportSection, iso } from '../personal-data/export-section.ts';

/** A story taken back from readers since (withdrawn, sent back) is not named: it is no longer published. */
const titleOf = (row: { title: string | null; story_status: string | null }) =>
  row.story_status === 'published' ? row.title : null;

export const discussionSection: ExportSection = {
  key: 'discussion',
  describe:
    'Your comments and replies on stories (with the title of each story), the stories you said resonate with you, and the reports you made to moderators.',
  async collect(db, userId) {
    const [comments, reactions, reports] = await Promise.all([
      db
        .selectFrom('comments')
        .leftJoin('stories', (join) =>
          join.onRef('stories.org_id', '=', 'comments.org_id').onRef('stories.id', '=', 'comments.target_id'),
        )
        .select([
          'comments.id',
          'comments.parent_id',
          'comments.body',
          'comments.status',
          'comments.created_at',
          'comments.edited_at',
          'stories.title',
          'stories.status as story_status',
        ])
        .where('comments.author_id', '=', userId)
        .orderBy('comments.created_at')
        .execute(),
      db
        .selectFrom('reactions')
        .leftJoin('stories', (join) =>
          join.onRef('stories.org_id', '=', 'reactions.org_id').onRef('stories.id', '=', 'reactions.target_id'),
        )
        .select(['reactions.kind', 'reactions.created_at', 'stories.title', 'stories.status as story_status'])
        .where('reactions.user_id', '=', userId)
        .orderBy('reactions.created_at')
        .execute(),
      db
        .selectFrom('reports')
        .select(['target_type', 'reason', 'created_at', 'resolved_at', 'outcome'])
        .where('reporter_id', '=', userId)
        .orderBy('created_at')
        .execute(),
    ]);
    return {
      comments: comments.map((c) => ({
        id: c.id,
        story: titleOf(c),
        replyTo: c.parent_id,
        // A deleted comment kept only its place; its words are gone.
        body: c.status === 'deleted' ? null : c.body,
        status: c.status,
        postedAt: iso(c.created_at),
        editedAt: iso(c.edited_at),
      })),
      reactions: reactions.map((r) => ({ story: titleOf(r), kind: r.kind, at: iso(r.created_at) })),
      reports: reports.map((r) => ({
        about: r.target_type,
        reason: r.reason,
        madeAt: iso(r.created_at),
        outcome: r.outcome,
        resolvedAt: iso(r.resolved_at),
      })),
    };
  },
};
