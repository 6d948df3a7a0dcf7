// Telling people what happened: the emails each person chooses (the settings page, and `wanting` for
// everything that sends email), and the in-app notifications every event writes whatever that choice (the
// list, opening one, marking all read).
import type { Principal } from '../access/visibility.ts';
import type { KindRegistry } from '../content/registry.ts';
import type { Db } from '../db/database.ts';
import { anchorOf, type NotificationEvent } from './events.ts';
import {
  type InboxOwner,
  inboxPage,
  insertNotifications,
  markAllRead,
  openNotification,
  titlesOpenTo,
} from './inbox-repository.ts';
import { preferencesOf, recipientsWanting, savePreferences } from './repository.ts';
import { type NotificationText, renderNotification } from './summary.ts';

/** Notifications on one page of the list. */
export const inboxPageSize = 20;

/** What one event tells people, written by `record`. */
export interface NotificationInput {
  /** The organisation the content belongs to. */
  orgId: string;
  personIds: readonly string[];
  event: NotificationEvent;
  /** The content it is about: its kind's type and id. */
  target: { type: string; id: string };
  /** Whose action it reports; they are never told about their own. Null for Waymark itself. */
  actorId: string | null;
  summary: NotificationText;
}

/** A notification as people read it. */
export interface ShownNotification {
  id: string;
  event: string;
  summary: string;
  about: { type: string; id: string; noun: string; title: string | null; url: string | null };
  createdAt: Date;
  readAt: Date | null;
}

const ownerOf = (principal: Principal): InboxOwner | undefined =>
  principal.kind === 'person' ? { personId: principal.personId, orgId: principal.actingOrgId } : undefined;

export function notificationsService(
  db: Db,
  { kinds, now = () => new Date() }: { kinds: KindRegistry; now?: () => Date },
) {
  return {
    preferences: (personId: string) => preferencesOf(db, personId),
    save: (personId: string, wanted: Record<NotificationEvent, boolean>) =>
      savePreferences(db, personId, wanted, now()),
    /** People among these who want this kind of email; pass a transaction to read inside it. */
    wanting: (personIds: readonly string[], event: NotificationEvent, via: Db = db) =>
      recipientsWanting(via, personIds, event),

    /**
     * Puts a notification in the list of each person told, inside the event's own transaction (`via`), so
     * the event and its notifications commit together. The actor is never told about their own action.
     */
    record: (via: Db, input: NotificationInput) =>
      insertNotifications(
        via,
        [...new Set(input.personIds)]
          .filter((id) => id !== input.actorId)
          .map((personId) => ({
            orgId: input.orgId,
            personId,
            event: input.event,
            targetType: input.target.type,
            targetId: input.target.id,
            actorId: input.actorId,
            summary: input.summary.template,
            at: now(),
          })),
      ),

    /**
     * One page of the caller's notifications, newest first. Each names its content by title while the caller
     * may still open it; otherwise the title and link are null.
     */
    async page(principal: Principal, page: number, pageSize = inboxPageSize) {
      const owner = ownerOf(principal);
      if (!owner) return { items: [] as ShownNotification[], total: 0, unread: 0, page, pageSize, pageCount: 1 };
      const found = await inboxPage(db, owner, pageSize, (page - 1) * pageSize);
      const titles = new Map<string, Map<string, string>>();
      for (const type of new Set(found.items.map((n) => n.target_type))) {
        const kind = kinds.scoped(type);
        const ids = found.items.filter((n) => n.target_type === type).map((n) => n.target_id);
        titles.set(type, kind ? await titlesOpenTo(db, principal, kind, ids) : new Map());
      }
      const items = found.items.map((n): ShownNotification => {
        const kind = kinds.scoped(n.target_type);
        const title = titles.get(n.target_type)?.get(n.target_id) ?? null;
        return {
          id: n.id,
          event: n.event,
          summary: renderNotification(n.summary, n.actor_name),
          about: {
            type: n.target_type,
            id: n.target_id,
            noun: kind?.noun ?? n.target_type,
            title,
            url: kind && title !== null ? `${kind.url(n.target_id)}${anchorOf(n.event)}` : null,
          },
          createdAt: n.created_at,
          readAt: n.read_at,
        };
      });
      return {
        items,
        total: found.total,
        unread: found.unread,
        page,
        pageSize,
        pageCount: Math.max(1, Math.ceil(found.total / pageSize)),
      };
    },

    /**
     * Opens one of the caller's notifications: marks it read and gives the address of its content (or of the
     * list, for content of a kind no longer registered). Undefined for anyone else's, which is a 404.
     */
    async open(principal: Principal, id: string): Promise<string | undefined> {
      const owner = ownerOf(principal);
      const found = owner && (await openNotification(db, owner, id, now()));
      if (!found) return undefined;
      const kind = kinds.scoped(found.target_type);
      return kind ? `${kind.url(found.target_id)}${anchorOf(found.event)}` : '/notifications';
    },

    /** Marks all the caller's notifications read; how many were unread. */
    markAllRead: async (principal: Principal) => {
      const owner = ownerOf(principal);
      return owner ? markAllRead(db, owner, now()) : 0;
    },
  };
}

export type NotificationsService = ReturnType<typeof notificationsService>;
