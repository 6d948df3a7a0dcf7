// The collection formats moderators import and export, as pure functions: a JSON array of stories, or a zip
// of Markdown files that open with YAML front matter. Both carry the same fields, so either round-trips.
// Parsing never throws on bad input: every problem is named, per file and per story, for the preview.
import { Inflate, strFromU8, strToU8, zipSync } from 'fflate';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { type Visibility, visibilities } from '../../access/visibility.ts';
import { framework } from '../../framework/data.ts';
import { type Sector, sectors } from '../../organisations/types.ts';
import { type ConsentState, consentStates, type StoryForm, storyForms } from '../types.ts';

/** People other than the author; co-authors need an account, so they are added in the editor instead. */
export const transferRelations = ['told_with', 'subject', 'named'] as const;
export type TransferRelation = (typeof transferRelations)[number];

export interface TransferPerson {
  name: string;
  relation: TransferRelation;
  consent: ConsentState;
  email?: string;
}

/** One story as it travels in a file. Organisation, author and status are never read from a file. */
export interface TransferStory {
  title: string;
  form: StoryForm;
  primary: string;
  characteristics: string[];
  roles: string[];
  place: string;
  region: string;
  sector?: Sector;
  visibility: Visibility;
  /** The slug of a shared space, when visibility is `space`. */
  space?: string;
  people: TransferPerson[];
  transcript: string;
  /** When it was first published (export only; kept on import when the collection is already cleared). */
  publishedAt?: string;
  /** Markdown. */
  body: string;
}

export interface ParsedItem {
  /** Where the story came from: `stories.json #3`, or a file name in the zip. */
  source: string;
  title: string;
  story: TransferStory | null;
  problems: string[];
}

export interface ParsedCollection {
  format: 'json' | 'zip';
  fileProblems: string[];
  items: ParsedItem[];
}

export const transferLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxStories: 500,
  /** Uncompressed, per Markdown file and in total: a guard against zip bombs. */
  maxFileBytes: 1024 * 1024,
  maxUnzippedBytes: 50 * 1024 * 1024,
  maxTitle: 200,
  maxBody: 100_000,
  maxTranscript: 100_000,
  maxPlace: 200,
  maxPeople: 50,
  maxName: 200,
} as const;

const characteristicKeys = new Set<string>(framework.characteristics.map((c) => c.key));
const roleKeys = new Set(framework.roles.map((r) => r.key));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): unknown[] | undefined =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
const quoted = (v: unknown) => `“${String(v).slice(0, 60)}”`;

