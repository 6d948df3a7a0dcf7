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

/**
 * A crafted zip: one deflated entry of `unpacked` zero bytes, listed `names.length` times in the central
 * directory (every listing points at the same data) and each claiming to unpack to 100 bytes.
 */
function craftedZip(names: string[], unpacked: number): Uint8Array {
  const one = zipSync({ 'a.md': new Uint8Array(unpacked) }, { level: 9 });
  const view = new DataView(one.buffer, one.byteOffset, one.byteLength);
  const eocd = one.byteLength - 22;
  const directoryAt = view.getUint32(eocd + 16, true);
  const records = names.map((name) => {
    const bytes = strToU8(name);
    const record = new Uint8Array(46 + bytes.byteLength);
    record.set(one.subarray(directoryAt, directoryAt + 46));
    const r = new DataView(record.buffer);
    r.setUint32(24, 100, true);
    r.setUint16(28, bytes.byteLength, true);
    r.setUint16(30, 0, true);
    r.setUint16(32, 0, true);
    record.set(bytes, 46);
    return record;
  });
  const directorySize = records.reduce((n, r) => n + r.byteLength, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, names.length, true);
  e.setUint16(10, names.length, true);
  e.setUint32(12, directorySize, true);
  e.setUint32(16, directoryAt, true);
  const out = new Uint8Array(directoryAt + directorySize + 22);
  out.set(one.subarray(0, directoryAt));
  let at = directoryAt;
  for (const r of records) {
    out.set(r, at);
    at += r.byteLength;
  }
  out.set(end, at);
  // The local header lies about the size too.
  new DataView(out.buffer).setUint32(22, 100, true);
  return out;
}

const timed = <T>(work: () => T) => {
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started };
};

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

  it('refuses a zip whose entries overlap, quickly, without unpacking them', () => {
    // 300 listings of one 20 MB stream: trusting the listings would unpack 6 GB.
    const bomb = craftedZip(
      Array.from({ length: 300 }, (_, i) => `${String(i).padStart(3, '0')}.md`),
      20 * 1024 * 1024,
    );
    expect(bomb.byteLength).toBeLessThan(100_000);
    const { result, ms } = timed(() => parseCollection('bomb.zip', bomb));
    expect(result.fileProblems).toEqual([
      'The zip’s files overlap one another, which no ordinary zip tool makes; it was not opened.',
    ]);
    expect(result.items).toEqual([]);
    expect(ms).toBeLessThan(2000);
  });

  it('stops unpacking an entry as soon as it passes 1 MB, whatever size it claims', () => {
    const { result, ms } = timed(() => parseCollection('liar.zip', craftedZip(['liar.md'], 40 * 1024 * 1024)));
    expect(result.fileProblems).toEqual(['liar.md is larger than 1 MB unpacked and was left out.']);
    expect(ms).toBeLessThan(2000);
  });

  it('stops when the files together unpack to more than 50 MB', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 60; i++) files[`${String(i).padStart(2, '0')}.md`] = new Uint8Array(1000 * 1000).fill(32);
    const { result, ms } = timed(() => parseZip(zipSync(files, { level: 1 })));
    expect(result.fileProblems).toEqual(['The zip unpacks to more than 50 MB; split it up.']);
    expect(result.items.length).toBeLessThan(60);
    expect(ms).toBeLessThan(2000);
  });

  it('names files it cannot read and reads the rest', () => {
    const stored = zipSync({ 'b.md': strToU8(toMarkdown(story)) }, { level: 0 });
    expect(parseZip(stored).items.map((i) => i.story)).toEqual([story]);
    const odd = zipSync({ 'c.md': strToU8(toMarkdown(story)) });
    // Compression method 12 (bzip2) in the central directory.
    const view = new DataView(odd.buffer, odd.byteOffset, odd.byteLength);
    view.setUint16(view.getUint32(odd.byteLength - 22 + 16, true) + 10, 12, true);
    expect(parseZip(odd).items[0]?.problems).toEqual(['The file is compressed in a way Waymark cannot read.']);
  });
});
