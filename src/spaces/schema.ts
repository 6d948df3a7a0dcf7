// What the space forms and the spaces API accept and return.
import { z } from 'zod';
import { multilineText, plainText } from '../web/text.ts';

/** Slugs that would shadow a fixed page under /spaces/. */
export const reservedSlugs = ['new', 'invitations'];

/** A slug made from a name: lower case letters and digits joined by single hyphens. */
export function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
}

export const newSpaceForm = z.object({
  name: plainText({ min: [1, 'Enter a name for the space'], max: [200, 'Names are at most 200 characters'] }),
  slug: z
    .string()
    .trim()
    .max(60, 'Web addresses are at most 60 characters')
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'Use only lower case letters, numbers and single hyphens in the web address')
    .refine((slug) => !reservedSlugs.includes(slug), 'That web address is kept for Waymark itself: choose another'),
  description: multilineText({ trim: true, max: [2000, 'Descriptions are at most 2000 characters'] }),
});
export type NewSpaceInput = z.infer<typeof newSpaceForm>;

export const invitePersonForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter the email address of the person to invite')
    .max(320, 'Email addresses are at most 320 characters')
    .email('Enter an email address like name@example.org'),
});

export const inviteOrganisationForm = z.object({
  orgId: z.uuid('Choose an organisation to invite'),
});

export const spaceListResponse = z.object({
  items: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      description: z.string(),
      host: z.object({ slug: z.string(), name: z.string() }),
      url: z.string().describe('the space’s page'),
    }),
  ),
});
