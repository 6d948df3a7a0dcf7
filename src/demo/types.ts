// The shape of the demo content written for a first start.

import type { MembershipRole } from '../access/roles.ts';
import type { Visibility } from '../access/visibility.ts';
import type { CharacteristicKey } from '../framework/types.ts';
import type { Sector, UnitKind } from '../organisations/types.ts';
import type { StoryForm } from '../stories/types.ts';

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

/** A unit in an organisation's tree; `parent` names a unit listed before it in the same organisation. */
export interface DemoUnit {
  org: string;
  name: string;
  kind: UnitKind;
  parent?: string;
}

/** Where a demo person sits in their organisation: a unit (by name) and a line manager (by email). */
export interface DemoPlacement {
  person: string;
  unit?: string;
  manager?: string;
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
  /** When it was published, in days before the seeding; left out, the story's place in the list decides. */
  daysAgo?: number;
  /** Markdown. */
  body: string;
}

/** A comment or a reply by a demo person (by email), written some days before the seeding. */
export interface DemoReply {
  author: string;
  daysAgo: number;
  /** Markdown. */
  body: string;
}

export interface DemoComment extends DemoReply {
  replies?: DemoReply[];
}

/** The discussion of one demo story (by slug): who says it resonates, and the comments with their replies. */
export interface DemoDiscussion {
  story: string;
  resonates: string[];
  comments: DemoComment[];
}
