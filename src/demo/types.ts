// The shape of the demo content written for a first start.
import type { CharacteristicKey } from '../framework/types.ts';

export const sectors = [
  'local-government',
  'nhs',
  'police',
  'fire',
  'civil-service',
  'voluntary',
  'social-enterprise',
  'private-provider',
  'other',
] as const;
export type Sector = (typeof sectors)[number];

export const visibilities = ['private', 'organisation', 'space', 'signed_in', 'public'] as const;
export type Visibility = (typeof visibilities)[number];

export const storyForms = ['profile', 'personal-narrative', 'quote', 'flash-fiction'] as const;
export type StoryForm = (typeof storyForms)[number];

export const membershipRoles = ['member', 'line_manager', 'hr_od', 'moderator', 'coordinator', 'org_admin'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

export interface DemoOrganisation {
  slug: string;
  name: string;
  sector: Sector;
  region: string;
}

export interface DemoSpace {
  slug: string;
  name: string;
  description: string;
  hostOrg: string;
  memberOrgs: string[];
}

export interface DemoUser {
  email: string;
  displayName: string;
  org: string;
  role: MembershipRole;
  platformAdmin?: boolean;
}

export interface DemoStory {
  slug: string;
  title: string;
  form: StoryForm;
  primaryCharacteristic: CharacteristicKey;
  otherCharacteristics: CharacteristicKey[];
  roles: string[];
  org: string;
  author: string;
  place: string;
  visibility: Visibility;
  space?: string;
  /** Markdown. */
  body: string;
}
