// The sentence that says which followed things brought an article into a digest, against sentences written by hand.
import { describe, expect, it } from 'vitest';
import { framework } from '../framework/data.ts';
import { becauseLine } from './digests.ts';

describe('why an article is in a digest', () => {
  const cases: [Parameters<typeof becauseLine>[0], string[]][] = [
    [{ series: null, tags: [], authors: [] }, []],
    [
      { series: 'Moving between sectors', tags: [], authors: [] },
      ['Because you follow the series “Moving between sectors”.'],
    ],
    [{ series: null, tags: ['sector:nhs'], authors: [] }, ['Because you follow the tag “NHS”.']],
    [
      { series: 'Theme 5', tags: ['sector:nhs'], authors: ['Amira Okafor'] },
      ['Because you follow the series “Theme 5”, the tag “NHS” and articles by Amira Okafor.'],
    ],
    [
      { series: null, tags: ['sector:no-longer-a-sector'], authors: ['Amira Okafor', 'Tom Haddley'] },
      ['Because you follow the tag “sector:no-longer-a-sector”, articles by Amira Okafor and articles by Tom Haddley.'],
    ],
  ];
  it.each(cases)('%j', (via, expected) => {
    expect(becauseLine(via, framework)).toEqual(expected);
  });
});
