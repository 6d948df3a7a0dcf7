// Which searches leave a word out (those go through the text index), and which way a sample with words is
// read for given planner estimates: the cheapest of walking newest first, the filters' indexes and the text
// index, against figures worked out by hand for a library of a million stories.
import { describe, expect, it } from 'vitest';
import { leavesWordsOut } from './search.ts';
import { samplePath } from './search-sample.ts';

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

describe('samplePath', () => {
  // 800,000 readable stories and a cap of 500. Costs (µs): 1.8 a row read and tested; 0.3 a step of the walk
  // and 3 a word test from it.
  const table: [string, { words: number; filters: number; both: number }, string][] = [
    // 500 matches within the newest 667 stories: 1,200 µs reading them, 2,200 walking, 1,080,000 through
    // the text index.
    ['a common word, no filters', { words: 600_000, filters: 800_000, both: 600_000 }, 'scan'],
    // Filters keeping most stories: reading 762 rows (1,371 µs) beats walking them and testing 667 (2,229).
    ['a common word and a filter keeping most', { words: 600_000, filters: 700_000, both: 525_000 }, 'scan'],
    // Reading newest first would take 62,500 rows (112,500 µs); the 8,000 holding the word take 14,400.
    ['a rare word, no filters', { words: 8_000, filters: 800_000, both: 6_400 }, 'words'],
    // One story in 27 matches: a walk of 13,333 steps (4,000 µs) testing the words of 667 (2,000), against
    // reading 13,333 rows (24,000), the 40,000 passing the filters (72,000), or 600,000 holding the word.
    ['a common word and common filters', { words: 600_000, filters: 40_000, both: 30_000 }, 'walk'],
    // 300 stories pass the filters: 540 µs through their indexes, against a walk of the whole library.
    ['a common word and rare filters', { words: 600_000, filters: 300, both: 225 }, 'filters'],
    // Nothing passes both: newest first would read everything; the fewer rows win.
    ['no match, filters rarer than the word', { words: 8_000, filters: 2_000, both: 1 }, 'filters'],
    ['no match, the word rarer than the filters', { words: 1_000, filters: 40_000, both: 1 }, 'words'],
  ];
  it.each(table)('%s', (_, estimate, path) => {
    expect(samplePath({ walked: 800_000, ...estimate }, 500)).toBe(path);
  });
});
