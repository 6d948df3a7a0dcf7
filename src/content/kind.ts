// What a kind of content declares so the shared parts (discussion, reactions, moderation, reports, search,
// erasure and the leak tests) work for it without knowing its table. Stories and comments are the first two
// kinds; each capability adds its own (articles, library items, reading groups, feedback requests, ...) by
// declaring one of these in its own folder and listing it in the composition root (src/services.ts).
import type { RawBuilder, SqlBool } from 'kysely';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';

/**
 * The columns of a kind's table, by name without an alias. `org`, `owner`, `visibility` and `space` carry
 * the scope that `canSee`/`visibleTo` decide over; `title` names a record in pages and emails; `status`
 * holds its workflow state, `published` the value that means readers have it.
 */
export interface KindColumns {
  org: string;
  owner: string;
  visibility: string;
  space: string;
  title: string;
  status: string;
}

/**
 * A kind that lives inside another (a comment inside a story) has no scope of its own: it is readable where
 * its parent is, and its reports go to its parent's reviewers. Its table names the parent by these columns.
 */
export interface KindParent {
  typeColumn: string;
  idColumn: string;
}

/** Why a record cannot be published yet, as a code for programs and a sentence for moderators. */
export interface Blocker {
  code: string;
  message: string;
}

/** One move of a kind's editorial workflow, as moderation needs it. */
export interface ModerationTransition {
  to: string;
  /** The moderation_events action recorded, or null when nothing is recorded. */
  event: 'published' | 'changes_requested' | 'rejected' | null;
  needsReason: boolean;
}

export type ModerationAction = 'publish' | 'request_changes' | 'reject';

/** How a kind is reviewed before readers have it. Absent: it is published by its owner and only reported. */
export interface KindModeration {
  /** The status of a record waiting in the queue. */
  waiting: string;
  /** Statuses after which its reviewers may still open it (decided records, kept in their history). */
  decided: readonly string[];
  /** The column holding when it was sent for review (its place in the queue). */
  submittedAt: string;
  /** The column holding when readers got it, set on publishing. */
  publishedAt: string;
  /** The moderator's move for this action from this status, or null when it is not allowed. */
  transition(action: ModerationAction, from: string): ModerationTransition | null;
  /** What stops it being published now (consent, a missing transcript); inside the decision's transaction. */
  blockers(db: Db, record: { orgId: string; id: string }): Promise<Blocker[]>;
  /** When a report takes it from readers, the status it goes back to (its authors may put it right). */
  takenDownTo: string;
  /** The column holding when it last changed, set by decisions and take-downs, for a kind that keeps one. */
  updatedAt?: string;
  /** The column holding its Markdown text, shown on the review page as readers would see it. */
  body?: string;
  /** How each status reads to a moderator ("Waiting for review"); a status not named here reads as stored. */
  statusNames?: Readonly<Record<string, string>>;
  /** Pages of the kind's own for an organisation's moderators, linked from the queue. */
  links?: readonly { href: string; text: string }[];
  /**
   * Addresses told about decisions besides its owners' accounts (people named as authors who have no
   * account, so no settings to respect); read inside the decision's transaction.
   */
  extraAddresses?(db: Db, record: { orgId: string; id: string }): Promise<string[]>;
  /**
   * What the review page shows beyond the record's text: `view` is a partial in the kind's own folder
   * (a path under src/, like `stories/views/_review-details.njk`) that reads `details.data`.
   */
  details?(db: Db, record: { orgId: string; id: string }): Promise<{ view: string; data: Record<string, unknown> }>;
}

/** What every kind declares. */
interface KindBase {
  /** The name stored in `target_type` columns (comments, reactions, reports, moderation events). */
  type: string;
  /** What a person calls one, in a sentence: "story", "comment". */
  noun: string;
  table: string;
  /**
   * Published and readable by this caller, as SQL over the kind's row aliased `alias`: the one definition
   * every list, search, count, feed, export and lookup of this kind uses (`publishedAndVisible` in
   * records.ts makes it for a kind with its own scope; a kind inside another defines it through its parent).
   */
  readable(principal: Principal, alias: string): RawBuilder<SqlBool>;
  /** The people a record belongs to (told about comments and decisions), as SQL over alias: uuid[]. */
  ownerIds(alias: string): RawBuilder<string[]>;
  /** Whether the person is one of them, as a condition over alias that can use an index. */
  ownedBy(personId: string, alias: string): RawBuilder<SqlBool>;
  /** Readers may report it to its reviewers. */
  reported?: boolean;
}

/** How a kind is found by words: its search document and the filters (facets) its own search offers. */
export interface KindSearch {
  /** A tsvector column over the record's words, kept current with every write (a generated column). */
  document: string;
  /** When readers got it: the order of equal matches, newest first. */
  publishedAt: string;
  /** The column of its text (Markdown or plain) that a result's snippet is taken from; none: no snippet. */
  snippet?: string;
  /** Facets by name: the column, and whether it holds many values (a text array) or one. */
  facets?: Record<string, { column: string; many: boolean }>;
}

/** A kind with its own scope, its own page and (maybe) a review before publication. */
export interface ScopedKind extends KindBase {
  columns: KindColumns;
  /** The status value meaning readers have it. */
  published: string;
  /** Where one record's page lives. */
  url(id: string): string;
  /** People may comment on it and react to it once it is published. */
  discussed?: boolean;
  moderation?: KindModeration;
  /** Found by words in the site-wide search (src/search). */
  search?: KindSearch;
  parent?: undefined;
}

/**
 * A kind that lives inside another (a comment inside a story): it has no scope of its own, is readable
 * where its parent is, is shown on its parent's page, and its reports go to its parent's reviewers. Its
 * table names the parent by `parent.typeColumn` and `parent.idColumn`.
 */
export interface NestedKind extends KindBase {
  columns: Pick<KindColumns, 'org' | 'owner' | 'status'>;
  parent: KindParent;
}

export type ContentKind = ScopedKind | NestedKind;
