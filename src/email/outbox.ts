// Email goes through an outbox: a feature queues a message here, in its own transaction if it likes, and
// the delivery job sends it (see delivery.ts). Nothing waits on a mail server inside a request.
import type { Db } from '../db/database.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  /** Plain text; links are written out in full. */
  text: string;
  /** Header fields, only those `allowedHeaders` names (a digest's one-click unsubscribe, RFC 8058). */
  headers?: Partial<Record<AllowedHeader, string>>;
  /** An iCalendar object with its METHOD (REQUEST, CANCEL): sent as the message's calendar part. */
  calendar?: string;
}

/** The header fields a feature may add to a message; nothing else reaches the mail server from here. */
export const allowedHeaders = ['List-Unsubscribe', 'List-Unsubscribe-Post', 'List-Id'] as const;
export type AllowedHeader = (typeof allowedHeaders)[number];

/** A header value on one line: a line break in it would start a header field of someone else's choosing. */
function checkedHeaders(headers: OutgoingEmail['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!(allowedHeaders as readonly string[]).includes(name)) throw new Error(`header ${name} is not allowed`);
    if (typeof value !== 'string' || /[\r\n]/.test(value) || value.length > 2000)
      throw new Error(`header ${name} must be one line of at most 2,000 characters`);
    out[name] = value;
  }
  return out;
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
          headers: checkedHeaders(message.headers),
          calendar: message.calendar ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      onQueued(row.id);
      return row.id;
    },
  };
}

export type Outbox = ReturnType<typeof outbox>;
