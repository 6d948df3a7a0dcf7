// Request and response shapes for stories, shared by the pages, the JSON API and the OpenAPI document.
import { z } from 'zod';
import { visibilities } from '../access/visibility.ts';
import { characteristicKeys } from '../framework/types.ts';
import { storyForms } from './types.ts';

export const storyListQuery = z.object({
  characteristic: z.enum(characteristicKeys).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const storyIdParams = z.object({ id: z.uuid() });

export const storySummary = z.object({
  id: z.uuid(),
  title: z.string(),
  form: z.enum(storyForms),
  characteristics: z.array(z.string()),
  roles: z.array(z.string()),
  excerpt: z.string(),
  publishedAt: z.iso.datetime().nullable(),
});

export const storyListResponse = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(storySummary),
});

export const storyResponse = storySummary.omit({ excerpt: true }).extend({
  primaryCharacteristic: z.string(),
  body: z.string().describe('Markdown'),
  place: z.string(),
  organisation: z.object({ name: z.string(), sector: z.string() }),
  author: z.string(),
  visibility: z.enum(visibilities),
});
