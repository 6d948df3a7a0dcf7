// Who may do what with a record of any kind of content: read it, open it (its authors before it is
// published), review it, write it. `can` is the rule over plain facts; `allowed` is the same rule as SQL
// over a row, for repositories. Test pairs compare the two on generated records (policies.test.ts and
// test/integration/policies.test.ts), as `canSee`/`visibleTo` are compared.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import {
  canSee,
  heldBy,
  holds,
  type Principal,
  type ScopeColumns,
  type ScopedRecord,
  visibleTo,
} from '../visibility.ts';

/** What the content rules need to know about a record, whatever its kind. */
export interface ContentFacts extends ScopedRecord {
  /** Readers have it (its status is its kind's published status). */
  published: boolean;
  /** It is waiting for review or was decided on (its reviewers may open it). */
  underReview: boolean;
  /** Its owner and co-authors. */
  writerIds: readonly string[];
}

/** The same facts as columns and SQL over a row (made from a kind by src/content/records.ts `policyColumns`). */
export interface ContentColumns extends ScopeColumns {
  published: RawBuilder<SqlBool>;
  underReview: RawBuilder<SqlBool>;
  /** Whether this person is among its writers (a condition the planner can use an index for). */
  writtenBy(personId: string): RawBuilder<SqlBool>;
}

export const contentActions = ['read', 'open', 'review', 'write'] as const;
export type ContentAction = (typeof contentActions)[number];

/**
 * Whose records a caller reviews: the moderators of their current organisation review what it shares inside
 * Waymark (with the organisation, a space, or everyone signed in); platform moderators review public records
 * from every organisation. Private records are nobody's to review.
 */
export interface Reach {
  moderatorOf: string | null;
  platform: boolean;
}

export function reachOf(principal: Principal): Reach {
  if (principal.kind !== 'person') return { moderatorOf: null, platform: false };
  return {
    moderatorOf: principal.roles.includes('moderator') ? principal.currentOrgId : null,
    platform: principal.platformModerator === true,
  };
}

/** Whether a record's scope puts it in the caller's reach (its status aside). */
export function inReach(reach: Reach, record: Pick<ScopedRecord, 'orgId' | 'visibility'>): boolean {
  if (reach.platform && record.visibility === 'public') return true;
  return (
    reach.moderatorOf !== null &&
    record.orgId === reach.moderatorOf &&
    (record.visibility === 'organisation' || record.visibility === 'space' || record.visibility === 'signed_in')
  );
}

/** The same as `inReach`, as SQL over scope columns. */
export function inReachSql(reach: Reach, columns: Pick<ScopeColumns, 'org' | 'visibility'>): RawBuilder<SqlBool> {
  const visibility = sql.ref(columns.visibility);
  const whose: RawBuilder<SqlBool>[] = [];
  if (reach.platform) whose.push(sql<SqlBool>`${visibility} = 'public'`);
  if (reach.moderatorOf !== null) {
    whose.push(
      sql<SqlBool>`(${visibility} in ('organisation', 'space', 'signed_in') and ${sql.ref(columns.org)} = ${reach.moderatorOf}::uuid)`,
    );
  }
  return whose.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(whose, sql` or `)})`;
}

/** A writer acting in an organisation they belong to now (a token: the one it acts for). */
const writes = (principal: Principal, record: Pick<ContentFacts, 'orgId' | 'writerIds'>) =>
  principal.kind === 'person' &&
  principal.orgIds.includes(record.orgId) &&
  record.writerIds.includes(principal.personId);

export function can(principal: Principal, action: ContentAction, record: ContentFacts): boolean {
  switch (action) {
    case 'read':
      return record.published && canSee(principal, record);
    // Its page opens for readers once published; before then for its owner where the scope lets them see it
    // (a private draft stays theirs after they leave) and for anyone who writes it.
    case 'open':
      return (canSee(principal, record) && (record.published || holds(principal, record))) || writes(principal, record);
    case 'review':
      return record.underReview && inReach(reachOf(principal), record);
    case 'write':
      return writes(principal, record);
  }
}

/** The same as `can(person, 'write', record)`, as SQL: for lists of what a person works on. */
export function writerIn(
  person: { personId: string; orgIds: readonly string[] },
  columns: Pick<ContentColumns, 'org' | 'writtenBy'>,
): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref(columns.org)} = any (${person.orgIds as string[]}::uuid[]) and ${columns.writtenBy(person.personId)})`;
}

export function allowed(principal: Principal, action: ContentAction, columns: ContentColumns): RawBuilder<SqlBool> {
  const writesSql = principal.kind === 'person' ? writerIn(principal, columns) : sql<SqlBool>`false`;
  switch (action) {
    case 'read':
      return sql<SqlBool>`(${columns.published} and ${visibleTo(principal, columns)})`;
    case 'open':
      return sql<SqlBool>`((${visibleTo(principal, columns)} and (${columns.published} or ${heldBy(principal, columns)})) or ${writesSql})`;
    case 'review':
      return sql<SqlBool>`(${columns.underReview} and ${inReachSql(reachOf(principal), columns)})`;
    case 'write':
      return writesSql;
  }
}
