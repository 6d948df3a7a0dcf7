// The shape of the framework: characteristics, roles and lessons, as data.
// Other features refer to these by (framework version, key).

export const characteristicKeys = [
  'locality',
  'equals',
  'ethos',
  'skills',
  'career',
  'reflects',
  'austerity',
  'initiative',
  'leadership',
  'supportive',
] as const;
export type CharacteristicKey = (typeof characteristicKeys)[number];

export const roleGroups = ['emerging', 'newer', 'long-standing', 'in-practice'] as const;
export type RoleGroup = (typeof roleGroups)[number];

export interface Characteristic {
  key: CharacteristicKey;
  name: string;
  /** One sentence, shown in lists and the API. */
  summary: string;
  /** Two or three short paragraphs of our own prose, separated by blank lines. */
  description: string;
  /** `supportive` describes an organisation; every other characteristic describes a person. */
  subject: 'person' | 'organisation';
  /** 3-5 observable behaviours, each one sentence. */
  indicators: string[];
}

export interface Role {
  key: string;
  name: string;
  group: RoleGroup;
  summary: string;
  description: string;
}

export interface Lesson {
  key: string;
  number: number;
  title: string;
  summary: string;
  /** A few short paragraphs of our own prose, separated by blank lines. */
  body: string;
  /** Characteristics this lesson bears on most. */
  characteristics: CharacteristicKey[];
}

export interface Framework {
  version: string;
  characteristics: Characteristic[];
  roles: Role[];
  lessons: Lesson[];
}
