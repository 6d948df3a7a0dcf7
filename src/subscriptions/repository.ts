// Subscriptions in the database: what each person follows, their digest settings, the ledger of what their
// digests carried, and the readers without an account who subscribed to new articles by address.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Frequency } from './schedule.ts';

export const targetTypes = ['series', 'tag', 'group', 'author'] as const;
export type TargetType = (typeof targetTypes)[number];

export interface Follow {
  target_type: TargetType;
  target: string;
  created_at: Date;
}

export interface DigestPerson {
  person_id: string;
  email: string;
  display_name: string;
  frequency: Frequency;
  since: Date;
  last_digest_at: Date | null;
}

/** When the person began following the target, or undefined when they do not follow it. */
export async function followedSince(db: Db, personId: string, type: TargetType, target: string) {
  const { rows } = await sql<{ created_at: Date }>`select created_at from subscriptions
    where person_id = ${personId} and target_type = ${type} and target = ${target}`.execute(db);
  return rows[0]?.created_at;
}

/**
 * Follows the target from `now`: answers when the follow began, and whether this made it (a follow made at
 * the same moment by another request of the same person's was there first).
 */
export async function follow(db: Db, personId: string, type: TargetType, target: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    await sql`insert into digest_settings (person_id, since) values (${personId}, ${now})
      on conflict (person_id) do nothing`.execute(trx);
    const { rows } = await sql<{
      created_at: Date;
    }>`insert into subscriptions (person_id, target_type, target, created_at)
      values (${personId}, ${type}, ${target}, ${now}) on conflict do nothing returning created_at`.execute(trx);
    if (rows[0]) return { since: rows[0].created_at, created: true };
    return { since: (await followedSince(trx, personId, type, target)) ?? now, created: false };
  });
}

export async function unfollow(db: Db, personId: string, type: TargetType, target: string): Promise<boolean> {
  const { numAffectedRows } = await sql`delete from subscriptions
    where person_id = ${personId} and target_type = ${type} and target = ${target}`.execute(db);
  return Number(numAffectedRows ?? 0) > 0;
}

export async function followsOf(db: Db, personId: string): Promise<Follow[]> {
  const { rows } = await sql<Follow>`select target_type, target, created_at from subscriptions
    where person_id = ${personId} order by created_at, target_type, target`.execute(db);
  return rows;
}

export async function frequencyOf(db: Db, personId: string): Promise<Frequency | undefined> {
  const { rows } = await sql<{ frequency: Frequency }>`select frequency from digest_settings
    where person_id = ${personId}`.execute(db);
  return rows[0]?.frequency;
}

/** Saves the frequency; turning digests back on from off starts afresh, so nothing held back floods in. */
export async function setFrequency(db: Db, personId: string, frequency: Frequency, now: Date) {
  await sql`insert into digest_settings (person_id, frequency, since) values (${personId}, ${frequency}, ${now})
    on conflict (person_id) do update set frequency = excluded.frequency,
      since = case when digest_settings.frequency = 'off' and excluded.frequency <> 'off'
        then excluded.since else digest_settings.since end`.execute(db);
}

/** One-click unsubscribe: digests off for the person whose link it is; answers whether there was one. */
export async function turnOffByLink(db: Db, hash: Buffer): Promise<boolean> {
  const { rows } = await sql<{ person_id: string }>`update digest_settings set frequency = 'off'
    where unsubscribe_hash = ${hash} returning person_id`.execute(db);
  return rows.length > 0;
}

export async function personLinkExists(db: Db, hash: Buffer): Promise<boolean> {
  const { rows } = await sql`select 1 from digest_settings where unsubscribe_hash = ${hash}`.execute(db);
  return rows.length > 0;
}

/** People who follow something and want digests, with an active account. */
export async function digestPeople(db: Db): Promise<DigestPerson[]> {
  const { rows } = await sql<DigestPerson>`
    select d.person_id, u.email, u.display_name, d.frequency, d.since, d.last_digest_at
    from digest_settings d join users u on u.id = d.person_id
    where d.frequency <> 'off' and u.disabled_at is null
      and exists (select 1 from subscriptions s where s.person_id = d.person_id)
    order by d.person_id`.execute(db);
  return rows;
}

/** The condition "not yet in this person's ledger" on an item's id column, for the queries of new items. */
export const notInLedger =
  (personId: string, itemType: 'article' | 'group_session') =>
  (id: RawBuilder<unknown>): RawBuilder<SqlBool> =>
    sql<SqlBool>`not exists (select 1 from digest_ledger l
      where l.person_id = ${personId}::uuid and l.item_type = ${itemType} and l.item_id = ${id})`;

/** Writes the ledger rows, answering the ones that were not there yet (in the caller's transaction). */
export async function recordInLedger(
  trx: Db,
  personId: string,
  items: readonly { type: 'article' | 'group_session'; id: string }[],
  now: Date,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const { rows } = await sql<{ item_type: string; item_id: string }>`
    insert into digest_ledger (person_id, item_type, item_id, sent_at)
    select ${personId}::uuid, t, i, ${now}::timestamptz
    from unnest(${items.map((i) => i.type)}::text[], ${items.map((i) => i.id)}::uuid[]) as x (t, i)
    on conflict do nothing returning item_type, item_id`.execute(trx);
  return new Set(rows.map((r) => `${r.item_type}:${r.item_id}`));
}

export async function markConsidered(trx: Db, personId: string, now: Date, linkHash: Buffer | null) {
  await sql`update digest_settings set last_digest_at = ${now},
      unsubscribe_hash = coalesce(${linkHash}, unsubscribe_hash)
    where person_id = ${personId}`.execute(trx);
}
