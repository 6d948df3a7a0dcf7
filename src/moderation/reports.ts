// Readers' reports: a reader reports published content they can see, and a moderator who reviews the story it
// concerns dismisses the report or takes the content from readers. Part of services.moderation: service.ts
// hands it what decisions and reports share (the reason limit, and telling authors), so this file does not
// import it back.
import type { Principal } from '../access/visibility.ts';
import { auditService } from '../audit/service.ts';
import type { ContentType, Db } from '../db/database.ts';
import { publishedStoryFor } from '../discussion/repository.ts';
import type { DiscussionService } from '../discussion/service.ts';
import { renderMarkdown } from '../text/markdown.ts';
import { findReportInReach, insertReport, reachOf, recordEvent, resolveReports } from './repository.ts';

/** What reports share with the rest of the moderation service. */
export interface ReportDeps {
  discussion: DiscussionService;
  now: () => Date;
  maxReason: number;
  /** Tells the story's authors what happened, each as their notification settings allow. */
  tellAuthors: (
    story: { org_id: string; id: string; title: string; author_id: string | null },
    subject: string,
    text: string,
    via: Db,
  ) => Promise<void>;
}

export function moderationReports(db: Db, { discussion, now, maxReason, tellAuthors }: ReportDeps) {
  return {
    /**
     * A reader reports published content they can see. Undefined when they cannot see it (a 404).
     * Each report joins the queue of whoever reviews the story it concerns.
     */
    async reportTarget(principal: Principal, type: string, id: string) {
      if (type === 'story') {
        const story = await publishedStoryFor(db, principal, id);
        return story && { type: 'story' as const, id, orgId: story.orgId, title: story.title, storyId: story.id };
      }
      if (type === 'comment') {
        const found = await discussion.find(principal, id);
        return (
          found && {
            type: 'comment' as const,
            id,
            orgId: found.comment.org_id,
            title: `a comment by ${found.comment.author_name} on “${found.content.title}”`,
            storyId: found.content.id,
            html: found.html,
          }
        );
      }
      return undefined;
    },

    async report(principal: Principal, type: string, id: string, reason: string) {
      if (principal.kind !== 'person') return undefined;
      const target = await this.reportTarget(principal, type, id);
      if (!target) return undefined;
      const text = reason.trim();
      if (text === '') return { ok: false as const, problem: 'Tell the moderators what is wrong' };
      if (text.length > maxReason)
        return { ok: false as const, problem: `Reasons are at most ${maxReason} characters` };
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

    /** One report for a moderator, with the content it is about; undefined outside their reach. */
    async findReport(principal: Principal, id: string) {
      const report = await findReportInReach(db, reachOf(principal), id);
      if (!report) return undefined;
      return {
        ...report,
        commentHtml: report.comment_body !== null ? renderMarkdown(report.comment_body) : null,
      };
    },

    /**
     * Closes a report (and every other open report on the same content): dismissed, or the content taken
     * from readers. A comment is hidden; a story goes back to its authors as "changes requested" with the
     * moderator's reason, so they can put it right and submit it again.
     */
    async resolveReport(
      principal: Principal,
      id: string,
      outcome: 'dismissed' | 'removed',
      input: { reason?: string | undefined; baseUrl?: string },
    ): Promise<{ ok: true; storyId: string } | { ok: false; problem: string } | undefined> {
      if (principal.kind !== 'person') return undefined;
      const report = await findReportInReach(db, reachOf(principal), id);
      if (!report || report.resolved_at !== null) return undefined;
      const reason = (input.reason ?? '').trim();
      if (outcome === 'removed' && reason === '') return { ok: false, problem: 'Say why the content is removed' };
      if (reason.length > maxReason) return { ok: false, problem: `Reasons are at most ${maxReason} characters` };
      const at = now();
      const target = { orgId: report.org_id, type: report.target_type as ContentType, id: report.target_id };
      await db.transaction().execute(async (trx) => {
        await resolveReports(trx, target, outcome, principal.personId, at);
        if (outcome === 'removed') {
          if (report.target_type === 'comment') {
            await trx
              .updateTable('comments')
              .set({ status: 'hidden' })
              .where('org_id', '=', report.org_id)
              .where('id', '=', report.target_id)
              .where('status', '=', 'visible')
              .execute();
          } else if (report.story_status === 'published') {
            await trx
              .updateTable('stories')
              // Readers no longer have it, so it no longer counts as published.
              .set({ status: 'changes_requested', published_at: null, updated_at: at })
              .where('org_id', '=', report.org_id)
              .where('id', '=', report.target_id)
              .execute();
            await tellAuthors(
              {
                org_id: report.org_id,
                id: report.story_id,
                title: report.story_title,
                author_id: report.story_author_id,
              },
              `Your story “${report.story_title}” was taken down`,
              `A reader reported your story “${report.story_title}” and a moderator took it down for now. Their reason:\n\n${reason}\n\nYou can change the story and submit it again: ${input.baseUrl ?? ''}/stories/${report.story_id}`,
              trx,
            );
          }
        }
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
              ? `Removed a reported ${report.target_type} on the story “${report.story_title}”.`
              : `Dismissed a report on a ${report.target_type} on the story “${report.story_title}”.`,
          at,
        });
      });
      return { ok: true, storyId: report.story_id };
    },
  };
}
