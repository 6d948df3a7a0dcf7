// The roles a person may hold in an organisation, for access rules and every feature above them. The words
// themselves sit with the table types (src/db/vocabularies.ts), which store them.
export { type MembershipRole, membershipRoles } from '../db/vocabularies.ts';
