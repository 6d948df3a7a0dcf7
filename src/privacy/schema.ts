// What the privacy forms accept. Only these fields are ever read: the person and the organisation acted on
// come from the caller's session, never from what was posted.
import { z } from 'zod';

export const retentionLimits = { min: 30, max: 3650 } as const;

/** Blank keeps records for as long as the organisation exists; otherwise a whole number of days. */
export const retentionForm = z.object({
  days: z
    .string('Enter a whole number of days, like 365, or leave it blank')
    .trim()
    .max(20, 'Enter a whole number of days, like 365')
    .refine((v) => v === '' || /^\d+$/.test(v), 'Enter a whole number of days, like 365, or leave it blank')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || v >= retentionLimits.min, `Keep records for at least ${retentionLimits.min} days`)
    .refine(
      (v) => v === null || v <= retentionLimits.max,
      `Keep records for ${retentionLimits.max} days or fewer (about 10 years)`,
    ),
});

export const storyChoices = ['remove', 'anonymise'] as const;
export type StoryChoice = (typeof storyChoices)[number];

export const deleteAccountForm = z.object({
  stories: z.enum(storyChoices, 'Select what happens to the stories you wrote'),
  email: z
    .string('Type your email address to confirm')
    .trim()
    .min(1, 'Type your email address to confirm')
    .max(320, 'Type your email address to confirm'),
});
