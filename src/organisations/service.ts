// Organisations' use-cases: settings, the unit tree, members' roles and places, leaving and removal, line
// managers' teams, and creating organisations. Every method takes the organisation to act on from its
// caller (the route passes the session's current organisation), and records what it changed in the audit log.
import type { Principal } from '../access/visibility.ts';
import { type AuditService, auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import {
  countAdmins,
  countOrganisations,
  deleteUnit,
  findMember,
  findOrganisation,
  findOrganisationBySlug,
  insertOrganisation,
  insertUnit,
  listMembers,
  managersIn,
  memberNames,
  organisationNames,
  organisationsWithCounts,
  peoplePerUnit,
  removeFromOrganisation,
  reportsOf,
  setPlacement,
  setRoles,
  unitRows,
  updateOrganisation,
  updateUnit,
  withOrganisationLocked,
} from './repository.ts';
import type { NewOrganisationInput, PlacementInput, SettingsInput, UnitInput } from './schema.ts';
import { mayManage, mayMoveUnder, unitTree } from './tree.ts';
import { type AssignableRole, roleNames, sectorNames, unitKindNames } from './types.ts';

export type Problems = Record<string, string>;
export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; problems: Problems };
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const problem = (field: string, text: string): Outcome<never> => ({ ok: false, problems: { [field]: text } });

const describeRoles = (roles: readonly string[]) =>
  roles.length === 0 ? 'member only' : roles.map((r) => roleNames[r as AssignableRole] ?? r).join(', ');

/**
 * What creating an organisation needs from invitations: sending the first admin their invitation, answering
 * the problems found. The composition root hands in invitations' service, so this folder never imports it
 * (invitations reach spaces, and through them stories, which read organisations' vocabulary).
 */
export interface FirstAdminInvitations {
  invite(
    actorId: string,
    orgId: string,
    admin: { name: string; email: string; role: 'org_admin'; unitId: null; managerEmail: null },
  ): Promise<Record<string, string>>;
}

