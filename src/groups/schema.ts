// Reading groups' forms and API bodies, validated once at the boundary. They name only what a caller may
// set: the organisation, the facilitators and the group's status never come from them.
import { z } from 'zod';
import { multilineText, plainText } from '../web/text.ts';

export const groupVisibilities = ['organisation', 'space', 'signed_in', 'public'] as const;
export const joinRules = ['open', 'request'] as const;
export const rsvpAnswers = ['yes', 'maybe', 'no'] as const;

/** Who may find a group, in words. */
export const groupVisibilityNames: Record<(typeof groupVisibilities)[number] | 'private', string> = {
  private: 'Only the person who started it',
  organisation: 'People in your organisation',
  space: 'People in a shared space',
  signed_in: 'Everyone signed in to Waymark',
  public: 'Everyone, including people not signed in',
};

export const joinRuleNames: Record<(typeof joinRules)[number], string> = {
  open: 'Anyone who can see the group joins straight away',
  request: 'People ask to join and a facilitator says yes',
};

export const rsvpNames: Record<(typeof rsvpAnswers)[number], string> = {
  yes: 'Yes, I’ll be there',
  maybe: 'Maybe',
  no: 'No, I can’t come',
};

export const groupForm = z
  .object({
    name: plainText({
      min: [1, 'Enter a name for the group'],
      max: [120, 'Name must be 120 characters or fewer'],
    }),
    about: multilineText({ max: [2000, 'About the group must be 2,000 characters or fewer'], trim: true }).default(''),
    visibility: z.enum(groupVisibilities, { error: 'Select who can find the group' }),
    spaceId: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .pipe(z.uuid('Select a shared space').nullable()),
    joinRule: z.enum(joinRules, { error: 'Select how people join' }),
  })
  .superRefine((value, ctx) => {
    if (value.visibility === 'space' && value.spaceId === null) {
      ctx.addIssue({ code: 'custom', path: ['spaceId'], message: 'Select the shared space to share the group with' });
    }
  });

export type GroupInput = z.infer<typeof groupForm>;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const timePattern = /^\d{1,2}:\d{2}$/;

export const sessionForm = z.object({
  title: plainText({
    min: [1, 'Enter a title for the session'],
    max: [120, 'Title must be 120 characters or fewer'],
  }),
  date: z
    .string('Enter the date of the session')
    .trim()
    .min(1, 'Enter the date of the session')
    .regex(datePattern, 'Date must be a real date, like 2027-03-28'),
  startTime: z
    .string('Enter the start time')
    .trim()
    .min(1, 'Enter the start time')
    .regex(timePattern, 'Start time must be a time on the 24-hour clock, like 18:30'),
  endTime: z
    .string('Enter the end time')
    .trim()
    .min(1, 'Enter the end time')
    .regex(timePattern, 'End time must be a time on the 24-hour clock, like 20:00'),
  place: plainText({ max: [200, 'Place must be 200 characters or fewer'] }).default(''),
  onlineLink: z
    .string()
    .trim()
    .max(500, 'Online link must be 500 characters or fewer')
    .default('')
    .refine((v) => v === '' || /^https:\/\/[^\s]+$/.test(v), 'Online link must start with https://'),
  capacity: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d{1,4}$/.test(v), 'Places must be a whole number, like 12')
    .transform((v) => (v === '' ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= 1000), 'Places must be between 1 and 1,000'),
});

export type SessionInput = z.infer<typeof sessionForm>;

export const rsvpForm = z.object({
  answer: z.enum(rsvpAnswers, { error: 'Select whether you are coming' }),
});

/** A facilitator closing answers to a session, or opening them again. */
export const answersForm = z.object({
  answers: z.enum(['closed', 'open'], { error: 'Choose whether answers are open or closed' }),
});

export const readingListForm = z.object({
  itemLink: z
    .string('Enter the link to a story, article or library item')
    .trim()
    .min(1, 'Enter the link to a story, article or library item')
    .max(500, 'Link must be 500 characters or fewer'),
  itemNote: multilineText({ max: [1000, 'Note must be 1,000 characters or fewer'], trim: true }).default(''),
});

export const agendaForm = z.object({
  questions: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().max(80)).max(50, 'Choose 50 questions or fewer')),
});

export const questionForm = z.object({
  questionText: plainText({
    min: [1, 'Enter your question'],
    max: [500, 'Question must be 500 characters or fewer'],
  }),
});

export const notesForm = z.object({
  notes: multilineText({ max: [20_000, 'Notes must be 20,000 characters or fewer'], trim: true }).default(''),
});

export const reflectionForm = z.object({
  reflection: multilineText({ max: [20_000, 'Reflection must be 20,000 characters or fewer'], trim: true }).default(''),
});

export const actionForm = z.object({
  actionText: plainText({
    min: [1, 'Enter the action'],
    max: [500, 'Action must be 500 characters or fewer'],
  }),
  ownerId: z.uuid('Select who will do it'),
  dueOn: z
    .string('Enter when it is due')
    .trim()
    .min(1, 'Enter when it is due')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Due date must be a real date, like 2027-04-30')
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
    }, 'Due date must be a real date, like 2027-04-30'),
});

/** A facilitator's invitation: an email address, nothing else. */
export const groupInviteForm = z.object({
  email: z
    .string('Enter the email address of the person to invite')
    .trim()
    .min(1, 'Enter the email address of the person to invite')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});

/** Moving an item on the reading list: the button pressed. */
export const moveForm = z.object({ direction: z.enum(['up', 'down'], 'Select whether to move it up or down') });
