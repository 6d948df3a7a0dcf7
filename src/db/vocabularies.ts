// The values the database's columns hold where a feature owns the words: here, below every feature, so the
// table types (tables.ts) name them without importing a feature. Each feature re-exports its own, with labels.

/** Who may see a record (src/access/visibility.ts decides). */
export const visibilities = ['private', 'organisation', 'space', 'signed_in', 'public'] as const;
export type Visibility = (typeof visibilities)[number];

/** The roles a person may hold in an organisation (platform admin is separate); src/access/roles.ts. */
export const membershipRoles = [
  'member',
  'line_manager',
  'hr_od',
  'moderator',
  'coordinator',
  'org_admin',
  'editor',
] as const;
export type MembershipRole = (typeof membershipRoles)[number];

/** The sectors public services are delivered from (src/organisations/types.ts). */
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

/** Units form a tree inside an organisation: directorates hold services, services hold teams. */
export const unitKinds = ['directorate', 'service', 'team'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** The four forms a story of practice takes (src/stories/types.ts). */
export const storyForms = ['profile', 'personal-narrative', 'quote', 'flash-fiction'] as const;
export type StoryForm = (typeof storyForms)[number];

/**
 * Where a story is on its way to readers. Only `published` is ever shown to anyone but its authors and
 * moderators; `changes_requested` and `rejected` carry the moderator's reason in moderation_events.
 */
export const storyStatuses = ['draft', 'submitted', 'changes_requested', 'published', 'rejected', 'withdrawn'] as const;
export type StoryStatus = (typeof storyStatuses)[number];

/** How a person other than the owner appears in a story. */
export const storyRelations = ['author', 'told_with', 'subject', 'named'] as const;
export type StoryRelation = (typeof storyRelations)[number];

/** A person's consent to appear: asked by link, given, refused, or avoided by anonymising them. */
export const consentStates = ['not_needed', 'not_asked', 'pending', 'given', 'refused', 'anonymised'] as const;
export type ConsentState = (typeof consentStates)[number];
