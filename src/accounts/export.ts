// Accounts' parts of a person's data export: the profile, current sign-ins and API tokens (gathered by
// src/privacy/sections.ts). Never a password hash, a session id or a token.
import { sql } from 'kysely';
import { type ExportSection, iso } from '../personal-data/export-section.ts';
import { sessionLimits } from '../web/session.ts';

export const profileSection: ExportSection = {
  key: 'profile',
  describe: 'Your name, email address, when your account was created and whether you are a platform admin.',
  async collect(db, userId) {
    const person = await db
      .selectFrom('users')
      .select(['id', 'display_name', 'email', 'created_at', 'platform_admin'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!person) return null;
    return {
      id: person.id,
      name: person.display_name,
      email: person.email,
      createdAt: iso(person.created_at),
      platformAdmin: person.platform_admin,
    };
  },
};

export const sessionsSection: ExportSection = {
  key: 'sessions',
  describe: 'When each of your current sign-ins started and when it was last used (never the session itself).',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('sessions')
      .select([sql<string | null>`sess ->> 'signedInAt'`.as('signedInAt'), 'expire'])
      .where(sql<string>`sess ->> 'personId'`, '=', userId)
      .orderBy('expire', 'desc')
      .execute();
    // A session's expiry moves forward by the idle limit at every request, so it tells when it was last used.
    return rows.map((r) => ({
      signedInAt: r.signedInAt ? iso(new Date(Number(r.signedInAt))) : null,
      lastSeenAt: iso(new Date(new Date(r.expire).getTime() - sessionLimits.idleMs)),
    }));
  },
};

export const apiTokensSection: ExportSection = {
  key: 'apiTokens',
  describe: 'Your personal API tokens: name, organisation, when created, last used and revoked (never the token).',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('api_tokens')
      .innerJoin('organisations', 'organisations.id', 'api_tokens.org_id')
      .select([
        'api_tokens.name',
        'organisations.name as organisation',
        'api_tokens.created_at',
        'api_tokens.last_used_at',
        'api_tokens.revoked_at',
      ])
      .where('api_tokens.person_id', '=', userId)
      .orderBy('api_tokens.created_at')
      .execute();
    return rows.map((t) => ({
      name: t.name,
      organisation: t.organisation,
      createdAt: iso(t.created_at),
      lastUsedAt: iso(t.last_used_at),
      revokedAt: iso(t.revoked_at),
    }));
  },
};