export function organisationsService(
  db: Db,
  {
    audit,
    invitations,
    now = () => new Date(),
  }: { audit: AuditService; invitations: FirstAdminInvitations; now?: () => Date },
) {
  /** The organisation's units in reading order, each with how many people sit in it. */
  async function units(orgId: string) {
    const [rows, counts] = await Promise.all([unitRows(db, orgId), peoplePerUnit(db, orgId)]);
    const people = new Map(counts.map((c) => [c.unit_id, Number(c.n)]));
    return unitTree(rows).map((u) => ({ ...u, kindName: unitKindNames[u.kind], people: people.get(u.id) ?? 0 }));
  }

  return {
    /** The caller's organisations by name, for the header (one query, only for signed-in pages). */
    namesOf: (orgIds: readonly string[]) => organisationNames(db, orgIds),

    find: (orgId: string) => findOrganisation(db, orgId),

    async updateSettings(actorId: string, orgId: string, input: SettingsInput) {
      const before = await findOrganisation(db, orgId);
      await updateOrganisation(db, orgId, input);
      const changes: string[] = [];
      if (before?.name !== input.name) changes.push(`name to “${input.name}”`);
      if (before?.sector !== input.sector) changes.push(`sector to ${sectorNames[input.sector]}`);
      if (before?.region !== input.region) changes.push(`region to “${input.region}”`);
      if (changes.length > 0) {
        await audit.record({
          orgId,
          actorId,
          action: 'settings_changed',
          summary: `Changed the organisation’s ${changes.join(', ')}.`,
        });
      }
    },

    units,

    /** One unit with the places it may move to (not under itself or anything below it). */
    async unit(orgId: string, unitId: string) {
      const all = await units(orgId);
      const found = all.find((u) => u.id === unitId);
      if (!found) return undefined;
      return { unit: found, parents: all.filter((u) => mayMoveUnder(all, unitId, u.id)) };
    },

    async addUnit(actorId: string, orgId: string, input: UnitInput): Promise<Outcome<string>> {
      const all = await unitRows(db, orgId);
      if (input.parentId !== null && !all.some((u) => u.id === input.parentId)) {
        return problem('parentId', 'Select where the unit sits');
      }
      const id = await insertUnit(db, orgId, input);
      const parent = all.find((u) => u.id === input.parentId);
      await audit.record({
        orgId,
        actorId,
        action: 'unit_changed',
        summary: `Added the ${input.kind} “${input.name}”${parent ? ` under “${parent.name}”` : ' at the top'}.`,
      });
      return ok(id);
    },

    /** Renames or moves a unit; undefined when the organisation has no such unit. */
    async changeUnit(actorId: string, orgId: string, unitId: string, input: UnitInput): Promise<Outcome | undefined> {
      const all = await unitRows(db, orgId);
      const before = all.find((u) => u.id === unitId);
      if (!before) return undefined;
      if (input.parentId !== null && !all.some((u) => u.id === input.parentId)) {
        return problem('parentId', 'Select where the unit sits');
      }
      if (!mayMoveUnder(all, unitId, input.parentId)) {
        return problem('parentId', 'A unit cannot sit under itself or under a unit inside it');
      }
      await updateUnit(db, orgId, unitId, input);
      const changes: string[] = [];
      if (before.name !== input.name) changes.push(`renamed “${before.name}” to “${input.name}”`);
      if (before.kind !== input.kind) changes.push(`made “${input.name}” a ${input.kind}`);
      if (before.parent_id !== input.parentId) {
        const parent = all.find((u) => u.id === input.parentId);
        changes.push(`moved “${input.name}” ${parent ? `under “${parent.name}”` : 'to the top'}`);
      }
      if (changes.length > 0) {
        const text = changes.join('; ');
        await audit.record({
          orgId,
          actorId,
          action: 'unit_changed',
          summary: `${text.charAt(0).toUpperCase()}${text.slice(1)}.`,
        });
      }
      return ok(undefined);
    },

    /** Deletes a unit without child units; undefined when there is no such unit. */
    async deleteUnit(actorId: string, orgId: string, unitId: string): Promise<Outcome | undefined> {
      const all = await unitRows(db, orgId);
      const found = all.find((u) => u.id === unitId);
      if (!found) return undefined;
      if (all.some((u) => u.parent_id === unitId) || !(await deleteUnit(db, orgId, unitId))) {
        return problem('unit', `Move or delete the units inside “${found.name}” first`);
      }
      await audit.record({
        orgId,
        actorId,
        action: 'unit_changed',
        summary: `Deleted the ${found.kind} “${found.name}”.`,
      });
      return ok(undefined);
    },

    async members(orgId: string, search: string, page: number, pageSize: number) {
      return listMembers(db, orgId, { search, limit: pageSize, offset: (page - 1) * pageSize });
    },

    member: (orgId: string, personId: string) => findMember(db, orgId, personId),

    /** What a member's page offers: the units and the people who could manage them. */
    async placementChoices(orgId: string, personId: string) {
      const [allUnits, people, managers] = await Promise.all([
        units(orgId),
        memberNames(db, orgId),
        managersIn(db, orgId),
      ]);
      return {
        units: allUnits,
        managers: people.filter((p) => p.id !== personId && mayManage(managers, personId, p.id)),
      };
    },

    /**
     * Sets a member's roles beyond `member`. The organisation always keeps at least one admin, so an admin who is
     * the last one cannot take the role from themselves. Undefined when the person is not a member.
     */
    async setRoles(
      actorId: string,
      orgId: string,
      personId: string,
      roles: readonly AssignableRole[],
    ): Promise<Outcome | undefined> {
      const checked = await withOrganisationLocked(db, orgId, async (trx) => {
        const member = await findMember(trx, orgId, personId);
        if (!member) return undefined;
        if (
          member.roles.includes('org_admin') &&
          !roles.includes('org_admin') &&
          (await countAdmins(trx, orgId)) <= 1
        ) {
          return problem(
            'roles',
            'The organisation needs at least one organisation admin: give the role to someone else first',
          );
        }
        await setRoles(trx, orgId, personId, roles);
        return ok(member);
      });
      if (!checked?.ok) return checked;
      const member = checked.value;
      const before = member.roles.filter((r) => r !== 'member');
      const after = [...roles];
      const same = before.length === after.length && before.every((r) => after.includes(r as AssignableRole));
      if (!same) {
        await audit.record({
          orgId,
          actorId,
          action: 'role_changed',
          summary: auditText`Changed ${mention(personId)}’s roles from ${describeRoles(before)} to ${describeRoles(after)}.`,
        });
      }
      return ok(undefined);
    },

    /** Sets a member's unit and line manager (someone else in the organisation, without loops). */
    async setPlacement(
      actorId: string,
      orgId: string,
      personId: string,
      input: PlacementInput,
    ): Promise<Outcome | undefined> {
      const member = await findMember(db, orgId, personId);
      if (!member) return undefined;
      const problems: Problems = {};
      const allUnits = await unitRows(db, orgId);
      const unit = allUnits.find((u) => u.id === input.unitId);
      if (input.unitId !== null && !unit) problems.unitId = 'Select one of the organisation’s units';
      let managerName: string | undefined;
      if (input.managerId !== null) {
        const manager = input.managerId === personId ? undefined : await findMember(db, orgId, input.managerId);
        if (input.managerId === personId) problems.managerId = 'A person cannot be their own line manager';
        else if (!manager) problems.managerId = 'Select a line manager from the organisation';
        else if (!mayManage(await managersIn(db, orgId), personId, input.managerId)) {
          problems.managerId = `${manager.display_name} is managed by ${member.display_name}, directly or through others: choose someone else`;
        }
        managerName = manager?.display_name;
      }
      if (Object.keys(problems).length > 0) return { ok: false, problems };
      if (member.unit_id === input.unitId && member.manager_id === input.managerId) return ok(undefined);
      await setPlacement(db, orgId, personId, input);
      await audit.record({
        orgId,
        actorId,
        action: 'placement_changed',
        summary: auditText`Placed ${mention(personId)} in ${unit ? `“${unit.name}”` : 'no unit'}, line managed by ${input.managerId !== null && managerName !== undefined ? mention(input.managerId) : 'nobody'}.`,
      });
      return ok(undefined);
    },

    /** Whether removing this person (or their leaving) would leave the organisation without an admin. */
    async isLastAdmin(orgId: string, personId: string) {
      const member = await findMember(db, orgId, personId);
      return member?.roles.includes('org_admin') === true && (await countAdmins(db, orgId)) <= 1;
    },

    /** An admin removes someone else from the organisation; effective on their very next request. */
    async remove(actorId: string, orgId: string, personId: string): Promise<Outcome | undefined> {
      if (personId === actorId) return undefined;
      const outcome = await withOrganisationLocked(db, orgId, async (trx) => {
        const member = await findMember(trx, orgId, personId);
        if (!member) return undefined;
        if (member.roles.includes('org_admin') && (await countAdmins(trx, orgId)) <= 1) {
          return problem('member', 'The organisation needs at least one organisation admin');
        }
        await removeFromOrganisation(trx, orgId, personId, now());
        return ok(member);
      });
      if (!outcome?.ok) return outcome;
      await audit.record({
        orgId,
        actorId,
        action: 'member_removed',
        summary: auditText`Removed ${mention(personId)} from the organisation.`,
      });
      return ok(undefined);
    },

    /** A person leaves one of their organisations; their own records go with them. */
    async leave(personId: string, orgId: string): Promise<Outcome | undefined> {
      const outcome = await withOrganisationLocked(db, orgId, async (trx) => {
        const member = await findMember(trx, orgId, personId);
        if (!member) return undefined;
        if (member.roles.includes('org_admin') && (await countAdmins(trx, orgId)) <= 1) {
          return problem(
            'leave',
            'You are the organisation’s only admin: make someone else an organisation admin before you leave',
          );
        }
        await removeFromOrganisation(trx, orgId, personId, now());
        return ok(member);
      });
      if (!outcome?.ok) return outcome;
      await audit.record({
        orgId,
        actorId: personId,
        action: 'member_removed',
        summary: auditText`${mention(personId)} left the organisation.`,
      });
      return ok(undefined);
    },

    /** The caller's team: the people they line manage where they are working now. */
    team: (principal: Principal) => reportsOf(db, principal),

    async organisations(page: number, pageSize: number) {
      const [items, total] = await Promise.all([
        organisationsWithCounts(db, { limit: pageSize, offset: (page - 1) * pageSize }),
        countOrganisations(db),
      ]);
      return {
        items: items.map((o) => ({ ...o, sectorName: sectorNames[o.sector], members: Number(o.members ?? 0) })),
        total,
      };
    },

    /**
     * A platform admin creates an organisation and invites its first admin by email. Nobody is added directly:
     * the person joins, as organisation admin, when they accept the invitation (signed in, if they already
     * have an account), like everyone who joins an organisation.
     */
    async create(actorId: string, input: NewOrganisationInput): Promise<Outcome<string>> {
      if (await findOrganisationBySlug(db, input.slug))
        return problem('slug', 'Another organisation has this web address');
      // Two admins choosing the same web address at once: the unique index decides, and the loser is told.
      const orgId = await (async () => {
        try {
          return await insertOrganisation(db, {
            slug: input.slug,
            name: input.name,
            sector: input.sector,
            region: input.region,
          });
        } catch (error) {
          if ((error as { code?: string }).code === '23505') return undefined;
          throw error;
        }
      })();
      if (orgId === undefined) return problem('slug', 'Another organisation has this web address');
      await audit.record({
        orgId,
        actorId,
        action: 'settings_changed',
        summary: `Created the organisation “${input.name}”.`,
      });
      const problems = await invitations.invite(actorId, orgId, {
        name: input.adminName,
        email: input.adminEmail,
        role: 'org_admin',
        unitId: null,
        managerEmail: null,
      });
      // A new organisation has no members, invitations or units, so its first invitation cannot be refused.
      if (Object.keys(problems).length > 0)
        throw new Error(`Inviting the first admin failed: ${Object.values(problems).join('; ')}`);
      return ok(orgId);
    },
  };
}

export type OrganisationsService = ReturnType<typeof organisationsService>;
