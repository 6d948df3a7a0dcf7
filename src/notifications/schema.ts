// The API's notification shapes (zod), for validation and the OpenAPI document.
import { z } from 'zod';
import { notificationEvents } from './events.ts';

export const notificationListQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('Page number, 20 notifications a page'),
});

export const notificationItem = z.object({
  id: z.uuid(),
  event: z
    .string()
    .describe(`What kind of event it reports: ${notificationEvents.map((e) => e.key).join(', ')} (more may follow)`),
  summary: z.string().describe('What happened, in a sentence, naming the person who acted as they are called now'),
  about: z.object({
    type: z.string().describe('The kind of content: story, ...'),
    id: z.uuid(),
    title: z.string().nullable().describe('Null when the caller can no longer open it'),
    url: z.string().nullable().describe('Its page; null when the caller can no longer open it'),
  }),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});

export const notificationListResponse = z.object({
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  items: z.array(notificationItem),
});

export const markedReadResponse = z.object({
  marked: z.number().int().describe('How many notifications were unread and are now read'),
});
