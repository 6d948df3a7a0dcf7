// Notification choices: what the settings page shows and saves, and who wants an email about an event.
import type { Db } from '../db/database.ts';
import type { NotificationEvent } from './events.ts';
import { preferencesOf, recipientsWanting, savePreferences } from './repository.ts';

export function notificationsService(db: Db, { now = () => new Date() }: { now?: () => Date } = {}) {
  return {
    preferences: (personId: string) => preferencesOf(db, personId),
    save: (personId: string, wanted: Record<NotificationEvent, boolean>) =>
      savePreferences(db, personId, wanted, now()),
    /** People among these who want this kind of email; pass a transaction to read inside it. */
    wanting: (personIds: readonly string[], event: NotificationEvent, via: Db = db) =>
      recipientsWanting(via, personIds, event),
  };
}

export type NotificationsService = ReturnType<typeof notificationsService>;
