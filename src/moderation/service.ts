// Moderation: the queue of submitted stories and readers' reports, decisions on a story (publish, request
// changes, reject) following the editorial workflow in stories/workflow.ts, and reports on any content.
// Every decision is kept in moderation_events (the history authors and moderators see) and the audit log,
// both written in the decision's transaction so a refused or failed decision leaves no trace. Readers' reports
// (filing, dismissing, removing the content) are in reports.ts.
import type { Principal } from '../access/visibility.ts';
import { auditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import { recipientsWanting } from '../discussion/repository.ts';
import type { DiscussionService } from '../discussion/service.ts';
import type { Outbox } from '../email/outbox.ts';
import { transitionFor, type WorkflowAction } from '../stories/workflow.ts';
import { renderMarkdown } from '../text/markdown.ts';
import { moderationReports } from './reports.ts';
import {
  coAuthorsOf,
  findStoryInReach,
  hasAudio,
  historyOf,
  openReportsOnStory,
  peopleIn,
  queuePage,
  reachOf,
  recordEvent,
  resolveReports,
} from './repository.ts';

export const decisionActions = ['publish', 'request_changes', 'reject'] as const;
export type DecisionAction = (typeof decisionActions)[number] & WorkflowAction;

/** Why a story cannot be published yet, as a code for programs and a sentence for moderators. */
export interface Blocker {
  code: 'consent_missing' | 'transcript_missing';
  message: string;
}

export type DecisionOutcome =
  | { ok: true; status: string; publishedAt: Date | null }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'invalid_transition'; status: string; message: string }
  | { ok: false; code: 'reason_required'; message: string }
  | { ok: false; code: 'not_ready'; blockers: Blocker[]; message: string };

/** Consent states that let a named person appear in a published story. */
const consentDone = new Set(['given', 'not_needed', 'anonymised']);

const consentNames: Record<string, string> = {
  not_asked: 'has not been asked yet',
  pending: 'has not answered yet',
  refused: 'refused',
};

export const maxReason = 2000;

function blockersOf(
  story: { cleared: boolean; transcript: string },
  people: { relation: string; name: string; consent: string }[],
  audio: boolean,
): Blocker[] {
  // A collection imported as already cleared went through consent and moderation elsewhere.
  if (story.cleared) return [];
  const blockers: Blocker[] = people
    .filter((p) => p.relation !== 'author' && !consentDone.has(p.consent))
    .map((p) => ({
      code: 'consent_missing' as const,
      message: `${p.name} ${consentNames[p.consent] ?? 'has not consented'}: every person named must consent or be anonymised.`,
    }));
  if (audio && story.transcript.trim() === '') {
    blockers.push({
      code: 'transcript_missing',
      message: 'The story has a recording but no transcript: a transcript keeps it accessible and searchable.',
    });
  }
  return blockers;
}

const outcomeWords = {
  publish: { subject: 'is published', event: 'published' },
  request_changes: { subject: 'needs changes before it is published', event: 'changes requested' },
  reject: { subject: 'was not published', event: 'not published' },
} as const;

