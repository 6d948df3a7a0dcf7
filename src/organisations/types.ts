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

export const sectorNames: Record<Sector, string> = {
  'local-government': 'Local government',
  nhs: 'NHS',
  police: 'Police',
  fire: 'Fire and rescue',
  'civil-service': 'Civil service',
  voluntary: 'Voluntary and community',
  'social-enterprise': 'Social enterprise',
  'private-provider': 'Private provider',
  other: 'Other',
};

/** Units form a tree inside an organisation: directorates hold services, services hold teams. */
export const unitKinds = ['directorate', 'service', 'team'] as const;
export type UnitKind = (typeof unitKinds)[number];
