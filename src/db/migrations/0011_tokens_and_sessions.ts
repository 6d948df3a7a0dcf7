// API tokens that expire, and a per-person session generation: changing a password, signing out everywhere
// or being disabled raises it, and a session signed in under an older generation no longer counts.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column session_generation integer not null default 0;

    -- Tokens made before expiry existed get the default lifetime from the day of the upgrade, so no
    -- program stops without warning; their owners see the date on the tokens page.
    alter table api_tokens add column expires_at timestamptz;
    update api_tokens set expires_at = now() + interval '90 days';
    alter table api_tokens alter column expires_at set not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table api_tokens drop column expires_at;
    alter table users drop column session_generation;
  `.execute(db);
}
