// The people and records the access matrix and the CSRF sweep call routes with: one caller of every kind
// (signed in through the real form, or holding a real API token), and a record with a unique marker
// string behind every route parameter, so a test can tell an answer that shows the record from one that
// does not.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { hashPassword } from '../../src/accounts/passwords.ts';
import { accountsService } from '../../src/accounts/service.ts';
import { auditService, auditText, mention } from '../../src/audit/service.ts';
import type { Db } from '../../src/db/database.ts';
import { hashInvitationToken } from '../../src/invitations/repository.ts';
import { plantGroupRecords } from './access-world-groups.ts';
import { createTestApp, type TestApp } from './app.ts';
import { csrfOf, signInCookie } from './forms.ts';

export const council = 'northshire-county-council';
export const spaceSlug = 'northshire-wellbeing-partnership';

/**
 * Every kind of caller. The council is the organisation whose records are at stake; the Kelbridge
 * Wellbeing Network is its partner in the shared space; Northshire Fire and Rescue is unrelated. The
 * member also belongs to Open Door Kitchens (where no caller is an admin), and `token_other` is her token made
 * for it: a token for another organisation held by the very person who owns the council's records.
 */
export const callerNames = [
  'anonymous',
  'member',
  'line_manager',
  'moderator',
  'coordinator',
  'hr_od',
  'org_admin',
  'editor',
  'platform_admin',
  'platform_moderator',
  'partner_member',
  'partner_admin',
  'unrelated_member',
  'unrelated_admin',
  'just_left',
  'token_own',
  'token_other',
] as const;
export type CallerName = (typeof callerNames)[number];

/** Demo people (or people this file adds) behind each session caller. */
const emails: Record<Exclude<CallerName, 'anonymous' | 'token_own' | 'token_other'>, string> = {
  member: 'amira.okafor@northshire-county-council.example',
  line_manager: 'tom.haddley@northshire-county-council.example',
  hr_od: 'priya.lomax@northshire-county-council.example',
  moderator: 'gareth.mbeki@northshire-county-council.example',
  coordinator: 'rosa.penhallow@northshire-county-council.example',
  org_admin: 'declan.ashworth@northshire-county-council.example',
  // Added below: the council's editor of articles.
  editor: 'matrix.editor@northshire-county-council.example',
  // Added below: a platform admin and a platform moderator who belong to no organisation at stake.
  platform_admin: 'matrix.platform.admin@open-door-kitchens.example',
  platform_moderator: 'matrix.platform.moderator@open-door-kitchens.example',
  partner_member: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
  partner_admin: 'olu.fairweather@kelbridge-wellbeing-network.example',
  unrelated_member: 'callum.ridding@northshire-fire-rescue.example',
  // Added below: the admin of an organisation with no part in the council's affairs.
  unrelated_admin: 'matrix.fire.admin@northshire-fire-rescue.example',
  just_left: 'kit.marsden@kelbridge-city-council.example',
};

export interface Caller {
  name: CallerName;
  /** Session cookie (empty for a token). */
  cookie: string;
  /** The CSRF token of that session's forms. */
  csrf: string;
  token?: string;
}

/** The records that route parameters name, each with a marker string only it carries. */
export interface Records {
  councilId: string;
  charityId: string;
  amira: string;
  ines: string;
  sunita: string;
  writingDraft: string;
  writingPerson: string;
  toldAloud: string;
  privateStory: string;
  waitingStory: string;
  publicStory: string;
  comment: string;
  report: string;
  storyImport: string;
  pairSession: string;
  email: string;
  invitation: string;
  invitationSecret: string;
  spaceInvitation: string;
  unit: string;
  tokenId: string;
  notification: string;
  readingGroup: string;
  groupSession: string;
  groupRequester: string;
  readingListItem: string;
  groupInvitation: string;
  libraryItem: string;
  waitingLibraryItem: string;
  libraryImport: string;
  councilArticle: string;
  draftArticle: string;
  articleSeries: string;
}

