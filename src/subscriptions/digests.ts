// The digest job: for each person whose digest is due, what is new in what they follow and they may read now,
// less what earlier digests carried. The ledger rows and the outbox row are written in one transaction per
// person, so a run that stops half-way sends nobody anything twice, and the next run finishes the rest. No
// new item, no message.
import { principalFor } from '../access/principal.ts';
import { type FollowedArticle, newArticlesFollowed } from '../articles/followed.ts';
import { tagLabel } from '../articles/schema.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import type { FrameworkService } from '../framework/service.ts';
import type { Framework } from '../framework/types.ts';
import { type FollowedSession, newSessionsFollowed } from '../groups/followed.ts';
import { dateTimeText } from '../text/dates.ts';
import { hashOf, unsubscribeHeaders, unsubscribeSecret } from './links.ts';
import { newArticlesForReaders } from './readers.ts';
import { digestPeople, followsOf, markConsidered, notInLedger, recordInLedger } from './repository.ts';
import { digestDue, itemsPerDigest, lookBackMs } from './schedule.ts';

export interface DigestOptions {
  email: Outbox;
  /** The framework's current tags, to name a followed tag as the site does. */
  framework: Pick<FrameworkService, 'current'>;
  sessionSecret: string;
  baseUrl: string;
}

export interface DigestRun {
  /** Messages queued to people with accounts and to readers by address. */
  sent: number;
}

const inWords = new Intl.ListFormat('en-GB', { type: 'conjunction' });

/** Which of the things a person follows brought an article, in a sentence (none for a reader of everything). */
export function becauseLine(via: FollowedArticle['via'], framework: Framework): string[] {
  const reasons = [
    ...(via.series ? [`the series “${via.series}”`] : []),
    ...via.tags.map((tag) => `the tag “${tagLabel(framework, tag) ?? tag}”`),
    ...via.authors.map((name) => `articles by ${name}`),
  ];
  return reasons.length > 0 ? [`Because you follow ${inWords.format(reasons)}.`] : [];
}

function articleLines(baseUrl: string, articles: readonly FollowedArticle[], framework: Framework): string[] {
  return articles.flatMap((a) => [
    a.title,
    ...(a.summary ? [a.summary] : []),
    `${baseUrl}/articles/${a.id}`,
    ...becauseLine(a.via, framework),
    '',
  ]);
}

function sessionLines(baseUrl: string, sessions: readonly FollowedSession[]): string[] {
  return sessions.flatMap((s) => [
    `${s.group_name}: ${s.title}, ${dateTimeText(s.starts_at)}`,
    `${baseUrl}/groups/${s.group_id}`,
    '',
  ]);
}

export function digestSubject(articles: readonly FollowedArticle[], sessions: readonly FollowedSession[]): string {
  const count = articles.length + sessions.length;
  if (count === 1) return articles[0] ? `New on Waymark: ${articles[0].title}` : `New session: ${sessions[0]?.title}`;
  return `New on Waymark: ${count} things you follow`;
}

export function digestService(db: Db, options: DigestOptions) {
  const { email, sessionSecret, baseUrl, framework } = options;

  async function sendToPerson(person: Awaited<ReturnType<typeof digestPeople>>[number], now: Date): Promise<boolean> {
    const follows = await followsOf(db, person.person_id);
    // Each thing followed, and since when: what came out before it was followed is not news.
    const followed = (type: string) =>
      follows.filter((f) => f.target_type === type).map((f) => ({ target: f.target, since: f.created_at }));
    const since = new Date(Math.max(person.since.getTime(), now.getTime() - lookBackMs));
    // Read as the person is now: what they may read at sending time, not when they followed.
    const principal = await principalFor(db, person.person_id);
    if (principal.kind !== 'person') return false;
    const [articles, sessions] = await Promise.all([
      newArticlesFollowed(
        db,
        principal,
        { series: followed('series'), tags: followed('tag'), authors: followed('author') },
        since,
        itemsPerDigest,
        notInLedger(person.person_id, 'article'),
      ),
      newSessionsFollowed(
        db,
        principal,
        followed('group'),
        since,
        itemsPerDigest,
        notInLedger(person.person_id, 'group_session'),
      ),
    ]);
    // Nothing new for someone who hears at once: no need to write that they were considered.
    if (articles.length + sessions.length === 0 && person.frequency === 'immediate') return false;
    const secret = unsubscribeSecret(sessionSecret, `person:${person.person_id}`);
    // The framework names followed tags; read before the transaction, which it need not wait for.
    const current = await framework.current();
    return db.transaction().execute(async (trx) => {
      const fresh = await recordInLedger(
        trx,
        person.person_id,
        [
          ...articles.map((a) => ({ type: 'article' as const, id: a.id })),
          ...sessions.map((s) => ({ type: 'group_session' as const, id: s.id })),
        ],
        now,
      );
      const newArticles = articles.filter((a) => fresh.has(`article:${a.id}`));
      const newSessions = sessions.filter((s) => fresh.has(`group_session:${s.id}`));
      await markConsidered(
        trx,
        person.person_id,
        now,
        newArticles.length + newSessions.length > 0 ? hashOf(secret) : null,
      );
      if (newArticles.length + newSessions.length === 0) return false;
      const text = [
        `Hello ${person.display_name},`,
        '',
        ...(newArticles.length > 0 ? ['New articles:', '', ...articleLines(baseUrl, newArticles, current)] : []),
        ...(newSessions.length > 0 ? ['New reading group sessions:', '', ...sessionLines(baseUrl, newSessions)] : []),
        'You get this email because you follow series, tags, reading groups or authors on Waymark.',
        `Choose what you follow and how often we write: ${baseUrl}/account/subscriptions`,
        `Stop these emails: ${baseUrl}/unsubscribe/${secret}`,
      ].join('\n');
      await email.send(
        {
          to: person.email,
          subject: digestSubject(newArticles, newSessions),
          text,
          headers: unsubscribeHeaders(baseUrl, secret),
        },
        trx,
      );
      return true;
    });
  }

  return {
    /** One run of the job at `now`: every due person's digest, then the readers subscribed by address. */
    async run(now: Date): Promise<DigestRun> {
      let sent = 0;
      for (const person of await digestPeople(db)) {
        if (!digestDue(person.frequency, person.last_digest_at ?? person.since, now)) continue;
        if (await sendToPerson(person, now)) sent += 1;
      }
      sent += await newArticlesForReaders(db, { email, sessionSecret, baseUrl, now });
      return { sent };
    },
  };
}

export type DigestService = ReturnType<typeof digestService>;
