// Delivery of the outbox: the `email-delivery` job (see src/jobs/) sends each message due to SMTP_URL with
// nodemailer, or, with no mail server configured, writes it to the log so a newcomer can still sign in.
import nodemailer from 'nodemailer';
import type { Db } from '../db/database.ts';
import type { Log } from '../log.ts';
import { claimDue, recordFailure, recordSent } from './repository.ts';

/** After this many failed tries a message is given up (about two hours after it was queued). */
export const maxAttempts = 8;

export interface Envelope {
  from: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  /** An iCalendar object with its METHOD, sent as a text/calendar part (nodemailer's `icalEvent`). */
  calendar?: string;
}

/** Where messages go: a mail server, or the log. */
export interface Mailer {
  kind: 'smtp' | 'log';
  send(message: Envelope): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string): Mailer {
  // Short timeouts: a message is locked while it is being sent, and a dead server must not hold it long.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send({ calendar, ...message }) {
      const method = calendar ? /^METHOD:([A-Z]+)\r?$/m.exec(calendar)?.[1] : undefined;
      await transport.sendMail({
        ...message,
        ...(calendar ? { icalEvent: { method: method ?? 'PUBLISH', filename: 'invite.ics', content: calendar } } : {}),
      });
    },
    close: () => transport.close(),
  };
}

export function logMailer(log: Log): Mailer {
  return {
    kind: 'log',
    async send(message) {
      log.info(
        `Email not sent (no SMTP_URL is set); platform admins can read it at /admin/email.\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}${message.calendar ? '\n\n(With a calendar invitation.)' : ''}`,
      );
    },
    close() {},
  };
}

export interface DeliveryOptions {
  mailer: Mailer;
  /** The From header (MAIL_FROM). */
  from: string;
  now?: () => Date;
  /** Most messages one run tries, so a run stays short and the next one picks up the rest. */
  batchSize?: number;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

/**
 * Sends the messages that are due, one at a time: each is claimed (row-locked) in its own transaction,
 * sent, and marked sent or failed before the lock goes. A crash mid-send rolls the claim back, so a message
 * may be sent twice in that rare case but is never lost.
 */
export function emailDelivery(db: Db, options: DeliveryOptions) {
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 100;
  return {
    async deliver(): Promise<DeliveryReport> {
      const report: DeliveryReport = { sent: 0, failed: 0 };
      // A message that failed in this run is not tried again until the next one.
      const tried: string[] = [];
      while (tried.length < batchSize) {
        const outcome = await db.transaction().execute(async (trx) => {
          const message = await claimDue(trx, now(), maxAttempts, tried);
          if (!message) return undefined;
          tried.push(message.id);
          try {
            await options.mailer.send({
              from: options.from,
              to: message.to_address,
              subject: message.subject,
              text: message.body_text,
              headers: message.headers,
              ...(message.calendar ? { calendar: message.calendar } : {}),
            });
          } catch (error) {
            await recordFailure(trx, message.id, describe(error));
            return 'failed' as const;
          }
          // A mail server has the message now; the log mailer's copy is the only one a newcomer can read.
          await recordSent(trx, message.id, now(), options.mailer.kind === 'smtp');
          return 'sent' as const;
        });
        if (outcome === undefined) break;
        report[outcome] += 1;
      }
      return report;
    },
  };
}

export type EmailDelivery = ReturnType<typeof emailDelivery>;

/** What went wrong, in one line an admin can act on; never the message itself. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const text = error.message.replace(/\s+/g, ' ').trim();
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
