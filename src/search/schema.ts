// The site-wide search's query and answer, for the page and the API (GET /api/v1/search).
import { z } from 'zod';

/** The most search words taken, as the story library takes (src/stories/schema.ts). */
export const siteSearchWordsLimit = 1500;
export const siteSearchPageSize = 20;

export const siteSearchQuery = z.object({
  q: z
    .string('Enter words to search for')
    .trim()
    .min(1, 'Enter words to search for')
    .max(
      siteSearchWordsLimit,
      `Search words must be ${siteSearchWordsLimit.toLocaleString('en-GB')} characters or fewer`,
    ),
  kind: z
    .string()
    .regex(/^[a-z][a-z_]{0,39}$/, 'Choose a kind of content from the list')
    .optional(),
  page: z.coerce.number('Page must be a number').int('Page must be a whole number').min(1).max(1000).default(1),
});
export type SiteSearchQuery = z.infer<typeof siteSearchQuery>;

export const siteSearchResponse = z.object({
  q: z.string(),
  total: z.number().int().describe('Matches in all kinds (at most 300 read per kind; see `approximate`)'),
  approximate: z.boolean().describe('True when some kind had more matches than were read'),
  page: z.number().int(),
  pageCount: z.number().int(),
  items: z.array(
    z.object({
      kind: z.string().describe('The kind of content: story, article, library_item, reading_group, …'),
      id: z.uuid(),
      title: z.string(),
      url: z.string().describe('Its page, from the site root'),
      snippet: z.string().nullable().describe('Plain text around the words found'),
    }),
  ),
  facets: z.object({
    kind: z.record(z.string(), z.number().int()).describe('Matches per kind, every searchable kind named'),
  }),
});
