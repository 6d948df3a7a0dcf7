// Each person's choice of emails: one row per person and kind of event they chose; no row is the event's
// default (src/notifications/events.ts).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { type NotificationEvent, notificationEvents } from './events.ts';

/** Every event with whether the person wants it (their choice, or the default). */
export async function preferencesOf(db: Db, personId: string): Promise<Record<NotificationEvent, boolean>> {
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['event', 'wanted'])
    .where('person_id', '=', personId)
    .execute();
  const chosen = new Map(rows.map((r) => [r.event, r.wanted]));
  return Object.fromEntries(notificationEvents.map((e) => [e.key, chosen.get(e.key) ?? e.wantedByDefault])) as Record<
    NotificationEvent,
    boolean
  >;
}

export async function savePreferences(db: Db, personId: string, wanted: Record<NotificationEvent, boolean>, at: Date) {
  const rows = notificationEvents.map((e) => ({
    person_id: personId,
    event: e.key,
    wanted: wanted[e.key],
    updated_at: at,
  }));
  await db
    .insertInto('notification_preferences')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['person_id', 'event']).doUpdateSet((eb) => ({
        wanted: eb.ref('excluded.wanted'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/**
 * People with an account among those given who want this kind of email (their choice, or the event's
 * default), with their address. Disabled accounts get nothing.
 */
export async function recipientsWanting(db: Db, personIds: readonly string[], event: NotificationEvent) {
  if (personIds.length === 0) return [];
  const byDefault = notificationEvents.find((e) => e.key === event)?.wantedByDefault ?? true;
  return db
    .selectFrom('users')
    .leftJoin('notification_preferences as p', (join) =>
      join.onRef('p.person_id', '=', 'users.id').on('p.event', '=', event),
    )
    .select(['users.id', 'users.email', 'users.display_name'])
    .where('users.id', 'in', [...new Set(personIds)])
    .where('users.disabled_at', 'is', null)
    .where(sql<boolean>`coalesce(p.wanted, ${byDefault})`)
    .execute();
}
