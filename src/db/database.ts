// The database handle: Kysely over one pg pool, for the embedded server and an external one alike.
// Table types live in tables.ts, re-exported here so every repository sees the same schema.

import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type {
  AgendaItemTable,
  ApiTokenTable,
  ArticleAuthorTable,
  ArticleCoverTable,
  ArticleRevisionTable,
  ArticleSeriesTable,
  ArticleTable,
  AuditEventTable,
  CalendarFeedTable,
  CharacteristicTable,
  CommentTable,
  ContentKindTable,
  EmailOutboxTable,
  FrameworkVersionTable,
  GroupActionTable,
  GroupInvitationTable,
  GroupMemberTable,
  GroupQuestionTable,
  GroupSessionTable,
  IdentityTable,
  IndicatorTable,
  InvitationTable,
  LessonTable,
  LibraryImportTable,
  LibraryItemTable,
  MembershipTable,
  ModerationEventTable,
  NotificationPreferenceTable,
  NotificationTable,
  OrganisationTable,
  PairSessionTable,
  PairTurnTable,
  PlacementTable,
  ReactionTable,
  ReadingGroupTable,
  ReadingListItemTable,
  ReportTable,
  RoleTable,
  SessionNoteTable,
  SessionReflectionTable,
  SessionRsvpTable,
  SessionTable,
  SignInLinkTable,
  SpaceInvitationTable,
  SpaceMemberTable,
  SpaceTable,
  SsoDomainClaimTable,
  SsoProviderTable,
  StoryAudioTable,
  StoryImportTable,
  StoryPersonTable,
  StorySearchSliceTable,
  StoryTable,
  TagModelTable,
  UnitTable,
  UserTable,
} from './tables.ts';

export type * from './tables.ts';

export interface Database {
  framework_versions: FrameworkVersionTable;
  characteristics: CharacteristicTable;
  characteristic_indicators: IndicatorTable;
  roles: RoleTable;
  lessons: LessonTable;
  organisations: OrganisationTable;
  users: UserTable;
  memberships: MembershipTable;
  spaces: SpaceTable;
  space_members: SpaceMemberTable;
  api_tokens: ApiTokenTable;
  stories: StoryTable;
  story_search_slice: StorySearchSliceTable;
  sessions: SessionTable;
  units: UnitTable;
  placements: PlacementTable;
  space_invitations: SpaceInvitationTable;
  sign_in_links: SignInLinkTable;
  sso_providers: SsoProviderTable;
  sso_domain_claims: SsoDomainClaimTable;
  identities: IdentityTable;
  invitations: InvitationTable;
  audit_events: AuditEventTable;
  email_outbox: EmailOutboxTable;
  story_people: StoryPersonTable;
  story_audio: StoryAudioTable;
  moderation_events: ModerationEventTable;
  reports: ReportTable;
  comments: CommentTable;
  reactions: ReactionTable;
  notification_preferences: NotificationPreferenceTable;
  notifications: NotificationTable;
  content_kinds: ContentKindTable;
  tag_models: TagModelTable;
  story_imports: StoryImportTable;
  library_items: LibraryItemTable;
  library_imports: LibraryImportTable;
  pair_sessions: PairSessionTable;
  pair_turns: PairTurnTable;
  articles: ArticleTable;
  article_series: ArticleSeriesTable;
  article_authors: ArticleAuthorTable;
  article_revisions: ArticleRevisionTable;
  article_covers: ArticleCoverTable;
  reading_groups: ReadingGroupTable;
  group_members: GroupMemberTable;
  group_sessions: GroupSessionTable;
  session_rsvps: SessionRsvpTable;
  group_questions: GroupQuestionTable;
  agenda_items: AgendaItemTable;
  session_notes: SessionNoteTable;
  session_reflections: SessionReflectionTable;
  group_actions: GroupActionTable;
  calendar_feeds: CalendarFeedTable;
  reading_list_items: ReadingListItemTable;
  group_invitations: GroupInvitationTable;
}

export type Db = Kysely<Database>;

/** How long one statement of the server may run before PostgreSQL stops it (admin work, exports, jobs). */
export const defaultStatementTimeoutMs = 30_000;

