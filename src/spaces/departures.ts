// Membership of a space ending: a host removing an organisation or a person, and a member leaving by
// themselves or taking their organisation out.
import { auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import {
  deleteOrganisationMember,
  deletePersonMember,
  findOrganisation,
  findSpaceBySlug,
  isOrganisationMember,
  memberOrganisations,
  memberPeople,
  personRow,
} from './repository.ts';
import type { Person, SpaceStanding } from './standing.ts';

export function spaceDepartures(db: Db, { reaches, isAdminOf, managed, recordIn }: SpaceStanding) {
  return {
    /** An organisation in a space that the caller may remove (never the host). */
    async removableOrganisation(caller: Person, slug: string, orgId: string) {
      const space = await managed(caller, slug);
      if (!space || orgId === space.host_org_id) return undefined;
      const org = (await memberOrganisations(db, space.id)).find((o) => o.id === orgId);
      return org ? { space, org } : undefined;
    },

    async removeOrganisation(caller: Person, slug: string, orgId: string) {
      const found = await this.removableOrganisation(caller, slug, orgId);
      if (!found) return false;
      const { space, org } = found;
      if (!(await deleteOrganisationMember(db, space.id, org.id))) return false;
      await recordIn(caller.personId, [space.host_org_id, org.id], (where) =>
        where === org.id
          ? `${space.host_org_name} removed this organisation from the space “${space.name}”.`
          : `Removed ${org.name} from the space “${space.name}”.`,
      );
      return true;
    },

    async removablePerson(caller: Person, slug: string, personId: string) {
      const space = await managed(caller, slug);
      if (!space) return undefined;
      const person = (await memberPeople(db, space.id)).find((p) => p.id === personId);
      return person ? { space, person } : undefined;
    },

    async removePerson(caller: Person, slug: string, personId: string) {
      const found = await this.removablePerson(caller, slug, personId);
      if (!found) return false;
      const { space, person } = found;
      if (!(await deletePersonMember(db, space.id, person.id))) return false;
      await recordIn(caller.personId, [space.host_org_id, person.via_org_id], () =>
        person.via_org_name
          ? auditText`Removed ${mention(person.id)} (chosen by ${person.via_org_name}) from the space “${space.name}”.`
          : auditText`Removed ${mention(person.id)} from the space “${space.name}”.`,
      );
      return true;
    },

    /** What the caller could leave: their own place, and their organisation's when they are its admin. */
    async leaving(caller: Person, slug: string) {
      const space = await findSpaceBySlug(db, slug);
      if (!space || !reaches(caller, space)) return undefined;
      const row = await personRow(db, space.id, caller.personId);
      const orgId = caller.currentOrgId;
      const org =
        orgId !== null && isAdminOf(caller, orgId) && (await isOrganisationMember(db, space.id, orgId))
          ? await findOrganisation(db, orgId)
          : undefined;
      return {
        space,
        personal: row !== undefined,
        organisation: org && org.id !== space.host_org_id ? org : undefined,
        isHost: org !== undefined && org.id === space.host_org_id,
      };
    },

    async leave(caller: Person, slug: string, what: 'person' | 'organisation') {
      const options = await this.leaving(caller, slug);
      if (!options) return false;
      const { space } = options;
      if (what === 'person') {
        if (!options.personal || !(await deletePersonMember(db, space.id, caller.personId))) return false;
        await recordIn(
          caller.personId,
          [space.host_org_id],
          () => auditText`${mention(caller.personId)} left the space “${space.name}”.`,
        );
        return true;
      }
      const org = options.organisation;
      if (!org || !(await deleteOrganisationMember(db, space.id, org.id))) return false;
      await recordIn(caller.personId, [space.host_org_id, org.id], (where) =>
        where === org.id
          ? `Took this organisation out of the space “${space.name}”.`
          : `${org.name} left the space “${space.name}”.`,
      );
      return true;
    },
  };
}