export const markers = {
  writingDraft: 'Matrix writing draft',
  writingPerson: 'matrix.person@example.org',
  toldAloud: 'Matrix told aloud',
  privateStory: 'Notes for myself on a hard day',
  waitingStory: 'The rota nobody wanted',
  comment: 'Matrix comment on a public story',
  report: 'Matrix report about a council story',
  storyImport: 'matrix-collection.json',
  pairNotes: 'Matrix pair notes',
  email: 'Matrix outbox subject',
  invitation: 'matrix.invitee@northshire-county-council.example',
  space: 'working together on community wellbeing',
  spaceName: 'Northshire Wellbeing Partnership',
  ssoIssuer: 'https://login.northshire-county-council.example',
  unit: 'Kelbridge Locality Team',
  token: 'Matrix own token',
  amiraEmail: 'amira.okafor@northshire-county-council.example',
  sunita: 'Sunita Greaves',
  ines: 'Ines Thackeray',
  /** The council's audit entry, naming the member by id: the log shows her name. */
  audit: 'Matrix audit entry about Amira Okafor',
  /** The member's notification of a comment on her story by her line manager. */
  notification: 'Matrix notification',
  /** The council's library item for its own people, a suggestion waiting for review, and a pasted import. */
  libraryItem: 'Matrix library item',
  waitingLibraryItem: 'Matrix library suggestion',
  libraryImport: 'Matrix pasted entry',
  /** The council's article for its own people, its editors' draft, and the series holding the first. */
  councilArticle: 'Matrix council article',
  draftArticle: 'Matrix draft article',
  articleSeries: 'Matrix article series',
} as const;

export interface AccessWorld {
  t: TestApp;
  callers: Caller[];
  caller(name: CallerName): Caller;
  records: Records;
}

const idOf = async (db: Db, table: 'users' | 'organisations' | 'spaces', column: string, value: string) =>
  (
    await db
      .selectFrom(table)
      .select('id')
      .where(column as never, '=', value as never)
      .executeTakeFirstOrThrow()
  ).id as string;

