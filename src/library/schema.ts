// What a person may write into a library item (the form), what the library's search takes (pages and the
// API), and the API's answers. Organisation, status and who suggested an item never come from input.
import { z } from 'zod';
import { framework } from '../framework/data.ts';
import { characteristicKeys } from '../framework/types.ts';
import { multilineText, plainText } from '../web/text.ts';
import { exportFormats, importLimits } from './citations.ts';
import {
  authorsFromLines,
  itemTypes,
  type LibraryEntry,
  maxYear,
  minYear,
  normaliseDate,
  normaliseDoi,
  normaliseIsbn,
  normaliseUrl,
} from './entry.ts';
import type { ItemExtras } from './repository.ts';

const lessonKeys = framework.lessons.map((l) => l.key);
const roleKeys = framework.roles.map((r) => r.key);
export const libraryVisibilities = ['public', 'signed_in', 'organisation'] as const;

/** Checkbox groups arrive as one string or a list. */
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** A field left out of the form reads as left empty. */
const blankIfMissing = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === undefined ? '' : v), schema);
const optionalText = (max: number, message: string) => blankIfMissing(plainText({ max: [max, message] }));

export const itemForm = z.object({
  itemType: z.enum(itemTypes, 'Select the kind of work'),
  title: plainText({ min: [1, 'Enter a title'], max: [300, 'Title must be 300 characters or fewer'] }),
  authors: blankIfMissing(
    multilineText({ max: [4000, 'Authors must be 4,000 characters or fewer'] }).refine(
      (v) => authorsFromLines(v).length <= 100,
      'Name 100 authors or fewer',
    ),
  ),
  year: optionalText(10, 'Enter a year between 1800 and 2100').refine(
    (v) => v === '' || (/^\d{4}$/.test(v) && Number(v) >= minYear && Number(v) <= maxYear),
    `Enter a year between ${minYear} and ${maxYear}, like 2016`,
  ),
  container: optionalText(300, 'Journal or book must be 300 characters or fewer'),
  publisher: optionalText(300, 'Publisher must be 300 characters or fewer'),
  doi: optionalText(300, 'DOI must be 300 characters or fewer').refine(
    (v) => v === '' || normaliseDoi(v) !== null,
    'Enter a DOI in the correct format, like 10.1080/09540962.2015.1118293',
  ),
  isbn: optionalText(20, 'Enter an ISBN of 10 or 13 digits').refine(
    (v) => v === '' || normaliseIsbn(v) !== null,
    'Enter a real ISBN: 10 or 13 digits with the right check digit',
  ),
  url: optionalText(2000, 'Web address must be 2,000 characters or fewer').refine(
    (v) => v === '' || normaliseUrl(v) !== null,
    'Enter a web address starting with https:// or http://',
  ),
  accessed: optionalText(10, 'Enter the date you looked at the web page, like 2024-03-15').refine(
    (v) => v === '' || normaliseDate(v) !== null,
    'Enter the date you looked at the web page, like 2024-03-15',
  ),
  summary: blankIfMissing(multilineText({ max: [20_000, 'Summary must be 20,000 characters or fewer'] })),
  lessons: z.preprocess(list, z.array(z.enum(lessonKeys as [string, ...string[]], 'Select lessons from the list'))),
  characteristics: z.preprocess(list, z.array(z.enum(characteristicKeys, 'Select characteristics from the list'))),
  roles: z.preprocess(list, z.array(z.enum(roleKeys as [string, ...string[]], 'Select roles from the list'))),
  visibility: z.enum(libraryVisibilities, 'Select who may read the item'),
});
export type ItemForm = z.infer<typeof itemForm>;

/** The form's answers as an entry and our additions. */
export function entryFromForm(form: ItemForm): { entry: LibraryEntry; extras: ItemExtras } {
  return {
    entry: {
      itemType: form.itemType,
      title: form.title,
      authors: authorsFromLines(form.authors).map((a) => ({
        family: a.family.slice(0, 200),
        given: a.given.slice(0, 200),
      })),
      year: form.year === '' ? null : Number(form.year),
      container: form.container,
      publisher: form.publisher,
      doi: form.doi === '' ? null : normaliseDoi(form.doi),
      isbn: form.isbn === '' ? null : normaliseIsbn(form.isbn),
      url: form.url === '' ? null : normaliseUrl(form.url),
      accessed: form.accessed === '' ? null : normaliseDate(form.accessed),
    },
    extras: {
      summary: form.summary,
      lessons: [...new Set(form.lessons)],
      characteristics: [...new Set(form.characteristics)],
      roles: [...new Set(form.roles)],
      visibility: form.visibility,
    },
  };
}

export const importForm = z.object({
  format: z.enum(['bibtex', 'ris'], 'Select BibTeX or RIS'),
  text: multilineText({
    min: [1, 'Paste the BibTeX or RIS to import'],
    max: [importLimits.maxChars, 'The pasted text must be 1,000,000 characters or fewer'],
  }),
});

export const confirmForm = z.object({
  visibility: z.enum(libraryVisibilities, 'Select who may read the items'),
});

const oneOrNone = (v: unknown) => (v === '' ? undefined : v);

/** The library's search and selection, for pages, exports and the API. */
export const libraryQuery = z.object({
  q: z.string().max(200).optional(),
  type: z.preprocess(oneOrNone, z.enum(itemTypes).optional()),
  lesson: z.preprocess(oneOrNone, z.enum(lessonKeys as [string, ...string[]]).optional()),
  characteristic: z.preprocess(oneOrNone, z.enum(characteristicKeys).optional()),
  role: z.preprocess(oneOrNone, z.enum(roleKeys as [string, ...string[]]).optional()),
  id: z.preprocess(list, z.array(z.uuid()).max(1000)).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  format: z.enum(exportFormats).optional(),
});
export type LibraryQueryInput = z.infer<typeof libraryQuery>;

export const apiAuthor = z.object({ family: z.string(), given: z.string() });
export const apiLibraryItem = z.object({
  id: z.uuid(),
  url: z.string(),
  type: z.enum(itemTypes),
  title: z.string(),
  authors: z.array(apiAuthor),
  year: z.number().int().nullable(),
  container: z.string(),
  publisher: z.string(),
  doi: z.string().nullable(),
  isbn: z.string().nullable(),
  link: z.string().nullable(),
  accessed: z.string().nullable(),
  summary: z.string(),
  lessons: z.array(z.string()),
  characteristics: z.array(z.string()),
  roles: z.array(z.string()),
  publishedAt: z.string().nullable(),
});
export const apiLibraryList = z.object({
  total: z.number().int(),
  page: z.number().int(),
  items: z.array(apiLibraryItem),
});