export function moderationService(
  db: Db,
  { email, discussion, now = () => new Date() }: { email: Outbox; discussion: DiscussionService; now?: () => Date },
) {
  /** Tells the story's authors what happened, each as their notification settings allow. */
  async function tellAuthors(
    story: { org_id: string; id: string; title: string; author_id: string | null },
    subject: string,
    text: string,
    via: Db,
  ) {
    const coAuthors = await coAuthorsOf(via, story.org_id, story.id);
    const accountIds = [story.author_id, ...coAuthors.map((c) => c.user_id)].filter((id): id is string => !!id);
    const addresses = new Set((await recipientsWanting(via, accountIds, 'moderation_outcomes')).map((r) => r.email));
    // A co-author without an account has no settings to respect; they asked to be part of the story.
    for (const c of coAuthors) if (c.user_id === null && c.email) addresses.add(c.email);
    for (const to of addresses) await email.send({ to, subject, text }, via);
  }

  const reports = moderationReports(db, { discussion, now, maxReason, tellAuthors });

  return {
    reachOf,

    async queue(principal: Principal, page: number, pageSize = 25) {
      const { total, items } = await queuePage(db, reachOf(principal), pageSize, (page - 1) * pageSize);
      return { total, items, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
    },

    /** Everything the review page shows; undefined when the story is outside the caller's reach. */
    async review(principal: Principal, storyId: string) {
      const story = await findStoryInReach(db, reachOf(principal), storyId);
      if (!story) return undefined;
      const [people, audio, history, reports] = await Promise.all([
        peopleIn(db, story.org_id, story.id),
        hasAudio(db, story.org_id, story.id),
        historyOf(db, story.org_id, 'story', story.id),
        openReportsOnStory(db, story.org_id, story.id),
      ]);
      return {
        story: { ...story, html: renderMarkdown(story.body), transcriptHtml: renderMarkdown(story.transcript) },
        people,
        audio,
        history,
        reports,
        blockers: blockersOf(story, people, audio),
        actions: decisionActions.filter((a) => transitionFor('moderator', a, story.status) !== null),
      };
    },

    /**
     * A moderator's decision on a submitted story. The story row is locked, so two moderators deciding at
     * once cannot both succeed; a story the author changed meanwhile (withdrew) is an invalid transition.
     */
    async decide(
      principal: Principal,
      storyId: string,
      action: DecisionAction,
      input: { reason?: unknown; baseUrl?: string },
    ): Promise<DecisionOutcome> {
      if (principal.kind !== 'person') return { ok: false, code: 'not_found' };
      const reach = reachOf(principal);
      return db.transaction().execute(async (trx) => {
        // Reach first: a story outside it answers as an unknown id would, whatever else the request says.
        const found = await findStoryInReach(trx, reach, storyId);
        if (!found) return { ok: false, code: 'not_found' } as const;
        if (input.reason !== undefined && typeof input.reason !== 'string') {
          return { ok: false, code: 'reason_required', message: 'The reason must be text' } as const;
        }
        const reason = (input.reason ?? '').trim();
        const story = await trx
          .selectFrom('stories')
          .select(['status'])
          .where('org_id', '=', found.org_id)
          .where('id', '=', storyId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const transition = transitionFor('moderator', action, story.status);
        if (!transition) {
          return {
            ok: false,
            code: 'invalid_transition',
            status: story.status,
            message: `A story that is ${story.status.replace('_', ' ')} cannot be decided on: only submitted stories can.`,
          } as const;
        }
        if (transition.needsReason && reason === '') {
          return { ok: false, code: 'reason_required', message: 'Tell the author why' } as const;
        }
        if (reason.length > maxReason) {
          return {
            ok: false,
            code: 'reason_required',
            message: `Reasons are at most ${maxReason} characters`,
          } as const;
        }
        if (action === 'publish') {
          const [people, audio] = await Promise.all([
            peopleIn(trx, found.org_id, storyId),
            hasAudio(trx, found.org_id, storyId),
          ]);
          const blockers = blockersOf(found, people, audio);
          if (blockers.length > 0) {
            return {
              ok: false,
              code: 'not_ready',
              blockers,
              message: 'The story cannot be published yet.',
            } as const;
          }
        }
        const at = now();
        const publishedAt = action === 'publish' ? at : null;
        await trx
          .updateTable('stories')
          .set({ status: transition.to, updated_at: at, ...(publishedAt ? { published_at: publishedAt } : {}) })
          .where('org_id', '=', found.org_id)
          .where('id', '=', storyId)
          .execute();
        if (transition.event) {
          await recordEvent(trx, {
            orgId: found.org_id,
            type: 'story',
            id: storyId,
            action: transition.event,
            reason,
            actorId: principal.personId,
            at,
          });
        }
        const words = outcomeWords[action];
        const link = `${input.baseUrl ?? ''}/stories/${storyId}`;
        await tellAuthors(
          found,
          `Your story “${found.title}” ${words.subject}`,
          [
            `A moderator looked at your story “${found.title}”: ${words.event}.`,
            reason ? `Their reason:\n\n${reason}` : '',
            action === 'publish' ? `Readers can find it here: ${link}` : `You can open it here: ${link}`,
            `You can choose which emails Waymark sends you: ${input.baseUrl ?? ''}/account/notifications`,
          ]
            .filter(Boolean)
            .join('\n\n'),
          trx,
        );
        await auditService(trx).record({
          orgId: found.org_id,
          actorId: principal.personId,
          action: 'moderation',
          summary: `Story “${found.title}”: ${words.event}.`,
          at,
        });
        return { ok: true, status: transition.to, publishedAt } as const;
      });
    },

    ...reports,

    /** Whether the caller reviews this story (and so may hide comments on it). */
    async reviews(principal: Principal, storyId: string) {
      const reach = reachOf(principal);
      if (!reach.platform && reach.moderatorOf === null) return false;
      return (await findStoryInReach(db, reach, storyId)) !== undefined;
    },

    /** A visible comment on a story the caller reviews, for the hide page; undefined is a 404. */
    async commentToHide(principal: Principal, commentId: string) {
      const found = await discussion.find(principal, commentId);
      if (!found || !(await this.reviews(principal, found.content.id))) return undefined;
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
      if (text === '') return { ok: false as const, problem: 'Say why the comment is hidden' };
      if (text.length > maxReason)
        return { ok: false as const, problem: `Reasons are at most ${maxReason} characters` };
      const at = now();
      const target = { orgId: found.comment.org_id, type: 'comment' as const, id: commentId };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('comments')
          .set({ status: 'hidden' })
          .where('org_id', '=', target.orgId)
          .where('id', '=', commentId)
          .execute();
        await resolveReports(trx, target, 'removed', principal.personId, at);
        await recordEvent(trx, { ...target, action: 'hidden', reason: text, actorId: principal.personId, at });
        await auditService(trx).record({
          orgId: target.orgId,
          actorId: principal.personId,
          action: 'moderation',
          summary: `Hid a comment on the story “${found.content.title}”.`,
          at,
        });
      });
      return { ok: true as const, storyId: found.content.id };
    },
  };
}

export type ModerationService = ReturnType<typeof moderationService>;
