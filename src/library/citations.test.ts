// The library's formats against hand-written expectations: BibTeX and RIS read into entries (each bad entry
// named with its problems), and entries written back as BibTeX, RIS, CSL-JSON, APA and Harvard; and none of
// it ever reaches the network, with every way out of the process trapped before citation-js loads.
import { Cite } from '@citation-js/core';
import { describe, expect, it, vi } from 'vitest';
import { parseBibtex, parseRis, writeEntries } from './citations.ts';
import { type LibraryEntry, normaliseDoi, normaliseIsbn, normaliseUrl } from './entry.ts';

/**
 * Every way citation-js could reach the network, trapped before any module loads (vi.hoisted runs first):
 * `fetch`, the http and https modules (node-fetch, its asynchronous path), child processes (sync-fetch, its
 * synchronous path, runs a second Node that fetches) and any socket at all. Each records what was asked and
 * throws, so a fetch can neither succeed nor go unnoticed.
 */
const outbound = vi.hoisted(() => {
  const calls: string[] = [];
  const trap = (target: Record<string, unknown>, name: string, label: string) => {
    target[name] = (...args: unknown[]) => {
      calls.push(`${label}(${String(args[0]).slice(0, 80)})`);
      throw new Error(`${label} is not allowed in the library's formats`);
    };
  };
  const builtin = (id: string) => process.getBuiltinModule(id) as unknown as Record<string, unknown>;
  trap(globalThis as unknown as Record<string, unknown>, 'fetch', 'fetch');
  for (const id of ['node:http', 'node:https'])
    for (const name of ['request', 'get']) trap(builtin(id), name, `${id} ${name}`);
  for (const name of ['execFileSync', 'execSync', 'spawnSync', 'execFile', 'exec', 'spawn', 'fork']) {
    trap(builtin('node:child_process'), name, `child_process ${name}`);
  }
  const socket = (builtin('node:net').Socket as { prototype: Record<string, unknown> }).prototype;
  trap(socket, 'connect', 'net connect');
  return calls;
});

const paper: LibraryEntry = {
  itemType: 'paper',
  title: 'The 21st-century public servant: working at three boundaries of public and private',
  authors: [
    { family: 'Needham', given: 'Catherine' },
    { family: 'Mangan', given: 'Catherine' },
  ],
  year: 2016,
  container: 'Public Money & Management',
  publisher: '',
  doi: '10.1080/09540962.2015.1118293',
  isbn: null,
  url: null,
  accessed: null,
};

const report: LibraryEntry = {
  itemType: 'report',
  title: 'Workforce plan',
  authors: [{ family: 'Smith', given: 'Jo' }],
  year: 2019,
  container: '',
  publisher: 'Cabinet Office',
  doi: null,
  isbn: null,
  url: 'https://example.org/plan',
  accessed: '2024-01-02',
};

describe('reading BibTeX', () => {
  it('reads an entry with an @string abbreviation into the entry written by hand', () => {
    const [first] = parseBibtex(`@string{pmm = "Public Money \\& Management"}
@article{needham2016,
  author = {Needham, Catherine and Mangan, Catherine},
  title = {The 21st-century public servant: working at three boundaries of public and private},
  journal = pmm, year = {2016}, doi = {https://doi.org/10.1080/09540962.2015.1118293}
}`);
    expect(first).toEqual({ label: 'Entry 1 (needham2016)', entry: paper, problems: [] });
  });

  it('names each malformed entry and each of its problems, and still reads the good ones', () => {
    const parsed = parseBibtex(`@book{empty, title = {}, year = {soon}}
@garbage
@misc{badisbn, title = {A book}, isbn = {978-0-306-40615-8}}
@article{good, title = {Fine}, year = 2020}
@report{open, title = {Never closed, year = 2020
`);
    expect(parsed.map((p) => [p.label, p.problems, p.entry?.title ?? null])).toEqual([
      ['Entry 1 (empty)', ['It has no title.', 'Its year “soon” is not a year between 1800 and 2100.'], null],
      ['Entry 2 (@garbage)', ['It does not start like a BibTeX entry, such as @article{key, …}.'], null],
      ['Entry 3 (badisbn)', ['Its ISBN “978-0-306-40615-8” has a wrong check digit or length.'], null],
      ['Entry 4 (good)', [], 'Fine'],
      ['Entry 5 (open)', ['Its braces do not balance: a closing } is missing.'], null],
    ]);
  });

  it('ends an entry that never closes where the next entry starts, and reads that next one', () => {
    // Counting braces on past the line where the next entry starts would take that entry (and its closing
    // brace, doubled here) as the rest of this one.
    const parsed = parseBibtex(`@article{open, title = Never closed, year = 2020
@article{after, title = {Read all the same}, year = 2021}}
`);
    expect(parsed.map((p) => [p.label, p.problems, p.entry?.title ?? null])).toEqual([
      ['Entry 1 (open)', ['Its braces do not balance: a closing } is missing.'], null],
      ['Entry 2 (after)', [], 'Read all the same'],
    ]);
  });

  it('reads a pasted address as text, not a link to follow', () => {
    const [only] = parseBibtex('https://example.org/refs.bib');
    expect(only).toBeUndefined();
  });
});

