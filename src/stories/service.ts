// Stories of practice: reading what the caller may see. (Writing, consent and moderation come later.)
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { markdownToText, renderMarkdown } from '../text/markdown.ts';
import { findVisibleStory, listVisibleStories } from './repository.ts';

export interface StoryListQuery {
  characteristic?: string | undefined;
  page: number;
  pageSize: number;
}

export function excerptOf(body: string, length = 220): string {
  // Only the opening is needed, and rendering a whole story for a list entry is wasted work.
  const text = markdownToText(body.slice(0, length * 3));
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length - 30))}…`;
}

export function storiesService(db: Db) {
  return {
    async list(principal: Principal, query: StoryListQuery) {
      const { total, items } = await listVisibleStories(db, principal, {
        ...(query.characteristic ? { characteristic: query.characteristic } : {}),
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      return {
        total,
        page: query.page,
        pageSize: query.pageSize,
        pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
        items: items.map(({ body, ...row }) => ({ ...row, excerpt: excerptOf(body) })),
      };
    },

    async find(principal: Principal, id: string) {
      const story = await findVisibleStory(db, principal, id);
      return story ? { ...story, html: renderMarkdown(story.body) } : undefined;
    },
  };
}

export type StoriesService = ReturnType<typeof storiesService>;
