// Moderation for every kind of content that declares it (src/content/kind.ts): the queue of waiting records
// and readers' reports, decisions (publish, request changes, reject) following the kind's own workflow, and
// moderators hiding a comment. Every decision is kept in moderation_events (the history owners and
// moderators see) and the audit log, both written in the decision's transaction so a refused or failed
// decision leaves no trace. Readers' reports (filing, dismissing, removing the content) are in reports.ts.
import { type Principal, visibilityNames } from '../access/visibility.ts';
import { auditService } from '../audit/service.ts';
import type { Blocker, ModerationAction, NestedKind, ScopedKind } from '../content/kind.ts';
import { ownersOf } from '../content/records.ts';
import type { KindRegistry } from '../content/registry.ts';
import type { Db } from '../db/database.ts';
import type { DiscussionService } from '../discussion/service.ts';
import type { Outbox } from '../email/outbox.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { type NotificationText, notificationText } from '../notifications/summary.ts';
import { renderMarkdown } from '../text/markdown.ts';
import { type ContentRef, reviewUrl, statusName } from './kinds.ts';
import { reachOf, reviewsAnything } from './reach.ts';
import { moderationReports } from './reports.ts';
import {
  findInReach,
  historyOf,
  openReportsOn,
  queuePage,
  recordEvent,
  resolveReports,
  setRecordStatus,
} from './repository.ts';

export const decisionActions = ['publish', 'request_changes', 'reject'] as const satisfies readonly ModerationAction[];
export type DecisionAction = (typeof decisionActions)[number];

export type DecisionOutcome =
  | { ok: true; status: string; publishedAt: Date | null }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'invalid_transition'; status: string; message: string }
  | { ok: false; code: 'reason_required'; message: string }
  | { ok: false; code: 'not_ready'; blockers: Blocker[]; message: string };

export const maxReason = 2000;

const outcomeWords = {
  publish: {
    subject: 'is published',
    event: 'published',
    told: 'A moderator published your',
    after: 'Thank you for sharing it.',
    next: 'Readers can find it here:',
  },
  request_changes: {
    subject: 'needs changes before it is published',
    event: 'changes requested',
    told: 'A moderator asked for changes to your',
    after: 'You can change it now.',
    next: 'Make the changes, then submit it again:',
  },
  reject: {
    subject: 'was not published',
    event: 'not published',
    told: 'A moderator decided not to publish your',
    after: 'It stays yours, and nobody else can read it.',
    next: 'You can reopen it as a draft, change it and submit it again:',
  },
} as const;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface ModerationDeps {
  email: Outbox;
  discussion: DiscussionService;
  kinds: KindRegistry;
  notifications: NotificationsService;
  /** The site's address, for links in emails. */
  baseUrl?: string;
  now?: () => Date;
}

