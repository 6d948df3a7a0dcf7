// The SQL behind erasing an account and purging what organisations' retention periods have expired.
// Every function takes a Db that may be a transaction: the service decides what runs together.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { ConsentState } from '../db/vocabularies.ts';

export function findAccount(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function organisationIdsOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('org_id').distinct().where('user_id', '=', userId).execute();
  return rows.map((r) => r.org_id);
}

/**
 * The organisations of which the person is the only admin, each locked for the rest of the transaction
 * so that two admins erasing themselves at once cannot leave an organisation with none.
 */
export async function organisationsOnlyAdministeredBy(db: Db, userId: string) {
  const administered = await db
    .selectFrom('memberships')
    .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
    .select(['organisations.id', 'organisations.name'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.role', '=', 'org_admin')
    .orderBy('organisations.id')
    .forUpdate('organisations')
    .execute();
  if (administered.length === 0) return [];
  const counts = await db
    .selectFrom('memberships')
    .select(['org_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('role', '=', 'org_admin')
    .where(
      'org_id',
      'in',
      administered.map((o) => o.id),
    )
    .groupBy('org_id')
    .execute();
  const admins = new Map(counts.map((c) => [c.org_id, Number(c.n)]));
  return administered.filter((o) => (admins.get(o.id) ?? 0) <= 1).map((o) => ({ id: o.id, name: o.name }));
}

export async function countStoriesBy(db: Db, userId: string) {
  const rows = await db
    .selectFrom('stories')
    .select(['status', 'visibility', (eb) => eb.fn.countAll<string>().as('n')])
    .where('author_id', '=', userId)
    .groupBy(['status', 'visibility'])
    .execute();
  let keepable = 0;
  let total = 0;
  for (const r of rows) {
    total += Number(r.n);
    if (r.status === 'published' && r.visibility !== 'private') keepable += Number(r.n);
  }
  return { total, keepable };
}

export async function deleteStoriesBy(db: Db, userId: string) {
  await db.deleteFrom('stories').where('author_id', '=', userId).execute();
}

/**
 * Keeps the person's published stories that others can read, with no author. Anything not published (a draft,
 * a story waiting for moderation, sent back, rejected or withdrawn) and private stories could never be read by
 * anyone again, and with no author nobody could finish them, so they go.
 */
export async function anonymiseStoriesBy(db: Db, userId: string, now: Date) {
  await db
    .deleteFrom('stories')
    .where('author_id', '=', userId)
    .where((eb) => eb.or([eb('status', '<>', 'published'), eb('visibility', '=', 'private')]))
    .execute();
  await db.updateTable('stories').set({ author_id: null, updated_at: now }).where('author_id', '=', userId).execute();
}

/**
 * Removes the account. What the database cascades goes with the user row: memberships, placements (and
 * line-manager links to the person are cleared), named space memberships and invitations, API tokens,
 * sign-in links and single sign-on identities. What is keyed by email or held in a session is removed here.
 */
export async function deleteAccount(db: Db, person: { id: string; email: string }) {
  // Where the person appears in other people's stories (co-author, the partner it was told with, its subject,
  // named), their name and address go; the story keeps a place-holder, as when an author anonymises someone.
  await db
    .updateTable('story_people')
    // A consent they gave becomes "anonymised" (still settled for publication), so a credit ("told with")
    // never names them again.
    .set({
      name: 'A former member',
      email: null,
      consent_token_hash: null,
      consent: sql<ConsentState>`case when consent = 'given' then 'anonymised' else consent end`,
    })
    .where((eb) => eb.or([eb('user_id', '=', person.id), eb(sql`lower(email)`, '=', person.email.toLowerCase())]))
    .execute();
  // Reports they filed keep the moderators' record of what happened, without the reason they wrote.
  await db
    .updateTable('reports')
    .set({ reason: '(withdrawn with the account)' })
    .where('reporter_id', '=', person.id)
    .execute();
  await db.deleteFrom('sessions').where(sql<string>`sess ->> 'personId'`, '=', person.id).execute();
  await db.deleteFrom('invitations').where(sql`lower(email)`, '=', person.email.toLowerCase()).execute();
  await db.deleteFrom('email_outbox').where(sql`lower(to_address)`, '=', person.email.toLowerCase()).execute();
  await db.updateTable('placements').set({ manager_id: null }).where('manager_id', '=', person.id).execute();
  await db.deleteFrom('users').where('id', '=', person.id).execute();
}

export function findRetention(db: Db, orgId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name', 'retention_days'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}

export async function setRetention(db: Db, orgId: string, days: number | null) {
  await db.updateTable('organisations').set({ retention_days: days }).where('id', '=', orgId).execute();
}

export function organisationsWithRetention(db: Db) {
  return db
    .selectFrom('organisations')
    .select(['id', 'retention_days'])
    .where('retention_days', 'is not', null)
    .orderBy('id')
    .execute();
}

export interface PurgeCounts {
  auditEvents: number;
  invitations: number;
  drafts: number;
}

/** Deletes one organisation's records older than the cutoff: audit events, finished invitations, stale drafts. */
export async function purgeOrganisation(db: Db, orgId: string, cutoff: Date): Promise<PurgeCounts> {
  const audit = await db
    .deleteFrom('audit_events')
    .where('org_id', '=', orgId)
    .where('at', '<', cutoff)
    .executeTakeFirst();
  // An invitation is finished when accepted, withdrawn or expired; its age counts from then.
  const invitations = await db
    .deleteFrom('invitations')
    .where('org_id', '=', orgId)
    .where(sql<Date>`coalesce(accepted_at, revoked_at, expires_at)`, '<', cutoff)
    .executeTakeFirst();
  const drafts = await db
    .deleteFrom('stories')
    .where('org_id', '=', orgId)
    .where('status', '=', 'draft')
    .where('updated_at', '<', cutoff)
    .executeTakeFirst();
  return {
    auditEvents: Number(audit.numDeletedRows),
    invitations: Number(invitations.numDeletedRows),
    drafts: Number(drafts.numDeletedRows),
  };
}

/** Sign-in links live ten minutes; a day after expiry they are of no use even to explain a failure. */
export async function deleteExpiredSignInLinks(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('sign_in_links').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
