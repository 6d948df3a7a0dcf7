// The database's table types, one interface per table; database.ts names them all in `Database` and re-exports them.
// Table types live here so every repository sees the same schema.
import type { ColumnType, Generated } from 'kysely';
import type {
  ConsentState,
  MembershipRole,
  Sector,
  StoryForm,
  StoryRelation,
  StoryStatus,
  UnitKind,
  Visibility,
} from './vocabularies.ts';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface FrameworkVersionTable {
  version: string;
  released_at: Timestamp;
}
export interface CharacteristicTable {
  framework_version: string;
  key: string;
  position: number;
  name: string;
  summary: string;
  description: string;
  subject: 'person' | 'organisation';
}
export interface IndicatorTable {
  framework_version: string;
  characteristic_key: string;
  position: number;
  text: string;
}
export interface RoleTable {
  framework_version: string;
  key: string;
  position: number;
  name: string;
  role_group: string;
  summary: string;
  description: string;
}
export interface LessonTable {
  framework_version: string;
  key: string;
  number: number;
  title: string;
  summary: string;
  body: string;
  characteristics: string[];
}
export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  sector: Sector;
  region: string;
  /** Days to keep audit events, finished invitations and stale drafts; null keeps them. */
  retention_days: number | null;
  created_at: Generated<Date>;
}
export interface UnitTable {
  org_id: string;
  id: Generated<string>;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
  created_at: Generated<Date>;
}
export interface PlacementTable {
  org_id: string;
  user_id: string;
  unit_id: string | null;
  manager_id: string | null;
}
export interface SpaceInvitationTable {
  id: Generated<string>;
  space_id: string;
  invited_org_id: string | null;
  invited_person_id: string | null;
  /** A person's invitation is by address; the person is filled in when an active account has it. */
  invited_email: string | null;
  invited_by: string | null;
  status: Generated<'pending' | 'accepted' | 'declined' | 'withdrawn'>;
  created_at: Generated<Date>;
  responded_at: Date | null;
}
export interface SignInLinkTable {
  person_id: string;
  id: Generated<string>;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}
export interface SsoProviderTable {
  org_id: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  allowed_domains: string[];
  enabled: Generated<boolean>;
  updated_at: Generated<Date>;
  updated_by: string | null;
  /** The provider's discovery document as last read (its addresses checked), so sign-in need not fetch it. */
  discovery: unknown;
  discovered_at: Date | null;
  /** When Waymark last tried to read it, successfully or not: refreshes are spaced out from this. */
  discovery_checked_at: Date | null;
}
export interface SsoDomainClaimTable {
  org_id: string;
  domain: string;
  status: Generated<'pending' | 'approved' | 'refused'>;
  claimed_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: string | null;
}
export interface IdentityTable {
  id: Generated<string>;
  user_id: string;
  issuer: string;
  subject: string;
  /** The organisation whose provider linked it; leaving that organisation removes it. */
  provider_org_id: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}
export interface InvitationTable {
  org_id: string;
  id: Generated<string>;
  email: string;
  display_name: string;
  role: MembershipRole;
  unit_id: string | null;
  manager_email: string | null;
  token_hash: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}
