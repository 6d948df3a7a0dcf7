// Moderation in the database, for any kind of content: the queue, one record under review, its history
// (moderation_events) and readers' reports. The SQL names each kind's table and columns from its declaration
// (src/content/kind.ts), and every query over a kind's records asks whether the record is routed to the
// caller (`routedTo`, reach.ts).
import { type RawBuilder, sql } from 'kysely';
import type { NestedKind, ScopedKind } from '../content/kind.ts';
import { column } from '../content/records.ts';
import type { KindRegistry } from '../content/registry.ts';
import type { Db, ModerationEventTable } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';
import { type Reach, reportConcerns, reviewsAnything, routedTo } from './reach.ts';

/** The nested kinds readers may report (comments): their reports go to their parent's reviewers. */
export const reportedInside = (kinds: KindRegistry) =>
  kinds.reported().filter((k): k is NestedKind => k.parent !== undefined);

/** A column of the kind's row, or a typed null when the kind does not keep it. */
const optional = (alias: string, name: string | undefined, type: string) =>
  name ? sql.ref(`${alias}.${name}`) : sql.raw(`null::${type}`);

export interface QueueRow {
  /** A record waiting for a decision, or a report. */
  item: 'record' | 'report';
  id: string;
  /** The kind of the record a moderator reviews (for a report: the record it concerns). */
  type: string;
  record_id: string;
  title: string;
  visibility: string;
  org_name: string;
  at: Date | null;
  reason: string | null;
  /** For a report: the kind of what was reported (the record itself, or a comment inside it). */
  target_type: string | null;
  open_reports: number;
}

/** Waiting records of every moderated kind and open reports on every reported kind, oldest first. */
export async function queuePage(db: Db, kinds: KindRegistry, reach: Reach, limit: number, offset: number) {
  if (!reviewsAnything(reach)) return { total: 0, items: [] as QueueRow[] };
  const nested = reportedInside(kinds);
  const parts: RawBuilder<unknown>[] = [];
  for (const kind of kinds.moderated()) {
    const m = kind.moderation;
    const org = column(kind, 't', 'org');
    parts.push(sql`
      select 'record'::text as item, t.id, ${kind.type}::text as type, t.id as record_id,
        ${column(kind, 't', 'title')}::text as title, ${column(kind, 't', 'visibility')}::text as visibility,
        o.name as org_name, ${sql.ref(`t.${m.submittedAt}`)}::timestamptz as at, null::text as reason,
        null::text as target_type,
        (select count(*)::int from reports r where r.org_id = ${org} and r.target_type = ${kind.type}
          and r.target_id = t.id and r.resolved_at is null) as open_reports
      from ${sql.table(kind.table)} as t join organisations o on o.id = ${org}
      where ${column(kind, 't', 'status')} = ${m.waiting} and ${routedTo(reach, kind, 't', nested)}`);
  }
  const reportOn = (kind: ScopedKind, from: RawBuilder<unknown>, reported: string) =>
    sql`
      select 'report', r.id, ${kind.type}::text, t.id, ${column(kind, 't', 'title')}::text,
        ${column(kind, 't', 'visibility')}::text, o.name, r.created_at, r.reason, r.target_type, 0
      from ${from} join organisations o on o.id = r.org_id
      where r.target_type = ${reported} and r.resolved_at is null and ${routedTo(reach, kind, 't', nested)}`;
  for (const kind of kinds.reported()) {
    if (kind.parent === undefined) {
      parts.push(
        reportOn(
          kind,
          sql`reports r join ${sql.table(kind.table)} as t
            on ${column(kind, 't', 'org')} = r.org_id and t.id = r.target_id`,
          kind.type,
        ),
      );
      continue;
    }
    // A report on a record inside another (a comment) is listed with the record it is inside.
    for (const parent of kinds.all()) {
      if (parent.parent !== undefined) continue;
      parts.push(
        reportOn(
          parent,
          sql`reports r join ${sql.table(kind.table)} as n
              on ${sql.ref(`n.${kind.columns.org}`)} = r.org_id and n.id = r.target_id
                and ${sql.ref(`n.${kind.parent.typeColumn}`)} = ${parent.type}
            join ${sql.table(parent.table)} as t
              on ${column(parent, 't', 'org')} = r.org_id and t.id = ${sql.ref(`n.${kind.parent.idColumn}`)}`,
          kind.type,
        ),
      );
    }
  }
  if (parts.length === 0) return { total: 0, items: [] as QueueRow[] };
  const { rows } = await sql<QueueRow & { total: string }>`
    with items as (${sql.join(parts, sql` union all `)})
    select *, count(*) over () as total from items order by at, id limit ${limit} offset ${offset}`.execute(db);
  const total = rows.length > 0 ? Number(rows[0]?.total) : 0;
  return { total, items: rows.map(({ total: _, ...item }): QueueRow => item) };
}

