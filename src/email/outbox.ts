// Email goes through an outbox: a feature queues a message here, in its own transaction if it likes, and
// the delivery job sends it (see delivery.ts). Nothing waits on a mail server inside a request.
import type { Db } from '../db/database.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Plain text; links are written out in full. */
  text: string;
}

export type EmailQueued = (id: string) => void;

export function outbox(db: Db, onQueued: EmailQueued = () => {}) {
  return {
    /** Queues a message; `via` lets a caller queue inside its own transaction. */
    async send(message: OutgoingEmail, via: Db = db): Promise<string> {
      const row = await via
        .insertInto('email_outbox')
        .values({
          to_address: message.to,
          subject: message.subject,
          body_text: message.text,
          sent_at: null,
          last_error: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      onQueued(row.id);
      return row.id;
    },
  };
}

export type Outbox = ReturnType<typeof outbox>;
