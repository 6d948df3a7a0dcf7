// What platform admins see of the outbox: every message, whether and when it went, and why it did not.
import type { Db } from '../db/database.ts';
import { maxAttempts } from './delivery.ts';
import { findMessage, listMessages } from './repository.ts';

export type MessageStatus = 'sent' | 'failed' | 'waiting';

const statusOf = (m: { sent_at: Date | null; attempts: number }): MessageStatus =>
  m.sent_at ? 'sent' : m.attempts >= maxAttempts ? 'failed' : 'waiting';

export interface EmailLogSettings {
  /** Whether SMTP_URL is set: messages then go to the mail server, otherwise to the log. */
  smtpConfigured: boolean;
}

export function emailLogService(db: Db, settings: EmailLogSettings) {
  return {
    smtpConfigured: settings.smtpConfigured,
    async list(page: number, pageSize: number) {
      const { items, total } = await listMessages(db, page, pageSize);
      return { items: items.map((m) => ({ ...m, status: statusOf(m) })), total };
    },
    async find(id: string) {
      const message = await findMessage(db, id);
      return message ? { ...message, status: statusOf(message) } : undefined;
    },
  };
}

export type EmailLogService = ReturnType<typeof emailLogService>;
