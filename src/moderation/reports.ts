// Readers' reports on any reported kind: a reader reports published content they can see, and a moderator
// who reviews the record it concerns (the record itself, or the one a comment is inside) dismisses the
// report or takes the content from readers. Part of services.moderation: service.ts hands it what decisions
// and reports share (the reason limit, telling owners), so this file does not import it back.
import type { Principal } from '../access/visibility.ts';
import { auditService } from '../audit/service.ts';
import type { NestedKind, ScopedKind } from '../content/kind.ts';
import { readableRecord } from '../content/records.ts';
import type { KindRegistry } from '../content/registry.ts';
import type { Db } from '../db/database.ts';
import { findComment, setCommentStatus } from '../discussion/repository.ts';
import type { DiscussionService } from '../discussion/service.ts';
import { type NotificationText, notificationText } from '../notifications/summary.ts';
import { renderMarkdown } from '../text/markdown.ts';
import { reviewUrl, statusName } from './kinds.ts';
import { type Reach, reachOf, reviewsAnything } from './reach.ts';
import {
  findInReach,
  insertReport,
  parentOf,
  recordEvent,
  reportById,
  resolveReports,
  setRecordStatus,
} from './repository.ts';

/** What reports share with the rest of the moderation service. */
export interface ReportDeps {
  kinds: KindRegistry;
  discussion: DiscussionService;
  now: () => Date;
  baseUrl: string;
  maxReason: number;
  /** Tells a record's owners what happened: by email as they chose, and in their notifications. */
  tellOwners: (
    kind: ScopedKind,
    record: { org_id: string; id: string },
    subject: string,
    text: string,
    via: Db,
    told: { actorId: string; summary: NotificationText },
  ) => Promise<void>;
  /** The nested kind discussion keeps (comments): read and hidden through discussion's own table. */
  comments: NestedKind;
}

