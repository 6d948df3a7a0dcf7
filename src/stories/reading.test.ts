// How a story reads, against hand-written expectations: words counted as a reader would, minutes at 200 words
// a minute (at least one), and the partner credited only when they agreed.
import { describe, expect, it } from 'vitest';
import { creditedPartner, readingMinutes, wordCount } from './reading.ts';

describe('reading time', () => {
  it('counts words, not Markdown marks', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['One', 1],
      ['- a list\n- of **two** items', 5],
      ['> “Quoted,” she said — twice.', 4],
      ['A [link](https://example.org) here', 3],
      ['Forty-one flats, 23 languages', 4],
    ];
    for (const [text, words] of cases) expect(wordCount(text), text).toBe(words);
  });

  it('is 200 words a minute, rounded up, and at least a minute', () => {
    const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
    const cases: [number, number][] = [
      [0, 1],
      [1, 1],
      [200, 1],
      [201, 2],
      [800, 4],
      [801, 5],
      [2000, 10],
    ];
    for (const [n, minutes] of cases) expect(readingMinutes(words(n)), `${n} words`).toBe(minutes);
  });
});

describe('the “told with” credit', () => {
  const partner = (consent: string, relation = 'told_with') => ({ relation, consent, name: 'Sam Achebe' });
  it('names the partner only when they gave their consent', () => {
    const cases: [string, string | undefined][] = [
      ['given', 'Sam Achebe'],
      ['not_needed', undefined],
      ['not_asked', undefined],
      ['pending', undefined],
      ['refused', undefined],
      ['anonymised', undefined],
    ];
    for (const [consent, name] of cases) expect(creditedPartner([partner(consent)]), consent).toBe(name);
  });
  it('never credits someone named in another way', () => {
    expect(creditedPartner([partner('given', 'named'), partner('given', 'subject')])).toBeUndefined();
  });
});
