// Organisations' vocabulary: the sectors public services are delivered from.
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