export async function buildAccessWorld(): Promise<AccessWorld> {
  const t = await createTestApp();
  const db = t.database.db;
  const person = (email: string) => idOf(db, 'users', 'email', email);
  const org = (slug: string) => idOf(db, 'organisations', 'slug', slug);
  const councilId = await org(council);
  const charityId = await org('kelbridge-wellbeing-network');
  const fireId = await org('northshire-fire-rescue');
  const kitchensId = await org('open-door-kitchens');
  const spaceId = await idOf(db, 'spaces', 'slug', spaceSlug);
  const amira = await person(emails.member);

  // The people the demo lacks, with a password of their own.
  const password = `matrix-${randomBytes(12).toString('hex')}`;
  const passwordHash = await hashPassword(password);
  const added: [string, string, 'member' | 'org_admin', { platform_admin?: boolean; platform_moderator?: boolean }][] =
    [
      [emails.platform_admin, kitchensId, 'member', { platform_admin: true }],
      [emails.platform_moderator, kitchensId, 'member', { platform_moderator: true }],
      [emails.unrelated_admin, fireId, 'org_admin', {}],
      [emails.editor, councilId, 'member', {}],
    ];
  for (const [email, orgId, role, flags] of added) {
    const { id } = await db
      .insertInto('users')
      .values({
        email,
        display_name: email.split('@')[0] ?? email,
        password_hash: passwordHash,
        disabled_at: null,
        ...flags,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('memberships').values({ org_id: orgId, user_id: id, role }).execute();
  }
  await db
    .insertInto('memberships')
    .values({ org_id: councilId, user_id: await person(emails.editor), role: 'editor' })
    .execute();
  // The member also works with Open Door Kitchens (the council stays her first organisation, by name).
  await db.insertInto('memberships').values({ org_id: kitchensId, user_id: amira, role: 'member' }).execute();

  // Someone named into the space who then leaves it: their session lives on, their access must not.
  const kit = await person(emails.just_left);
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_person_id: kit, member_org_id: null })
    .execute();
  // Someone named into the space who stays (the subject of "remove a person").
  const ines = await person('ines.thackeray@open-door-kitchens.example');
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_person_id: ines, member_org_id: null })
    .execute();

  const callers: Caller[] = [];
  const anonymousPage = await t.app.inject('/sign-in');
  callers.push({
    name: 'anonymous',
    cookie: anonymousPage.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    csrf: csrfOf(anonymousPage.body),
  });
  for (const [name, email] of Object.entries(emails) as [CallerName, string][]) {
    const credential = t.credentials.find((c) => c.email === email) ?? { email, password };
    const cookie = await signInCookie(t.app, credential);
    const account = await t.app.inject({ url: '/account', headers: { cookie } });
    callers.push({ name, cookie, csrf: csrfOf(account.body) });
  }
  await db.deleteFrom('space_members').where('space_id', '=', spaceId).where('member_person_id', '=', kit).execute();
  const accounts = accountsService(db);
  callers.push({
    name: 'token_own',
    cookie: '',
    csrf: '',
    token: await accounts.createToken(emails.member, council, markers.token),
  });
  callers.push({
    name: 'token_other',
    cookie: '',
    csrf: '',
    token: await accounts.createToken(emails.member, 'open-door-kitchens', 'Matrix token for the kitchens'),
  });
  const tokenId = (
    await db.selectFrom('api_tokens').select('id').where('name', '=', markers.token).executeTakeFirstOrThrow()
  ).id;

  const story = (values: { slug: string; title: string; body: string; visibility: 'private' | 'organisation' }) =>
    db
      .insertInto('stories')
      .values({
        org_id: councilId,
        form: 'personal-narrative',
        primary_characteristic: 'rooted',
        characteristics: ['rooted'],
        roles: [],
        place: '',
        author_id: amira,
        space_id: null,
        status: 'draft',
        submitted_at: null,
        published_at: null,
        ...values,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  // The member's private draft, naming one person: only its author reaches it.
  const writingDraft = (
    await story({
      slug: 'matrix-writing-draft',
      title: markers.writingDraft,
      body: 'Matrix Person helped.',
      visibility: 'private',
    })
  ).id;
  const writingPerson = (
    await db
      .insertInto('story_people')
      .values({
        org_id: councilId,
        story_id: writingDraft,
        relation: 'named',
        user_id: null,
        name: 'Matrix Person',
        email: markers.writingPerson,
        consent_token_hash: null,
        consent_requested_at: null,
        consent_answered_at: null,
        approved_text_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // A draft told aloud, meant for the organisation once published, with its recording.
  const toldAloud = (
    await story({
      slug: 'matrix-told-aloud',
      title: markers.toldAloud,
      body: 'Matrix draft with a recording.',
      visibility: 'organisation',
    })
  ).id;
  await db
    .insertInto('story_audio')
    .values({
      org_id: councilId,
      story_id: toldAloud,
      media_type: 'audio/wav',
      bytes: Buffer.from('matrix'),
      size_bytes: 6,
      duration_seconds: 1,
    })
    .execute();

  // A pair exercise between the member and her line manager, each at their own screen.
  const tom = await person(emails.line_manager);
  const pairSession = (
    await db
      .insertInto('pair_sessions')
      .values({ org_id: councilId, started_by: amira, partner_id: tom, mode: 'apart', finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('pair_turns')
    .values(
      (
        [
          [1, amira, tom],
          [2, tom, amira],
        ] as const
      ).map(([turn, storyteller, interviewer]) => ({
        org_id: councilId,
        session_id: pairSession,
        turn,
        storyteller_id: storyteller,
        interviewer_id: interviewer,
        ...(turn === 1 ? { introduce: markers.pairNotes } : {}),
        started_at: turn === 1 ? new Date() : null,
        notes_saved_at: null,
        finished_at: null,
        story_id: null,
      })),
    )
    .execute();

  const email = (
    await db
      .insertInto('email_outbox')
      .values({
        to_address: 'matrix.mail@example.org',
        subject: markers.email,
        body_text: 'Matrix message',
        sent_at: null,
        last_error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const invitationSecret = randomBytes(32).toString('base64url');
  const invitation = (
    await db
      .insertInto('invitations')
      .values({
        org_id: councilId,
        email: markers.invitation,
        display_name: 'Matrix Invitee',
        role: 'member',
        unit_id: null,
        manager_email: null,
        token_hash: hashInvitationToken(invitationSecret),
        invited_by: null,
        expires_at: new Date(Date.now() + 86_400_000),
        accepted_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // The unrelated organisation's member is invited by name into the shared space.
  const spaceInvitation = (
    await db
      .insertInto('space_invitations')
      .values({
        space_id: spaceId,
        invited_person_id: await person(emails.unrelated_member),
        invited_by: null,
        responded_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const storyImport = (
    await db
      .insertInto('story_imports')
      .values({
        org_id: councilId,
        created_by: null,
        file_name: markers.storyImport,
        parsed: JSON.stringify({ format: 'json', fileProblems: [], items: [] }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const libraryItem = async (
    title: string,
    status: 'published' | 'submitted',
    visibility: 'organisation' | 'signed_in',
  ) =>
    (
      await db
        .insertInto('library_items')
        .values({
          org_id: councilId,
          suggested_by: null,
          visibility,
          space_id: null,
          status,
          item_type: 'report',
          title,
          authors: '[]',
          submitted_at: new Date(),
          published_at: status === 'published' ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const libraryItems = {
    libraryItem: await libraryItem(markers.libraryItem, 'published', 'organisation'),
    waitingLibraryItem: await libraryItem(markers.waitingLibraryItem, 'submitted', 'signed_in'),
    libraryImport: (
      await db
        .insertInto('library_imports')
        .values({
          org_id: councilId,
          created_by: null,
          format: 'bibtex',
          parsed: JSON.stringify({
            entries: [
              { label: 'Entry 1', entry: null, problems: [markers.libraryImport] },
              {
                label: 'Entry 2',
                problems: [],
                entry: {
                  itemType: 'report',
                  title: 'Matrix imported report',
                  authors: [],
                  year: 2024,
                  container: '',
                  publisher: '',
                  doi: null,
                  isbn: null,
                  url: null,
                  accessed: null,
                },
              },
            ],
          }),
          result: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  };

  const editorId = await person(emails.editor);
  const articleSeries = (
    await db
      .insertInto('article_series')
      .values({ org_id: councilId, title: markers.articleSeries })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const article = async (title: string, visibility: 'organisation' | 'public', published: boolean) =>
    (
      await db
        .insertInto('articles')
        .values({
          org_id: councilId,
          owner_id: editorId,
          visibility,
          space_id: null,
          article_kind: 'blog_post',
          title,
          body: `${title}: the text.`,
          series_id: published ? articleSeries : null,
          tags: ['characteristic:career'],
          guest_name: null,
          guest_job: null,
          guest_org: null,
          status: published ? 'published' : 'draft',
          published_at: published ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const councilArticle = await article(markers.councilArticle, 'organisation', true);
  await article('Matrix public article', 'public', true);
  // Two revisions of the council's article, for the comparison page.
  await db
    .insertInto('article_revisions')
    .values(
      [1, 2].map((number) => ({
        org_id: councilId,
        article_id: councilArticle,
        number,
        title: markers.councilArticle,
        summary: '',
        body: `Revision ${number}`,
        saved_by: editorId,
      })),
    )
    .execute();
  const articles = {
    councilArticle,
    draftArticle: await article(markers.draftArticle, 'organisation', false),
    articleSeries,
  };
  // The draft's cover image, for the cover pages and the image itself (its editor's only, until published).
  await db
    .insertInto('article_covers')
    .values({
      org_id: councilId,
      article_id: articles.draftArticle,
      image: await sharp({ create: { width: 40, height: 20, channels: 3, background: '#1d70b8' } })
        .jpeg()
        .toBuffer(),
      width: 40,
      height: 20,
      alt: 'A blue band',
    })
    .execute();

  await auditService(db).record({
    orgId: councilId,
    actorId: null,
    action: 'settings_changed',
    summary: auditText`Matrix audit entry about ${mention(amira)}`,
  });

  const storyBySlug = async (slug: string) =>
    db.selectFrom('stories').select(['id', 'org_id']).where('slug', '=', slug).executeTakeFirstOrThrow();
  // A public story of the council's (the member's own), with a comment of hers for the discussion routes.
  const publicStory = await storyBySlug('the-supervision-i-nearly-skipped');
  const comment = (
    await db
      .insertInto('comments')
      .values({
        org_id: publicStory.org_id,
        target_type: 'story',
        target_id: publicStory.id,
        parent_id: null,
        author_id: amira,
        body: markers.comment,
        edited_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // The member's notification that her line manager commented on her public story.
  const notification = (
    await db
      .insertInto('notifications')
      .values({
        org_id: publicStory.org_id,
        person_id: amira,
        event: 'comment_on_mine',
        target_type: 'story',
        target_id: publicStory.id,
        actor_id: tom,
        summary: `${markers.notification}: {actor} commented on your story.`,
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // A report by the member about a story the council keeps to itself.
  const reported = await storyBySlug('not-salami-slicing');
  const report = (
    await db
      .insertInto('reports')
      .values({
        org_id: councilId,
        target_type: 'story',
        target_id: reported.id,
        reporter_id: amira,
        reason: markers.report,
        resolved_at: null,
        resolved_by: null,
        outcome: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Single sign-on for the council, added after everyone has signed in by password (its secret is sealed
  // under another key: unreadable here, as after a change of SESSION_SECRET).
  await db
    .insertInto('sso_providers')
    .values({
      org_id: councilId,
      issuer: markers.ssoIssuer,
      client_id: 'waymark',
      client_secret_sealed: 'sealed-elsewhere',
      allowed_domains: ['northshire-county-council.example'],
      updated_by: null,
    } as never)
    .execute();
  const unit = (
    await db
      .selectFrom('units')
      .select('id')
      .where('org_id', '=', councilId)
      .where('name', '=', markers.unit)
      .executeTakeFirstOrThrow()
  ).id;

  const groupRecords = await plantGroupRecords(db, councilId, amira, tom, publicStory.id);
  const records: Records = {
    councilId,
    charityId,
    amira,
    ines,
    sunita: await person('sunita.greaves@northshire-community-health.example'),
    writingDraft,
    writingPerson,
    toldAloud,
    privateStory: (await storyBySlug('notes-for-myself-on-a-hard-day')).id,
    waitingStory: (await storyBySlug('the-rota-nobody-wanted')).id,
    publicStory: publicStory.id,
    comment,
    report,
    storyImport,
    pairSession,
    email,
    invitation,
    invitationSecret,
    spaceInvitation,
    unit,
    tokenId,
    notification,
    ...groupRecords,
    ...libraryItems,
    ...articles,
  };
  return {
    t,
    callers,
    records,
    caller(name) {
      const found = callers.find((c) => c.name === name);
      if (!found) throw new Error(`no caller ${name}`);
      return found;
    },
  };
}

/**
 * Which record each route parameter names, by route. A route with a parameter needs a line here (the
 * matrix fails and says so otherwise); a matrix row may name other records for the same route.
 */
export const bindings: Record<string, Record<string, keyof Records | `=${string}`>> = {
  '/assets/waymark-:hash.css': { hash: '=x' },
  '/framework/characteristics/:key': { key: '=reflects' },
  '/framework/roles/:key': { key: '=broker' },
  '/framework/lessons/:key': { key: '=generic-skills' },
  '/stories/feeds/:characteristic.atom': { characteristic: '=reflects' },
  '/calendar/:secret': { secret: '=Matrix-calendar-secret-0123456789abcdefghij' },
  '/groups/:id': { id: 'readingGroup' },
  '/groups/:id/join': { id: 'readingGroup' },
  '/groups/:id/reading-list': { id: 'readingGroup' },
  '/groups/:id/reading-list/:itemId/remove': { id: 'readingGroup', itemId: 'readingListItem' },
  '/groups/:id/reading-list/:itemId/move': { id: 'readingGroup', itemId: 'readingListItem' },
  '/groups/:id/requests/:personId': { id: 'readingGroup', personId: 'groupRequester' },
  '/groups/:id/invitations': { id: 'readingGroup' },
  '/groups/:id/invitations/:invitationId/withdraw': { id: 'readingGroup', invitationId: 'groupInvitation' },
  '/group-invitations/:token': { token: '=Matrix-group-invitation-0123456789abcdefghi' },
  '/groups/:id/sessions/new': { id: 'readingGroup' },
  '/groups/:id/sessions/:sessionId': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/rsvp': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/answers': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/calendar.ics': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/agenda': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/questions': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/notes': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/reflection': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/actions': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/facilitate': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/edit': { id: 'readingGroup', sessionId: 'groupSession' },
  '/groups/:id/sessions/:sessionId/cancel': { id: 'readingGroup', sessionId: 'groupSession' },
  '/api/v1/groups/:id': { id: 'readingGroup' },
  '/api/v1/groups/:id/sessions/:sessionId': { id: 'readingGroup', sessionId: 'groupSession' },
  '/api/v1/groups/:id/sessions/:sessionId/rsvp': { id: 'readingGroup', sessionId: 'groupSession' },
  '/stories/:id': { id: 'writingDraft' },
  '/api/v1/stories/:id': { id: 'writingDraft' },
  '/api/v1/stories/:id/submit': { id: 'writingDraft' },
  '/stories/:id/edit': { id: 'writingDraft' },
  '/stories/:id/autosave': { id: 'writingDraft' },
  '/stories/:id/submit': { id: 'writingDraft' },
  '/stories/:id/withdraw': { id: 'writingDraft' },
  '/stories/:id/delete': { id: 'writingDraft' },
  '/stories/:id/reopen': { id: 'writingDraft' },
  '/stories/:id/people/:personId/ask': { id: 'writingDraft', personId: 'writingPerson' },
  '/stories/:id/people/:personId/anonymise': { id: 'writingDraft', personId: 'writingPerson' },
  '/stories/:id/audio': { id: 'toldAloud' },
  '/stories/:id/transcript': { id: 'toldAloud' },
  '/stories/:id/audio/remove': { id: 'toldAloud' },
  '/stories/:id/recording': { id: 'toldAloud' },
  '/stories/:id/comments': { id: 'publicStory' },
  '/stories/:id/resonates': { id: 'publicStory' },
  '/consent/:secret': { secret: '=unknown-consent-secret-0123456789abcdefghijklmnop' },
  '/api/v1/subscriptions/:type/:target': { type: '=tag', target: '=sector:nhs' },
  '/unsubscribe/:token': { token: '=Matrix-unsubscribe-secret-0123456789abcdefg' },
  '/articles/subscribe/:secret': { secret: '=Matrix-confirm-secret-0123456789abcdefghijk' },
  '/sign-in/link/:secret': { secret: '=unknown-sign-in-secret-0123456789abcdefghijklmnop' },
  '/invitations/:token': { token: 'invitationSecret' },
  '/moderation/import/:id': { id: 'storyImport' },
  '/library/import/:id': { id: 'libraryImport' },
  '/library/:id': { id: 'libraryItem' },
  '/library/:id/comments': { id: 'libraryItem' },
  '/library/:id/resonates': { id: 'libraryItem' },
  '/library/:id/edit': { id: 'libraryItem' },
  '/api/v1/library/:id': { id: 'libraryItem' },
  '/moderation/library/:id': { id: 'waitingLibraryItem' },
  '/moderation/library/:id/publish': { id: 'waitingLibraryItem' },
  '/moderation/library/:id/request-changes': { id: 'waitingLibraryItem' },
  '/moderation/library/:id/reject': { id: 'waitingLibraryItem' },
  '/api/v1/moderation/library/:id/publish': { id: 'waitingLibraryItem' },
  '/api/v1/moderation/library/:id/request-changes': { id: 'waitingLibraryItem' },
  '/api/v1/moderation/library/:id/reject': { id: 'waitingLibraryItem' },
  '/articles/:id': { id: 'councilArticle' },
  '/api/v1/articles/:id': { id: 'councilArticle' },
  '/articles/:id/comments': { id: 'councilArticle' },
  '/articles/:id/resonates': { id: 'councilArticle' },
  '/articles/:id/revisions/:from/compare/:to': { id: 'councilArticle', from: '=1', to: '=2' },
  '/articles/:id/edit': { id: 'draftArticle' },
  '/articles/:id/preview': { id: 'draftArticle' },
  '/articles/:id/publish': { id: 'draftArticle' },
  '/articles/:id/unpublish': { id: 'draftArticle' },
  '/articles/:id/schedule': { id: 'draftArticle' },
  '/articles/:id/revisions': { id: 'draftArticle' },
  '/articles/:id/cover': { id: 'draftArticle' },
  '/articles/:id/cover/remove': { id: 'draftArticle' },
  '/articles/:id/cover.jpg': { id: 'draftArticle' },
  '/articles/series/:id': { id: 'articleSeries' },
  '/articles/series/:id/feed.atom': { id: 'articleSeries' },
  '/articles/tags/:tag/feed.atom': { tag: '=characteristic:career' },
  '/moderation/stories/:id': { id: 'waitingStory' },
  '/moderation/stories/:id/publish': { id: 'waitingStory' },
  '/moderation/stories/:id/request-changes': { id: 'waitingStory' },
  '/moderation/stories/:id/reject': { id: 'waitingStory' },
  '/api/v1/moderation/stories/:id/publish': { id: 'waitingStory' },
  '/api/v1/moderation/stories/:id/request-changes': { id: 'waitingStory' },
  '/api/v1/moderation/stories/:id/reject': { id: 'waitingStory' },
  '/moderation/reports/:id': { id: 'report' },
  '/moderation/reports/:id/dismiss': { id: 'report' },
  '/moderation/reports/:id/remove': { id: 'report' },
  '/moderation/comments/:id/hide': { id: 'comment' },
  '/report/:type/:id': { type: '=story', id: 'publicStory' },
  '/comments/:id/reply': { id: 'comment' },
  '/comments/:id/edit': { id: 'comment' },
  '/comments/:id/delete': { id: 'comment' },
  '/account/tokens/:id/revoke': { id: 'tokenId' },
  '/admin/people/:id/disable': { id: 'sunita' },
  '/admin/people/:id/enable': { id: 'sunita' },
  '/admin/email/:id': { id: 'email' },
  '/spaces/invitations/:id': { id: 'spaceInvitation' },
  '/spaces/:slug': { slug: `=${spaceSlug}` },
  '/spaces/:slug/invitations/organisation': { slug: `=${spaceSlug}` },
  '/spaces/:slug/invitations/person': { slug: `=${spaceSlug}` },
  '/spaces/:slug/invitations/:id/withdraw': { slug: `=${spaceSlug}`, id: 'spaceInvitation' },
  '/spaces/:slug/organisations/:orgId/remove': { slug: `=${spaceSlug}`, orgId: 'charityId' },
  '/spaces/:slug/people/:personId/remove': { slug: `=${spaceSlug}`, personId: 'ines' },
  '/spaces/:slug/leave': { slug: `=${spaceSlug}` },
  '/organisation/invitations/:id/resend': { id: 'invitation' },
  '/organisation/invitations/:id/revoke': { id: 'invitation' },
  '/account/organisations/:orgId/leave': { orgId: 'councilId' },
  '/organisation/units/:unitId': { unitId: 'unit' },
  '/organisation/units/:unitId/delete': { unitId: 'unit' },
  '/organisation/members/:personId': { personId: 'amira' },
  '/organisation/members/:personId/roles': { personId: 'amira' },
  '/organisation/members/:personId/placement': { personId: 'amira' },
  '/organisation/members/:personId/remove': { personId: 'amira' },
  '/pair/:id': { id: 'pairSession' },
  '/pair/:id/turns/:turn/notes': { id: 'pairSession', turn: '=1' },
  '/pair/:id/turns/:turn': { id: 'pairSession', turn: '=1' },
  '/pair/:id/turns/:turn/finish': { id: 'pairSession', turn: '=1' },
  '/pair/:id/stop': { id: 'pairSession' },
  '/notifications/:id': { id: 'notification' },
};

/** The concrete URL of a route pattern, its parameters filled from `bindings` (or `override`). */
export function concreteUrl(
  pattern: string,
  records: Records,
  override: Record<string, keyof Records> = {},
): string | undefined {
  const bound = { ...bindings[pattern], ...override };
  let missing = false;
  const url = pattern.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const source = bound[name];
    if (source === undefined) {
      missing = true;
      return '';
    }
    return source.startsWith('=') ? source.slice(1) : records[source as keyof Records];
  });
  return missing ? undefined : url;
}

/** Calls a route as a caller: cookie and the session's own CSRF token, or the bearer token. */
export function callAs(
  t: TestApp,
  caller: Caller,
  method: string,
  url: string,
  options: { csrf?: string | undefined } = {},
) {
  const unsafe = method !== 'GET';
  const csrf = 'csrf' in options ? options.csrf : caller.csrf;
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : { cookie: caller.cookie }),
      ...(unsafe ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(unsafe
      ? { payload: new URLSearchParams(caller.token || csrf === undefined ? {} : { _csrf: csrf }).toString() }
      : {}),
  });
}
