// Counters for throttling sign-in, shared by every instance (rate-limiter-flexible's Postgres store).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table throttles (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    );
    create index throttles_expire on throttles (expire);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table throttles`.execute(db);
}
