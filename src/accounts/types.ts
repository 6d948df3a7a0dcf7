// Accounts' vocabulary: the roles a person may hold in an organisation (platform admin is separate).
export const membershipRoles = ['member', 'line_manager', 'hr_od', 'moderator', 'coordinator', 'org_admin'] as const;
export type MembershipRole = (typeof membershipRoles)[number];