/** Checks one story's fields and names every problem; the story is returned only when there are none. */
export function validateStory(raw: unknown, source: string, bodyFromFile?: string): ParsedItem {
  const problems: string[] = [];
  if (!isRecord(raw))
    return { source, title: '', story: null, problems: ['This is not a story: expected an object with named fields.'] };
  const text = (key: string, max: number, required: boolean, label: string): string => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push(`The ${label} is missing.`);
      return '';
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      problems.push(`The ${label} must be text.`);
      return '';
    }
    const s = String(v).trim();
    if (s.length > max) problems.push(`The ${label} is longer than ${max} characters.`);
    return s;
  };

  const title = text('title', transferLimits.maxTitle, true, 'title');
  const body = bodyFromFile !== undefined ? bodyFromFile.trim() : text('body', transferLimits.maxBody, true, 'body');
  if (bodyFromFile !== undefined) {
    if (body === '') problems.push('The story has no text after its front matter.');
    if (body.length > transferLimits.maxBody)
      problems.push(`The text is longer than ${transferLimits.maxBody} characters.`);
  }
  const form = raw.form;
  if (form === undefined) problems.push(`The form is missing: use one of ${storyForms.join(', ')}.`);
  else if (!storyForms.includes(form as StoryForm))
    problems.push(`Unknown form ${quoted(form)}: use one of ${storyForms.join(', ')}.`);

  const primary = raw.primary;
  if (primary === undefined || primary === '') problems.push('The primary characteristic is missing.');
  else if (typeof primary !== 'string' || !characteristicKeys.has(primary))
    problems.push(`Unknown primary characteristic ${quoted(primary)}.`);
  const characteristics = listOf(raw.characteristics);
  if (!characteristics) problems.push('Characteristics must be a list of keys.');
  for (const c of characteristics ?? []) {
    if (typeof c !== 'string' || !characteristicKeys.has(c)) problems.push(`Unknown characteristic key ${quoted(c)}.`);
  }
  const roles = listOf(raw.roles);
  if (!roles) problems.push('Roles must be a list of keys.');
  for (const r of roles ?? []) {
    if (typeof r !== 'string' || !roleKeys.has(r)) problems.push(`Unknown role key ${quoted(r)}.`);
  }

  const visibility = raw.visibility ?? 'organisation';
  if (!visibilities.includes(visibility as Visibility))
    problems.push(`Unknown visibility ${quoted(visibility)}: use one of ${visibilities.join(', ')}.`);
  const space = raw.space === undefined || raw.space === null ? undefined : String(raw.space);
  if (visibility === 'space' && !space) problems.push('A story shared with a space needs the space’s slug in “space”.');
  const sector = raw.sector;
  if (sector !== undefined && sector !== null && !sectors.includes(sector as Sector))
    problems.push(`Unknown sector ${quoted(sector)}.`);
  const place = text('place', transferLimits.maxPlace, false, 'place');
  const region = text('region', transferLimits.maxPlace, false, 'region');
  const transcript = text('transcript', transferLimits.maxTranscript, false, 'transcript');
  let publishedAt: string | undefined;
  if (raw.publishedAt !== undefined && raw.publishedAt !== null) {
    const when = new Date(raw.publishedAt as string);
    if (Number.isNaN(when.getTime())) problems.push(`The publication date ${quoted(raw.publishedAt)} is not a date.`);
    else publishedAt = when.toISOString();
  }

  const people: TransferPerson[] = [];
  const peopleList = listOf(raw.people);
  if (!peopleList) problems.push('People must be a list.');
  else if (peopleList.length > transferLimits.maxPeople)
    problems.push(`More than ${transferLimits.maxPeople} people are named.`);
  for (const [i, p] of (peopleList ?? []).entries()) {
    const which = `Person ${i + 1}`;
    if (!isRecord(p)) {
      problems.push(`${which} must have a name, a relation and a consent state.`);
      continue;
    }
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    if (name === '') problems.push(`${which} has no name.`);
    else if (name.length > transferLimits.maxName) problems.push(`${which}’s name is too long.`);
    const relation = p.relation ?? 'named';
    if (!transferRelations.includes(relation as TransferRelation))
      problems.push(`${which} has an unknown relation ${quoted(relation)}: use ${transferRelations.join(', ')}.`);
    const consent = p.consent ?? 'not_asked';
    if (!consentStates.includes(consent as ConsentState))
      problems.push(`${which} has an unknown consent state ${quoted(consent)}: use ${consentStates.join(', ')}.`);
    const email = typeof p.email === 'string' && p.email.trim() !== '' ? p.email.trim() : undefined;
    if (email !== undefined && (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      problems.push(`${which}’s email address is not valid.`);
    people.push({
      name,
      relation: relation as TransferRelation,
      consent: consent as ConsentState,
      ...(email ? { email } : {}),
    });
  }

  if (problems.length > 0) return { source, title, story: null, problems };
  const keys = [...new Set([primary as string, ...((characteristics ?? []) as string[])])];
  return {
    source,
    title,
    problems,
    story: {
      title,
      form: form as StoryForm,
      primary: primary as string,
      characteristics: keys,
      roles: [...new Set((roles ?? []) as string[])],
      place,
      region,
      ...(sector ? { sector: sector as Sector } : {}),
      visibility: visibility as Visibility,
      ...(visibility === 'space' && space ? { space } : {}),
      people,
      transcript,
      ...(publishedAt ? { publishedAt } : {}),
      body,
    },
  };
}

/** A zip starts with a local file header; anything else is read as JSON. */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export function parseCollection(fileName: string, bytes: Uint8Array): ParsedCollection {
  if (bytes.byteLength > transferLimits.maxBytes) {
    return { format: 'json', fileProblems: ['The file is larger than 10 MB.'], items: [] };
  }
  return isZip(bytes) ? parseZip(bytes) : parseJson(fileName, strFromU8(bytes));
}

export function parseJson(fileName: string, text: string): ParsedCollection {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return {
      format: 'json',
      fileProblems: ['The file is neither a zip nor valid JSON. Check it was saved as JSON or as a .zip.'],
      items: [],
    };
  }
  const list = Array.isArray(data) ? data : isRecord(data) && Array.isArray(data.stories) ? data.stories : undefined;
  if (!list)
    return { format: 'json', fileProblems: ['The JSON must be a list of stories: [ { "title": … }, … ].'], items: [] };
  const fileProblems: string[] = [];
  if (list.length === 0) fileProblems.push('The file holds no stories.');
  if (list.length > transferLimits.maxStories)
    fileProblems.push(`The file holds ${list.length} stories; import at most ${transferLimits.maxStories} at a time.`);
  const items = list.slice(0, transferLimits.maxStories).map((raw, i) => validateStory(raw, `${fileName} #${i + 1}`));
  return { format: 'json', fileProblems, items };
}

