// The people named in a story (co-authors, people told with, subjects, others named) and their consent:
// read by the writing pages and by the story kind when a moderator decides on publication.
import type { Db } from '../db/database.ts';

/** The people named in a story, in the order they were added. */
export function peopleOf(db: Db, orgId: string, storyId: string) {
  return db
    .selectFrom('story_people')
    .select([
      'id',
      'relation',
      'user_id',
      'name',
      'email',
      'consent',
      'consent_requested_at',
      'consent_answered_at',
      'approved_text_hash',
    ])
    .where('org_id', '=', orgId)
    .where('story_id', '=', storyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
export type StoryPerson = Awaited<ReturnType<typeof peopleOf>>[number];