export interface PoolOptions {
  /** PostgreSQL's statement_timeout for every connection of the pool; 0 or undefined: no limit. */
  statementTimeoutMs?: number;
}

export function createPool(databaseUrl: string, max = 10, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    application_name: 'waymark',
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client losing its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/** At most this many statements are kept prepared on one connection; beyond it, statements are sent plain. */
const preparedPerConnection = 300;

/**
 * Whether a statement is kept prepared on its connection: PostgreSQL then plans it once per connection and,
 * after a few runs, keeps a generic plan when that costs no more, instead of planning it again on every
 * request (planning is most of the time of the short lookups every page makes). Searches are left out on
 * the main pool: their best plan depends on the words, so each is planned afresh. On the search pool
 * (`searchDbBeside`) they are kept too, as its connections plan every run for its own values
 * (`plan_cache_mode`): what is saved there is reading and analysing a long statement again.
 */
const preparable = (text: string, searches: boolean) =>
  text.length <= 8000 &&
  !/explain|set_config/i.test(text) &&
  (searches || !/tsquery|ts_rank|ts_headline/i.test(text)) &&
  /^\s*(select|with|insert|update|delete)\b/i.test(text);

const names = new Map<string, string>();
/** A prepared statement's name: the same for the same text on every connection. */
const nameOf = (text: string) => {
  let name = names.get(text);
  if (name === undefined) {
    name = `w${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
};

/** The pool as Kysely uses it, with each connection's statements prepared where `preparable` says. */
function preparingPool(pool: pg.Pool, searches = false) {
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  return {
    async connect() {
      const client = await pool.connect();
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      return new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver);
          return (text: unknown, values?: unknown[]) => {
            if (typeof text !== 'string' || !preparable(text, searches)) return query(text, values);
            const seen = preparedOn.get(target) ?? new Set<string>();
            preparedOn.set(target, seen);
            const name = nameOf(text);
            if (!seen.has(name) && seen.size >= preparedPerConnection) return query(text, values);
            seen.add(name);
            return query({ name, text, values });
          };
        },
      });
    },
    end: async () => {
      await endSearchPools(pool);
      await pool.end();
    },
  };
}

export function createDb(pool: pg.Pool, searches = false): Db {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: preparingPool(pool, searches) as unknown as pg.Pool }),
  });
}

/** The small pools beside a pool for readers' searches, by time limit; each ends with its pool. */
const searchPools = new WeakMap<pg.Pool, Map<number, Db>>();

/**
 * A handle for readers' searches, on a few connections of their own beside `pool` (same server, same
 * credentials) whose every statement PostgreSQL stops after `timeoutMs`, without compiling it (JIT) or handing
 * it to parallel workers: for one reader on a busy server those cost more than a search's few milliseconds of
 * work. Each run of a statement is planned for its own values, as a search's best plan depends on its words.
 * The settings belong to the connections, so a search needs no transaction to set them: each statement is one
 * round trip, which is most of what a short statement costs here. Ended with `pool`'s Kysely handle
 * (`createDb`).
 */
export function searchDbBeside(pool: pg.Pool, timeoutMs: number): Db {
  const ms = Math.max(1, Math.round(timeoutMs));
  const known = searchPools.get(pool) ?? new Map<number, Db>();
  searchPools.set(pool, known);
  let db = known.get(ms);
  if (!db) {
    const { connectionString, application_name } = pool.options as pg.PoolConfig;
    const beside = new pg.Pool({
      connectionString,
      max: 4,
      application_name: `${application_name ?? 'waymark'}-search`,
      options: `-c statement_timeout=${ms} -c jit=off -c max_parallel_workers_per_gather=0 -c plan_cache_mode=force_custom_plan`,
    });
    beside.on('error', () => {});
    db = createDb(beside, true);
    known.set(ms, db);
  }
  return db;
}

/** Ends the search pools beside `pool` (its Kysely handle's `destroy` calls this first). */
async function endSearchPools(pool: pg.Pool) {
  const known = searchPools.get(pool);
  searchPools.delete(pool);
  await Promise.all([...(known?.values() ?? [])].map((db) => db.destroy()));
}

/** PostgreSQL's "canceling statement due to statement timeout" (SQLSTATE 57014). */
export const isStatementTimeout = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57014';
