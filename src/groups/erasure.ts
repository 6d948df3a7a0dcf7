// A person's part in reading groups when their account is erased, inside the erasure's transaction: each
// place they hold at a session to come goes to the next person waiting (who is told), and invitations sent
// to their address go. Their memberships, answers, reflections and actions go with the account's rows.
import type { Db } from '../db/database.ts';
import type { GroupInvitationsService } from './invitations.ts';
import type { PlacesService } from './places.ts';

export const eraseFromGroups =
  (places: PlacesService, invitations: GroupInvitationsService) => async (trx: Db, personId: string) => {
    await places.releasePlacesOf(trx, personId);
    await invitations.eraseInvitationsTo(trx, personId);
  };