describe('reading RIS', () => {
  it('reads records, a book’s ISBN from SN, and names a record without its end and stray lines', () => {
    const parsed = parseRis(
      'TY  - RPRT\nTI  - Workforce plan\nAU  - Smith, Jo\nPY  - 2019\nPB  - Cabinet Office\nUR  - https://example.org/plan\nY2  - 2024/01/02/\nER  - \nnot ris\nTY  - BOOK\nTI  - A book\nSN  - 0-306-40615-2\nER  - \nTY  - JOUR\nTI  - No end\n',
    );
    expect(parsed.map((p) => [p.label, p.problems])).toEqual([
      ['Entry 1 (line 1)', []],
      ['Entry 2 (line 10)', []],
      ['Entry 3 (line 14)', ['It has no end: RIS entries finish with an “ER  - ” line.']],
      [
        'Lines outside any entry (line 9)',
        ['These lines are not inside an entry: each entry starts with “TY  - ” and ends with “ER  - ”.'],
      ],
    ]);
    expect(parsed[0]?.entry).toEqual(report);
    expect(parsed[1]?.entry?.isbn).toBe('0306406152');
    expect(parsed[1]?.entry?.itemType).toBe('book');
  });
});

describe('writing', () => {
  const items = [{ id: 'a1', entry: paper }];

  it('writes BibTeX', () => {
    expect(writeEntries('bibtex', items)).toBe(`@article{Needham201621st,
\tauthor = {Needham, Catherine and Mangan, Catherine},
\tjournal = {Public Money \\& Management},
\tdoi = {10.1080/09540962.2015.1118293},
\tyear = {2016},
\ttitle = {The 21st-century public servant: working at three boundaries of public and private},
}

`);
  });

  it('writes RIS', () => {
    expect(writeEntries('ris', items)).toBe(`TY  - JOUR
AU  - Needham, Catherine
AU  - Mangan, Catherine
DA  - 2016///
PY  - 2016
DO  - 10.1080/09540962.2015.1118293
ID  - Needham201621st
T2  - Public Money & Management
TI  - The 21st-century public servant: working at three boundaries of public
 and private
ER  - `);
  });

  it('writes APA and Harvard references', () => {
    expect(writeEntries('apa', items)).toBe(
      'Needham, C., & Mangan, C. (2016). The 21st-century public servant: working at three boundaries of public and private. Public Money & Management. https://doi.org/10.1080/09540962.2015.1118293\n',
    );
    expect(writeEntries('harvard', [{ id: 'r1', entry: report }])).toBe(
      'Smith, J. (2019) Workforce plan. Cabinet Office. Available at: https://example.org/plan (Accessed: January 2, 2024).\n',
    );
  });

  it('writes CSL-JSON', () => {
    expect(JSON.parse(writeEntries('csl-json', [{ id: 'r1', entry: report }]))).toEqual([
      {
        id: 'r1',
        type: 'report',
        title: 'Workforce plan',
        author: [{ family: 'Smith', given: 'Jo' }],
        issued: { 'date-parts': [[2019]] },
        publisher: 'Cabinet Office',
        URL: 'https://example.org/plan',
        accessed: { 'date-parts': [[2024, 1, 2]] },
      },
    ]);
  });

  it('reads back what it wrote, in both formats', () => {
    const both = [
      { id: 'a1', entry: paper },
      { id: 'r1', entry: report },
    ];
    expect(parseRis(writeEntries('ris', both)).map((p) => p.entry)).toEqual([paper, report]);
    const fromBibtex = parseBibtex(writeEntries('bibtex', both)).map((p) => p.entry);
    expect(fromBibtex[0]).toEqual(paper);
    expect(fromBibtex[1]).toEqual(report);
  });
});

