// What an author may write into a story, for the form and the API alike. Organisation, status, authorship
// and publication are never among these fields: they come from the caller and the workflow only.
import { z } from 'zod';
import { visibilities } from '../../access/visibility.ts';
import { characteristicKeys } from '../../framework/types.ts';
import { multilineText, plainText } from '../../web/text.ts';
import { storyForms, storyStatuses } from '../types.ts';

const email = z
  .string()
  .trim()
  .max(320, 'Email address must be 320 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.com');

export const personInput = z.object({
  name: plainText({ min: [1, 'Enter the person’s name'], max: [200, 'Name must be 200 characters or fewer'] }),
  email: email.nullable(),
});
export type PersonInput = z.infer<typeof personInput>;

/** A draft: only a title and a primary characteristic are needed to keep it; submitting asks for more. */
export const draftInput = z
  .object({
    title: plainText({ min: [1, 'Enter a title'], max: [200, 'Title must be 200 characters or fewer'] }),
    form: z.enum(storyForms, 'Select the form of your story'),
    body: multilineText({ max: [50_000, 'Your story must be 50,000 characters or fewer'] }),
    primaryCharacteristic: z.enum(characteristicKeys, 'Select the characteristic your story shows most'),
    characteristics: z
      .array(z.enum(characteristicKeys, 'Select characteristics from the list'))
      .max(10, 'Select 10 characteristics or fewer'),
    roles: z
      .array(plainText({ min: [1, 'Select a role'], max: [80, 'Each role must be 80 characters or fewer'] }))
      .max(30, 'Select 30 roles or fewer'),
    place: plainText({ max: [200, 'Place must be 200 characters or fewer'] }),
    region: plainText({ max: [100, 'Region must be 100 characters or fewer'] }),
    visibility: z.enum(visibilities, 'Select who may read your story'),
    spaceId: z.uuid('Select a shared space').nullable(),
    transcript: multilineText({ max: [100_000, 'Transcript must be 100,000 characters or fewer'] }),
    toldWith: personInput.nullable(),
    subject: personInput.nullable(),
    named: z.array(personInput).max(30, 'Name 30 people or fewer'),
  })
  .superRefine((value, ctx) => {
    if (value.visibility === 'space' && value.spaceId === null) {
      ctx.addIssue({ code: 'custom', path: ['spaceId'], message: 'Select the shared space to share your story with' });
    }
  });
export type DraftInput = z.infer<typeof draftInput>;

// The API: the same fields, named as in the rest of the API. Unknown keys are refused, so a client that
// sends orgId, status, authorId or publishedAt learns at once that it cannot set them.
const apiPerson = z.object({ name: z.string(), email: z.string().nullable().optional() }).strict();
export const apiStoryCreate = z
  .object({
    title: z.string(),
    form: z.enum(storyForms),
    body: z.string().default(''),
    primaryCharacteristic: z.enum(characteristicKeys),
    characteristics: z.array(z.enum(characteristicKeys)).default([]),
    roles: z.array(z.string()).default([]),
    place: z.string().default(''),
    region: z.string().optional(),
    // Only its authors until the client says otherwise, as before: a client's drafts never widen silently.
    visibility: z.enum(visibilities).default('private'),
    spaceId: z.uuid().nullable().default(null),
    transcript: z.string().default(''),
    toldWith: apiPerson.nullable().default(null),
    subject: apiPerson.nullable().default(null),
    named: z.array(apiPerson).default([]),
  })
  .strict();
export const apiStoryPatch = z
  .object({
    title: z.string(),
    form: z.enum(storyForms),
    body: z.string(),
    primaryCharacteristic: z.enum(characteristicKeys),
    characteristics: z.array(z.enum(characteristicKeys)),
    roles: z.array(z.string()),
    place: z.string(),
    region: z.string(),
    visibility: z.enum(visibilities),
    spaceId: z.uuid().nullable(),
    transcript: z.string(),
    toldWith: apiPerson.nullable(),
    subject: apiPerson.nullable(),
    named: z.array(apiPerson),
  })
  .partial()
  .strict();

export const consentStateSchema = z.enum(['not_needed', 'not_asked', 'pending', 'given', 'refused', 'anonymised']);

export const writtenStory = z.object({
  id: z.uuid(),
  title: z.string(),
  form: z.enum(storyForms),
  body: z.string().describe('Markdown'),
  primaryCharacteristic: z.string(),
  characteristics: z.array(z.string()),
  roles: z.array(z.string()),
  place: z.string(),
  region: z.string(),
  visibility: z.enum(visibilities),
  spaceId: z.uuid().nullable(),
  transcript: z.string(),
  status: z.enum(storyStatuses),
  people: z.array(
    z.object({
      id: z.uuid(),
      relation: z.enum(['author', 'told_with', 'subject', 'named']),
      name: z.string(),
      consent: consentStateSchema,
      approved: z.boolean().describe('for the subject of a profile: approved the current text'),
    }),
  ),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
});
