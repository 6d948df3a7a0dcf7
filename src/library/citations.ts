// Reading pasted BibTeX and RIS into library entries, each with its own problems, and writing entries as
// BibTeX, RIS, CSL-JSON and formatted references (APA, Harvard) with citation-js and its built-in CSL
// templates, offline. Pure apart from citation-js: no database, no network (input types are always forced).
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import {
  type Author,
  type ItemType,
  type LibraryEntry,
  maxYear,
  minYear,
  normaliseDate,
  normaliseDoi,
  normaliseIsbn,
  normaliseUrl,
  titleMax,
} from './entry.ts';

export type ImportFormat = 'bibtex' | 'ris';

/** One entry of a paste, as the preview lists it: its name, what was read, and what is wrong with it. */
export interface ParsedEntry {
  /** "Entry 2 (needham2016)": how the preview and its problems name it. */
  label: string;
  entry: LibraryEntry | null;
  problems: string[];
}

/** The most entries one paste may hold, and its size. */
export const importLimits = { maxEntries: 500, maxChars: 1_000_000 };

// CSL types into ours: anything not named is a report.
const fromCsl: Record<string, ItemType> = {
  report: 'report',
  'article-journal': 'paper',
  article: 'paper',
  'article-magazine': 'paper',
  'article-newspaper': 'paper',
  'paper-conference': 'paper',
  chapter: 'paper',
  thesis: 'paper',
  book: 'book',
  dataset: 'dataset',
  broadcast: 'video',
  motion_picture: 'video',
  webpage: 'guidance',
  document: 'guidance',
  legislation: 'guidance',
  regulation: 'guidance',
  standard: 'guidance',
};

const toCslType: Record<ItemType, string> = {
  report: 'report',
  paper: 'article-journal',
  book: 'book',
  guidance: 'document',
  dataset: 'dataset',
  video: 'motion_picture',
};

const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '');

/** The four-digit year of a CSL date, or the literal text it held. */
function yearOf(issued: unknown): { year: number | null; literal: string } {
  if (typeof issued !== 'object' || issued === null) return { year: null, literal: '' };
  const parts = (issued as { 'date-parts'?: unknown[][] })['date-parts'];
  const first = parts?.[0]?.[0];
  if (first !== undefined) return { year: Number(first), literal: String(first) };
  return { year: null, literal: text((issued as { literal?: unknown }).literal) };
}

function dateOf(value: unknown): string | null {
  const parts = (value as { 'date-parts'?: unknown[][] } | undefined)?.['date-parts']?.[0];
  if (!parts || parts.length < 3) return null;
  return normaliseDate(parts.map((p, i) => String(p).padStart(i === 0 ? 4 : 2, '0')).join('-'));
}

const authorsOf = (value: unknown): Author[] =>
  Array.isArray(value)
    ? value
        .map((a: Record<string, unknown>) => ({
          family: text(a.family) || text(a.literal),
          given: text(a.given),
        }))
        .filter((a) => a.family !== '')
    : [];

/** One CSL record into an entry and its problems. */
export function entryFromCsl(csl: Record<string, unknown>): { entry: LibraryEntry | null; problems: string[] } {
  const problems: string[] = [];
  const title = text(csl.title);
  if (title === '') problems.push('It has no title.');
  else if (title.length > titleMax) problems.push(`Its title is longer than ${titleMax} characters.`);
  const { year, literal } = yearOf(csl.issued);
  if (literal !== '' && (year === null || !Number.isInteger(year) || year < minYear || year > maxYear)) {
    problems.push(`Its year “${literal.slice(0, 40)}” is not a year between ${minYear} and ${maxYear}.`);
  }
  const rawDoi = text(csl.DOI);
  const doi = rawDoi === '' ? null : normaliseDoi(rawDoi);
  if (rawDoi !== '' && doi === null) problems.push(`Its DOI “${rawDoi.slice(0, 80)}” is not a DOI (they start 10.).`);
  // RIS keeps a book's ISBN in SN, which citation-js reads as an ISSN.
  const rawIsbn = text(csl.ISBN) || (csl.type === 'book' ? text(csl.ISSN) : '');
  const isbn = rawIsbn === '' ? null : normaliseIsbn(rawIsbn);
  if (rawIsbn !== '' && isbn === null)
    problems.push(`Its ISBN “${rawIsbn.slice(0, 40)}” has a wrong check digit or length.`);
  const rawUrl = text(csl.URL);
  const url = rawUrl === '' ? null : normaliseUrl(rawUrl);
  if (rawUrl !== '' && url === null)
    problems.push(`Its web address “${rawUrl.slice(0, 80)}” is not an http or https address.`);
  const type = String(csl.type ?? '');
  const itemType: ItemType =
    type === 'report' && /guidance/i.test(text(csl.genre)) ? 'guidance' : (fromCsl[type] ?? 'report');
  if (problems.length > 0) return { entry: null, problems };
  return {
    entry: {
      itemType,
      title,
      authors: authorsOf(csl.author).slice(0, 100),
      year: literal === '' ? null : year,
      container: text(csl['container-title']).slice(0, 300),
      publisher: text(csl.publisher).slice(0, 300),
      doi,
      isbn,
      url,
      // BibTeX has no field for it: citation-js writes it as a note, "[Online; accessed 2024-01-02]".
      accessed: dateOf(csl.accessed) ?? normaliseDate(/accessed (\d{4}-\d{2}-\d{2})/.exec(text(csl.note))?.[1] ?? ''),
    },
    problems,
  };
}

