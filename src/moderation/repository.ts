// Moderation in the database: the queue, one story under review, its history (moderation_events) and
// readers' reports. Every query asks whether the story is routed to the caller (`routedTo`), so a moderator
// never reads a story outside their reach, and one outside it looks exactly like one that does not exist.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { ContentType, Db, ModerationEventTable } from '../db/database.ts';

/**
 * Whose submissions a caller reviews: the moderators of their current organisation review its stories
 * shared inside Waymark (with the organisation, a space, or everyone signed in); platform moderators review
 * public stories from every organisation. A private story is routed to nobody: only its author reads it.
 */
export interface Reach {
  moderatorOf: string | null;
  platform: boolean;
}

export function reachOf(principal: Principal): Reach {
  if (principal.kind !== 'person') return { moderatorOf: null, platform: false };
  return {
    moderatorOf: principal.roles.includes('moderator') ? principal.currentOrgId : null,
    platform: principal.platformModerator === true,
  };
}

/**
 * Whether the story (a stories row aliased `alias`) is routed to the caller: the one definition every
 * moderation query uses, so a story outside it is a 404 exactly like an id that names nothing.
 *
 * - Whose: by its visibility (see `Reach`); private stories are nobody's to review.
 * - When: once its author has let it go (waiting, published or rejected), or while a report on it or on one
 *   of its comments is open. A story its author took back (withdrawn, or being changed again) is theirs
 *   alone until it returns.
 */
