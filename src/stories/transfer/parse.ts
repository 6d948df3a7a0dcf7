// Reads an uploaded collection, a JSON array of stories or a zip of Markdown files with YAML front matter,
// into stories and problems. Parsing never throws on bad input: every problem is named, per file and per story.
import { strFromU8 } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { type ParsedCollection, type ParsedItem, transferLimits } from './transfer-story.ts';
import { isRecord, validateStory } from './validate.ts';
import { unpack, type ZipEntry, ZipProblem, zipEntries } from './zip-reader.ts';

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