export function moderationService(
  db: Db,
  { email, discussion, kinds, notifications, baseUrl = '', now = () => new Date() }: ModerationDeps,
) {
  const moderatedKind = (type: string) => kinds.moderated().find((k) => k.type === type);
  /** Comments, as discussion declares them (the composition root registers them): hidden directly. */
  const comments = kinds.all().find((k): k is NestedKind => k.type === 'comment' && k.parent !== undefined);
  if (!comments) throw new Error('The registry of content kinds has no comment kind');

  /**
   * Tells a record's owners what happened: by email as their notification settings allow, and the addresses
   * its kind adds (people named as authors without an account); and in their notifications, whatever they
   * chose, except the moderator's own record.
   */
  async function tellOwners(
    kind: ScopedKind,
    record: { org_id: string; id: string },
    subject: string,
    text: string,
    via: Db,
    told: { actorId: string; summary: NotificationText },
  ) {
    const at = { orgId: record.org_id, id: record.id };
    const ids = await ownersOf(via, kind, at);
    await notifications.record(via, {
      orgId: record.org_id,
      personIds: ids,
      event: 'moderation_outcome',
      target: { type: kind.type, id: record.id },
      ...told,
    });
    const addresses = new Set((await notifications.wanting(ids, 'moderation_outcome', via)).map((r) => r.email));
    for (const address of (await kind.moderation?.extraAddresses?.(via, at)) ?? []) addresses.add(address);
    for (const to of addresses) await email.send({ to, subject, text }, via);
  }

  const reports = moderationReports(db, { kinds, discussion, now, baseUrl, maxReason, tellOwners, comments });

  return {
    reachOf,

    /** Waiting records and open reports in the caller's reach, the longest waiting first, a page at a time. */
    async queue(principal: Principal, page: number, pageSize = 25) {
      const { total, items } = await queuePage(db, kinds, reachOf(principal), pageSize, (page - 1) * pageSize);
      return {
        total,
        items: items.map((item) => {
          const kind = kinds.scoped(item.type);
          return {
            ...item,
            noun: kind?.noun ?? item.type,
            targetNoun: item.target_type ? (kinds.get(item.target_type)?.noun ?? item.target_type) : null,
            href: item.item === 'report' || !kind ? `/moderation/reports/${item.id}` : reviewUrl(kind, item.record_id),
          };
        }),
        page,
        pageSize,
        pageCount: Math.max(1, Math.ceil(total / pageSize)),
      };
    },

    /** Pages the moderated kinds offer an organisation's own moderators (importing stories, say). */
    links: () => kinds.moderated().flatMap((k) => k.moderation.links ?? []),

    /** Everything the review page shows; undefined when the record is outside the caller's reach. */
    async review(principal: Principal, ref: ContentRef) {
      const kind = moderatedKind(ref.type);
      if (!kind) return undefined;
      const record = await findInReach(db, kinds, reachOf(principal), kind, ref.id);
      if (!record) return undefined;
      const at = { orgId: record.org_id, id: record.id };
      const [history, open, blockers, details] = await Promise.all([
        historyOf(db, record.org_id, kind.type, record.id),
        openReportsOn(db, kinds, kind, record),
        kind.moderation.blockers(db, at),
        kind.moderation.details?.(db, at),
      ]);
      return {
        noun: kind.noun,
        record: { ...record, html: record.body === null ? null : renderMarkdown(record.body) },
        statusName: statusName(kind, record.status),
        sharedWith: visibilityNames[record.visibility as keyof typeof visibilityNames] ?? record.visibility,
        reviewUrl: reviewUrl(kind, record.id),
        details,
        history,
        reports: open.map((r) => ({ ...r, targetNoun: kinds.get(r.target_type)?.noun ?? r.target_type })),
        blockers,
        actions: decisionActions.filter((a) => kind.moderation.transition(a, record.status) !== null),
      };
    },

    /**
     * A moderator's decision on a waiting record. The row is read in reach and locked in one query, so two
     * moderators deciding at once cannot both succeed, and the row checked is the row changed.
     */
    async decide(
      principal: Principal,
      ref: ContentRef,
      action: DecisionAction,
      input: { reason?: unknown },
    ): Promise<DecisionOutcome> {
      const kind = moderatedKind(ref.type);
      if (principal.kind !== 'person' || !kind) return { ok: false, code: 'not_found' };
      const m = kind.moderation;
      const reach = reachOf(principal);
      return db.transaction().execute(async (trx) => {
        // Reach first: a record outside it answers as an unknown id would, whatever else the request says.
        const record = await findInReach(trx, kinds, reach, kind, ref.id, true);
        if (!record) return { ok: false, code: 'not_found' } as const;
        if (input.reason !== undefined && typeof input.reason !== 'string') {
          return { ok: false, code: 'reason_required', message: 'The reason must be text' } as const;
        }
        const reason = (input.reason ?? '').trim();
        const transition = m.transition(action, record.status);
        if (!transition) {
          return {
            ok: false,
            code: 'invalid_transition',
            status: record.status,
            message: `A ${kind.noun} that is ${statusName(kind, record.status).toLowerCase()} cannot be decided on: only a ${kind.noun} waiting for review can.`,
          } as const;
        }
        if (transition.needsReason && reason === '') {
          return { ok: false, code: 'reason_required', message: 'Tell the author why' } as const;
        }
        if (reason.length > maxReason) {
          return {
            ok: false,
            code: 'reason_required',
            // Publishing asks for an optional note; the other decisions for a reason.
            message: `${action === 'publish' ? 'Note' : 'Reason'} must be ${maxReason.toLocaleString('en-GB')} characters or fewer`,
          } as const;
        }
        if (action === 'publish') {
          const blockers = await m.blockers(trx, { orgId: record.org_id, id: record.id });
          if (blockers.length > 0) {
            return {
              ok: false,
              code: 'not_ready',
              blockers,
              message: `The ${kind.noun} cannot be published yet.`,
            } as const;
          }
        }
        const at = now();
        const publishedAt = action === 'publish' ? at : null;
        await setRecordStatus(trx, kind, record, { status: transition.to, publishedAt: publishedAt ?? undefined, at });
        if (transition.event) {
          await recordEvent(trx, {
            orgId: record.org_id,
            type: kind.type,
            id: record.id,
            action: transition.event,
            reason,
            actorId: principal.personId,
            at,
          });
        }
        const words = outcomeWords[action];
        const link = `${baseUrl}${kind.url(record.id)}`;
        await tellOwners(
          kind,
          record,
          `Your ${kind.noun} “${record.title}” ${words.subject}`,
          [
            `${words.told} ${kind.noun} “${record.title}”. ${words.after}`,
            reason ? `What they said:\n\n${reason}` : '',
            `${words.next} ${link}`,
            `You can choose which emails Waymark sends you: ${baseUrl}/account/notifications`,
          ]
            .filter(Boolean)
            .join('\n\n'),
          trx,
          { actorId: principal.personId, summary: notificationText`${words.told} ${kind.noun}.` },
        );
        await auditService(trx).record({
          orgId: record.org_id,
          actorId: principal.personId,
          action: 'moderation',
          summary: `${capitalised(kind.noun)} “${record.title}”: ${words.event}.`,
          at,
        });
        return { ok: true, status: transition.to, publishedAt } as const;
      });
    },

    ...reports,

    /** Whether the caller reviews this record (and so may hide comments on it). */
    async reviews(principal: Principal, ref: ContentRef) {
      const kind = kinds.scoped(ref.type);
      const reach = reachOf(principal);
      if (!kind || !reviewsAnything(reach)) return false;
      return (await findInReach(db, kinds, reach, kind, ref.id)) !== undefined;
    },

    /** A visible comment on a record the caller reviews, for the hide page; undefined is a 404. */
    async commentToHide(principal: Principal, commentId: string) {
      const found = await discussion.find(principal, commentId);
      if (!found || !(await this.reviews(principal, found.content))) return undefined;
      return found;
    },

    /**
     * A moderator hides a comment without waiting for a report (open reports on it close as "removed").
     * The reason is kept in the comment's history.
     */
    async hideComment(principal: Principal, commentId: string, reason: string) {
      if (principal.kind !== 'person') return undefined;
      const found = await this.commentToHide(principal, commentId);
      if (!found) return undefined;
      const text = reason.trim();
      if (text === '') return { ok: false as const, problem: `Say why the ${comments.noun} is hidden` };
      if (text.length > maxReason)
        return {
          ok: false as const,
          problem: `Reason must be ${maxReason.toLocaleString('en-GB')} characters or fewer`,
        };
      const at = now();
      const target = { orgId: found.comment.org_id, type: comments.type, id: commentId };
      await db.transaction().execute(async (trx) => {
        await reports.hideInside(trx, target);
        await resolveReports(trx, target, 'removed', principal.personId, at);
        await recordEvent(trx, { ...target, action: 'hidden', reason: text, actorId: principal.personId, at });
        await auditService(trx).record({
          orgId: target.orgId,
          actorId: principal.personId,
          action: 'moderation',
          summary: `Hid a ${comments.noun} on the ${found.content.noun} “${found.content.title}”.`,
          at,
        });
      });
      return { ok: true as const, url: found.content.url };
    },
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
