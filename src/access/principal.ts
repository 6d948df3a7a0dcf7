// Resolving who is calling: a person's organisations and spaces, read fresh on every request so that
// leaving an organisation or a space takes effect at once on every instance.
import type { Db } from '../db/database.ts';
import { anonymous, type Principal } from './visibility.ts';

export async function principalFor(db: Db, personId: string, actingOrgId?: string): Promise<Principal> {
  const person = await db
    .selectFrom('users')
    .select(['id', 'platform_admin', 'disabled_at'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person || person.disabled_at) return anonymous;
  const orgRows = await db
    .selectFrom('memberships')
    .select('org_id')
    .distinct()
    .where('user_id', '=', personId)
    .execute();
  const memberOf = orgRows.map((r) => r.org_id);
  if (actingOrgId !== undefined && !memberOf.includes(actingOrgId)) return anonymous;
  // A token acts for one organisation only: it sees that organisation's records, not the person's others.
  const orgIds = actingOrgId !== undefined ? [actingOrgId] : memberOf;
  const spaceRows = await db
    .selectFrom('space_members')
    .select('space_id')
    .distinct()
    .where((eb) =>
      eb.or([eb('member_person_id', '=', personId), ...(orgIds.length > 0 ? [eb('member_org_id', 'in', orgIds)] : [])]),
    )
    .execute();
  return {
    kind: 'person',
    personId,
    orgIds,
    spaceIds: spaceRows.map((r) => r.space_id),
    platformAdmin: person.platform_admin,
    ...(actingOrgId !== undefined ? { actingOrgId } : {}),
  };
}
