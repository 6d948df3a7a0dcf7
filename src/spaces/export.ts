// Spaces' part of a person's data export: the spaces they take part in and how, their invitations to spaces
// and the spaces they created (gathered by src/privacy/sections.ts).
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const spacesSection: ExportSection = {
  key: 'spaces',
  describe:
    'The spaces you take part in, and how you came to be in each: by name, chosen by your organisation, or with all of it.',
  async collect(db, userId) {
    const personal = await db
      .selectFrom('space_members')
      .innerJoin('spaces', 'spaces.id', 'space_members.space_id')
      .leftJoin('organisations as via', 'via.id', 'space_members.via_org_id')
      .select(['spaces.name', 'space_members.added_at', 'via.name as viaOrganisation'])
      .where('space_members.member_person_id', '=', userId)
      .execute();
    const throughOrganisations = await db
      .selectFrom('space_members')
      .innerJoin('spaces', 'spaces.id', 'space_members.space_id')
      .innerJoin('organisations', 'organisations.id', 'space_members.member_org_id')
      .select(['spaces.name', 'space_members.added_at', 'organisations.name as organisation'])
      .where('space_members.everyone', '=', true)
      .where('space_members.member_org_id', 'in', (eb) =>
        eb.selectFrom('memberships').select('org_id').where('user_id', '=', userId),
      )
      .execute();
    const invitations = await db
      .selectFrom('space_invitations')
      .innerJoin('spaces', 'spaces.id', 'space_invitations.space_id')
      .leftJoin('users as inviter', 'inviter.id', 'space_invitations.invited_by')
      .select([
        'spaces.name',
        'space_invitations.status',
        'space_invitations.created_at',
        'space_invitations.responded_at',
        'inviter.display_name as invitedBy',
      ])
      .where('space_invitations.invited_person_id', '=', userId)
      .execute();
    const created = await db
      .selectFrom('spaces')
      .select(['name', 'created_at'])
      .where('created_by', '=', userId)
      .execute();
    return {
      memberships: [
        ...personal.map((s) => ({
          space: s.name,
          how: s.viaOrganisation ? `chosen by ${s.viaOrganisation}` : 'invited by name',
          since: iso(s.added_at),
        })),
        ...throughOrganisations.map((s) => ({
          space: s.name,
          how: `with everyone in ${s.organisation}`,
          since: iso(s.added_at),
        })),
      ],
      invitations: invitations.map((i) => ({
        space: i.name,
        status: i.status,
        invitedBy: i.invitedBy,
        sentAt: iso(i.created_at),
        answeredAt: iso(i.responded_at),
      })),
      created: created.map((s) => ({ space: s.name, createdAt: iso(s.created_at) })),
    };
  },
};
