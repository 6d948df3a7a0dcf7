// A story as it travels in an import or export file, what a parsed upload looks like, and the limits on both.
import type { Visibility } from '../../access/visibility.ts';
import type { Sector } from '../../organisations/types.ts';
import type { ConsentState, StoryForm } from '../types.ts';

/** People other than the author; co-authors need an account, so they are added in the editor instead. */
export const transferRelations = ['told_with', 'subject', 'named'] as const;
export type TransferRelation = (typeof transferRelations)[number];

export interface TransferPerson {
  name: string;
  relation: TransferRelation;
  consent: ConsentState;
  email?: string;
}

/** One story as it travels in a file. Organisation, author and status are never read from a file. */
export interface TransferStory {
  title: string;
  form: StoryForm;
  primary: string;
  characteristics: string[];
  roles: string[];
  place: string;
  region: string;
  sector?: Sector;
  visibility: Visibility;
  /** The slug of a shared space, when visibility is `space`. */
  space?: string;
  people: TransferPerson[];
  transcript: string;
  /** When it was first published (export only; kept on import when the collection is already cleared). */
  publishedAt?: string;
  /** Markdown. */
  body: string;
}

export interface ParsedItem {
  /** Where the story came from: `stories.json #3`, or a file name in the zip. */
  source: string;
  title: string;
  story: TransferStory | null;
  problems: string[];
}

export interface ParsedCollection {
  format: 'json' | 'zip';
  fileProblems: string[];
  items: ParsedItem[];
}

export const transferLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxStories: 500,
  /** Uncompressed, per Markdown file and in total: a guard against zip bombs. */
  maxFileBytes: 1024 * 1024,
  maxUnzippedBytes: 50 * 1024 * 1024,
  maxTitle: 200,
  maxBody: 100_000,
  maxTranscript: 100_000,
  maxPlace: 200,
  maxPeople: 50,
  maxName: 200,
} as const;
