// Demo content for a first start: invented organisations, people and stories of practice.
// Everything here is invented and written by the Waymark project; any likeness to real people is chance.
import type { DemoOrganisation, DemoPlacement, DemoSpace, DemoUnit, DemoUser } from './types.ts';

export { demoStories } from './stories.ts';

export const demoOrganisations: DemoOrganisation[] = [
  {
    slug: 'northshire-county-council',
    name: 'Northshire County Council',
    sector: 'local-government',
    region: 'North of England',
  },
  {
    slug: 'kelbridge-city-council',
    name: 'Kelbridge City Council',
    sector: 'local-government',
    region: 'North of England',
  },
  {
    slug: 'northshire-community-health',
    name: 'Northshire Community Health NHS Trust',
    sector: 'nhs',
    region: 'North of England',
  },
  {
    slug: 'northshire-fire-rescue',
    name: 'Northshire Fire and Rescue Service',
    sector: 'fire',
    region: 'North of England',
  },
  {
    slug: 'kelbridge-wellbeing-network',
    name: 'Kelbridge Wellbeing Network',
    sector: 'voluntary',
    region: 'North of England',
  },
  { slug: 'open-door-kitchens', name: 'Open Door Kitchens', sector: 'social-enterprise', region: 'North of England' },
  { slug: 'ardenvale-police', name: 'Ardenvale Police', sector: 'police', region: 'West Midlands' },
  {
    slug: 'skills-and-benefits-agency',
    name: 'Skills and Benefits Agency',
    sector: 'civil-service',
    region: 'Wales',
  },
  { slug: 'tannerside-council', name: 'London Borough of Tannerside', sector: 'local-government', region: 'London' },
  {
    slug: 'hollinsford-district-council',
    name: 'Hollinsford District Council',
    sector: 'local-government',
    region: 'South East',
  },
  { slug: 'millrace-home-care', name: 'Millrace Home Care', sector: 'private-provider', region: 'East Midlands' },
];

export const demoSpaces: DemoSpace[] = [
  {
    slug: 'northshire-wellbeing-partnership',
    name: 'Northshire Wellbeing Partnership',
    description: 'The county council and the Kelbridge Wellbeing Network working together on community wellbeing.',
    hostOrg: 'northshire-county-council',
    memberOrgs: ['northshire-county-council', 'kelbridge-wellbeing-network'],
  },
];

export const demoUsers: DemoUser[] = [
  {
    email: 'amira.okafor@northshire-county-council.example',
    displayName: 'Amira Okafor',
    org: 'northshire-county-council',
    role: 'member',
  },
  {
    email: 'tom.haddley@northshire-county-council.example',
    displayName: 'Tom Haddley',
    org: 'northshire-county-council',
    role: 'line_manager',
  },
  {
    email: 'priya.lomax@northshire-county-council.example',
    displayName: 'Priya Lomax',
    org: 'northshire-county-council',
    role: 'hr_od',
  },
  {
    email: 'gareth.mbeki@northshire-county-council.example',
    displayName: 'Gareth Mbeki',
    org: 'northshire-county-council',
    role: 'moderator',
  },
  {
    email: 'rosa.penhallow@northshire-county-council.example',
    displayName: 'Rosa Penhallow',
    org: 'northshire-county-council',
    role: 'coordinator',
  },
  {
    email: 'declan.ashworth@northshire-county-council.example',
    displayName: 'Declan Ashworth',
    org: 'northshire-county-council',
    role: 'org_admin',
  },
  {
    email: 'morven.quayle@northshire-county-council.example',
    displayName: 'Morven Quayle',
    org: 'northshire-county-council',
    role: 'org_admin',
    platformAdmin: true,
  },
  {
    email: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
    displayName: 'Hannah Birtwistle',
    org: 'kelbridge-wellbeing-network',
    role: 'member',
  },
  {
    email: 'olu.fairweather@kelbridge-wellbeing-network.example',
    displayName: 'Olu Fairweather',
    org: 'kelbridge-wellbeing-network',
    role: 'org_admin',
  },
  {
    email: 'kit.marsden@kelbridge-city-council.example',
    displayName: 'Kit Marsden',
    org: 'kelbridge-city-council',
    role: 'member',
  },
  {
    email: 'sunita.greaves@northshire-community-health.example',
    displayName: 'Sunita Greaves',
    org: 'northshire-community-health',
    role: 'member',
  },
  {
    email: 'callum.ridding@northshire-fire-rescue.example',
    displayName: 'Callum Ridding',
    org: 'northshire-fire-rescue',
    role: 'member',
  },
  {
    email: 'ines.thackeray@open-door-kitchens.example',
    displayName: 'Ines Thackeray',
    org: 'open-door-kitchens',
    role: 'member',
  },
  // Authors from further afield, listed last so "the first member of an organisation" stays who it was.
  { email: 'bex.aldous@ardenvale-police.example', displayName: 'Bex Aldous', org: 'ardenvale-police', role: 'member' },
  {
    email: 'dafydd.pryce@skills-and-benefits-agency.example',
    displayName: 'Dafydd Pryce',
    org: 'skills-and-benefits-agency',
    role: 'member',
  },
  {
    email: 'yasmin.farrant@tannerside-council.example',
    displayName: 'Yasmin Farrant',
    org: 'tannerside-council',
    role: 'member',
  },
  {
    email: 'joel.ashdown@hollinsford-district-council.example',
    displayName: 'Joel Ashdown',
    org: 'hollinsford-district-council',
    role: 'member',
  },
  {
    email: 'marta.kowal@millrace-home-care.example',
    displayName: 'Marta Kowal',
    org: 'millrace-home-care',
    role: 'member',
  },
];

const council = 'northshire-county-council';

export const demoUnits: DemoUnit[] = [
  { org: council, name: 'Adult Social Care', kind: 'directorate' },
  { org: council, name: 'Community Wellbeing', kind: 'service', parent: 'Adult Social Care' },
  { org: council, name: 'Kelbridge Locality Team', kind: 'team', parent: 'Community Wellbeing' },
  { org: council, name: 'Resources', kind: 'directorate' },
  { org: council, name: 'People and Organisational Development', kind: 'service', parent: 'Resources' },
  { org: council, name: 'Digital Services', kind: 'service', parent: 'Resources' },
];

/** Tom Haddley line manages Amira Okafor, so the team page has someone on it. */
export const demoPlacements: DemoPlacement[] = [
  {
    person: 'amira.okafor@northshire-county-council.example',
    unit: 'Kelbridge Locality Team',
    manager: 'tom.haddley@northshire-county-council.example',
  },
  { person: 'tom.haddley@northshire-county-council.example', unit: 'Community Wellbeing' },
  { person: 'priya.lomax@northshire-county-council.example', unit: 'People and Organisational Development' },
  { person: 'declan.ashworth@northshire-county-council.example', unit: 'Resources' },
];