describe('checks', () => {
  it('knows a DOI, an ISBN and a web address', () => {
    expect(normaliseDoi('doi:10.1000/xyz123')).toBe('10.1000/xyz123');
    expect(normaliseDoi('11.1000/xyz')).toBeNull();
    expect(normaliseIsbn('0-306-40615-2')).toBe('0306406152');
    expect(normaliseIsbn('0-306-40615-3')).toBeNull();
    expect(normaliseIsbn('978-0-306-40615-7')).toBe('9780306406157');
    expect(normaliseIsbn('978-0-306-40615-8')).toBeNull();
    expect(normaliseIsbn('080442957X')).toBe('080442957X');
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
    expect(normaliseUrl('ftp://example.org')).toBeNull();
  });
});

describe('never fetching', () => {
  const withLinks = `@article{linked, title = {Linked}, year = 2020, doi = {10.1080/09540962.2015.1118293},
  url = {https://example.org/paper}}
10.1080/09540962.2015.1118293
https://example.org/refs.bib
@misc{web, title = {A page}, howpublished = {\\url{https://example.org/page}}, year = 2021}`;

  it('reads and writes entries with DOIs and web addresses, and nothing leaves the process', () => {
    outbound.length = 0;
    const fromBibtex = parseBibtex(withLinks);
    const fromRis = parseRis(
      'TY  - JOUR\nTI  - Linked\nDO  - 10.1080/09540962.2015.1118293\nUR  - https://example.org/paper\nER  - \nTY  - ELEC\nTI  - https://example.org/refs.ris\nUR  - https://doi.org/10.1000/xyz123\nER  - \n',
    );
    expect(fromBibtex.find((p) => p.entry?.title === 'Linked')?.entry?.doi).toBe('10.1080/09540962.2015.1118293');
    expect(fromRis[0]?.entry?.url).toBe('https://example.org/paper');
    const items = [
      { id: 'a1', entry: paper },
      { id: 'r1', entry: report },
    ];
    for (const format of ['bibtex', 'ris', 'csl-json', 'apa', 'harvard'] as const) {
      expect(writeEntries(format, items).length, format).toBeGreaterThan(0);
    }
    expect(outbound).toEqual([]);
  });

  it('would see citation-js fetch if it tried, by either of its two ways of downloading', async () => {
    // citation-js's own download helpers, which its DOI and Wikidata plugins (not installed) call.
    const core = (await import('@citation-js/core')) as unknown as {
      util: { fetchFile: (url: string) => string; fetchFileAsync: (url: string) => Promise<string> };
    };
    outbound.length = 0;
    expect(() => core.util.fetchFile('https://doi.org/10.1080/09540962.2015.1118293')).toThrow();
    expect(outbound.some((call) => call.startsWith('child_process'))).toBe(true);
    outbound.length = 0;
    await expect(core.util.fetchFileAsync('https://doi.org/10.1080/09540962.2015.1118293')).rejects.toThrow();
    expect(outbound.some((call) => call.startsWith('node:https'))).toBe(true);
    // And an address given to citation-js itself, untyped, is not a download either in this version.
    outbound.length = 0;
    expect(() => new Cite('https://example.org/refs.bib')).toThrow('No synchronous parser found for @else/url');
    expect(outbound).toEqual([]);
  });
});
