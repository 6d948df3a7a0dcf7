// What a person's data export holds: one section per kind of record Waymark keeps about them.
// Features add their own section to `exportSections`; the export and the privacy page list them all.
import { sql } from 'kysely';
import { auditEvents as auditEventsWithNames, namedEvent } from '../audit/names.ts';
import { discussionSection } from '../discussion/export.ts';
import { pairSection } from '../pair/export.ts';
import { recordingsSection } from '../stories/audio/export.ts';
import { storyImportsSection } from '../stories/transfer/export-section.ts';
import { sessionLimits } from '../web/session.ts';
import { type ExportSection, iso } from './export-section.ts';

export type { ExportSection } from './export-section.ts';

const emailPattern = /[^\s@<>()“”"',;:]+@[^\s@<>()“”"',;:]+\.[^\s@<>()“”"',;:]+/g;

/** Audit summaries may name other people's addresses (a refused single sign-on); only the person's own stays. */
export function withoutOtherEmails(text: string, ownEmail: string): string {
  return text.replace(emailPattern, (found) =>
    found.toLowerCase() === ownEmail.toLowerCase() ? found : '[another email address]',
  );
}

const profile: ExportSection = {
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

const organisations: ExportSection = {
  key: 'organisations',
  describe: 'The organisations you belong to, your roles in each, your unit and the name of your line manager.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('memberships')
      .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
      .leftJoin('placements', (join) =>
        join
          .onRef('placements.org_id', '=', 'memberships.org_id')
          .onRef('placements.user_id', '=', 'memberships.user_id'),
      )
      .leftJoin('units', (join) =>
        join.onRef('units.org_id', '=', 'placements.org_id').onRef('units.id', '=', 'placements.unit_id'),
      )
      .leftJoin('users as manager', 'manager.id', 'placements.manager_id')
      .select([
        'organisations.id',
        'organisations.name',
        'organisations.sector',
        'organisations.region',
        'memberships.role',
        'memberships.created_at',
        'units.name as unit',
        'manager.display_name as manager',
      ])
      .where('memberships.user_id', '=', userId)
      .orderBy('organisations.name')
      .orderBy('memberships.role')
      .execute();
    const byOrg = new Map<
      string,
      {
        name: string;
        sector: string;
        region: string;
        roles: string[];
        memberSince: string | null;
        unit: string | null;
        lineManager: string | null;
      }
    >();
    for (const r of rows) {
      const org = byOrg.get(r.id) ?? {
        name: r.name,
        sector: r.sector,
        region: r.region,
        roles: [],
        memberSince: iso(r.created_at),
        unit: r.unit,
        lineManager: r.manager,
      };
      org.roles.push(r.role);
      const since = iso(r.created_at);
      if (since !== null && (org.memberSince === null || since < org.memberSince)) org.memberSince = since;
      byOrg.set(r.id, org);
    }
    return [...byOrg.values()];
  },
};

const spaces: ExportSection = {
  key: 'spaces',
  describe:
    'The spaces you take part in, and how you came to be in each: by name, chosen by your organisation, or with all of it.',
  async collect(db, userId) {
    const personal = await db
      .selectFrom('space_members')
      .innerJoin('spaces', 'spaces.id', 'space_members.space_id')
      .leftJoin('organisations as via', 'via.id', 'space_members.via_org_id')
      .select(['spaces.name', 'space_members.added_at', 'via.name as viaOrganisation'])
      .where('space_members.member_person_id', '=', userId)
      .execute();
    const throughOrganisations = await db
      .selectFrom('space_members')
      .innerJoin('spaces', 'spaces.id', 'space_members.space_id')
      .innerJoin('organisations', 'organisations.id', 'space_members.member_org_id')
      .select(['spaces.name', 'space_members.added_at', 'organisations.name as organisation'])
      .where('space_members.everyone', '=', true)
      .where('space_members.member_org_id', 'in', (eb) =>
        eb.selectFrom('memberships').select('org_id').where('user_id', '=', userId),
      )
      .execute();
    const invitations = await db
      .selectFrom('space_invitations')
      .innerJoin('spaces', 'spaces.id', 'space_invitations.space_id')
      .leftJoin('users as inviter', 'inviter.id', 'space_invitations.invited_by')
      .select([
        'spaces.name',
        'space_invitations.status',
        'space_invitations.created_at',
        'space_invitations.responded_at',
        'inviter.display_name as invitedBy',
      ])
      .where('space_invitations.invited_person_id', '=', userId)
      .execute();
    const created = await db
      .selectFrom('spaces')
      .select(['name', 'created_at'])
      .where('created_by', '=', userId)
      .execute();
    return {
      memberships: [
        ...personal.map((s) => ({
          space: s.name,
          how: s.viaOrganisation ? `chosen by ${s.viaOrganisation}` : 'invited by name',
          since: iso(s.added_at),
        })),
        ...throughOrganisations.map((s) => ({
          space: s.name,
          how: `with everyone in ${s.organisation}`,
          since: iso(s.added_at),
        })),
      ],
      invitations: invitations.map((i) => ({
        space: i.name,
        status: i.status,
        invitedBy: i.invitedBy,
        sentAt: iso(i.created_at),
        answeredAt: iso(i.responded_at),
      })),
      created: created.map((s) => ({ space: s.name, createdAt: iso(s.created_at) })),
    };
  },
};

