// Table types of the features built on the foundation: the pair exercise, reading groups, articles and the
// evidence library (tables.ts re-exports them).
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './tables.ts';
import type { Visibility } from './vocabularies.ts';

export interface PairSessionTable {
  org_id: string;
  id: Generated<string>;
  started_by: string | null;
  partner_id: string | null;
  mode: 'together' | 'apart';
  status: Generated<'active' | 'finished' | 'abandoned'>;
  current_turn: Generated<1 | 2>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
}
export interface PairTurnTable {
  org_id: string;
  session_id: string;
  turn: 1 | 2;
  storyteller_id: string | null;
  interviewer_id: string | null;
  characteristic: Generated<string>;
  introduce: Generated<string>;
  why_characteristic: Generated<string>;
  example: Generated<string>;
  what_changed: Generated<string>;
  tips: Generated<string>;
  started_at: Date | null;
  notes_saved_at: Date | null;
  finished_at: Date | null;
  story_id: string | null;
}

// Reading groups (src/groups): a group, its members, its sessions and the answers to them.
export interface ReadingGroupTable {
  org_id: string;
  id: Generated<string>;
  created_by: string | null;
  name: string;
  about: Generated<string>;
  visibility: 'private' | 'organisation' | 'space' | 'signed_in' | 'public';
  space_id: string | null;
  join_rule: 'open' | 'request';
  status: Generated<'open' | 'closed'>;
  created_at: Generated<Date>;
  search: Generated<string>;
}
export interface GroupMemberTable {
  org_id: string;
  group_id: string;
  person_id: string;
  role: Generated<'facilitator' | 'member'>;
  state: Generated<'member' | 'requested'>;
  since: Generated<Date>;
}
export interface GroupSessionTable {
  org_id: string;
  id: Generated<string>;
  group_id: string;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  place: Generated<string>;
  online_link: Generated<string>;
  capacity: number | null;
  rsvps_closed: Generated<boolean>;
  cancelled_at: Timestamp | null;
  sequence: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SessionRsvpTable {
  org_id: string;
  session_id: string;
  person_id: string;
  answer: 'yes' | 'no' | 'maybe';
  waiting_since: Timestamp | null;
  answered_at: Generated<Date>;
}
export interface GroupQuestionTable {
  org_id: string;
  id: Generated<string>;
  group_id: string;
  text: string;
  created_by: string | null;
  created_at: Generated<Date>;
}
export interface AgendaItemTable {
  org_id: string;
  session_id: string;
  position: number;
  question_key: string | null;
  question_id: string | null;
}
export interface SessionNoteTable {
  org_id: string;
  session_id: string;
  body: string;
  updated_by: string | null;
  updated_at: Generated<Date>;
}
export interface SessionReflectionTable {
  person_id: string;
  session_org: string;
  session_id: string;
  body: string;
  updated_at: Generated<Date>;
}
export interface ReadingListItemTable {
  org_id: string;
  id: Generated<string>;
  group_id: string;
  position: number;
  target_type: string;
  target_id: string;
  note: Generated<string>;
  added_by: string | null;
  added_at: Generated<Date>;
}
export interface CalendarFeedTable {
  person_id: string;
  token_hash: string;
  created_at: Generated<Date>;
}
export interface GroupInvitationTable {
  org_id: string;
  id: Generated<string>;
  group_id: string;
  email: string;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  accepted_by: string | null;
  accepted_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
}
export interface GroupActionTable {
  org_id: string;
  id: Generated<string>;
  session_id: string;
  owner_id: string;
  text: string;
  /** A day, as 'YYYY-MM-DD'. */
  due_on: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: Generated<Date>;
  done_at: Timestamp | null;
}

/** Articles (src/articles): scheduled is `published` with `published_at` still to come. */
export interface ArticleTable {
  org_id: string;
  id: Generated<string>;
  owner_id: string | null;
  visibility: Visibility;
  space_id: string | null;
  article_kind: 'blog_post' | 'research_summary' | 'guest_column' | 'event_write_up';
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  series_id: string | null;
  tags: Generated<string[]>;
  guest_name: string | null;
  guest_job: string | null;
  guest_org: string | null;
  status: Generated<'draft' | 'published'>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  published_at: Timestamp | null;
}
export interface ArticleSeriesTable {
  org_id: string;
  id: Generated<string>;
  title: string;
  summary: Generated<string>;
  created_at: Generated<Timestamp>;
}
export interface ArticleAuthorTable {
  org_id: string;
  article_id: string;
  position: number;
  /** Null once the author erased their account: "Former member". */
  person_id: string | null;
}
export interface ArticleRevisionTable {
  org_id: string;
  article_id: string;
  number: number;
  title: string;
  summary: string;
  body: string;
  saved_by: string | null;
  saved_at: Generated<Timestamp>;
}
export interface LibraryItemTable {
  org_id: string;
  id: Generated<string>;
  suggested_by: string | null;
  visibility: Visibility;
  space_id: string | null;
  status: 'submitted' | 'changes_requested' | 'published' | 'rejected';
  item_type: 'report' | 'paper' | 'book' | 'guidance' | 'dataset' | 'video';
  title: string;
  authors: ColumnType<{ family: string; given: string }[], string | undefined, string>;
  author_names: Generated<string>;
  year: number | null;
  container: Generated<string>;
  publisher: Generated<string>;
  doi: string | null;
  isbn: string | null;
  url: string | null;
  accessed: ColumnType<string | null, string | null, string | null>;
  summary: Generated<string>;
  lessons: Generated<string[]>;
  characteristics: Generated<string[]>;
  roles: Generated<string[]>;
  submitted_at: Timestamp | null;
  published_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface LibraryImportTable {
  org_id: string;
  id: Generated<string>;
  created_by: string | null;
  format: 'bibtex' | 'ris';
  parsed: ColumnType<unknown, string, string>;
  result: ColumnType<unknown, string | null, string | null>;
  created_at: Generated<Date>;
  confirmed_at: Date | null;
}
export interface ArticleCoverTable {
  org_id: string;
  article_id: string;
  image: Buffer;
  width: number;
  height: number;
  alt: string;
  updated_at: Generated<Timestamp>;
}
