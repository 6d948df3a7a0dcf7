// Subscriptions: signed-in people follow a series, a tag, a reading group or an author and choose how often
// they hear (immediate, daily, weekly or off); digests are the job in digests.ts. Readers without an account
// subscribe to new articles by address (readers.ts). Unsubscribe links work without a session: the secret in
// the link is the authority, and only a POST uses it, so a link scanner's GET changes nothing.
import type { Principal } from '../access/visibility.ts';
import { readableAuthorName } from '../articles/followed.ts';
import { tagLabel } from '../articles/schema.ts';
import type { ArticlesService } from '../articles/service.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import type { FrameworkService } from '../framework/service.ts';
import { readableGroupName } from '../groups/followed.ts';
import { hashOf, isLinkSecret } from './links.ts';
import {
  confirmationWaiting,
  confirmReader,
  readerLinkExists,
  removeReaderByLink,
  requestReaderSubscription,
} from './readers.ts';
import * as repo from './repository.ts';
import { type TargetType, targetTypes } from './repository.ts';
import { defaultFrequency, type Frequency } from './schedule.ts';

export { type TargetType, targetTypes } from './repository.ts';

export interface SubscriptionsOptions {
  email: Outbox;
  articles: ArticlesService;
  framework: FrameworkService;
  baseUrl: string;
  now?: () => Date;
}

/** Something a person may follow, as pages and the API name it. */
export interface Target {
  type: TargetType;
  target: string;
}

export const targetTypeNames: Record<TargetType, string> = {
  series: 'Series',
  tag: 'Tag',
  group: 'Reading group',
  author: 'Author',
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function subscriptionsService(db: Db, options: SubscriptionsOptions) {
  const now = options.now ?? (() => new Date());

  /** What the target is called, when the caller may follow it (may read it); otherwise undefined. */
  async function labelOf(principal: Principal, t: Target): Promise<string | undefined> {
    if (t.type === 'tag') return tagLabel(await options.framework.current(), t.target);
    if (!uuid.test(t.target)) return undefined;
    if (t.type === 'series') return (await options.articles.series(principal, t.target, null))?.title;
    if (t.type === 'group') return readableGroupName(db, principal, t.target);
    return readableAuthorName(db, principal, t.target);
  }

  const personOf = (principal: Principal) => (principal.kind === 'person' ? principal.personId : undefined);

  return {
    labelOf,
    /**
     * Follows the target if the caller may read it: `not_found` when they may not (or it does not exist). A
     * target they follow already is answered as it is (`created` false), with nothing written; otherwise
     * `mayWrite` (the caller's limit) is asked first, and `refused` answered when it says no.
     */
    async follow(
      principal: Principal,
      t: Target,
      mayWrite: () => Promise<boolean>,
    ): Promise<'not_found' | 'refused' | { label: string; since: Date; created: boolean }> {
      const personId = personOf(principal);
      const label = personId ? await labelOf(principal, t) : undefined;
      if (!personId || !label) return 'not_found';
      const since = await repo.followedSince(db, personId, t.type, t.target);
      if (since) return { label, since, created: false };
      if (!(await mayWrite())) return 'refused';
      return { label, ...(await repo.follow(db, personId, t.type, t.target, now())) };
    },
    /** Stops following; answers whether the person followed it. */
    async unfollow(principal: Principal, t: Target): Promise<boolean> {
      const personId = personOf(principal);
      return personId ? repo.unfollow(db, personId, t.type, t.target) : false;
    },
    /**
     * The follow buttons a page shows a signed-in person ("Follow" or "Following"), for targets the page has
     * already read and labelled; none for anyone else.
     */
    async buttons(principal: Principal, targets: readonly (Target & { label: string })[]) {
      const personId = personOf(principal);
      if (!personId || targets.length === 0) return undefined;
      const follows = new Set((await repo.followsOf(db, personId)).map((f) => `${f.target_type}:${f.target}`));
      return targets.map((t) => ({ ...t, following: follows.has(`${t.type}:${t.target}`) }));
    },
    /** Everything the person follows with its label (or none, once they may no longer read it), and how often. */
    async overview(principal: Principal) {
      const personId = personOf(principal);
      if (!personId) return { follows: [], frequency: defaultFrequency };
      const [follows, frequency] = await Promise.all([repo.followsOf(db, personId), repo.frequencyOf(db, personId)]);
      const labelled = await Promise.all(
        follows.map(async (f) => ({
          type: f.target_type,
          target: f.target,
          since: f.created_at,
          label: await labelOf(principal, { type: f.target_type, target: f.target }),
        })),
      );
      return { follows: labelled, frequency: frequency ?? defaultFrequency };
    },
    async setFrequency(principal: Principal, frequency: Frequency) {
      const personId = personOf(principal);
      if (personId) await repo.setFrequency(db, personId, frequency, now());
    },
    /** Whether an unsubscribe link belongs to someone (for the page a GET shows). */
    async linkIsLive(secret: string): Promise<boolean> {
      if (!isLinkSecret(secret)) return false;
      const hash = hashOf(secret);
      return (await repo.personLinkExists(db, hash)) || readerLinkExists(db, hash);
    },
    /** One-click unsubscribe: a member's digests go off; a reader's address is forgotten. */
    async unsubscribe(secret: string): Promise<boolean> {
      if (!isLinkSecret(secret)) return false;
      const hash = hashOf(secret);
      return (await repo.turnOffByLink(db, hash)) || removeReaderByLink(db, hash);
    },
    requestByAddress: (address: string) =>
      requestReaderSubscription(db, { email: options.email, baseUrl: options.baseUrl, now: now() }, address),
    confirmationWaiting: (secret: string) => isLinkSecret(secret) && confirmationWaiting(db, secret, now()),
    confirm: async (secret: string) => isLinkSecret(secret) && confirmReader(db, secret, now()),
    targetTypes,
  };
}

export type SubscriptionsService = ReturnType<typeof subscriptionsService>;
