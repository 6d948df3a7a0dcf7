// Request and response shapes for stories, shared by the pages, the JSON API and the OpenAPI document.
import { z } from 'zod';
import { visibilities } from '../access/visibility.ts';
import { framework } from '../framework/data.ts';
import { characteristicKeys } from '../framework/types.ts';
import { sectors } from '../organisations/types.ts';
import { plainText } from '../web/text.ts';
import { storyForms, storyStatuses } from './types.ts';

const roleKeys = framework.roles.map((r) => r.key) as [string, ...string[]];

/** A filter given once, repeated (`?role=a&role=b`) or comma-separated, as a list of allowed values. */
const many = <T extends z.ZodType<string, string>>(item: T, commas = true) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v, ctx) => {
      const list = (Array.isArray(v) ? v : [v])
        .flatMap((s) => (commas ? s.split(',') : [s]))
        .map((s) => s.trim())
        .filter((s) => s !== '');
      // Reported against the parameter itself (not one list position), which is what the caller named.
      const wrong = list.find((s) => !item.safeParse(s).success);
      if (wrong !== undefined || list.length > 20) {
        ctx.addIssue({
          code: 'custom',
          message:
            wrong !== undefined ? `has a value that is not allowed: ${wrong.slice(0, 100)}` : 'has more than 20 values',
        });
        return z.NEVER;
      }
      return list as z.output<T>[];
    })
    .optional()
    .default([]);

/** The most characters of search words: the library's box holds this many, and a search may not use more. */
export const searchWordsLimit = 1500;

export const storyListQuery = z.object({
  // Room for a long list of alternatives (100 words joined by OR); the statement timeout bounds the rest.
  q: plainText({ max: [searchWordsLimit, 'Search words must be 1,500 characters or fewer'] })
    .optional()
    .describe('Words to find; "quoted phrases", OR between alternatives, and -word to leave a word out'),
  characteristic: many(z.enum(characteristicKeys)).describe(`Any of: ${characteristicKeys.join(', ')}`),
  role: many(z.enum(roleKeys)).describe(`Any of: ${roleKeys.join(', ')}`),
  form: many(z.enum(storyForms)).describe(`Any of: ${storyForms.join(', ')}`),
  sector: many(z.enum(sectors)).describe(`Any of: ${sectors.join(', ')}`),
  // A region is free text and may hold a comma, so only repeated parameters give several.
  region: many(plainText({ max: [100, 'Region must be 100 characters or fewer'] }), false).describe(
    'Region names as organisations give them; repeat for several',
  ),
  organisation: many(plainText({ max: [100, 'Organisation must be 100 characters or fewer'] })).describe(
    'Organisation slugs or ids',
  ),
  sort: z.enum(['relevance', 'newest']).optional().describe('Relevance (the default with q) or newest first'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(20)
    .describe('Stories per page: at most 100, and at most 50 with q (a larger size is lowered to 50)'),
});
export type StoryListQuery = z.infer<typeof storyListQuery>;

/**
 * The same query for pages, where a malformed value must not stop a reader: each field is read on its
 * own, and one that does not parse falls back to its default (the page says some were ignored).
 */
export function lenientStoryListQuery(raw: unknown): { query: StoryListQuery; ignored: string[] } {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strict = storyListQuery.safeParse(input);
  if (strict.success) return { query: strict.data, ignored: [] };
  const ignored: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(storyListQuery.shape)) {
    const one = (schema as z.ZodType).safeParse(input[key]);
    if (one.success) fields[key] = one.data;
    else ignored.push(key);
  }
  return {
    query: storyListQuery.parse(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined))),
    ignored,
  };
}

export const storyIdParams = z.object({ id: z.uuid() });

export const storySummary = z.object({
  id: z.uuid(),
  title: z.string(),
  form: z.enum(storyForms),
  characteristics: z.array(z.string()),
  roles: z.array(z.string()),
  excerpt: z.string().describe('Plain text: the passage matching the query, or the opening'),
  publishedAt: z.iso.datetime().nullable(),
});

const counts = z.record(z.string(), z.number().int());

export const storyListResponse = z.object({
  total: z.number().int(),
  approximate: z
    .boolean()
    .describe('True when more stories match than are ranked (500): total and facet counts are then estimates'),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(storySummary),
  facets: z.object({
    characteristic: counts,
    role: counts,
    form: counts,
    sector: counts,
    region: counts,
    organisation: counts.describe('Keyed by organisation slug'),
  }),
});

export const storyResponse = storySummary.omit({ excerpt: true }).extend({
  primaryCharacteristic: z.string(),
  body: z.string().describe('Markdown'),
  place: z.string(),
  sector: z.enum(sectors),
  region: z.string(),
  status: z.enum(storyStatuses).describe('Always published, except for the story’s own author'),
  organisation: z.object({ name: z.string(), sector: z.string() }),
  author: z.string(),
  visibility: z.enum(visibilities),
});
