// Spaces: what several organisations, or named people, share. Creating one, inviting, answering, removing
// and leaving. Who reaches a space is read afresh on every request (access/principal.ts), so every change
// here takes effect on the caller's next request, everywhere.
import type { AuditService } from '../audit/service.ts';
import type { Db } from '../db/database.ts';
import type { Outbox } from '../email/outbox.ts';
import { storiesSharedInSpace } from '../stories/repository.ts';
import { spaceDepartures } from './departures.ts';
import { spaceInvitations } from './invitations.ts';
import { type Outcome, ok, problem } from './outcome.ts';
import {
  findSpaceBySlug,
  insertSpaceWithHost,
  memberOrganisations,
  memberPeople,
  organisationsToInvite,
  pendingInvitationsForOrganisation,
  pendingInvitationsForPerson,
  pendingInvitationsOfSpace,
  pendingInvitationsWaitingFor,
  slugTaken,
  spacesWithIds,
} from './repository.ts';
import { type NewSpaceInput, slugFrom } from './schema.ts';
import { type Person, spaceStanding } from './standing.ts';

export type { Outcome, Problems } from './outcome.ts';

const storiesPerPage = 20;

export function spacesService(
  db: Db,
  { audit, email, baseUrl }: { audit: AuditService; email: Outbox; baseUrl: string },
) {
  const standing = spaceStanding(db, audit);
  const { reaches, manages, isAdminOf, managed, recordIn } = standing;

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

    /**
     * For the person's home, in one statement: invitations to spaces waiting for them by name, and those for
     * the organisation they work in when they are its admin (`forOrganisation`).
     */
    async invitationsWaiting(caller: Person) {
      const orgId = isAdminOf(caller, caller.currentOrgId) ? caller.currentOrgId : null;
      const rows = await pendingInvitationsWaitingFor(db, caller.personId, orgId);
      return rows.map((r) => ({ ...r, forOrganisation: r.invited_org_id !== null }));
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

    ...spaceInvitations(db, { email, baseUrl }, standing),
    ...spaceDepartures(db, standing),
  };
}

export type SpacesService = ReturnType<typeof spacesService>;
