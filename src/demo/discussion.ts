// Demo discussion for a first start: comments, replies and "this resonates" on the demo stories, written
// with the discussion folder's own functions, each only where its author may read the story.
import { principalFor } from '../access/principal.ts';
import type { Principal } from '../access/visibility.ts';
import { type ContentRecord, readableRecord } from '../content/records.ts';
import type { Db } from '../db/database.ts';
import { insertComment, toggleResonates } from '../discussion/repository.ts';
import { commentBody } from '../discussion/service.ts';
import { storyKind } from '../stories/kind.ts';
import { firstLibraryDiscussions } from './comments-first-library.ts';
import { furtherAfieldDiscussions } from './comments-further-afield.ts';
import type { DemoDiscussion } from './types.ts';

export const demoDiscussions: DemoDiscussion[] = [...firstLibraryDiscussions, ...furtherAfieldDiscussions];

const day = 24 * 60 * 60 * 1000;

/**
 * Writes the demo discussion. Throws (so the whole demo is rolled back) when a person could not read the
 * story they answer, a comment is dated before what it answers, or someone says a story resonates twice.
 */
export async function seedDiscussionDemo(db: Db, personId: (email: string) => string | undefined, now: Date) {
  const slugs = demoDiscussions.map((d) => d.story);
  const stories = await db
    .selectFrom('stories')
    .select(['id', 'slug', 'published_at'])
    .where('slug', 'in', slugs)
    .where('status', '=', 'published')
    .execute();
  const storyBySlug = new Map(stories.map((s) => [s.slug, s]));

  const principals = new Map<string, Principal>();
  const records = new Map<string, ContentRecord>();
  /** The person, and the story as they may read it (the content policy's `read`, through the story kind). */
  async function reader(email: string, slug: string, storyId: string): Promise<[string, ContentRecord]> {
    const id = personId(email);
    if (!id) throw new Error(`Demo discussion names an unknown person: ${email}`);
    let record = records.get(`${id} ${storyId}`);
    if (!record) {
      let principal = principals.get(id);
      if (!principal) {
        principal = await principalFor(db, id);
        principals.set(id, principal);
      }
      record = await readableRecord(db, storyKind, principal, storyId);
      if (!record) throw new Error(`Demo discussion has ${email} answering ${slug}, which they may not read`);
      records.set(`${id} ${storyId}`, record);
    }
    return [id, record];
  }
  const dated = (daysAgo: number, after: Date, what: string) => {
    const at = new Date(now.getTime() - daysAgo * day);
    if (at <= after) throw new Error(`Demo ${what} is dated before what it answers`);
    return at;
  };

  for (const discussion of demoDiscussions) {
    const story = storyBySlug.get(discussion.story);
    if (!story?.published_at) throw new Error(`Demo discussion names no published story: ${discussion.story}`);
    for (const comment of discussion.comments) {
      const [authorId, content] = await reader(comment.author, story.slug, story.id);
      const at = dated(comment.daysAgo, story.published_at, `comment on ${story.slug}`);
      const parentId = await insertComment(db, {
        content,
        parentId: null,
        authorId,
        body: commentBody.parse(comment.body),
        at,
      });
      let previous = at;
      for (const reply of comment.replies ?? []) {
        const [replierId, replyContent] = await reader(reply.author, story.slug, story.id);
        previous = dated(reply.daysAgo, previous, `reply on ${story.slug}`);
        await insertComment(db, {
          content: replyContent,
          parentId,
          authorId: replierId,
          body: commentBody.parse(reply.body),
          at: previous,
        });
      }
    }
    for (const email of discussion.resonates) {
      const [id, content] = await reader(email, story.slug, story.id);
      // Toggling twice would take the first one back: a person listed twice is a mistake in the data.
      if (!(await toggleResonates(db, content, id))) throw new Error(`${email} says ${story.slug} resonates twice`);
    }
  }
}