/** Splits `---\nYAML\n---\nMarkdown` into its parts; undefined when the file does not open with front matter. */
export function splitFrontMatter(text: string): { yaml: string; body: string } | undefined {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  return match ? { yaml: match[1] ?? '', body: match[2] ?? '' } : undefined;
}

export function parseMarkdownStory(source: string, text: string): ParsedItem {
  const parts = splitFrontMatter(text);
  if (!parts) {
    return {
      source,
      title: '',
      story: null,
      problems: ['The file does not open with front matter between two “---” lines.'],
    };
  }
  let meta: unknown;
  try {
    // The core schema reads dates as text and knows no custom tags; aliases are capped against expansion.
    meta = parseYaml(parts.yaml, { schema: 'core', maxAliasCount: 20, uniqueKeys: true, logLevel: 'error' });
  } catch (error) {
    const first = String((error as Error).message).split('\n')[0];
    return { source, title: '', story: null, problems: [`The front matter is not valid YAML: ${first}`] };
  }
  if (meta === null || meta === undefined) meta = {};
  return validateStory(meta, source, parts.body);
}

interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  /** Where the entry's compressed data starts and ends in the upload. */
  start: number;
  end: number;
  /** Where its local header starts: entries must not share bytes. */
  headerAt: number;
}

/** Thrown while reading a zip's directory: the message is shown as a file problem. */
class ZipProblem extends Error {}

/**
 * Lists a zip's entries from its central directory, checking that each lies inside the upload and that no
 * two share bytes. A zip bomb lets many entries point at one huge compressed stream, or declares sizes it
 * does not have; nothing here trusts a declared uncompressed size.
 */
function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const unreadable = 'The zip file could not be opened. Check it is a complete .zip.';
  // The end-of-directory record is within the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ZipProblem(unreadable);
  const count = u16(eocd + 10);
  const directoryAt = u32(eocd + 16);
  if (count === 0xffff || directoryAt === 0xffffffff)
    throw new ZipProblem('The zip is in the ZIP64 format, which is only needed for very large files; split it up.');
  const entries: ZipEntry[] = [];
  let at = directoryAt;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.byteLength || u32(at) !== 0x02014b50) throw new ZipProblem(unreadable);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const nameLength = u16(at + 28);
    const headerAt = u32(at + 42);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise it is read byte for byte, as fflate does.
    const name = strFromU8(nameBytes, !(flags & 0x800));
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (headerAt + 30 > directoryAt || u32(headerAt) !== 0x04034b50) throw new ZipProblem(unreadable);
    const start = headerAt + 30 + u16(headerAt + 26) + u16(headerAt + 28);
    const end = start + compressedSize;
    if (end > directoryAt) throw new ZipProblem(unreadable);
    entries.push({ name, method, encrypted: (flags & 1) === 1, start, end, headerAt });
  }
  const compressed = entries.reduce((sum, e) => sum + (e.end - e.start), 0);
  const inOrder = [...entries].sort((a, b) => a.headerAt - b.headerAt);
  const overlap = inOrder.some((e, i) => i > 0 && e.headerAt < (inOrder[i - 1] as ZipEntry).end);
  if (overlap || compressed > bytes.byteLength)
    throw new ZipProblem('The zip’s files overlap one another, which no ordinary zip tool makes; it was not opened.');
  return entries;
}

/** Compressed bytes given to the inflater at a time: one push can unpack to at most about 1,000 times this. */
const inflateChunk = 4096;

/**
 * Unpacks one entry, counting what comes out and stopping as soon as it passes `limit` bytes: the work done
 * is bounded by the limit, whatever the entry claims. Undefined when it is larger than the limit.
 */