export interface AuditEventTable {
  org_id: string;
  id: Generated<string>;
  at: Generated<Date>;
  actor_id: string | null;
  /** The person the event is about, and a second one where it names two; summaries refer to them as place-holders. */
  subject_id: string | null;
  second_subject_id: string | null;
  /** Whether a person acted: with `actor_id` null, an erased person rather than Waymark itself. */
  by_person: Generated<boolean>;
  action: string;
  summary: string;
}
export interface EmailOutboxTable {
  id: Generated<string>;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Generated<Date>;
  sent_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
  /** Header fields from the outbox's allowed list (src/email/outbox.ts), emptied once sent. */
  headers: Generated<Record<string, string>>;
  /** An iCalendar invitation (with its METHOD), sent as the message's calendar part; emptied once sent. */
  calendar: string | null;
}
export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  platform_admin: Generated<boolean>;
  platform_moderator: Generated<boolean>;
  created_at: Generated<Date>;
  disabled_at: Date | null;
  /** Raised by a password change, signing out everywhere and disabling: older sessions stop counting. */
  session_generation: Generated<number>;
}
export interface MembershipTable {
  org_id: string;
  user_id: string;
  role: MembershipRole;
  created_at: Generated<Date>;
}
export interface SpaceTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: string;
  host_org_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
}
export interface SpaceMemberTable {
  id: Generated<string>;
  space_id: string;
  /** Exactly one of org_id and person_id is set: a whole organisation, or one named person. */
  member_org_id: string | null;
  member_person_id: string | null;
  /** For an organisation row: whether all its members join, or only the people chosen (person rows). */
  everyone: Generated<boolean>;
  /** For a person row chosen by their organisation's admin: that organisation. */
  via_org_id: string | null;
  added_at: Generated<Date>;
}
export interface ApiTokenTable {
  org_id: string;
  id: Generated<string>;
  person_id: string;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
}
/** The recent slice of story search in use (src/stories/search-slice.ts): at most one row. */
export interface StorySearchSliceTable {
  singleton: Generated<boolean>;
  boundary: Date;
  index_name: string;
  built_at: Generated<Date>;
}
export interface StoryTable {
  org_id: string;
  id: Generated<string>;
  slug: string;
  title: string;
  form: StoryForm;
  body: string;
  primary_characteristic: string;
  characteristics: string[];
  roles: string[];
  place: string;
  /** Null once the author erased their account and chose to leave the story, anonymised. */
  author_id: string | null;
  visibility: Visibility;
  space_id: string | null;
  status: StoryStatus;
  /** Defaults (by trigger) to the organisation's sector and region. */
  sector: Generated<Sector>;
  region: Generated<string>;
  transcript: Generated<string>;
  submitted_at: Date | null;
  cleared: Generated<boolean>;
  /** Generated by PostgreSQL from the title, body and transcript; never written. */
  search: ColumnType<string, never, never>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  published_at: Date | null;
}
/** A registered kind of content (content_kinds; see src/content/kind.ts): 'story', 'comment', ... */
export type ContentType = string;
export interface StoryPersonTable {
  org_id: string;
  story_id: string;
  id: Generated<string>;
  relation: StoryRelation;
  user_id: string | null;
  name: string;
  email: string | null;
  consent: Generated<ConsentState>;
  consent_token_hash: string | null;
  consent_requested_at: Date | null;
  consent_answered_at: Date | null;
  approved_text_hash: string | null;
  created_at: Generated<Date>;
}
export interface StoryAudioTable {
  org_id: string;
  story_id: string;
  media_type: 'audio/webm' | 'audio/ogg' | 'audio/mpeg' | 'audio/mp4' | 'audio/wav';
  bytes: Buffer;
  size_bytes: number;
  duration_seconds: ColumnType<string, number | string, number | string>;
  created_at: Generated<Date>;
}
export interface ModerationEventTable {
  org_id: string;
  id: Generated<string>;
  target_type: ContentType;
  target_id: string;
  action:
    | 'submitted'
    | 'published'
    | 'changes_requested'
    | 'rejected'
    | 'withdrawn'
    | 'hidden'
    | 'restored'
    | 'report_dismissed';
  reason: Generated<string>;
  actor_id: string | null;
  created_at: Generated<Date>;
}
export interface ReportTable {
  org_id: string;
  id: Generated<string>;
  target_type: ContentType;
  target_id: string;
  reporter_id: string | null;
  reason: string;
  created_at: Generated<Date>;
  resolved_at: Date | null;
  resolved_by: string | null;
  outcome: 'dismissed' | 'removed' | null;
}
export interface CommentTable {
  org_id: string;
  id: Generated<string>;
  target_type: ContentType;
  target_id: string;
  parent_id: string | null;
  author_id: string | null;
  body: string;
  status: Generated<'visible' | 'hidden' | 'deleted'>;
  created_at: Generated<Date>;
  edited_at: Date | null;
}
export interface ReactionTable {
  org_id: string;
  target_type: ContentType;
  target_id: string;
  user_id: string;
  kind: Generated<'resonates'>;
  created_at: Generated<Date>;
}
export interface ContentKindTable {
  type: string;
}
export interface NotificationPreferenceTable {
  person_id: string;
  /** A kind of event (src/notifications/events.ts). No row: the event's default. */
  event: string;
  wanted: boolean;
  updated_at: Generated<Date>;
}
export interface NotificationTable {
  org_id: string;
  id: Generated<string>;
  /** The person told. */
  person_id: string;
  /** A kind of event (src/notifications/events.ts). */
  event: string;
  target_type: ContentType;
  target_id: string;
  actor_id: string | null;
  /** A template naming the actor only as `{actor}` (src/notifications/summary.ts). */
  summary: string;
  created_at: Generated<Date>;
  read_at: Date | null;
}
export interface TagModelTable {
  id: Generated<string>;
  built_at: Generated<Date>;
  story_count: number;
  model: unknown;
}
export interface StoryImportTable {
  org_id: string;
  id: Generated<string>;
  created_by: string | null;
  file_name: string;
  parsed: unknown;
  cleared: Generated<boolean>;
  created_at: Generated<Date>;
  confirmed_at: Date | null;
}
export interface SessionTable {
  sid: string;
  sess: unknown;
  expire: Date;
}

// The pair exercise's, reading groups', articles' and the evidence library's tables: tables-features.ts.
export type * from './tables-features.ts';