const stories: ExportSection = {
  key: 'stories',
  describe: 'Every story you wrote, drafts included, with all its fields.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('stories')
      .innerJoin('organisations', 'organisations.id', 'stories.org_id')
      .leftJoin('spaces', 'spaces.id', 'stories.space_id')
      .select([
        'stories.id',
        'stories.slug',
        'stories.title',
        'stories.form',
        'stories.body',
        'stories.primary_characteristic',
        'stories.characteristics',
        'stories.roles',
        'stories.place',
        'stories.region',
        'stories.sector',
        'stories.transcript',
        'stories.visibility',
        'stories.status',
        'stories.submitted_at',
        'stories.created_at',
        'stories.updated_at',
        'stories.published_at',
        'organisations.name as organisation',
        'spaces.name as space',
      ])
      .where('stories.author_id', '=', userId)
      .orderBy('stories.created_at')
      .execute();
    return rows.map((s) => ({
      id: s.id,
      slug: s.slug,
      title: s.title,
      form: s.form,
      body: s.body,
      primaryCharacteristic: s.primary_characteristic,
      characteristics: s.characteristics,
      roles: s.roles,
      place: s.place,
      region: s.region,
      sector: s.sector,
      transcript: s.transcript,
      organisation: s.organisation,
      visibility: s.visibility,
      space: s.space,
      status: s.status,
      submittedAt: iso(s.submitted_at),
      createdAt: iso(s.created_at),
      updatedAt: iso(s.updated_at),
      publishedAt: iso(s.published_at),
    }));
  },
};

const sessions: ExportSection = {
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

const apiTokens: ExportSection = {
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

const identities: ExportSection = {
  key: 'identities',
  describe: 'The single sign-on accounts linked to yours: the provider and your identifier there.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('identities')
      .select(['issuer', 'subject', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((i) => ({
      issuer: i.issuer,
      subject: i.subject,
      linkedAt: iso(i.created_at),
      lastUsedAt: iso(i.last_used_at),
    }));
  },
};

const invitations: ExportSection = {
  key: 'invitations',
  describe: 'Invitations to join an organisation sent to your email address, and what became of them.',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('invitations')
      .innerJoin('users as person', (join) =>
        join.on('person.id', '=', userId).on(sql`lower(person.email)`, '=', sql`lower(invitations.email)`),
      )
      .innerJoin('organisations', 'organisations.id', 'invitations.org_id')
      .leftJoin('users as inviter', 'inviter.id', 'invitations.invited_by')
      .select([
        'organisations.name as organisation',
        'invitations.display_name',
        'invitations.email',
        'invitations.role',
        'invitations.created_at',
        'invitations.expires_at',
        'invitations.accepted_at',
        'invitations.revoked_at',
        'inviter.display_name as invitedBy',
      ])
      .orderBy('invitations.created_at')
      .execute();
    // The line manager's address named on an invitation is someone else's: it is left out.
    return rows.map((i) => ({
      organisation: i.organisation,
      nameGiven: i.display_name,
      email: i.email,
      role: i.role,
      invitedBy: i.invitedBy,
      sentAt: iso(i.created_at),
      expiresAt: iso(i.expires_at),
      acceptedAt: iso(i.accepted_at),
      withdrawnAt: iso(i.revoked_at),
    }));
  },
};

const auditEvents: ExportSection = {
  key: 'auditEvents',
  describe: 'What organisations’ audit logs record you doing: signing in, changes you made, exports.',
  async collect(db, userId) {
    const person = await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
    const rows = await auditEventsWithNames(db)
      .innerJoin('organisations', 'organisations.id', 'audit_events.org_id')
      .select('organisations.name as organisation')
      .where('audit_events.actor_id', '=', userId)
      .orderBy('audit_events.at')
      .orderBy('audit_events.id')
      .execute();
    return rows.map((e) => ({
      organisation: e.organisation,
      at: iso(e.at),
      action: e.action,
      summary: withoutOtherEmails(namedEvent(e).summary, person?.email ?? ''),
    }));
  },
};

const email: ExportSection = {
  key: 'email',
  describe:
    'Email Waymark has sent or is about to send you: subject and dates (not the text, which may hold a sign-in link).',
  async collect(db, userId) {
    const rows = await db
      .selectFrom('email_outbox')
      .innerJoin('users', (join) =>
        join.on('users.id', '=', userId).on(sql`lower(users.email)`, '=', sql`lower(email_outbox.to_address)`),
      )
      .select(['email_outbox.subject', 'email_outbox.created_at', 'email_outbox.sent_at'])
      .orderBy('email_outbox.created_at')
      .execute();
    return rows.map((m) => ({ subject: m.subject, queuedAt: iso(m.created_at), sentAt: iso(m.sent_at) }));
  },
};

/**
 * Every section, in the order the export and the privacy page show them. A feature that keeps personal
 * data (feedback, development plans, exchanges, the journal) adds its section here, keeping the rules in
 * `ExportSection`'s comment; the integration test then scans its output for secrets like every other's.
 */
export const exportSections: ExportSection[] = [
  profile,
  organisations,
  spaces,
  stories,
  sessions,
  apiTokens,
  identities,
  invitations,
  auditEvents,
  email,
  pairSection,
  recordingsSection,
  discussionSection,
  storyImportsSection,
];
