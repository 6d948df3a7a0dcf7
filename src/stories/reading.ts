// How a story reads: the story page and the writer's preview show the same view, built here from plain data
// (no I/O): its reading time, who it was told with, and its details with the main characteristic marked.
import { formNames, scopeNames } from './presenter.ts';

/** Readers take about 200 words a minute; a story of any length is at least a minute's read. */
export const wordsPerMinute = 200;

/** The words in a story's text: runs of characters holding a letter or a digit (Markdown marks are not words). */
export function wordCount(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(token)) count++;
  return count;
}

export function readingMinutes(text: string): number {
  return Math.max(1, Math.ceil(wordCount(text) / wordsPerMinute));
}

export const readingTimeText = (minutes: number) => `${minutes} minute read`;

/**
 * The partner a story was told with, named only when they agreed: they gave their consent when asked. A
 * partner recorded by the pair exercise (consent "not needed"), one anonymised, refused, not asked or who
 * erased their account is never named: the story says nothing about them.
 */
export function creditedPartner(people: readonly { relation: string; consent: string; name: string }[]) {
  return people.find((p) => p.relation === 'told_with' && p.consent === 'given')?.name;
}

interface Named {
  key: string;
  name: string;
}

export interface ReadableStory {
  title: string;
  form: string;
  /** The body, rendered and sanitised. */
  html: string;
  /** The body as written, for its reading time. */
  body: string;
  primaryCharacteristic: string;
  characteristics: readonly string[];
  roles: readonly string[];
  place: string;
  visibility: string;
  authorName: string;
  orgName: string;
  /** The credited partner's name (`creditedPartner`), if any. */
  toldWith?: string | undefined;
  /** When it was published; null before then, when `notYet` says where it stands. */
  publishedAt: Date | null;
  notYet: string;
}

/** What `stories/views/_story-reading.njk` shows, for the story page and the writer's preview alike. */
export function readingView(story: ReadableStory, names: { characteristics: Named[]; roles: Named[] }) {
  const nameOf = (list: Named[], key: string) => list.find((x) => x.key === key)?.name ?? key;
  const others = names.characteristics.filter(
    (c) => c.key !== story.primaryCharacteristic && story.characteristics.includes(c.key),
  );
  const primary = story.primaryCharacteristic
    ? [
        {
          key: story.primaryCharacteristic,
          name: nameOf(names.characteristics, story.primaryCharacteristic),
          primary: true,
        },
      ]
    : [];
  return {
    title: story.title,
    formName: formNames[story.form as keyof typeof formNames] ?? story.form,
    html: story.html,
    readingTime: readingTimeText(readingMinutes(story.body)),
    toldWith: story.toldWith,
    details: {
      toldBy: story.authorName,
      organisation: story.orgName,
      place: story.place.trim() === '' ? 'Not given' : story.place,
      characteristics: [...primary, ...others.map((c) => ({ key: c.key, name: c.name, primary: false }))],
      roles: names.roles.filter((r) => story.roles.includes(r.key)),
      sharedWith: scopeNames[story.visibility as keyof typeof scopeNames] ?? story.visibility,
      publishedAt: story.publishedAt,
      notYet: story.notYet,
    },
  };
}

export type ReadingView = ReturnType<typeof readingView>;
