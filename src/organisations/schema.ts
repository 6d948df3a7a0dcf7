// What the organisation forms accept. Only the fields named here are ever read from a form: the organisation
// acted on always comes from the caller's session, never from what was posted.
import { z } from 'zod';
import { plainText } from '../web/text.ts';
import { sectors, unitKinds } from './types.ts';

const name = (what: string) =>
  plainText({ min: [1, `Enter the ${what}’s name`], max: [200, 'Name must be 200 characters or fewer'] });

export const settingsForm = z.object({
  name: name('organisation'),
  sector: z.enum(sectors, 'Select the sector the organisation works in'),
  region: plainText({ min: [1, 'Enter the region'], max: [100, 'Region must be 100 characters or fewer'] }),
});
export type SettingsInput = z.infer<typeof settingsForm>;

/** An empty parent means the top of the tree. */
export const unitForm = z.object({
  name: name('unit'),
  kind: z.enum(unitKinds, 'Select whether the unit is a directorate, a service or a team'),
  parentId: z.union([z.literal(''), z.uuid()], 'Select where the unit sits').transform((v) => (v === '' ? null : v)),
});
export type UnitInput = z.infer<typeof unitForm>;

export const placementForm = z.object({
  unitId: z.union([z.literal(''), z.uuid()], 'Select one of the organisation’s units').transform((v) => v || null),
  managerId: z
    .union([z.literal(''), z.uuid()], 'Select a line manager from the organisation')
    .transform((v) => v || null),
});
export type PlacementInput = z.infer<typeof placementForm>;

export const newOrganisationForm = settingsForm.extend({
  slug: z
    .string('Enter a web address for the organisation')
    .trim()
    .min(1, 'Enter a web address for the organisation')
    .max(60, 'Web address must be 60 characters or fewer')
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use only lower case letters, numbers and single hyphens in the web address'),
  adminName: name('first admin'),
  adminEmail: z
    .string('Enter the email address of the organisation’s first admin')
    .trim()
    .min(1, 'Enter the email address of the organisation’s first admin')
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
});
export type NewOrganisationInput = z.infer<typeof newOrganisationForm>;
