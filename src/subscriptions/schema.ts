// What the subscription forms and API accept: something to follow, a frequency, an address.
import { z } from 'zod';
import { plainText } from '../web/text.ts';
import { targetTypes } from './repository.ts';
import { frequencies } from './schedule.ts';

export const targetSchema = z.object({
  type: z.enum(targetTypes, 'Select what to follow'),
  target: plainText({ min: [1, 'Select what to follow'], max: [200, 'Select what to follow'] }),
});

/** Where a follow button sends the person back to: a path on this site, never another site. */
export const returnPath = (value: unknown, fallback: string) =>
  typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : fallback;

export const frequencyForm = z.object({
  frequency: z.enum(frequencies, 'Select how often you want emails'),
});

export const addressForm = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});

/** The API's shapes. */
export const apiTarget = z.object({
  type: z.enum(targetTypes).describe('What to follow: a series, a tag, a reading group or an author'),
  target: z
    .string()
    .min(1)
    .max(200)
    .describe('The series’, group’s or author’s id, or the tag (like `lesson:generic-skills` or `sector:nhs`)'),
});

export const apiFollow = apiTarget.extend({
  label: z.string().nullable().describe('What it is called; null once the caller can no longer read it'),
  since: z.iso.datetime(),
});

export const apiSubscriptions = z.object({
  frequency: z.enum(frequencies).describe('How often digests are emailed: immediate, daily, weekly or off'),
  items: z.array(apiFollow),
});

/** A follow in the path of a DELETE: ids and tags are short, in lower-case letters, digits, `:` and `-`. */
export const apiTargetPath = z.object({
  type: apiTarget.shape.type,
  target: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:-]{0,79}$/)
    .describe('The series’, group’s or author’s id, or the tag'),
});

export const apiRemoved = z.object({ removed: z.literal(true) });
