// Discussion of published content: comments with one level of replies, "this resonates" reactions, and
// the emails they trigger, sent only to people whose notification settings allow it.

import { z } from 'zod';
import { principalFor } from '../access/principal.ts';
import type { Principal } from '../access/visibility.ts';
import type { ScopedKind } from '../content/kind.ts';
import { type ContentRecord, ownersOf, readableRecord } from '../content/records.ts';
import type { KindRegistry } from '../content/registry.ts';
import type { Db } from '../db/database.ts';
import { isRecordId } from '../db/ids.ts';
import type { Outbox } from '../email/outbox.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { actor, notificationText } from '../notifications/summary.ts';
import { markdownToText, renderMarkdown } from '../text/markdown.ts';
import {
  type CommentRow,
  commentsForOwner,
  discussionOf,
  eraseDiscussionBy,
  findComment,
  insertComment,
  markCommentDeleted,
  setCommentStatus,
  toggleResonates,
  updateCommentBody,
} from './repository.ts';

/** Content named by a request: its kind's type and its id. */
export interface ContentRef {
  type: string;
  id: string;
}

/** How long after posting a comment its author may still change the words. */
export const editWindowMs = 15 * 60 * 1000;

export const commentBody = z
  .string()
  .trim()
  .min(1, 'Enter your comment')
  .max(5000, 'Your comment must be 5,000 characters or fewer');

export type CommentProblem = { body: string };

const personOf = (principal: Principal) => (principal.kind === 'person' ? principal.personId : null);

export interface ShownComment {
  id: string;
  authorName: string;
  html: string;
  createdAt: Date;
  edited: boolean;
  /** Deleted or hidden, kept only as a placeholder because replies hang from it. */
  removed: boolean;
  mine: boolean;
  editable: boolean;
  replies: ShownComment[];
}

export interface DiscussionDeps {
  email: Outbox;
  kinds: KindRegistry;
  notifications: NotificationsService;
  /** The site's address, for links in emails. */
  baseUrl?: string;
  now?: () => Date;
}

