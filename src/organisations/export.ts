// Organisations' part of a person's data export: their memberships, roles, unit and line manager's name
// (gathered by src/privacy/sections.ts).
import { type ExportSection, iso } from '../personal-data/export-section.ts';

export const organisationsSection: ExportSection = {
  key: 'organisations',
  describe: 'The organisations you belong to, your roles in each, your unit and the name of your line manager.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .leftJoin('placements', (join) =>
        join
          .onRef('placements.org_id', '=', 'memberships.org_id')
          .onRef('placements.user_id', '=', 'memberships.user_id'),
      )
      .leftJoin('units', (join) =>
        join.onRef('units.org_id', '=', 'placements.org_id').onRef('units.id', '=', 'placements.unit_id'),
      )
      .leftJoin('users as manager', 'manager.id', 'placements.manager_id')
      .select([
        'organisations.id',
        'organisations.name',
        'organisations.sector',
        'organisations.region',
        'memberships.role',
        'memberships.created_at',
        'units.name as unit',
        'manager.display_name as manager',
      ])
      .where('memberships.user_id', '=', userId)
      .orderBy('organisations.name')
      .orderBy('memberships.role')
      .execute();
    const byOrg = new Map<
      string,
      {
        name: string;
        sector: string;
        region: string;
        roles: string[];
        memberSince: string | null;
        unit: string | null;
        lineManager: string | null;
      }
    >();
    for (const r of rows) {
      const org = byOrg.get(r.id) ?? {
        name: r.name,
        sector: r.sector,
        region: r.region,
        roles: [],
        memberSince: iso(r.created_at),
        unit: r.unit,
        lineManager: r.manager,
      };
      org.roles.push(r.role);
      const since = iso(r.created_at);
      if (since !== null && (org.memberSince === null || since < org.memberSince)) org.memberSince = since;
      byOrg.set(r.id, org);
    }
    return [...byOrg.values()];
  },
};
