// Spaces: what several organisations, or named people, share. Creating one, inviting, answering, removing
// and leaving. Who reaches a space is read afresh on every request (access/principal.ts), so every change
// here takes effect on the caller's next request, everywhere.
import { runsSpace } from '../access/policies/index.ts';
import type { Principal } from '../access/visibility.ts';
import { type AuditEntry, type AuditService, auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { storiesSharedInSpace } from '../stories/repository.ts';
import {
  adminsOfOrganisation,
  closeInvitation,
  deleteOrganisationMember,
  deletePersonMember,
  findActivePersonByEmail,
  findOrganisation,
  findPendingInvitation,
  findSpaceBySlug,
  hasPendingInvitation,
  insertInvitation,
  insertSpaceWithHost,
  isOrganisationMember,
  memberOrganisations,
  memberPeople,
  organisationsToInvite,
  pendingInvitationsForOrganisation,
  pendingInvitationsForPerson,
  pendingInvitationsOfSpace,
  peopleOfOrganisation,
  personRow,
  putOrganisationMember,
  putPersonMember,
  type SpaceRecord,
  slugTaken,
  spacesWithIds,
} from './repository.ts';
import { type NewSpaceInput, slugFrom } from './schema.ts';

type Person = Extract<Principal, { kind: 'person' }>;

/** What went wrong with a form, by field name: shown next to the field. */
export type Problems = Record<string, string>;

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; problems: Problems };
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const problem = (field: string, text: string): Outcome<never> => ({ ok: false, problems: { [field]: text } });

const storiesPerPage = 20;

