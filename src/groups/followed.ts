// What subscriptions ask of reading groups (src/subscriptions reads them only through here): new sessions of
// the groups a person follows, each only while the group passes the kind's readable rule for that person.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { readingGroupKind } from './kind.ts';

export interface FollowedSession {
  id: string;
  group_id: string;
  group_name: string;
  title: string;
  starts_at: Date;
}

/**
 * Sessions added after `since` to any of the groups, each after the group was followed, still to come and not
 * cancelled, soonest first; `unsent`
 * is the caller's condition on a session's id, so sessions already sent do not take the places of others.
 */
export async function newSessionsFollowed(
  db: Db,
  principal: Principal,
  groups: readonly { target: string; since: Date }[],
  since: Date,
  limit: number,
  unsent: (id: RawBuilder<unknown>) => RawBuilder<SqlBool> = () => sql<SqlBool>`true`,
): Promise<FollowedSession[]> {
  if (groups.length === 0) return [];
  const groupIds = groups.map((g) => g.target);
  const followedSince = groups.map((g) => g.since.toISOString());
  const { rows } = await sql<FollowedSession>`
    select s.id, g.id as group_id, g.name as group_name, s.title, s.starts_at
    from group_sessions s join reading_groups g on g.org_id = s.org_id and g.id = s.group_id
    join unnest(${groupIds}::uuid[], ${followedSince}::timestamptz[]) f (id, since) on f.id = g.id
    where ${readingGroupKind.readable(principal, 'g')} and s.created_at > f.since
      and s.created_at > ${since} and s.cancelled_at is null and s.starts_at > now() and ${unsent(sql.ref('s.id'))}
    order by s.starts_at, s.id limit ${limit}`.execute(db);
  return rows;
}

/** A group's name when the caller may read it, or undefined. */
export async function readableGroupName(db: Db, principal: Principal, groupId: string): Promise<string | undefined> {
  const { rows } = await sql<{ name: string }>`
    select g.name from reading_groups g where g.id = ${groupId}::uuid and ${readingGroupKind.readable(principal, 'g')}`.execute(
    db,
  );
  return rows[0]?.name;
}