/** A record as moderation reads it: its scope, status, owner and dates, under the kind's own column names. */
export interface RecordUnderReview {
  id: string;
  org_id: string;
  title: string;
  visibility: string;
  status: string;
  owner_id: string | null;
  owner_name: string;
  org_name: string;
  submitted_at: Date | null;
  published_at: Date | null;
  body: string | null;
}

/**
 * A record routed to the caller (see `routedTo`), or undefined. With `lock`, the row stays locked until the
 * transaction ends, so two moderators deciding at once cannot both succeed and the row read is the row
 * changed.
 */
export async function findInReach(
  db: Db,
  kinds: KindRegistry,
  reach: Reach,
  kind: ScopedKind,
  id: string,
  lock = false,
): Promise<RecordUnderReview | undefined> {
  if (!reviewsAnything(reach)) return undefined;
  const owner = column(kind, 't', 'owner');
  const { rows } = await sql<RecordUnderReview>`
    select t.id, ${column(kind, 't', 'org')} as org_id, ${column(kind, 't', 'title')}::text as title,
      ${column(kind, 't', 'visibility')}::text as visibility, ${column(kind, 't', 'status')}::text as status,
      ${owner} as owner_id, ${nameOrFormerMember('u.display_name')} as owner_name, o.name as org_name,
      ${optional('t', kind.moderation?.submittedAt, 'timestamptz')} as submitted_at,
      ${optional('t', kind.moderation?.publishedAt, 'timestamptz')} as published_at,
      ${optional('t', kind.moderation?.body, 'text')} as body
    from ${sql.table(kind.table)} as t
      join organisations o on o.id = ${column(kind, 't', 'org')}
      left join users u on u.id = ${owner}
    where t.id = ${id}::uuid and ${routedTo(reach, kind, 't', reportedInside(kinds))}
    ${lock ? sql`for update of t` : sql``}`.execute(db);
  return rows[0];
}

/** Changes a record's status after a decision or a take-down; `publishedAt` undefined leaves it as it is. */
export async function setRecordStatus(
  db: Db,
  kind: ScopedKind,
  record: { org_id: string; id: string },
  change: { status: string; publishedAt?: Date | null; at: Date },
) {
  const m = kind.moderation;
  const set = [sql`${sql.id(kind.columns.status)} = ${change.status}`];
  if (m && change.publishedAt !== undefined) set.push(sql`${sql.id(m.publishedAt)} = ${change.publishedAt}`);
  if (m?.updatedAt) set.push(sql`${sql.id(m.updatedAt)} = ${change.at}`);
  await sql`update ${sql.table(kind.table)} set ${sql.join(set)}
    where ${sql.id(kind.columns.org)} = ${record.org_id}::uuid and id = ${record.id}::uuid`.execute(db);
}

export function historyOf(db: Db, orgId: string, type: string, id: string) {
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
    type: string;
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
  report: { orgId: string; type: string; id: string; reporterId: string; reason: string; at: Date },
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

/** Open reports about a record or about any record inside it (its comments), oldest first. */
export async function openReportsOn(
  db: Db,
  kinds: KindRegistry,
  kind: ScopedKind,
  record: { org_id: string; id: string },
) {
  const { rows } = await sql<{ id: string; target_type: string; reason: string; created_at: Date }>`
    select r.id, r.target_type, r.reason, r.created_at from reports r
    where r.org_id = ${record.org_id}::uuid and r.resolved_at is null
      and ${reportConcerns(kind, sql`${record.id}::uuid`, 'r', reportedInside(kinds))}
    order by r.created_at, r.id`.execute(db);
  return rows;
}

/** One report by id with its reporter's name; whether the caller may see it is decided by the caller. */
export function reportById(db: Db, id: string) {
  return db
    .selectFrom('reports')
    .leftJoin('users as reporter', 'reporter.id', 'reports.reporter_id')
    .select([
      'reports.org_id',
      'reports.id',
      'reports.target_type',
      'reports.target_id',
      'reports.reason',
      'reports.created_at',
      'reports.resolved_at',
      'reports.outcome',
      nameOrFormerMember('reporter.display_name').as('reporter_name'),
    ])
    .where('reports.id', '=', id)
    .executeTakeFirst();
}

/** Where a record of a nested kind lives: its parent's type and id, or undefined when it is gone. */
export async function parentOf(db: Db, kind: NestedKind, orgId: string, id: string) {
  const { rows } = await sql<{ type: string; id: string }>`
    select ${sql.ref(`n.${kind.parent.typeColumn}`)}::text as type, ${sql.ref(`n.${kind.parent.idColumn}`)} as id
    from ${sql.table(kind.table)} as n
    where ${sql.ref(`n.${kind.columns.org}`)} = ${orgId}::uuid and n.id = ${id}::uuid`.execute(db);
  return rows[0];
}

/** Closes every open report on the same content with one outcome; returns how many were closed. */
export async function resolveReports(
  db: Db,
  target: { orgId: string; type: string; id: string },
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