/** BibTeX's top-level entries, by brace matching: each `@type{...}` chunk with its key, or why it is broken. */
function bibtexChunks(source: string): { kind: string; key: string; chunk: string; broken?: string }[] {
  const chunks: { kind: string; key: string; chunk: string; broken?: string }[] = [];
  let i = source.indexOf('@');
  while (i >= 0 && i < source.length) {
    const head = /^@\s*([A-Za-z]+)\s*([{(])/.exec(source.slice(i, i + 60));
    const next = () => source.indexOf('\n@', i + 1);
    if (!head) {
      const end = next();
      const name = /^@\s*([^\s{(,]*)/.exec(source.slice(i))?.[1] ?? '';
      chunks.push({ kind: name, key: '', chunk: source.slice(i, end < 0 ? undefined : end), broken: 'opening' });
      i = end < 0 ? -1 : end + 1;
      continue;
    }
    const open = head[2] as string;
    const close = open === '{' ? '}' : ')';
    // An entry ends by the next one starting a line: scanning no further keeps a paste of entries whose braces
    // never close linear in its length, not quadratic.
    const nextEntry = next();
    const limit = nextEntry < 0 ? source.length : nextEntry;
    let depth = 0;
    let j = i + head[0].length - 1;
    for (; j < limit; j++) {
      const ch = source[j];
      if (ch === '{' || (ch === open && open === '(')) depth++;
      else if (ch === '}' || (ch === close && close === ')')) {
        depth--;
        if (depth === 0) break;
      }
    }
    const kind = (head[1] as string).toLowerCase();
    const body = source.slice(i + head[0].length, j);
    const key = /^\s*([^,\s]*)\s*,/.exec(body)?.[1] ?? '';
    if (j >= limit) {
      chunks.push({ kind, key, chunk: source.slice(i, limit), broken: 'closing' });
      i = nextEntry < 0 ? -1 : nextEntry + 1;
    } else {
      chunks.push({ kind, key, chunk: source.slice(i, j + 1) });
      i = source.indexOf('@', j + 1);
    }
    // Past what an import takes (entries, plus as many abbreviations), the rest is not read at all.
    if (chunks.length >= importLimits.maxEntries * 2) break;
  }
  return chunks;
}

function parseOne(chunk: string, forceType: string): Record<string, unknown>[] {
  return new Cite(chunk, { forceType }).data;
}

export function parseBibtex(source: string): ParsedEntry[] {
  const all = bibtexChunks(source);
  // @string abbreviations are given to every entry; comments and preambles are left alone.
  const strings = all
    .filter((c) => c.kind === 'string' && !c.broken && c.chunk.length <= 1000)
    .slice(0, 100)
    .map((c) => c.chunk);
  const entries = all.filter((c) => !['string', 'comment', 'preamble'].includes(c.kind));
  return entries.slice(0, importLimits.maxEntries).map((c, n) => {
    const label = `Entry ${n + 1}${c.key ? ` (${c.key.slice(0, 60)})` : c.kind ? ` (@${c.kind.slice(0, 30)})` : ''}`;
    if (c.broken === 'opening')
      return { label, entry: null, problems: ['It does not start like a BibTeX entry, such as @article{key, …}.'] };
    if (c.broken === 'closing')
      return { label, entry: null, problems: ['Its braces do not balance: a closing } is missing.'] };
    try {
      const [csl] = parseOne([...strings, c.chunk].join('\n'), '@biblatex/text');
      if (!csl) return { label, entry: null, problems: ['It could not be read as BibTeX.'] };
      return { label, ...entryFromCsl(csl) };
    } catch {
      return { label, entry: null, problems: ['It could not be read as BibTeX: check its commas, quotes and braces.'] };
    }
  });
}

export function parseRis(source: string): ParsedEntry[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const records: { start: number; lines: string[]; ended: boolean }[] = [];
  let current: { start: number; lines: string[]; ended: boolean } | undefined;
  const stray: number[] = [];
  lines.forEach((line, n) => {
    if (/^TY {2}- /.test(line)) {
      if (current && !current.ended) records.push(current);
      current = { start: n + 1, lines: [line], ended: false };
      return;
    }
    if (!current || current.ended) {
      if (line.trim() !== '') stray.push(n + 1);
      return;
    }
    current.lines.push(line);
    if (/^ER {2}-/.test(line)) {
      current.ended = true;
      records.push(current);
    }
  });
  if (current && !current.ended) records.push(current);
  const parsed: ParsedEntry[] = records.slice(0, importLimits.maxEntries).map((r, n) => {
    const id = r.lines
      .find((l) => /^ID {2}- /.test(l))
      ?.slice(6)
      .trim();
    const label = `Entry ${n + 1} (line ${r.start}${id ? `, ${id.slice(0, 60)}` : ''})`;
    if (!r.ended) return { label, entry: null, problems: ['It has no end: RIS entries finish with an “ER  - ” line.'] };
    try {
      const [csl] = parseOne(`${r.lines.join('\n')}\n`, '@ris/file');
      if (!csl) return { label, entry: null, problems: ['It could not be read as RIS.'] };
      return { label, ...entryFromCsl(csl) };
    } catch {
      return {
        label,
        entry: null,
        problems: ['It could not be read as RIS: check each line starts with a tag, like “TI  - ”.'],
      };
    }
  });
  if (stray.length > 0) {
    parsed.push({
      label: `Lines outside any entry (line ${stray[0]}${stray.length > 1 ? ` and ${stray.length - 1} more` : ''})`,
      entry: null,
      problems: ['These lines are not inside an entry: each entry starts with “TY  - ” and ends with “ER  - ”.'],
    });
  }
  return parsed;
}

export function parseEntries(format: ImportFormat, source: string): ParsedEntry[] {
  return format === 'bibtex' ? parseBibtex(source) : parseRis(source);
}

/** An entry as CSL-JSON, the common form every export goes through. */
export function toCsl(entry: LibraryEntry, id: string): Record<string, unknown> {
  const csl: Record<string, unknown> = { id, type: toCslType[entry.itemType], title: entry.title };
  if (entry.itemType === 'guidance') csl.genre = 'Guidance';
  if (entry.authors.length > 0)
    csl.author = entry.authors.map((a) => (a.given ? { family: a.family, given: a.given } : { literal: a.family }));
  if (entry.year !== null) csl.issued = { 'date-parts': [[entry.year]] };
  if (entry.container) csl['container-title'] = entry.container;
  if (entry.publisher) csl.publisher = entry.publisher;
  if (entry.doi) csl.DOI = entry.doi;
  if (entry.isbn) csl.ISBN = entry.isbn;
  if (entry.url) csl.URL = entry.url;
  if (entry.accessed) {
    const [y, m, d] = entry.accessed.split('-').map(Number);
    csl.accessed = { 'date-parts': [[y, m, d]] };
  }
  return csl;
}

export const exportFormats = ['bibtex', 'ris', 'csl-json', 'apa', 'harvard'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportFormatNames: Record<ExportFormat, string> = {
  bibtex: 'BibTeX',
  ris: 'RIS',
  'csl-json': 'CSL-JSON',
  apa: 'APA references',
  harvard: 'Harvard references',
};

/** The media type and file extension of each export. */
export const exportFiles: Record<ExportFormat, { type: string; extension: string }> = {
  bibtex: { type: 'application/x-bibtex; charset=utf-8', extension: 'bib' },
  ris: { type: 'application/x-research-info-systems; charset=utf-8', extension: 'ris' },
  'csl-json': { type: 'application/vnd.citationstyles.csl+json; charset=utf-8', extension: 'json' },
  apa: { type: 'text/plain; charset=utf-8', extension: 'txt' },
  harvard: { type: 'text/plain; charset=utf-8', extension: 'txt' },
};

const skippedWords = new Set(['a', 'an', 'the', 'of', 'on', 'in', 'and', 'for', 'to']);

/** A short citation key, as reference managers make them: first author's family name, year, first word. */
export function citationKey(entry: LibraryEntry): string {
  const word = (value: string) => value.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
  const first =
    entry.title
      .normalize('NFKD')
      .split(/[^A-Za-z0-9]+/)
      .find((w) => w !== '' && !skippedWords.has(w.toLowerCase())) ?? '';
  const key = `${word(entry.authors[0]?.family ?? '')}${entry.year ?? ''}${word(first)}`;
  return key === '' ? 'item' : key.slice(0, 20);
}

/** Entries written in one format. References come out in the order given, one a paragraph. */
export function writeEntries(format: ExportFormat, items: readonly { id: string; entry: LibraryEntry }[]): string {
  // BibTeX and RIS name an entry by a short key (RIS keeps 20 characters); CSL-JSON keeps Waymark's id.
  const csl = items.map((i) =>
    format === 'bibtex' || format === 'ris'
      ? { ...toCsl(i.entry, citationKey(i.entry)), 'citation-key': citationKey(i.entry) }
      : toCsl(i.entry, i.id),
  );
  if (format === 'csl-json') return `${JSON.stringify(csl, null, 2)}\n`;
  if (csl.length === 0) return '';
  if (format === 'apa' || format === 'harvard') {
    return `${items.map((i) => reference(format, i.id, i.entry)).join('\n\n')}\n`;
  }
  return new Cite(csl).format(format);
}

/** One formatted reference, as plain text. */
export function reference(style: 'apa' | 'harvard', id: string, entry: LibraryEntry): string {
  return new Cite([toCsl(entry, id)])
    .format('bibliography', { template: style === 'apa' ? 'apa' : 'harvard1', format: 'text' })
    .trim();
}
