// The discussion part of a person's data export: their comments, their "this resonates" reactions and the
// reports they made, on content of every discussed kind. Each entry names what it is about (the kind, and
// the title while readers still have it) so it makes sense; nobody else's words are included.
import { type RawBuilder, sql } from 'kysely';
import type { ScopedKind } from '../content/kind.ts';
import type { Db } from '../db/database.ts';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

/**
 * The title of the content a row of `table` (aliased `alias`) is about, while it is published: content taken
 * back from readers since (withdrawn, sent back) is not named. One branch per discussed kind.
 */
function publishedTitle(discussed: readonly ScopedKind[], alias: string): RawBuilder<string | null> {
  if (discussed.length === 0) return sql<null>`null::text`;
  return sql<string | null>`case ${sql.ref(`${alias}.target_type`)} ${sql.join(
    discussed.map(
      (
        kind,
      ) => sql`when ${kind.type} then (select ${sql.ref(`t.${kind.columns.title}`)} from ${sql.table(kind.table)} as t
        where ${sql.ref(`t.${kind.columns.org}`)} = ${sql.ref(`${alias}.org_id`)} and t.id = ${sql.ref(`${alias}.target_id`)}
          and ${sql.ref(`t.${kind.columns.status}`)} = ${sql.lit(kind.published)})`,
    ),
    sql` `,
  )} end`;
}

async function collect(db: Db, userId: string, discussed: readonly ScopedKind[]) {
  const [comments, reactions, reports] = await Promise.all([
    db
      .selectFrom('comments as c')
      .select([
        'c.id',
        'c.parent_id',
        'c.body',
        'c.status',
        'c.created_at',
        'c.edited_at',
        'c.target_type',
        publishedTitle(discussed, 'c').as('title'),
      ])
      .where('c.author_id', '=', userId)
      .orderBy('c.created_at')
      .execute(),
    db
      .selectFrom('reactions as r')
      .select(['r.kind', 'r.created_at', 'r.target_type', publishedTitle(discussed, 'r').as('title')])
      .where('r.user_id', '=', userId)
      .orderBy('r.created_at')
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
      about: c.target_type,
      title: c.title,
      replyTo: c.parent_id,
      // A deleted comment kept only its place; its words are gone.
      body: c.status === 'deleted' ? null : c.body,
      status: c.status,
      postedAt: iso(c.created_at),
      editedAt: iso(c.edited_at),
    })),
    reactions: reactions.map((r) => ({ about: r.target_type, title: r.title, kind: r.kind, at: iso(r.created_at) })),
    reports: reports.map((r) => ({
      about: r.target_type,
      reason: r.reason,
      madeAt: iso(r.created_at),
      outcome: r.outcome,
      resolvedAt: iso(r.resolved_at),
    })),
  };
}

/** The section, for the discussed kinds the composition root registers (read when an export is made). */
export function discussionSection(discussed: () => readonly ScopedKind[]): ExportSection {
  return {
    key: 'discussion',
    describe:
      'Your comments and replies (with what each is about: a story, say, and its title while it is published), what you said resonates with you, and the reports you made to moderators.',
    collect: (db, userId) => collect(db, userId, discussed()),
  };
}
