// Which searches leave a word out: those are sent through the text index rather than the newest-first walk.
import { describe, expect, it } from 'vitest';
import { leavesWordsOut } from './search.ts';

describe('leavesWordsOut', () => {
  it('sees a minus sign before a word, first or after a space', () => {
    expect(leavesWordsOut('housing -housing')).toBe(true);
    expect(leavesWordsOut('-budget')).toBe(true);
    expect(leavesWordsOut('council  -housing OR budget')).toBe(true);
  });

  it('ignores hyphens inside words, a lone minus and no query', () => {
    expect(leavesWordsOut('well-being')).toBe(false);
    expect(leavesWordsOut('budget - housing')).toBe(false);
    expect(leavesWordsOut('council --')).toBe(false);
    expect(leavesWordsOut(undefined)).toBe(false);
  });
});
