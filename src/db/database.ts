// The database handle: Kysely over one pg pool, for the embedded server and an external one alike.
// Table types live in tables.ts, re-exported here so every repository sees the same schema.

import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type {
  ApiTokenTable,
  AuditEventTable,
  CharacteristicTable,
  CommentTable,
  ContentKindTable,
  EmailOutboxTable,
  FrameworkVersionTable,
  IdentityTable,
  IndicatorTable,
  InvitationTable,
  LessonTable,
  MembershipTable,
  ModerationEventTable,
  NotificationPreferenceTable,
  OrganisationTable,
  PairSessionTable,
  PairTurnTable,
  PlacementTable,
  ReactionTable,
  ReportTable,
  RoleTable,
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
  content_kinds: ContentKindTable;
  tag_models: TagModelTable;
  story_imports: StoryImportTable;
  pair_sessions: PairSessionTable;
  pair_turns: PairTurnTable;
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
 * request (planning is most of the time of the short lookups every page makes). Searches are left out:
 * their best plan depends on the words, so each is planned afresh.
 */
const preparable = (text: string) =>
  text.length <= 8000 &&
  !/tsquery|ts_rank|ts_headline|explain|set_config/i.test(text) &&
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
function preparingPool(pool: pg.Pool) {
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  return {
    async connect() {
      const client = await pool.connect();
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      return new Proxy(client, {
        get(target, property, receiver) {
          if (property !== 'query') return Reflect.get(target, property, receiver);
          return (text: unknown, values?: unknown[]) => {
            if (typeof text !== 'string' || !preparable(text)) return query(text, values);
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
    end: () => pool.end(),
  };
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) as unknown as pg.Pool }) });
}

/**
 * Runs `work` in a transaction whose statements PostgreSQL stops after `ms` (statement_timeout for this
 * transaction only, so the pool's connections keep their own setting). A stopped statement fails with
 * `isStatementTimeout`.
 */
export function withStatementTimeout<T>(
  db: Db,
  ms: number,
  work: (trx: Db) => Promise<T>,
  /** More settings for this transaction only, set in the same statement (e.g. `{ jit: 'off' }`). */
  settings: Record<string, string> = {},
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const all = { statement_timeout: `${Math.max(1, Math.round(ms))}ms`, ...settings };
    await sql`select ${sql.join(Object.entries(all).map(([name, value]) => sql`set_config(${name}, ${value}, true)`))}`.execute(
      trx,
    );
    return work(trx);
  });
}

/** PostgreSQL's "canceling statement due to statement timeout" (SQLSTATE 57014). */
export const isStatementTimeout = (err: unknown) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57014';