export function discussionService(
  db: Db,
  { email, kinds, notifications, baseUrl = '', now = () => new Date() }: DiscussionDeps,
) {
  /** A discussed kind by type, or undefined (a 404) for any other. */
  const discussedKind = (type: string): ScopedKind | undefined => {
    const kind = kinds.scoped(type);
    return kind?.discussed ? kind : undefined;
  };

  /** Published content of a discussed kind that the caller may read; undefined is a 404. */
  const readable = (via: Db, principal: Principal, ref: ContentRef) => {
    const kind = discussedKind(ref.type);
    return kind ? readableRecord(via, kind, principal, ref.id) : Promise.resolve(undefined);
  };

  const editableAt = (c: { created_at: Date; author_id: string | null; status: string }, personId: string | null) =>
    personId !== null &&
    c.author_id === personId &&
    c.status === 'visible' &&
    now().getTime() - new Date(c.created_at).getTime() <= editWindowMs;

  const show = (c: CommentRow, personId: string | null, replies: ShownComment[]): ShownComment => {
    const removed = c.status !== 'visible';
    return {
      id: c.id,
      authorName: removed ? '' : c.author_name,
      html: removed ? '' : renderMarkdown(c.body),
      createdAt: c.created_at,
      edited: c.edited_at !== null,
      removed,
      mine: !removed && personId !== null && c.author_id === personId,
      editable: editableAt(c, personId),
      replies,
    };
  };

  /** A comment the caller may see, on content the caller may see; undefined is a 404. */
  async function visibleComment(principal: Principal, id: string) {
    const comment = await findComment(db, id);
    if (comment?.status !== 'visible') return undefined;
    const content = await readable(db, principal, { type: comment.target_type, id: comment.target_id });
    if (!content || content.orgId !== comment.org_id) return undefined;
    return { comment, content };
  }

  /**
   * Queues the emails a new comment sends, as each person chose, and puts it in their notifications whatever
   * they chose, inside the comment's own transaction (`trx`).
   */
  async function notify(
    trx: Db,
    content: ContentRecord,
    commentId: string,
    authorId: string,
    body: string,
    parent?: { author_id: string | null },
  ) {
    const link = `${baseUrl}${content.url}#comment-${commentId}`;
    const excerpt = markdownToText(body).slice(0, 300);
    const commenter = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', authorId)
      .executeTakeFirst();
    const who = commenter?.display_name ?? 'Someone';
    const sent = new Set<string>([authorId]);
    // Only people who may still read the content hear about it (not someone who has left its space or
    // organisation since they commented or wrote it).
    const mayRead = async (personId: string) =>
      (await readable(trx, await principalFor(trx, personId), content)) !== undefined;
    const told = { orgId: content.orgId, target: content, actorId: authorId };
    if (parent?.author_id && !sent.has(parent.author_id) && (await mayRead(parent.author_id))) {
      await notifications.record(trx, {
        ...told,
        personIds: [parent.author_id],
        event: 'reply_to_my_comment',
        summary: notificationText`${actor} replied to your comment.`,
      });
      for (const r of await notifications.wanting([parent.author_id], 'reply_to_my_comment', trx)) {
        sent.add(r.id);
        await email.send(
          {
            to: r.email,
            subject: `${who} replied to your comment on “${content.title}”`,
            text: `${who} replied to your comment on “${content.title}”. They wrote:\n\n${excerpt}\n\nTo read the discussion or answer, go to: ${link}\n\nYou can choose which emails Waymark sends you: ${baseUrl}/account/notifications`,
          },
          trx,
        );
      }
      sent.add(parent.author_id);
    }
    const authors: string[] = [];
    const kind = discussedKind(content.type);
    for (const id of kind ? await ownersOf(trx, kind, content) : []) {
      if (!sent.has(id) && (await mayRead(id))) authors.push(id);
    }
    await notifications.record(trx, {
      ...told,
      personIds: authors,
      event: 'comment_on_mine',
      summary: notificationText`${actor} commented on your ${content.noun}.`,
    });
    for (const r of await notifications.wanting(authors, 'comment_on_mine', trx)) {
      await email.send(
        {
          to: r.email,
          subject: `${who} commented on your ${content.noun} “${content.title}”`,
          text: `${who} commented on your ${content.noun} “${content.title}”. They wrote:\n\n${excerpt}\n\nTo read the discussion or reply, go to: ${link}\n\nYou can choose which emails Waymark sends you: ${baseUrl}/account/notifications`,
        },
        trx,
      );
    }
  }

  return {
    /** Published content of a discussed kind that the caller may read (one lookup); undefined is a 404. */
    content: (principal: Principal, ref: ContentRef) => readable(db, principal, ref),

    /** Comments and reactions on published content the caller may see; undefined when they may not. */
    async forContent(principal: Principal, ref: ContentRef) {
      const content = await readable(db, principal, ref);
      return content && this.on(principal, content);
    },

    /**
     * Comments and reactions on content the caller has already been shown (its page read it once, through
     * its kind's readable rule); undefined for a kind nobody discusses.
     */
    async on(principal: Principal, content: ContentRecord) {
      if (!discussedKind(content.type)) return undefined;
      const personId = personOf(principal);
      const { comments: rows, resonates } = await discussionOf(db, content, personId);
      const repliesTo = new Map<string, CommentRow[]>();
      for (const row of rows) {
        if (row.parent_id === null) continue;
        repliesTo.set(row.parent_id, [...(repliesTo.get(row.parent_id) ?? []), row]);
      }
      const comments: ShownComment[] = [];
      for (const row of rows) {
        if (row.parent_id !== null) continue;
        const replies = (repliesTo.get(row.id) ?? [])
          .filter((r) => r.status === 'visible')
          .map((r) => show(r, personId, []));
        // A removed comment with no replies left to explain disappears entirely.
        if (row.status !== 'visible' && replies.length === 0) continue;
        comments.push(show(row, personId, replies));
      }
      const count = rows.filter((r) => r.status === 'visible').length;
      return { content, comments, count, resonates, signedIn: personId !== null };
    },

    /** Adds a comment (or a reply, when parentId names a comment on the same content). */
    async comment(
      principal: Principal,
      ref: ContentRef,
      input: { body: string; parentId?: string | undefined },
    ): Promise<undefined | { ok: true; id: string; content: ContentRecord } | { ok: false; problems: CommentProblem }> {
      const personId = personOf(principal);
      const content = await readable(db, principal, ref);
      if (!content || personId === null) return undefined;
      let parent: Awaited<ReturnType<typeof findComment>>;
      if (input.parentId !== undefined) {
        if (!isRecordId(input.parentId)) return undefined;
        parent = await findComment(db, input.parentId);
        if (
          parent?.status !== 'visible' ||
          parent.target_type !== content.type ||
          parent.target_id !== content.id ||
          parent.org_id !== content.orgId
        )
          return undefined;
        // One level of replies: answering a reply joins the same thread.
        if (parent.parent_id !== null) parent = await findComment(db, parent.parent_id);
        if (!parent) return undefined;
      }
      const body = commentBody.safeParse(input.body);
      if (!body.success)
        return { ok: false, problems: { body: body.error.issues[0]?.message ?? 'Enter your comment' } };
      // The comment and the emails it sends commit together: a crash never keeps one without the other.
      const id = await db.transaction().execute(async (trx) => {
        const inserted = await insertComment(trx, {
          content,
          parentId: parent?.id ?? null,
          authorId: personId,
          body: body.data,
          at: now(),
        });
        await notify(trx, content, inserted, personId, body.data, parent);
        return inserted;
      });
      return { ok: true, id, content };
    },

    /** A comment the caller may see, for the reply, edit, delete and report pages. */
    async find(principal: Principal, commentId: string) {
      const found = await visibleComment(principal, commentId);
      if (!found) return undefined;
      const personId = personOf(principal);
      return {
        ...found,
        html: renderMarkdown(found.comment.body),
        mine: personId !== null && found.comment.author_id === personId,
        editable: editableAt(found.comment, personId),
        isReply: found.comment.parent_id !== null,
      };
    },

    /** The author changes their words within the edit window. */
    async edit(
      principal: Principal,
      commentId: string,
      text: string,
    ): Promise<
      | undefined
      | { ok: true; content: ContentRecord }
      | { ok: false; problems: CommentProblem }
      | { ok: false; expired: true }
    > {
      const found = await visibleComment(principal, commentId);
      const personId = personOf(principal);
      if (!found || personId === null || found.comment.author_id !== personId) return undefined;
      if (!editableAt(found.comment, personId)) return { ok: false, expired: true };
      const body = commentBody.safeParse(text);
      if (!body.success)
        return { ok: false, problems: { body: body.error.issues[0]?.message ?? 'Enter your comment' } };
      await updateCommentBody(db, found.comment.org_id, commentId, body.data, now());
      return { ok: true, content: found.content };
    },

    /** The author deletes their own comment, whenever they like. */
    async remove(principal: Principal, commentId: string) {
      const found = await visibleComment(principal, commentId);
      const personId = personOf(principal);
      if (!found || personId === null || found.comment.author_id !== personId) return undefined;
      await markCommentDeleted(db, found.comment.org_id, commentId);
      return { content: found.content };
    },

    /** Moderation hides (or restores) a comment; the moderation service decides who may. */
    setHidden: (orgId: string, commentId: string, hidden: boolean) =>
      setCommentStatus(db, orgId, commentId, hidden ? 'hidden' : 'visible'),

    async toggleResonates(principal: Principal, ref: ContentRef) {
      const personId = personOf(principal);
      const content = await readable(db, principal, ref);
      if (!content || personId === null) return undefined;
      return { on: await toggleResonates(db, content, personId), content };
    },

    /**
     * For the person's home: the newest comments on what they wrote and replies to their comments, by
     * others, on content they may still read, each with a short excerpt and a link to it in its discussion.
     */
    async aboutWritingOf(principal: Principal, limit = 5) {
      if (principal.kind !== 'person') return [];
      const rows = await commentsForOwner(db, principal, kinds.discussed(), limit);
      return rows.flatMap((r) => {
        const kind = discussedKind(r.target_type);
        if (!kind) return [];
        const text = markdownToText(r.body).replace(/\s+/g, ' ').trim();
        return [
          {
            id: r.id,
            authorName: r.author_name,
            excerpt: text.length > 160 ? `${text.slice(0, 159).trimEnd()}…` : text,
            createdAt: r.created_at,
            reply: r.reply,
            noun: kind.noun,
            title: r.title,
            url: `${kind.url(r.target_id)}#comment-${r.id}`,
          },
        ];
      });
    },

    /** A discussed kind by its type, for routes that name content in their path. */
    kind: discussedKind,

    /** Erasing an account: the person's part in discussions of every kind (see repository.ts). */
    eraseBy: (trx: Db, personId: string, choice: 'remove' | 'anonymise') =>
      eraseDiscussionBy(trx, personId, choice, kinds.discussed()),
  };
}

export type DiscussionService = ReturnType<typeof discussionService>;