export function moderationReports(
  db: Db,
  { kinds, discussion, now, baseUrl, maxReason, tellOwners, comments }: ReportDeps,
) {
  /**
   * A report routed to the caller, with the kind of what was reported and the record a moderator reviews
   * for it (the reported record, or the one the reported comment is inside).
   */
  async function reportInReach(via: Db, reach: Reach, id: string) {
    if (!reviewsAnything(reach)) return undefined;
    const report = await reportById(via, id);
    const targetKind = report && kinds.get(report.target_type);
    if (!report || !targetKind) return undefined;
    let recordKind: ScopedKind | undefined = targetKind.parent === undefined ? targetKind : undefined;
    let recordId = report.target_id;
    if (targetKind.parent !== undefined) {
      const parent = await parentOf(via, targetKind, report.org_id, report.target_id);
      recordKind = parent && kinds.scoped(parent.type);
      recordId = parent?.id ?? recordId;
    }
    const record = recordKind && (await findInReach(via, kinds, reach, recordKind, recordId));
    if (!recordKind || !record || record.org_id !== report.org_id) return undefined;
    return { report, targetKind, recordKind, record };
  }

  return {
    /**
     * A reader reports published content they can see. Undefined when they cannot see it (a 404). Each
     * report joins the queue of whoever reviews the record it concerns.
     */
    async reportTarget(principal: Principal, type: string, id: string) {
      const kind = kinds.get(type);
      if (!kind?.reported) return undefined;
      if (kind.parent === undefined) {
        const content = await readableRecord(db, kind, principal, id);
        return (
          content && {
            type: kind.type,
            noun: kind.noun,
            id,
            orgId: content.orgId,
            title: content.title,
            inside: false,
            content,
            html: undefined,
          }
        );
      }
      if (kind.type !== comments.type) return undefined;
      const found = await discussion.find(principal, id);
      return (
        found && {
          type: kind.type,
          noun: kind.noun,
          id,
          orgId: found.comment.org_id,
          title: `a ${kind.noun} by ${found.comment.author_name} on “${found.content.title}”`,
          inside: true,
          content: found.content,
          html: found.html,
        }
      );
    },

    async report(principal: Principal, type: string, id: string, reason: string) {
      if (principal.kind !== 'person') return undefined;
      const target = await this.reportTarget(principal, type, id);
      if (!target) return undefined;
      const text = reason.trim();
      if (text === '') return { ok: false as const, problem: 'Tell the moderators what is wrong' };
      if (text.length > maxReason)
        return {
          ok: false as const,
          problem: `Reason must be ${maxReason.toLocaleString('en-GB')} characters or fewer`,
        };
      await insertReport(db, {
        orgId: target.orgId,
        type: target.type,
        id,
        reporterId: principal.personId,
        reason: text,
        at: now(),
      });
      return { ok: true as const, target };
    },

    /** One report for a moderator, with what was reported and the record it concerns; undefined outside their reach. */
    async findReport(principal: Principal, id: string) {
      const found = await reportInReach(db, reachOf(principal), id);
      if (!found) return undefined;
      const { report, targetKind, recordKind, record } = found;
      const comment = targetKind.type === comments.type ? await findComment(db, report.target_id) : undefined;
      return {
        ...report,
        target: {
          noun: targetKind.noun,
          inside: targetKind.parent !== undefined,
          author: comment?.author_name ?? null,
          status: comment?.status ?? null,
          html: comment ? renderMarkdown(comment.body) : null,
        },
        record: {
          noun: recordKind.noun,
          title: record.title,
          status: statusName(recordKind, record.status),
          reviewUrl: recordKind.moderation ? reviewUrl(recordKind, record.id) : recordKind.url(record.id),
        },
      };
    },

    /** Hides a record inside another (a comment) in the caller's transaction; only comments have one today. */
    async hideInside(trx: Db, target: { orgId: string; type: string; id: string }) {
      if (target.type === comments.type) await setCommentStatus(trx, target.orgId, target.id, 'hidden');
    },

    /**
     * Closes a report (and every other open report on the same content): dismissed, or the content taken
     * from readers. A comment is hidden; a published record goes back to its owners (the status its kind
     * names) with the moderator's reason, so they can put it right and send it again.
     */
    async resolveReport(
      principal: Principal,
      id: string,
      outcome: 'dismissed' | 'removed',
      input: { reason?: string | undefined },
    ): Promise<{ ok: true } | { ok: false; problem: string } | undefined> {
      if (principal.kind !== 'person') return undefined;
      const reach = reachOf(principal);
      const found = await reportInReach(db, reach, id);
      if (!found || found.report.resolved_at !== null) return undefined;
      const { report, targetKind, recordKind } = found;
      const reason = (input.reason ?? '').trim();
      if (outcome === 'removed' && reason === '') return { ok: false, problem: 'Say why the content is removed' };
      if (reason.length > maxReason)
        return { ok: false, problem: `Reason must be ${maxReason.toLocaleString('en-GB')} characters or fewer` };
      if (outcome === 'removed' && targetKind.parent === undefined && !recordKind.moderation) {
        // Without a workflow there is no status to send it back to; its owner takes it down.
        return { ok: false, problem: `A ${recordKind.noun} cannot be taken down here: dismiss the report instead` };
      }
      const at = now();
      const target = { orgId: report.org_id, type: report.target_type, id: report.target_id };
      await db.transaction().execute(async (trx) => {
        if (outcome === 'removed' && targetKind.parent !== undefined) await this.hideInside(trx, target);
        else if (outcome === 'removed' && recordKind.moderation) {
          // Locked before anything changes, so a decision at the same moment waits for this one.
          const record = await findInReach(trx, kinds, reach, recordKind, report.target_id, true);
          if (record && record.status === recordKind.published) {
            // Readers no longer have it, so it no longer counts as published.
            await setRecordStatus(trx, recordKind, record, {
              status: recordKind.moderation.takenDownTo,
              publishedAt: null,
              at,
            });
            const noun = recordKind.noun;
            await tellOwners(
              recordKind,
              record,
              `Your ${noun} “${record.title}” was taken down`,
              `A reader reported your ${noun} “${record.title}”, and a moderator has taken it down for now. Nobody else can read it until it is published again. What the moderator said:\n\n${reason}\n\nYou can change the ${noun} and submit it again: ${baseUrl}${recordKind.url(record.id)}`,
              trx,
              {
                actorId: principal.personId,
                summary: notificationText`A moderator took down your ${noun} after a reader’s report.`,
              },
            );
          }
        }
        await resolveReports(trx, target, outcome, principal.personId, at);
        await recordEvent(trx, {
          ...target,
          action: outcome === 'removed' ? 'hidden' : 'report_dismissed',
          reason,
          actorId: principal.personId,
          at,
        });
        await auditService(trx).record({
          orgId: report.org_id,
          actorId: principal.personId,
          action: 'moderation',
          summary:
            outcome === 'removed'
              ? `Removed a reported ${targetKind.noun} on the ${recordKind.noun} “${found.record.title}”.`
              : `Dismissed a report on a ${targetKind.noun} on the ${recordKind.noun} “${found.record.title}”.`,
          at,
        });
      });
      return { ok: true };
    },
  };
}
