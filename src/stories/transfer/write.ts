// Writes stories in both transfer formats: a JSON array, or a zip of Markdown files with YAML front matter.
import { strToU8, zipSync } from 'fflate';
import { stringify as stringifyYaml } from 'yaml';
import type { TransferStory } from './transfer-story.ts';

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