function routedTo(reach: Reach, alias: string): RawBuilder<SqlBool> {
  const visibility = sql.ref(`${alias}.visibility`);
  const org = sql.ref(`${alias}.org_id`);
  const id = sql.ref(`${alias}.id`);
  const status = sql.ref(`${alias}.status`);
  const whose: RawBuilder<SqlBool>[] = [];
  if (reach.platform) whose.push(sql<SqlBool>`${visibility} = 'public'`);
  if (reach.moderatorOf !== null) {
    whose.push(
      sql<SqlBool>`(${visibility} in ('organisation', 'space', 'signed_in') and ${org} = ${reach.moderatorOf}::uuid)`,
    );
  }
  if (whose.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`((${sql.join(whose, sql` or `)}) and (
    ${status} in ('submitted', 'published', 'rejected')
    or exists (select 1 from reports r
      left join comments c on r.target_type = 'comment' and c.org_id = r.org_id and c.id = r.target_id
      where r.org_id = ${org} and r.resolved_at is null
        and ((r.target_type = 'story' and r.target_id = ${id}) or c.target_id = ${id}))
  ))`;
}

export interface QueueItem {
  kind: 'story' | 'report';
  id: string;
  story_id: string;
  title: string;
  visibility: string;
  org_name: string;
  at: Date;
  reason: string | null;
  target_type: ContentType | null;
  open_reports: number;
}

/** Submitted stories and open reports in the caller's reach, oldest first (the longest waiting on top). */
export async function queuePage(db: Db, reach: Reach, limit: number, offset: number) {
  const rows = await sql<QueueItem & { total: string }>`
    with items as (
      select 'story' as kind, s.id, s.id as story_id, s.title, s.visibility, o.name as org_name,
        coalesce(s.submitted_at, s.updated_at) as at, null::text as reason, null::text as target_type,
        (select count(*)::int from reports r where r.org_id = s.org_id and r.target_type = 'story'
          and r.target_id = s.id and r.resolved_at is null) as open_reports
      from stories s join organisations o on o.id = s.org_id
      where s.status = 'submitted' and ${routedTo(reach, 's')}
      union all
      select 'report', r.id, s.id, s.title, s.visibility, o.name, r.created_at, r.reason, r.target_type, 0
      from reports r
      left join comments c on r.target_type = 'comment' and c.org_id = r.org_id and c.id = r.target_id
      join stories s on s.org_id = r.org_id
        and s.id = case when r.target_type = 'story' then r.target_id else c.target_id end
      join organisations o on o.id = s.org_id
      where r.resolved_at is null and ${routedTo(reach, 's')}
    )
    select *, count(*) over () as total from items order by at, id limit ${limit} offset ${offset}
  `.execute(db);
  const total = rows.rows.length > 0 ? Number(rows.rows[0]?.total) : 0;
  return { total, items: rows.rows.map(({ total: _, ...item }) => item) };
}

/** A story routed to the caller for review (see `routedTo`). */
export function findStoryInReach(db: Db, reach: Reach, id: string) {
  return db
    .selectFrom('stories')
    .innerJoin('organisations', 'organisations.id', 'stories.org_id')
    .leftJoin('users', 'users.id', 'stories.author_id')
    .select([
      'stories.org_id',
      'stories.id',
      'stories.title',
      'stories.form',
      'stories.body',
      'stories.status',
      'stories.visibility',
      'stories.place',
      'stories.transcript',
      'stories.cleared',
      'stories.author_id',
      'stories.submitted_at',
      'stories.published_at',
      'organisations.name as org_name',
      sql<string>`coalesce(users.display_name, 'Former member')`.as('author_name'),
    ])
    .where('stories.id', '=', id)
    .where(routedTo(reach, 'stories'))
    .executeTakeFirst();
}

export function peopleIn(db: Db, orgId: string, storyId: string) {
  return db
    .selectFrom('story_people')
    .select(['id', 'relation', 'name', 'consent', 'user_id', 'email'])
    .where('org_id', '=', orgId)
    .where('story_id', '=', storyId)
    .orderBy('created_at')
    .execute();
}

export async function hasAudio(db: Db, orgId: string, storyId: string) {
  const row = await db
    .selectFrom('story_audio')
    .select('story_id')
    .where('org_id', '=', orgId)
    .where('story_id', '=', storyId)
    .executeTakeFirst();
  return row !== undefined;
}

export function historyOf(db: Db, orgId: string, type: ContentType, id: string) {
  return db
    .selectFrom('moderation_events')
    .leftJoin('users', 'users.id', 'moderation_events.actor_id')
    .select([
      'moderation_events.action',
      'moderation_events.reason',
      'moderation_events.created_at',
      'users.display_name as actor_name',
    ])
    .where('moderation_events.org_id', '=', orgId)
    .where('moderation_events.target_type', '=', type)
    .where('moderation_events.target_id', '=', id)
    .orderBy('moderation_events.created_at')
    .execute();
}

export async function recordEvent(
  db: Db,
  event: {
    orgId: string;
    type: ContentType;
    id: string;
    action: ModerationEventTable['action'];
    reason: string;
    actorId: string | null;
    at: Date;
  },
) {
  await db
    .insertInto('moderation_events')
    .values({
      org_id: event.orgId,
      target_type: event.type,
      target_id: event.id,
      action: event.action,
      reason: event.reason,
      actor_id: event.actorId,
      created_at: event.at,
    })
    .execute();
}

export async function insertReport(
  db: Db,
  report: { orgId: string; type: ContentType; id: string; reporterId: string; reason: string; at: Date },
) {
  const row = await db
    .insertInto('reports')
    .values({
      org_id: report.orgId,
      target_type: report.type,
      target_id: report.id,
      reporter_id: report.reporterId,
      reason: report.reason,
      created_at: report.at,
      resolved_at: null,
      resolved_by: null,
      outcome: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Open reports about a story or about any comment on it. */
export function openReportsOnStory(db: Db, orgId: string, storyId: string) {
  return db
    .selectFrom('reports')
    .leftJoin('comments', (join) =>
      join
        .onRef('comments.org_id', '=', 'reports.org_id')
        .onRef('comments.id', '=', 'reports.target_id')
        .on('reports.target_type', '=', 'comment'),
    )
    .select(['reports.id', 'reports.target_type', 'reports.reason', 'reports.created_at'])
    .where('reports.org_id', '=', orgId)
    .where('reports.resolved_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('reports.target_type', '=', 'story'), eb('reports.target_id', '=', storyId)]),
        eb('comments.target_id', '=', storyId),
      ]),
    )
    .orderBy('reports.created_at')
    .execute();
}

/** A report with the story it concerns (directly, or through a comment), when that story is routed to the caller. */
export function findReportInReach(db: Db, reach: Reach, id: string) {
  return db
    .selectFrom('reports')
    .leftJoin('comments', (join) =>
      join
        .onRef('comments.org_id', '=', 'reports.org_id')
        .onRef('comments.id', '=', 'reports.target_id')
        .on('reports.target_type', '=', 'comment'),
    )
    .innerJoin('stories', (join) =>
      join
        .onRef('stories.org_id', '=', 'reports.org_id')
        .on(
          'stories.id',
          '=',
          sql<string>`case when reports.target_type = 'story' then reports.target_id else comments.target_id end`,
        ),
    )
    .leftJoin('users as reporter', 'reporter.id', 'reports.reporter_id')
    .leftJoin('users as commenter', 'commenter.id', 'comments.author_id')
    .select([
      'reports.org_id',
      'reports.id',
      'reports.target_type',
      'reports.target_id',
      'reports.reason',
      'reports.created_at',
      'reports.resolved_at',
      'reports.outcome',
      'stories.id as story_id',
      'stories.title as story_title',
      'stories.status as story_status',
      'stories.author_id as story_author_id',
      'comments.body as comment_body',
      'comments.status as comment_status',
      sql<string>`coalesce(commenter.display_name, 'Former member')`.as('comment_author'),
      sql<string>`coalesce(reporter.display_name, 'Former member')`.as('reporter_name'),
    ])
    .where('reports.id', '=', id)
    .where(routedTo(reach, 'stories'))
    .executeTakeFirst();
}

/** Closes every open report on the same content with one outcome; returns how many were closed. */
export async function resolveReports(
  db: Db,
  target: { orgId: string; type: ContentType; id: string },
  outcome: 'dismissed' | 'removed',
  by: string,
  at: Date,
) {
  const result = await db
    .updateTable('reports')
    .set({ resolved_at: at, resolved_by: by, outcome })
    .where('org_id', '=', target.orgId)
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Co-authors' addresses (with or without an account), for telling authors a moderation outcome. */
export function coAuthorsOf(db: Db, orgId: string, storyId: string) {
  return db
    .selectFrom('story_people')
    .select(['user_id', 'email'])
    .where('org_id', '=', orgId)
    .where('story_id', '=', storyId)
    .where('relation', '=', 'author')
    .execute();
}
