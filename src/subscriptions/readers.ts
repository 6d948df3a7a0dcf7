// Readers without an account who subscribe to new articles by address: double opt-in (nothing is sent until
// the emailed link is confirmed; unconfirmed requests expire after 7 days), then a daily digest of new public
// articles at 7am London time, with the same one-click unsubscribe as members' digests, which forgets the
// address altogether.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { anonymous } from '../access/visibility.ts';
import { newArticlesFollowed } from '../articles/followed.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { hashOf, randomSecret, unsubscribeHeaders, unsubscribeSecret } from './links.ts';
import { digestDue, itemsPerDigest, lookBackMs } from './schedule.ts';

export const confirmWithinMs = 7 * 86_400_000;

/**
 * A request to subscribe: a confirmation email for a new or still unconfirmed address (a fresh link each
 * time), nothing for an address already confirmed. The caller says the same thing either way.
 */
export async function requestReaderSubscription(
  db: Db,
  options: { email: Outbox; baseUrl: string; now: Date },
  address: string,
): Promise<void> {
  const secret = randomSecret();
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: string }>`
      insert into article_readers (email, confirm_hash, requested_at) values (${address}, ${hashOf(secret)}, ${options.now})
      on conflict (lower(email)) do update set confirm_hash = excluded.confirm_hash, requested_at = excluded.requested_at
        where article_readers.confirmed_at is null
      returning id`.execute(trx);
    if (rows.length === 0) return;
    await options.email.send(
      {
        to: address,
        subject: 'Confirm your subscription to Waymark articles',
        text: [
          'Hello,',
          '',
          'Someone, probably you, asked for an email when new articles are published on Waymark.',
          'To start getting them, confirm within 7 days:',
          `${options.baseUrl}/articles/subscribe/${secret}`,
          '',
          'If it was not you, ignore this email: nothing will be sent to you.',
        ].join('\n'),
      },
      trx,
    );
  });
}

/** Whether a confirmation link is live (not used, not expired). */
export async function confirmationWaiting(db: Db, secret: string, now: Date): Promise<boolean> {
  const { rows } = await sql`select 1 from article_readers where confirm_hash = ${hashOf(secret)}
    and requested_at > ${new Date(now.getTime() - confirmWithinMs)}`.execute(db);
  return rows.length > 0;
}

/** Confirms the subscription the link belongs to; once only, and within 7 days. */
export async function confirmReader(db: Db, secret: string, now: Date): Promise<boolean> {
  const { rows } = await sql`update article_readers set confirmed_at = ${now}, since = ${now}, confirm_hash = null
    where confirm_hash = ${hashOf(secret)} and requested_at > ${new Date(now.getTime() - confirmWithinMs)}
    returning id`.execute(db);
  return rows.length > 0;
}

/** One-click unsubscribe for a reader: the address is forgotten. */
export async function removeReaderByLink(db: Db, hash: Buffer): Promise<boolean> {
  const { rows } = await sql`delete from article_readers where unsubscribe_hash = ${hash} returning id`.execute(db);
  return rows.length > 0;
}

export async function readerLinkExists(db: Db, hash: Buffer): Promise<boolean> {
  const { rows } = await sql`select 1 from article_readers where unsubscribe_hash = ${hash}`.execute(db);
  return rows.length > 0;
}

/** Erasure: the account's address stops getting new articles by email too, and is forgotten there. */
export async function forgetReaderAddress(trx: Db, address: string): Promise<void> {
  await sql`delete from article_readers where lower(email) = lower(${address})`.execute(trx);
}

/** Forgets requests never confirmed within 7 days. */
export async function purgeUnconfirmedReaders(db: Db, now: Date): Promise<void> {
  await sql`delete from article_readers where confirmed_at is null
    and requested_at <= ${new Date(now.getTime() - confirmWithinMs)}`.execute(db);
}

/** The readers' daily digests of new public articles; answers how many were queued. */
export async function newArticlesForReaders(
  db: Db,
  options: { email: Outbox; sessionSecret: string; baseUrl: string; now: Date },
): Promise<number> {
  const { email, sessionSecret, baseUrl, now } = options;
  await purgeUnconfirmedReaders(db, now);
  const { rows: readers } = await sql<{ id: string; email: string; since: Date; last_digest_at: Date | null }>`
    select id, email, since, last_digest_at from article_readers where confirmed_at is not null
    order by id`.execute(db);
  let sent = 0;
  for (const reader of readers) {
    if (!digestDue('daily', reader.last_digest_at ?? reader.since, now)) continue;
    const since = new Date(Math.max(reader.since.getTime(), now.getTime() - lookBackMs));
    const unsent = (id: RawBuilder<unknown>) => sql<SqlBool>`not exists (select 1 from article_reader_ledger l
      where l.reader_id = ${reader.id}::uuid and l.article_id = ${id})`;
    const articles = await newArticlesFollowed(db, anonymous, 'everything', since, itemsPerDigest, unsent);
    const secret = unsubscribeSecret(sessionSecret, `reader:${reader.id}`);
    const queued = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ article_id: string }>`
        insert into article_reader_ledger (reader_id, article_id, sent_at)
        select ${reader.id}::uuid, a, ${now}::timestamptz from unnest(${articles.map((a) => a.id)}::uuid[]) as x (a)
        on conflict do nothing returning article_id`.execute(trx);
      const fresh = new Set(rows.map((r) => r.article_id));
      const items = articles.filter((a) => fresh.has(a.id));
      await sql`update article_readers set last_digest_at = ${now},
          unsubscribe_hash = case when ${items.length > 0} then ${hashOf(secret)} else unsubscribe_hash end
        where id = ${reader.id}`.execute(trx);
      if (items.length === 0) return false;
      await email.send(
        {
          to: reader.email,
          subject:
            items.length === 1 ? `New on Waymark: ${items[0]?.title}` : `New on Waymark: ${items.length} articles`,
          text: [
            'Hello,',
            '',
            'New articles:',
            '',
            ...items.flatMap((a) => [a.title, ...(a.summary ? [a.summary] : []), `${baseUrl}/articles/${a.id}`, '']),
            'You get this email because you subscribed to new Waymark articles.',
            `Stop these emails: ${baseUrl}/unsubscribe/${secret}`,
          ].join('\n'),
          headers: unsubscribeHeaders(baseUrl, secret),
        },
        trx,
      );
      return true;
    });
    if (queued) sent += 1;
  }
  return sent;
}