export function spacesService(
  db: Db,
  { audit, email, baseUrl }: { audit: AuditService; email: Outbox; baseUrl: string },
) {
  const reaches = (caller: Person, space: SpaceRecord) => caller.spaceIds.includes(space.id);

  /**
   * Who runs a space is a policy (src/access/policies: `runsSpace`): a current admin or coordinator of its
   * host organisation, working in it. A creator who lost the role or left no longer runs it.
   */
  const manages = (caller: Person, space: SpaceRecord) =>
    runsSpace(caller, { id: space.id, hostOrgId: space.host_org_id });

  const isAdminOf = (caller: Person, orgId: string | null) =>
    orgId !== null && caller.currentOrgId === orgId && caller.roles.includes('org_admin');

  /** A space the caller runs, or undefined (which the routes turn into a 404 like any other). */
  async function managed(caller: Person, slug: string) {
    const space = await findSpaceBySlug(db, slug);
    return space && manages(caller, space) ? space : undefined;
  }

  /** Records one event in each organisation concerned (the host and, when another, the one affected). */
  const recordIn = (actorId: string, orgIds: (string | null)[], summary: (orgId: string) => AuditEntry['summary']) => {
    const entries: AuditEntry[] = [...new Set(orgIds.filter((id): id is string => id !== null))].map((orgId) => ({
      orgId,
      actorId,
      action: 'space_changed',
      summary: summary(orgId),
    }));
    return audit.record(...entries);
  };

  return {
    manages,

    /** The spaces the caller reaches, and the invitations waiting for them or their organisation. */
    async overview(caller: Person) {
      const [spaces, forMe, forOrganisation] = await Promise.all([
        spacesWithIds(db, caller.spaceIds),
        pendingInvitationsForPerson(db, caller.personId),
        isAdminOf(caller, caller.currentOrgId)
          ? pendingInvitationsForOrganisation(db, caller.currentOrgId as string)
          : Promise.resolve([]),
      ]);
      return { spaces, forMe, forOrganisation };
    },

    /** The spaces the caller reaches, for the API. */
    reachedBy: (caller: Person) => spacesWithIds(db, caller.spaceIds),

    async create(caller: Person, orgId: string, input: NewSpaceInput): Promise<Outcome<string>> {
      const slug = input.slug || slugFrom(input.name);
      if (!slug) return problem('slug', 'Enter a web address using letters or numbers');
      if (await slugTaken(db, slug)) return problem('slug', 'Another space already uses that web address');
      try {
        await insertSpaceWithHost(db, {
          slug,
          name: input.name,
          description: input.description,
          hostOrgId: orgId,
          createdBy: caller.personId,
        });
      } catch (error) {
        // Two people racing for one slug: the unique index decides.
        if ((error as { code?: string }).code === '23505') {
          return problem('slug', 'Another space already uses that web address');
        }
        throw error;
      }
      await recordIn(caller.personId, [orgId], () => `Created the space “${input.name}” (${slug}).`);
      return ok(slug);
    },

    /**
     * A space's page: only for those who reach it, and platform admins (who see who belongs, but only
     * the stories their own scope allows).
     */
    async page(caller: Person, slug: string, storyPage = 1) {
      const space = await findSpaceBySlug(db, slug);
      if (!space || !(reaches(caller, space) || caller.platformAdmin)) return undefined;
      const canManage = manages(caller, space);
      const [organisations, people, stories, invitations, invitable] = await Promise.all([
        memberOrganisations(db, space.id),
        memberPeople(db, space.id),
        storiesSharedInSpace(db, caller, space.id, {
          limit: storiesPerPage,
          offset: (storyPage - 1) * storiesPerPage,
        }),
        canManage ? pendingInvitationsOfSpace(db, space.id) : Promise.resolve([]),
        canManage ? organisationsToInvite(db, space.id) : Promise.resolve([]),
      ]);
      const invitedOrgIds = new Set(invitations.map((i) => i.invited_org_id));
      const ownRow = people.find((p) => p.id === caller.personId);
      const orgInSpace = organisations.find((o) => o.id === caller.currentOrgId);
      return {
        space,
        organisations,
        people,
        stories: {
          ...stories,
          page: storyPage,
          pageCount: Math.max(1, Math.ceil(stories.total / storiesPerPage)),
        },
        canManage,
        invitations,
        invitable: invitable.filter((o) => !invitedOrgIds.has(o.id)),
        // Someone can leave what they joined themselves; an admin can take their organisation out.
        mayLeave:
          ownRow !== undefined ||
          (orgInSpace !== undefined && !orgInSpace.host && isAdminOf(caller, caller.currentOrgId)),
      };
    },

    managed,

    async inviteOrganisation(caller: Person, slug: string, orgId: string): Promise<Outcome<string> | undefined> {
      const space = await managed(caller, slug);
      if (!space) return undefined;
      const org = await findOrganisation(db, orgId);
      if (!org) return problem('orgId', 'Choose an organisation to invite');
      if (await isOrganisationMember(db, space.id, org.id)) {
        return problem('orgId', `${org.name} is already in this space`);
      }
      if (await hasPendingInvitation(db, space.id, { orgId: org.id })) {
        return problem('orgId', `${org.name} has already been invited`);
      }
      const id = await insertInvitation(db, { spaceId: space.id, orgId: org.id, invitedBy: caller.personId });
      for (const admin of await adminsOfOrganisation(db, org.id)) {
        await email.send({
          to: admin.email,
          subject: `${space.host_org_name} invites ${org.name} to the space “${space.name}”`,
          text: [
            `Hello ${admin.display_name},`,
            '',
            `${space.host_org_name} has invited ${org.name} to join the space “${space.name}” on Waymark.`,
            'As an admin of your organisation you can accept for everyone, choose particular people, or decline:',
            '',
            `${baseUrl}/spaces/invitations/${id}`,
          ].join('\n'),
        });
      }
      await recordIn(caller.personId, [space.host_org_id, org.id], (where) =>
        where === org.id
          ? `${space.host_org_name} invited this organisation to the space “${space.name}”.`
          : `Invited ${org.name} to the space “${space.name}”.`,
      );
      return ok(org.name);
    },

    async invitePerson(caller: Person, slug: string, address: string): Promise<Outcome<string> | undefined> {
      const space = await managed(caller, slug);
      if (!space) return undefined;
      // The answer depends only on the address and this space's own invitations: never on whether the address
      // has an account, a disabled one or none. Only an active account is emailed; any other address waits
      // until someone joins Waymark with it.
      const taken = problem('email', 'That address has already been invited');
      if (await hasPendingInvitation(db, space.id, { email: address })) return taken;
      const person = await findActivePersonByEmail(db, address);
      // Someone already in the space by name needs no invitation: nothing is sent, and the answer is the same.
      if (person && (await personRow(db, space.id, person.id))?.via_org_id === null) return ok(address);
      let id: string;
      try {
        id = await insertInvitation(db, {
          spaceId: space.id,
          email: address,
          personId: person?.id,
          invitedBy: caller.personId,
        });
      } catch (error) {
        // The same address invited twice at once: the unique index decides.
        if ((error as { code?: string }).code === '23505') return taken;
        throw error;
      }
      if (person) {
        await email.send({
          to: person.email,
          subject: `An invitation to the space “${space.name}”`,
          text: [
            `Hello ${person.display_name},`,
            '',
            `${space.host_org_name} has invited you by name to the space “${space.name}” on Waymark.`,
            'You can accept or decline here:',
            '',
            `${baseUrl}/spaces/invitations/${id}`,
          ].join('\n'),
        });
      }
      await recordIn(
        caller.personId,
        [space.host_org_id],
        () => `Invited a person by email address to the space “${space.name}”.`,
      );
      return ok(address);
    },

    async withdrawInvitation(caller: Person, slug: string, invitationId: string, now = new Date()) {
      const space = await managed(caller, slug);
      if (!space) return false;
      const invitation = await findPendingInvitation(db, invitationId);
      if (!invitation || invitation.space_id !== space.id) return false;
      if (!(await closeInvitation(db, invitation.id, 'withdrawn', now))) return false;
      const invitee = invitation.invited_org_name ?? 'a person invited by email address';
      await recordIn(caller.personId, [space.host_org_id, invitation.invited_org_id], (where) =>
        where === invitation.invited_org_id
          ? `${space.host_org_name} withdrew this organisation’s invitation to the space “${space.name}”.`
          : `Withdrew the invitation of ${invitee} to the space “${space.name}”.`,
      );
      return true;
    },

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

    /**
     * An invitation the caller may answer: one to them by name, or one to the organisation they are working
     * in when they are its admin. With it, the people an admin may choose from.
     */
    async invitationFor(caller: Person, invitationId: string) {
      const invitation = await findPendingInvitation(db, invitationId);
      if (!invitation) return undefined;
      if (invitation.invited_org_id === null) {
        // By name: only its person, once an active account has the address.
        return invitation.invited_person_id === caller.personId ? { invitation, people: [] } : undefined;
      }
      if (!isAdminOf(caller, invitation.invited_org_id)) return undefined;
      return { invitation, people: await peopleOfOrganisation(db, invitation.invited_org_id as string) };
    },

    /**
     * Accepts or declines. An organisation accepts for everyone, or for the people chosen (who must belong
     * to it: any other id sent is ignored); those people lose the space when they leave the organisation.
     */
    async answer(
      caller: Person,
      invitationId: string,
      answer: { accept: false } | { accept: true; everyone?: boolean | undefined; chosen?: readonly string[] },
      now = new Date(),
    ): Promise<Outcome<{ slug: string; accepted: boolean }> | undefined> {
      const found = await this.invitationFor(caller, invitationId);
      if (!found) return undefined;
      const { invitation, people } = found;
      const space = { id: invitation.space_id, slug: invitation.space_slug, name: invitation.space_name };
      const hostOrgId = (await findSpaceBySlug(db, space.slug))?.host_org_id ?? null;
      const orgId = invitation.invited_org_id;
      let chosenIds: string[] = [];
      if (answer.accept && orgId !== null) {
        if (answer.everyone === undefined) return problem('everyone', 'Choose who from your organisation joins');
        if (!answer.everyone) {
          const allowed = new Set(people.map((p) => p.id));
          chosenIds = [...new Set(answer.chosen ?? [])].filter((id) => allowed.has(id));
          if (chosenIds.length === 0) return problem('members', 'Choose at least one person, or everyone');
        }
      }
      const done = await db.transaction().execute(async (trx) => {
        if (!(await closeInvitation(trx, invitation.id, answer.accept ? 'accepted' : 'declined', now))) return false;
        if (!answer.accept) return true;
        if (orgId === null) {
          await putPersonMember(trx, space.id, caller.personId, null);
        } else {
          await putOrganisationMember(trx, space.id, orgId, answer.everyone === true);
          for (const id of chosenIds) await putPersonMember(trx, space.id, id, orgId);
        }
        return true;
      });
      if (!done) return undefined;
      const verb = answer.accept ? 'accepted' : 'declined';
      if (orgId !== null) {
        const orgName = invitation.invited_org_name ?? 'An organisation';
        const who =
          answer.accept && !answer.everyone
            ? ` for ${chosenIds.length} chosen ${chosenIds.length === 1 ? 'person' : 'people'}`
            : answer.accept
              ? ' for everyone'
              : '';
        await recordIn(caller.personId, [orgId, hostOrgId], (where) =>
          where === orgId
            ? `${verb[0]?.toUpperCase()}${verb.slice(1)} the invitation to the space “${space.name}”${who}.`
            : `${orgName} ${verb} the invitation to the space “${space.name}”${who}.`,
        );
      } else {
        await recordIn(
          caller.personId,
          [hostOrgId],
          () => auditText`${mention(caller.personId)} ${verb} a named invitation to the space “${space.name}”.`,
        );
      }
      return ok({ slug: space.slug, accepted: answer.accept });
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

export type SpacesService = ReturnType<typeof spacesService>;
