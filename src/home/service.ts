// "Your Waymark", a signed-in person's home: what needs them and what happened to their work, gathered from
// the services that own each part (stories, discussion, spaces, invitations, the pair exercise). It reads no
// table itself; every part is read side by side.
import type { Principal } from '../access/visibility.ts';
import type { DiscussionService } from '../discussion/service.ts';
import type { InvitationsService } from '../invitations/service.ts';
import type { PairService } from '../pair/service.ts';
import type { SpacesService } from '../spaces/service.ts';
import type { WritingService } from '../stories/writing/service.ts';

type Person = Extract<Principal, { kind: 'person' }>;

/** How many items each section shows; the rest are on the section's own page. */
export const itemsPerSection = 5;

export interface HomeDeps {
  writing: WritingService;
  discussion: DiscussionService;
  spaces: SpacesService;
  invitations: InvitationsService;
  pair: PairService;
}

const decisionNames = {
  published: 'Published',
  changes_requested: 'Sent back for changes',
  rejected: 'Turned down',
  hidden: 'Taken down after a report',
} as const;

export function homeService({ writing, discussion, spaces, invitations, pair }: HomeDeps) {
  return {
    /** Everything the page shows, for the signed-in person (never a token: pages refuse them). */
    async yourWaymark(caller: Person, now = new Date()) {
      const [stories, comments, spaceInvitations, organisationInvitations, exercises] = await Promise.all([
        writing.overview(caller, itemsPerSection),
        discussion.aboutWritingOf(caller, itemsPerSection),
        spaces.invitationsWaiting(caller),
        invitations.waitingFor(caller.personId, now),
        pair.underWay(caller, itemsPerSection),
      ]);
      return {
        toFinish: stories.toFinish,
        waiting: stories.waiting,
        decisions: stories.decisions.map((d) => ({ ...d, actionName: decisionNames[d.action] })),
        comments,
        invitations: { spaces: spaceInvitations, organisations: organisationInvitations },
        exercises,
        /** Writing and pair exercises happen in the organisation the person works in. */
        mayStart: caller.currentOrgId !== null,
      };
    },
  };
}

export type HomeService = ReturnType<typeof homeService>;
