// The SQL of the outbox beyond queuing: claiming a message to send, recording how it went, reading the log
// for platform admins, and clearing out what was sent long ago.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface OutboxMessage {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Date;
  sent_at: Date | null;
  attempts: number;
  last_error: string | null;
  headers: Record<string, string>;
  calendar: string | null;
}

/**
 * The next message due to be tried, locked for the caller's transaction. SKIP LOCKED passes over a message
 * another instance is sending right now, so two deliverers never send the same one. A message that failed
 * waits 1, 3, 7, 15... minutes after it was queued (2^attempts - 1), and is given up after `maxAttempts`.
 */
export function claimDue(trx: Db, now: Date, maxAttempts: number, skip: readonly string[]) {
  let query = trx
    .selectFrom('email_outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('attempts', '<', maxAttempts)
    .where(sql<boolean>`created_at + (power(2, attempts) - 1) * interval '1 minute' <= ${now}`)
    .orderBy('created_at')
    .limit(1)
    .forUpdate()
    .skipLocked();
  if (skip.length > 0) query = query.where('id', 'not in', skip);
  return query.executeTakeFirst() as Promise<OutboxMessage | undefined>;
}

/**
 * Marks a message sent. `dropText` empties its text: once a mail server has it, a copy here would only be a
 * second place where someone's live sign-in or invitation link could be read.
 */
export async function recordSent(trx: Db, id: string, now: Date, dropText: boolean): Promise<void> {
  await trx
    .updateTable('email_outbox')
    .set((eb) => ({
      sent_at: now,
      attempts: eb('attempts', '+', 1),
      last_error: null,
      // The unsubscribe link in a header and an invitation are as private as the text.
      ...(dropText ? { body_text: '', headers: sql<Record<string, string>>`'{}'::jsonb`, calendar: null } : {}),
    }))
    .where('id', '=', id)
    .execute();
}

export async function recordFailure(trx: Db, id: string, error: string): Promise<void> {
  await trx
    .updateTable('email_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 1000) }))
    .where('id', '=', id)
    .execute();
}

/** Newest first, a page at a time. */
export async function listMessages(db: Db, page: number, pageSize: number) {
  const [items, count] = await Promise.all([
    db
      .selectFrom('email_outbox')
      .select(['id', 'to_address', 'subject', 'created_at', 'sent_at', 'attempts', 'last_error'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export function findMessage(db: Db, id: string) {
  return db.selectFrom('email_outbox').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
    OutboxMessage | undefined
  >;
}

/** Sent messages queued before `cutoff`; unsent ones stay, so a failure remains visible to admins. */
export async function deleteSentBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db
    .deleteFrom('email_outbox')
    .where('sent_at', 'is not', null)
    .where('sent_at', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Messages given up (tried `maxAttempts` times, the last about two hours after queuing) and queued before
 * `cutoff`: admins have had their week to see the failure, and the text may still hold a live link.
 */
export async function deleteGivenUpBefore(db: Db, cutoff: Date, maxAttempts: number): Promise<number> {
  const result = await db
    .deleteFrom('email_outbox')
    .where('sent_at', 'is', null)
    .where('attempts', '>=', maxAttempts)
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
