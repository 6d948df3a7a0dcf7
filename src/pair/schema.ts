// The pair exercise's forms, validated once at the boundary.
import { z } from 'zod';
import { multilineText } from '../web/text.ts';

export const startForm = z.object({
  partnerEmail: z
    .string('Enter your partner’s email address')
    .trim()
    .min(1, 'Enter your partner’s email address')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  mode: z.enum(['together', 'apart'], { error: 'Select where you will do the exercise' }),
  first: z.enum(['me', 'partner'], { error: 'Select who tells their story first' }),
});

const note = (label: string) =>
  multilineText({ max: [10_000, `${label} must be 10,000 characters or fewer`] }).default('');

export const notesForm = z.object({
  introduce: note('Notes on who they are'),
  why_characteristic: note('Notes on the characteristic'),
  example: note('Notes on the example'),
  what_changed: note('Notes on what changed'),
  tips: note('Notes on their tips'),
  characteristic: z.string().max(40).default(''),
});

export const finishForm = notesForm.extend({
  form: z.enum(['profile', 'personal-narrative'], { error: 'Select how the first draft is written' }),
});

export const turnParam = z.coerce.number().int().min(1).max(2);
