// Invitations' part of a person's data export: invitations sent to their address and what became of them
// (gathered by src/privacy/sections.ts).
import { sql } from 'kysely';
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const invitationsSection: ExportSection = {
  key: 'invitations',
  describe: 'Invitations to join an organisation sent to your email address, and what became of them.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('invitations')
      .innerJoin('users as person', (join) =>
        join.on('person.id', '=', userId).on(sql`lower(person.email)`, '=', sql`lower(invitations.email)`),
      )
      .innerJoin('organisations', 'organisations.id', 'invitations.org_id')
      .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
      .select([
        'organisations.name as organisation',
        'invitations.display_name',
        'invitations.email',
        'invitations.role',
        'invitations.created_at',
        'invitations.expires_at',
        'invitations.accepted_at',
        'invitations.revoked_at',
        'inviter.display_name as invitedBy',
      ])
      .orderBy('invitations.created_at')
      .execute();
    // The line manager's address named on an invitation is someone else's: it is left out.
    return rows.map((i) => ({
      organisation: i.organisation,
      nameGiven: i.display_name,
      email: i.email,
      role: i.role,
      invitedBy: i.invitedBy,
      sentAt: iso(i.created_at),
      expiresAt: iso(i.expires_at),
      acceptedAt: iso(i.accepted_at),
      withdrawnAt: iso(i.revoked_at),
    }));
  },
};