function unpack(bytes: Uint8Array, entry: ZipEntry, limit: number): Uint8Array | undefined {
  const data = bytes.subarray(entry.start, entry.end);
  if (entry.method === 0) return data.byteLength > limit ? undefined : data;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.byteLength;
    if (size <= limit) chunks.push(chunk);
  });
  for (let at = 0; at < data.byteLength && size <= limit; at += inflateChunk) {
    inflater.push(data.subarray(at, at + inflateChunk), at + inflateChunk >= data.byteLength);
  }
  if (size > limit) return undefined;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

export function parseZip(bytes: Uint8Array): ParsedCollection {
  const fileProblems: string[] = [];
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes);
  } catch (error) {
    const message =
      error instanceof ZipProblem ? error.message : 'The zip file could not be opened. Check it is a complete .zip.';
    return { format: 'zip', fileProblems: [message], items: [] };
  }
  const markdown = entries
    .filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/') && /\.(md|markdown)$/i.test(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (markdown.length > transferLimits.maxStories)
    fileProblems.push(
      `The zip holds ${markdown.length} Markdown files; import at most ${transferLimits.maxStories} at a time.`,
    );
  const items: ParsedItem[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const entry of markdown.slice(0, transferLimits.maxStories)) {
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    if (entry.encrypted || (entry.method !== 0 && entry.method !== 8)) {
      const why = entry.encrypted ? 'is protected by a password' : 'is compressed in a way Waymark cannot read';
      items.push({ source: entry.name, title: '', story: null, problems: [`The file ${why}.`] });
      continue;
    }
    const room = Math.min(transferLimits.maxFileBytes, transferLimits.maxUnzippedBytes - total);
    let content: Uint8Array | undefined;
    try {
      content = unpack(bytes, entry, room);
    } catch {
      items.push({ source: entry.name, title: '', story: null, problems: ['The file could not be unpacked.'] });
      continue;
    }
    if (content === undefined) {
      if (room < transferLimits.maxFileBytes) {
        fileProblems.push('The zip unpacks to more than 50 MB; split it up.');
        break;
      }
      fileProblems.push(`${entry.name} is larger than 1 MB unpacked and was left out.`);
      continue;
    }
    total += content.byteLength;
    items.push(parseMarkdownStory(entry.name, strFromU8(content)));
  }
  if (items.length === 0 && fileProblems.length === 0) fileProblems.push('The zip holds no Markdown (.md) files.');
  return { format: 'zip', fileProblems, items };
}

/** The JSON format: a list of stories, the fields in a fixed order, empty optional fields left out. */
export function toJson(stories: readonly TransferStory[]): string {
  return `${JSON.stringify(stories.map(ordered), null, 2)}\n`;
}

function ordered(s: TransferStory): Record<string, unknown> {
  return {
    title: s.title,
    form: s.form,
    primary: s.primary,
    characteristics: s.characteristics,
    roles: s.roles,
    ...(s.place ? { place: s.place } : {}),
    ...(s.region ? { region: s.region } : {}),
    ...(s.sector ? { sector: s.sector } : {}),
    visibility: s.visibility,
    ...(s.space ? { space: s.space } : {}),
    ...(s.people.length > 0 ? { people: s.people } : {}),
    ...(s.publishedAt ? { publishedAt: s.publishedAt } : {}),
    ...(s.transcript ? { transcript: s.transcript } : {}),
    body: s.body,
  };
}

export function toMarkdown(s: TransferStory): string {
  const { body, ...meta } = ordered(s);
  return `---\n${stringifyYaml(meta, { lineWidth: 0 })}---\n\n${String(body).trim()}\n`;
}

/** Lower-case words joined by hyphens (the shape stories.slug requires), or `story` when none are left. */
export function slugOf(title: string, max = 60): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max)
      .replace(/-+$/, '') || 'story'
  );
}

/** A file name that sorts in the collection's order and says which story it is. */
export function fileNameFor(index: number, title: string): string {
  return `${String(index + 1).padStart(3, '0')}-${slugOf(title)}.md`;
}

export function toZip(stories: readonly TransferStory[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  stories.forEach((s, i) => {
    files[fileNameFor(i, s.title)] = strToU8(toMarkdown(s));
  });
  return zipSync(files, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}
