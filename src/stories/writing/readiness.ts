// What still stands between a story and the moderators, and the names the author sees for statuses and
// relations: plain functions over plain data, no I/O.
import { createHash } from 'node:crypto';
import type { AuthoredStory, StoryPerson } from './repository.ts';

/** What the subject of a profile approves: the title and body exactly as they read them. */
export const textHash = (title: string, body: string) =>
  createHash('sha256').update(title).update('\u0000').update(body).digest('hex');

export interface MissingItem {
  /** The field or section the author fixes it in. */
  field: string;
  text: string;
}

export const relationNames: Record<string, string> = {
  author: 'Co-author',
  told_with: 'Told with',
  subject: 'Subject of the profile',
  named: 'Named in the story',
};

export const statusNames: Record<string, string> = {
  draft: 'Draft',
  submitted: 'Waiting for moderation',
  changes_requested: 'Changes requested',
  published: 'Published',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

/** Whether a person's consent lets the story go forward. */
export function consentSettled(person: StoryPerson, story: { title: string; body: string }): boolean {
  if (person.relation === 'author' || person.consent === 'not_needed' || person.consent === 'anonymised') return true;
  if (person.consent !== 'given') return false;
  return person.relation !== 'subject' || person.approved_text_hash === textHash(story.title, story.body);
}

/** Everything that still stands between a story and the moderators, in words the author can act on. */
export function missingForSubmission(
  story: Pick<AuthoredStory, 'title' | 'body' | 'form' | 'visibility' | 'transcript'>,
  people: readonly StoryPerson[],
  audio: boolean,
): MissingItem[] {
  const missing: MissingItem[] = [];
  if (story.body.trim().length === 0) missing.push({ field: 'body', text: 'Write your story' });
  if (story.visibility === 'private') {
    missing.push({ field: 'visibility', text: 'Select who may read your story: “only me” is for drafting' });
  }
  if (audio && story.transcript.trim().length === 0) {
    missing.push({ field: 'transcript', text: 'Add a transcript of the recording, so everyone can read it' });
  }
  if (story.form === 'profile' && !people.some((p) => p.relation === 'subject')) {
    missing.push({ field: 'subjectName', text: 'Name the person your profile is about' });
  }
  for (const p of people) {
    if (consentSettled(p, story)) continue;
    const who = `${p.name} (${relationNames[p.relation]?.toLowerCase()})`;
    let text: string;
    if (p.consent === 'refused') text = `${who} refused: anonymise them or take them out of the story`;
    else if (p.consent === 'pending') text = `${who} has not answered yet`;
    else if (p.consent === 'given') text = `${who} has not approved the text as it is now: ask them again`;
    else text = `Ask ${who} for consent, or anonymise them`;
    missing.push({ field: `person-${p.id}`, text });
  }
  return missing;
}

/** Why a story left behind in an organisation its author has left goes no further than its author. */
export const leftBehindNote =
  'You no longer belong to the organisation this story was written in, so it stays private to you: you can still read it, change it, download it with your data or delete it.';
