// Each person's notifications: written in the transaction of the event they report, read newest first, and
// marked read. A person reads their own only; an API token, only those of the organisation it acts for.
import { type SqlBool, sql } from 'kysely';
import { allowed } from '../access/policies/index.ts';
import type { Principal } from '../access/visibility.ts';
import type { ScopedKind } from '../content/kind.ts';
import { policyColumns } from '../content/records.ts';
import type { Db } from '../db/database.ts';

/** Whose notifications a caller reads: the person's own, limited to one organisation for an API token. */
export interface InboxOwner {
  personId: string;
  orgId?: string | undefined;
}

export interface NewNotification {
  orgId: string;
  personId: string;
  event: string;
  targetType: string;
  targetId: string;
  actorId: string | null;
  summary: string;
  at: Date;
}

export async function insertNotifications(db: Db, rows: readonly NewNotification[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      rows.map((n) => ({
        org_id: n.orgId,
        person_id: n.personId,
        event: n.event,
        target_type: n.targetType,
        target_id: n.targetId,
        actor_id: n.actorId,
        summary: n.summary,
        created_at: n.at,
        read_at: null,
      })),
    )
    .execute();
}

const ownedBy = (owner: InboxOwner) =>
  sql<SqlBool>`n.person_id = ${owner.personId}::uuid${owner.orgId === undefined ? sql`` : sql` and n.org_id = ${owner.orgId}::uuid`}`;

/** One page of the owner's notifications, newest first, with the actor's current name; and the counts. */
export async function inboxPage(db: Db, owner: InboxOwner, limit: number, offset: number) {
  const [items, counts] = await Promise.all([
    db
      .selectFrom('notifications as n')
      .leftJoin('users as actor', 'actor.id', 'n.actor_id')
      .select([
        'n.id',
        'n.org_id',
        'n.event',
        'n.target_type',
        'n.target_id',
        'n.summary',
        'n.created_at',
        'n.read_at',
        'actor.display_name as actor_name',
      ])
      .where(ownedBy(owner))
      .orderBy('n.created_at', 'desc')
      .orderBy('n.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('notifications as n')
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`(count(*) filter (where n.read_at is null))::int`.as('unread'),
      ])
      .where(ownedBy(owner))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: counts.total, unread: counts.unread };
}

export type InboxRow = Awaited<ReturnType<typeof inboxPage>>['items'][number];

/** One of the owner's notifications, marked read now if it was not; undefined for anyone else's. */
export async function openNotification(db: Db, owner: InboxOwner, id: string, at: Date) {
  const row = await db
    .selectFrom('notifications as n')
    .select(['n.org_id', 'n.id', 'n.event', 'n.target_type', 'n.target_id', 'n.read_at'])
    .where('n.id', '=', id)
    .where(ownedBy(owner))
    .executeTakeFirst();
  if (row && row.read_at === null) {
    await db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('org_id', '=', row.org_id)
      .where('id', '=', row.id)
      .where('read_at', 'is', null)
      .execute();
  }
  return row;
}

/** Marks every unread notification of the owner's read; how many there were. */
export async function markAllRead(db: Db, owner: InboxOwner, at: Date): Promise<number> {
  const result = await db
    .updateTable('notifications as n')
    .set({ read_at: at })
    .where(ownedBy(owner))
    .where('n.read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The titles of this kind's records among `ids` that the caller may open now (published and in their scope,
 * or their own): a notification about anything else says it is no longer there for them.
 */
export async function titlesOpenTo(
  db: Db,
  principal: Principal,
  kind: ScopedKind,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; title: string }>`
    select t.id, ${sql.ref(`t.${kind.columns.title}`)} as title from ${sql.table(kind.table)} as t
    where t.id = any (${[...new Set(ids)]}::uuid[]) and ${allowed(principal, 'open', policyColumns(kind, 't'))}`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.id, r.title]));
}
