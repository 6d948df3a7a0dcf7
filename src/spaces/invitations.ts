// Invitations to a space: a host inviting an organisation or a named person, withdrawing an invitation, and
// the invitee (a person, or an organisation's admin) accepting or declining it.
import { auditText, mention } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { type Outcome, ok, problem } from './outcome.ts';
import {
  adminsOfOrganisation,
  closeInvitation,
  findActivePersonByEmail,
  findOrganisation,
  findPendingInvitation,
  findSpaceBySlug,
  hasPendingInvitation,
  insertInvitation,
  isOrganisationMember,
  peopleOfOrganisation,
  personRow,
  putOrganisationMember,
  putPersonMember,
} from './repository.ts';
import type { Person, SpaceStanding } from './standing.ts';

export function spaceInvitations(
  db: Db,
  { email, baseUrl }: { email: Outbox; baseUrl: string },
  { isAdminOf, managed, recordIn }: SpaceStanding,
) {
  return {
    async inviteOrganisation(caller: Person, slug: string, orgId: string): Promise<Outcome<string> | undefined> {
      const space = await managed(caller, slug);
      if (!space) return undefined;
      const org = await findOrganisation(db, orgId);
      if (!org) return problem('orgId', 'Select an organisation to invite');
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
            `${space.host_org_name} has invited ${org.name} to join the space “${space.name}” on Waymark. People in a space read and share stories across their organisations.`,
            '',
            'As an admin of your organisation, you decide: accept for everyone, accept for the people you choose, or decline. Answer here:',
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
            `${space.host_org_name} has invited you by name to the space “${space.name}” on Waymark. People in a space read and share stories across their organisations.`,
            '',
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
        if (answer.everyone === undefined) return problem('everyone', 'Select who from your organisation joins');
        if (!answer.everyone) {
          const allowed = new Set(people.map((p) => p.id));
          chosenIds = [...new Set(answer.chosen ?? [])].filter((id) => allowed.has(id));
          if (chosenIds.length === 0) return problem('members', 'Select at least one person, or select everyone');
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
  };
}
