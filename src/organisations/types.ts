// Organisations' vocabulary: the sectors public services are delivered from, units and roles, with their names.
// Sectors and unit kinds are stored in columns, so the words live with the table types (src/db/vocabularies.ts).
import type { Sector, UnitKind } from '../db/vocabularies.ts';

export { type Sector, sectors, type UnitKind, unitKinds } from '../db/vocabularies.ts';

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

export const unitKindNames: Record<UnitKind, string> = {
  directorate: 'Directorate',
  service: 'Service',
  team: 'Team',
};

/** The roles an organisation admin gives or takes away; `member` comes with belonging and stays. */
export const assignableRoles = ['line_manager', 'hr_od', 'moderator', 'coordinator', 'editor', 'org_admin'] as const;
export type AssignableRole = (typeof assignableRoles)[number];

export const roleNames: Record<AssignableRole | 'member', string> = {
  member: 'Member',
  line_manager: 'Line manager',
  hr_od: 'HR and organisational development',
  moderator: 'Moderator',
  coordinator: 'Scheme coordinator',
  editor: 'Editor',
  org_admin: 'Organisation admin',
};

/** What each role lets a person do, shown beside the checkboxes so an admin knows what they grant. */
export const roleHints: Record<AssignableRole, string> = {
  line_manager: 'Sees the people they line manage on a team page.',
  hr_od: 'Reads the list of members, their units and line managers.',
  moderator: 'Looks after what members share.',
  coordinator: 'Runs schemes and creates spaces with other organisations.',
  editor: 'Writes, schedules and publishes the organisation’s articles.',
  org_admin: 'Manages settings, units, members and roles, invitations, single sign-on and the audit log.',
};
