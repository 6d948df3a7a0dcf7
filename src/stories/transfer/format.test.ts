import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  parseCollection,
  parseJson,
  parseMarkdownStory,
  parseZip,
  type TransferStory,
  toJson,
  toMarkdown,
  toZip,
} from './format.ts';

const story: TransferStory = {
  title: 'The library that stayed open: a “story”',
  form: 'profile',
  primary: 'locality',
  characteristics: ['locality', 'austerity'],
  roles: ['resource-weaver'],
  place: 'Ashby Moor',
  region: 'North East',
  sector: 'local-government',
  visibility: 'public',
  people: [{ name: 'Jude', relation: 'subject', consent: 'given' }],
  transcript: '',
  publishedAt: '2026-02-03T10:00:00.000Z',
  body: 'She started with the people.\n\n---\n\n> "It was a building for Ashby Moor."',
};

describe('story collections', () => {
  it('round-trips a story through JSON and through a zip of Markdown files', () => {
    const fromJson = parseJson('stories.json', toJson([story]));
    expect(fromJson.fileProblems).toEqual([]);
    expect(fromJson.items[0]?.story).toEqual(story);
    const fromZip = parseCollection('stories.zip', toZip([story, { ...story, title: 'Second' }]));
    expect(fromZip.format).toBe('zip');
    expect(fromZip.items.map((i) => i.story)).toEqual([story, { ...story, title: 'Second' }]);
    expect(fromZip.items[0]?.source).toBe('001-the-library-that-stayed-open-a-story.md');
  });

  it('names every problem in a story, and keeps none of it', () => {
    const parsed = parseJson(
      'bad.json',
      JSON.stringify([
        { form: 'sonnet', primary: 'kindness', characteristics: ['locality', 'courage'], roles: ['wizard'], body: 'x' },
        {
          title: 'Fine',
          form: 'quote',
          primary: 'equals',
          body: 'ok',
          people: [{ relation: 'friend', consent: 'maybe' }],
        },
      ]),
    );
    const [first, second] = parsed.items;
    expect(first?.story).toBeNull();
    expect(first?.problems).toEqual([
      'The title is missing.',
      'Unknown form “sonnet”: use one of profile, personal-narrative, quote, flash-fiction.',
      'Unknown primary characteristic “kindness”.',
      'Unknown characteristic key “courage”.',
      'Unknown role key “wizard”.',
    ]);
    expect(second?.problems).toEqual([
      'Person 1 has no name.',
      'Person 1 has an unknown relation “friend”: use told_with, subject, named.',
      expect.stringContaining('Person 1 has an unknown consent state “maybe”'),
    ]);
  });

  it('adds the primary characteristic to the list and takes organisation as the default visibility', () => {
    const item = parseJson('a.json', JSON.stringify([{ title: 'T', form: 'quote', primary: 'ethos', body: 'b' }]))
      .items[0];
    expect(item?.story?.characteristics).toEqual(['ethos']);
    expect(item?.story?.visibility).toBe('organisation');
  });

  it('reports files that are not collections', () => {
    expect(parseCollection('x.json', strToU8('not json')).fileProblems[0]).toMatch(/neither a zip nor valid JSON/);
    expect(parseJson('x.json', '{"a":1}').fileProblems[0]).toMatch(/must be a list of stories/);
    expect(parseJson('x.json', '[]').fileProblems).toEqual(['The file holds no stories.']);
    expect(parseCollection('x.zip', strToU8('PK\u0003\u0004 broken')).fileProblems[0]).toMatch(/could not be opened/);
    expect(parseZip(zipSync({ 'notes.txt': strToU8('hello') })).fileProblems).toEqual([
      'The zip holds no Markdown (.md) files.',
    ]);
  });

  it('reports Markdown files without front matter or with broken YAML', () => {
    expect(parseMarkdownStory('a.md', 'Just text').problems[0]).toMatch(/does not open with front matter/);
    expect(parseMarkdownStory('b.md', '---\ntitle: [unclosed\n---\nBody').problems[0]).toMatch(/not valid YAML/);
    expect(parseMarkdownStory('c.md', '---\ntitle: T\nform: quote\nprimary: equals\n---\n').problems).toEqual([
      'The story has no text after its front matter.',
    ]);
  });

  it('reads YAML dates as text and never runs custom tags', () => {
    const item = parseMarkdownStory('d.md', '---\ntitle: !!js/function "x"\nform: quote\nprimary: equals\n---\nBody');
    expect(item.story?.title ?? item.problems.join()).not.toContain('function');
    const dated = parseMarkdownStory(
      'e.md',
      '---\ntitle: T\nform: quote\nprimary: equals\npublishedAt: 2026-01-02\n---\nBody',
    );
    expect(dated.story?.publishedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('writes Markdown with front matter the parser reads back', () => {
    const text = toMarkdown(story);
    expect(text.startsWith('---\ntitle: ')).toBe(true);
    expect(parseMarkdownStory('f.md', text).story).toEqual(story);
  });

  it('refuses too many stories and oversized files', () => {
    const many = Array.from({ length: 501 }, () => ({ title: 'T', form: 'quote', primary: 'equals', body: 'b' }));
    const parsed = parseJson('many.json', JSON.stringify(many));
    expect(parsed.fileProblems[0]).toMatch(/at most 500/);
    expect(parsed.items).toHaveLength(500);
    const big = parseZip(zipSync({ 'big.md': new Uint8Array(2 * 1024 * 1024) }));
    expect(big.fileProblems[0]).toMatch(/larger than 1 MB/);
  });
});
