// The readable difference between two revisions of an article: words kept, removed and inserted, in order.
// Pure, so it is tested alone. Pages mark each change with <del> and <ins> and say it in words too (not by
// colour alone), so a screen reader and a printout tell the same story.
import { diffWordsWithSpace } from 'diff';

export interface DiffPart {
  kind: 'same' | 'removed' | 'inserted';
  text: string;
}

/** The parts that turn `before` into `after`, word by word (spaces and line breaks kept). */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? 'inserted' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/** How many words were removed and inserted, for the summary above the difference. */
export function diffCounts(parts: readonly DiffPart[]): { removed: number; inserted: number } {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  return {
    removed: parts.filter((p) => p.kind === 'removed').reduce((n, p) => n + words(p.text), 0),
    inserted: parts.filter((p) => p.kind === 'inserted').reduce((n, p) => n + words(p.text), 0),
  };
}
