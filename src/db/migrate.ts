// Schema migrations: one ordered list, run on start in embedded mode and by `waymark migrate` otherwise.
// Kysely's migrator takes a lock, so several instances starting at once apply each migration once.
import { type Migration, Migrator } from 'kysely/migration';
import type { Db } from './database.ts';
import * as m0001 from './migrations/0001_foundation.ts';
import * as m0002 from './migrations/0002_throttles.ts';
import * as m0003 from './migrations/0003_accounts.ts';
import * as m0004 from './migrations/0004_stories.ts';
import * as m0005 from './migrations/0005_pair.ts';
import * as m0006 from './migrations/0006_story_reading.ts';
import * as m0007 from './migrations/0007_content_notifications.ts';
import * as m0008 from './migrations/0008_story_filters.ts';
import * as m0009 from './migrations/0009_join_consent.ts';
import * as m0010 from './migrations/0010_sso_trust.ts';
import * as m0011 from './migrations/0011_tokens_and_sessions.ts';
import * as m0012 from './migrations/0012_audit_people_and_mail.ts';
import * as m0013q from './migrations/0013_quieter_content_notifications.ts';
import * as m0014 from './migrations/0014_search_speed.ts';
import * as m0015 from './migrations/0015_content_kinds.ts';
import * as m0016 from './migrations/0016_notification_inbox.ts';
import * as m0017 from './migrations/0017_comment_authors.ts';
import * as m0018 from './migrations/0018_articles.ts';
import * as m0019 from './migrations/0019_library.ts';
import * as m0020 from './migrations/0020_reading_groups.ts';
import * as m0021 from './migrations/0021_email_extras.ts';
import * as m0022 from './migrations/0022_hub_content_notifications.ts';
import * as m0023 from './migrations/0023_subscriptions.ts';
import * as m0024 from './migrations/0024_group_invitations.ts';
import * as m0025 from './migrations/0025_story_search_slice.ts';

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_throttles': m0002,
  '0003_accounts': m0003,
  '0004_stories': m0004,
  '0005_pair': m0005,
  '0006_story_reading': m0006,
  '0007_content_notifications': m0007,
  '0008_story_filters': m0008,
  '0009_join_consent': m0009,
  '0010_sso_trust': m0010,
  '0011_tokens_and_sessions': m0011,
  '0012_audit_people_and_mail': m0012,
  '0013_quieter_content_notifications': m0013q,
  '0014_search_speed': m0014,
  '0015_content_kinds': m0015,
  '0016_notification_inbox': m0016,
  '0017_comment_authors': m0017,
  '0019_library': m0019,
  '0018_articles': m0018,
  '0020_reading_groups': m0020,
  '0021_email_extras': m0021,
  '0022_hub_content_notifications': m0022,
  '0023_subscriptions': m0023,
  '0024_group_invitations': m0024,
  '0025_story_search_slice': m0025,
};

const migrator = (db: Db) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    // No failed migration means the database could not be reached or locked: pass that on as it is.
    if (!failed) throw error;
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  return (await migrator(db).getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
