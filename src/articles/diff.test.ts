import { describe, expect, it } from 'vitest';
import { diffCounts, wordDiff } from './diff.ts';

describe('the difference between two revisions', () => {
  it('marks the words removed and inserted, in order, keeping the rest', () => {
    const parts = wordDiff('Careers cross sectors slowly.', 'Careers cross sectors quickly now.');
    const rendered = parts.map((p) =>
      p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`,
    );
    expect(rendered.join('')).toBe('Careers cross sectors [-slowly-]{+quickly now+}.');
    expect(diffCounts(parts)).toEqual({ removed: 1, inserted: 2 });
  });

  it('rebuilds each side from its own parts', () => {
    const before = 'A first line.\n\nA second paragraph about secondments.';
    const after = 'A first line.\n\nA second paragraph about secondments and shadowing.\nAnd a third.';
    const parts = wordDiff(before, after);
    expect(
      parts
        .filter((p) => p.kind !== 'inserted')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
  });

  it('finds nothing to mark between equal texts', () => {
    expect(wordDiff('Same words', 'Same words')).toEqual([{ kind: 'same', text: 'Same words' }]);
    expect(diffCounts(wordDiff('Same words', 'Same words'))).toEqual({ removed: 0, inserted: 0 });
  });
});
