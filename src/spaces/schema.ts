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
  name: plainText({ min: [1, 'Enter a name for the space'], max: [200, 'Name must be 200 characters or fewer'] }),
  slug: z
    .string()
    .trim()
    .max(60, 'Web address must be 60 characters or fewer')
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'Use only lower case letters, numbers and single hyphens in the web address')
    .refine((slug) => !reservedSlugs.includes(slug), 'That web address is kept for Waymark itself: choose another'),
  description: multilineText({ trim: true, max: [2000, 'Description must be 2,000 characters or fewer'] }),
});
export type NewSpaceInput = z.infer<typeof newSpaceForm>;

export const invitePersonForm = z.object({
  email: z
    .string('Enter the email address of the person to invite')
    .trim()
    .min(1, 'Enter the email address of the person to invite')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});

export const inviteOrganisationForm = z.object({
  orgId: z.uuid('Select an organisation to invite'),
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
