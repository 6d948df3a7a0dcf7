// The role-by-route-by-scope matrix: every route of the app, called by every kind of caller (each role in
// the county council, a partner in the shared space, a partner organisation's admin, an unrelated
// organisation, a person who has just left the space, an anonymous visitor). Each gets exactly what the
// route's declaration and the record's scope allow; anything else is a 404 (or, for an anonymous visitor,
// the way to sign in), and nothing hidden leaks into any page, list or API answer.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../../src/access/principal.ts';
import { type DeclaredRoute, mayCall } from '../../src/access/routes.ts';
import { canSee, type Principal } from '../../src/access/visibility.ts';
import { accountsService } from '../../src/accounts/service.ts';
import { hashInvitationToken } from '../../src/invitations/repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

const council = 'northshire-county-council';
const spaceSlug = 'northshire-wellbeing-partnership';

/** Who calls: the email of a demo person (signed in by session), or none for an anonymous visitor. */
const roster = {
  anonymous: undefined,
  member: 'amira.okafor@northshire-county-council.example',
  line_manager: 'tom.haddley@northshire-county-council.example',
  hr_od: 'priya.lomax@northshire-county-council.example',
  moderator: 'gareth.mbeki@northshire-county-council.example',
  coordinator: 'rosa.penhallow@northshire-county-council.example',
  org_admin: 'declan.ashworth@northshire-county-council.example',
  platform_admin: 'morven.quayle@northshire-county-council.example',
  partner_in_space: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
  partner_org_admin: 'olu.fairweather@kelbridge-wellbeing-network.example',
  unrelated_org: 'callum.ridding@northshire-fire-rescue.example',
  just_left_space: 'kit.marsden@kelbridge-city-council.example',
} as const;
/** Plus a program calling with the council member's personal API token. */
type CallerName = keyof typeof roster | 'member_by_token';

interface Caller {
  name: CallerName;
  principal: Principal;
  personId: string | undefined;
  cookie: string;
  csrf: string;
  token?: string;
}

interface StoryRow {
  id: string;
  title: string;
  org_id: string;
  author_id: string | null;
  visibility: Principal extends never ? never : 'private' | 'organisation' | 'space' | 'signed_in' | 'public';
  space_id: string | null;
}

let t: TestApp;
const callers: Caller[] = [];
let stories: StoryRow[] = [];
/** Concrete values for route parameters, and who may reach the record each one names. */
let fixtures: Record<string, { url: string; reaches: (c: Caller) => boolean; status?: number }> = {};
let councilId = '';
let spaceId = '';
/** Text that only some callers may ever see, with who they are. */
let secrets: { text: string; visibleTo: (c: Caller) => boolean; except?: string }[] = [];

const id = (c: Caller) => c.personId ?? '';
const inCouncil = (c: Caller) => c.principal.kind === 'person' && c.principal.currentOrgId === councilId;
const hasRole = (c: Caller, role: string) => c.principal.kind === 'person' && c.principal.roles.includes(role as never);
const reachesSpace = (c: Caller) => c.principal.kind === 'person' && c.principal.spaceIds.includes(spaceId);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const personId = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  councilId = (await db.selectFrom('organisations').select('id').where('slug', '=', council).executeTakeFirstOrThrow())
    .id;
  spaceId = (await db.selectFrom('spaces').select('id').where('slug', '=', spaceSlug).executeTakeFirstOrThrow()).id;
  const fireId = (
    await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'northshire-fire-rescue')
      .executeTakeFirstOrThrow()
  ).id;
  const charityId = (
    await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'kelbridge-wellbeing-network')
      .executeTakeFirstOrThrow()
  ).id;

  // A person named into the space who then leaves it: their session lives on, their access must not.
  const kit = await personId(roster.just_left_space);
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_person_id: kit, member_org_id: null })
    .execute();
  // A person named into the space who stays (the subject of "remove a person").
  const ines = await personId('ines.thackeray@open-door-kitchens.example');
  await db
    .insertInto('space_members')
    .values({ space_id: spaceId, member_person_id: ines, member_org_id: null })
    .execute();

  for (const [name, email] of Object.entries(roster) as [CallerName, string | undefined][]) {
    if (email === undefined) {
      const page = await t.app.inject('/sign-in');
      const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      callers.push({ name, principal: { kind: 'anonymous' }, personId: undefined, cookie, csrf: csrfOf(page.body) });
      continue;
    }
    const credential = t.credentials.find((c) => c.email === email);
    if (!credential) throw new Error(`no demo credential for ${email}`);
    const cookie = await signInCookie(t.app, credential);
    const account = await t.app.inject({ url: '/account', headers: { cookie } });
    const pid = await personId(email);
    callers.push({ name, principal: { kind: 'anonymous' }, personId: pid, cookie, csrf: csrfOf(account.body) });
  }
  await db.deleteFrom('space_members').where('space_id', '=', spaceId).where('member_person_id', '=', kit).execute();
  for (const c of callers) if (c.personId) c.principal = await principalFor(db, c.personId);

  stories = (await db
    .selectFrom('stories')
    .select(['id', 'title', 'org_id', 'author_id', 'visibility', 'space_id'])
    // Unpublished stories (the demo's moderation queue) are checked below as secrets, not by scope.
    .where('status', '=', 'published')
    .execute()) as StoryRow[];

  // Records of the council (and the space) that routes name by id.
  const amiraToken = await accountsService(db).createToken(roster.member, council, 'matrix');
  const tokenId = (
    await db.selectFrom('api_tokens').select('id').where('name', '=', 'matrix').executeTakeFirstOrThrow()
  ).id;
  const invitationSecret = randomBytes(32).toString('base64url');
  const invitation = await db
    .insertInto('invitations')
    .values({
      org_id: councilId,
      email: 'matrix.invitee@northshire-county-council.example',
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
    .executeTakeFirstOrThrow();
  const spaceInvitation = await db
    .insertInto('space_invitations')
    .values({
      space_id: spaceId,
      invited_person_id: await personId(roster.unrelated_org),
      invited_by: null,
      responded_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const subject = await personId('sunita.greaves@northshire-community-health.example');
  // A draft told aloud by the council's member, with its recording: only she reaches its audio pages.
  const toldAloud = (
    await db
      .insertInto('stories')
      .values({
        org_id: councilId,
        slug: 'matrix-told-aloud',
        title: 'Matrix told aloud',
        form: 'personal-narrative',
        body: 'Matrix draft with a recording.',
        primary_characteristic: 'rooted',
        characteristics: ['rooted'],
        roles: [],
        place: '',
        author_id: await personId(roster.member),
        visibility: 'organisation',
        space_id: null,
        status: 'draft',
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
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
  const authorOfToldAloud = (c: Caller) => c.personId === amira?.personId;
  // A pair exercise between the council's member and line manager, each at their own screen.
  const pairPartners = [await personId(roster.member), await personId(roster.line_manager)];
  const pairSession = (
    await db
      .insertInto('pair_sessions')
      .values({
        org_id: councilId,
        started_by: pairPartners[0] ?? null,
        partner_id: pairPartners[1] ?? null,
        mode: 'apart',
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('pair_turns')
    .values(
      [1, 2].map((turn) => ({
        org_id: councilId,
        session_id: pairSession,
        turn: turn as 1 | 2,
        storyteller_id: pairPartners[turn - 1] ?? null,
        interviewer_id: pairPartners[2 - turn] ?? null,
        started_at: turn === 1 ? new Date() : null,
        notes_saved_at: null,
        finished_at: null,
        story_id: null,
      })),
    )
    .execute();
  // A message in the outbox, for the platform admin's email page.
  const emailId = (
    await db
      .insertInto('email_outbox')
      .values({
        to_address: 'matrix.mail@example.org',
        subject: 'Matrix',
        body_text: 'Matrix message',
        sent_at: null,
        last_error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // Single sign-on set up for the council (its secret sealed under another key: unreadable here, as after
  // a change of SESSION_SECRET), so that its settings and removal pages have something to show.
  await db
    .insertInto('sso_providers')
    .values({
      org_id: councilId,
      issuer: 'https://login.northshire-county-council.example',
      client_id: 'waymark',
      client_secret_sealed: 'sealed-elsewhere',
      allowed_domains: ['northshire-county-council.example'],
      updated_by: null,
    })
    .execute();
  // A unit of the council (from the demo), for the unit pages.
  const councilUnitId = (
    await db
      .selectFrom('units')
      .select('id')
      .where('org_id', '=', councilId)
      .where('name', '=', 'Kelbridge Locality Team')
      .executeTakeFirstOrThrow()
  ).id;
  const spaceManager = (c: Caller) =>
    reachesSpace(c) && inCouncil(c) && (hasRole(c, 'org_admin') || hasRole(c, 'coordinator'));
  const amira = callers.find((c) => c.name === 'member');
  callers.push({
    name: 'member_by_token',
    principal: await principalFor(db, id(amira as Caller), { actingOrgId: councilId }),
    personId: amira?.personId,
    cookie: '',
    csrf: '',
    token: amiraToken,
  });

  // A draft of the member's, naming one person, for the writing routes (only its author reaches it).
  const writingDraft = (
    await db
      .insertInto('stories')
      .values({
        org_id: councilId,
        slug: 'matrix-writing-draft',
        title: 'Matrix writing draft',
        form: 'personal-narrative',
        body: 'Matrix Person helped.',
        primary_characteristic: 'equals',
        characteristics: ['equals'],
        roles: [],
        place: '',
        author_id: id(amira as Caller),
        visibility: 'private',
        space_id: null,
        status: 'draft',
        submitted_at: null,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
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
        email: 'matrix.person@example.org',
        consent_token_hash: null,
        consent_requested_at: null,
        consent_answered_at: null,
        approved_text_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const authorOfDraft = (c: Caller) => c.personId === amira?.personId;

  // A collection uploaded by the council's moderator and waiting for confirmation (story import preview).
  const storyImport = (
    await db
      .insertInto('story_imports')
      .values({
        org_id: councilId,
        created_by: null,
        file_name: 'matrix.json',
        parsed: JSON.stringify({ format: 'json', fileProblems: [], items: [] }),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Moderation and discussion: the demo's submitted stories, a comment and a report on published ones.
  const submittedStory = async (slug: string) =>
    (await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const waitingCouncil = await submittedStory('the-rota-nobody-wanted');
  const publicStory = stories.find((s) => s.visibility === 'public');
  const councilStory = stories.find((s) => s.visibility === 'organisation' && s.org_id === councilId);
  if (!publicStory || !councilStory) throw new Error('the demo needs a public and a council story');
  const matrixComment = (
    await db
      .insertInto('comments')
      .values({
        org_id: publicStory.org_id,
        target_type: 'story',
        target_id: publicStory.id,
        parent_id: null,
        author_id: id(amira as Caller),
        body: 'Matrix comment',
        edited_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const matrixReport = (
    await db
      .insertInto('reports')
      .values({
        org_id: councilId,
        target_type: 'story',
        target_id: councilStory.id,
        reporter_id: id(amira as Caller),
        reason: 'Matrix report',
        resolved_at: null,
        resolved_by: null,
        outcome: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const councilModerator = (c: Caller) => inCouncil(c) && hasRole(c, 'moderator');
  const commentAuthor = (c: Caller) => c.personId === amira?.personId;

  fixtures = {
    ':hash': { url: 'x', reaches: () => true },
    ':id@/moderation/stories/': { url: waitingCouncil, reaches: councilModerator },
    ':id@/api/v1/moderation/stories/': { url: waitingCouncil, reaches: councilModerator },
    ':id@/moderation/reports/': { url: matrixReport, reaches: councilModerator },
    // The comment is on a public story: platform moderators review it.
    ':id@/moderation/comments/': {
      url: matrixComment,
      reaches: (c) => c.principal.kind === 'person' && c.principal.platformModerator === true,
    },
    ':type/:id@/report/': { url: `story/${publicStory.id}`, reaches: () => true },
    ':id/comments@/stories/': { url: `${publicStory.id}/comments`, reaches: () => true },
    ':id/resonates@/stories/': { url: `${publicStory.id}/resonates`, reaches: () => true },
    ':id/reply@/comments/': { url: `${matrixComment}/reply`, reaches: () => true },
    ':id/edit@/comments/': { url: `${matrixComment}/edit`, reaches: commentAuthor },
    ':id/delete@/comments/': { url: `${matrixComment}/delete`, reaches: commentAuthor },
    ':id@/moderation/import/': { url: storyImport, reaches: inCouncil },
    ':id/edit@/stories/': { url: `${writingDraft}/edit`, reaches: authorOfDraft },
    ':id/autosave@/stories/': { url: `${writingDraft}/autosave`, reaches: authorOfDraft },
    ':id/submit@/stories/': { url: `${writingDraft}/submit`, reaches: authorOfDraft },
    ':id/withdraw@/stories/': { url: `${writingDraft}/withdraw`, reaches: authorOfDraft },
    ':id/delete@/stories/': { url: `${writingDraft}/delete`, reaches: authorOfDraft },
    ':id/reopen@/stories/': { url: `${writingDraft}/reopen`, reaches: authorOfDraft },
    ':id/people/:personId/ask@/stories/': {
      url: `${writingDraft}/people/${writingPerson}/ask`,
      reaches: authorOfDraft,
    },
    ':id/people/:personId/anonymise@/stories/': {
      url: `${writingDraft}/people/${writingPerson}/anonymise`,
      reaches: authorOfDraft,
    },
    ':id/submit@/api/v1/stories/': { url: `${writingDraft}/submit`, reaches: authorOfDraft },
    // PATCH /api/v1/stories/:id (its GET is checked story by story below).
    ':id@/api/v1/stories/': { url: writingDraft, reaches: authorOfDraft },
    ':key@/framework/characteristics/': { url: 'reflects', reaches: () => true },
    ':characteristic.atom@/stories/feeds/': { url: 'reflects.atom', reaches: () => true },
    ':key@/framework/roles/': { url: 'broker', reaches: () => true },
    ':key@/framework/lessons/': { url: 'generic-skills', reaches: () => true },
    ':secret': { url: randomBytes(32).toString('base64url'), reaches: () => true, status: 410 },
    ':token': { url: invitationSecret, reaches: () => true },
    ':id@/account/tokens/': { url: tokenId, reaches: (c) => c.personId === amira?.personId },
    ':id@/admin/people/': { url: subject, reaches: () => true },
    ':id@/pair/': { url: pairSession, reaches: (c) => pairPartners.includes(c.personId ?? '') },
    ':turn': { url: '1', reaches: () => true },
    ':id/audio@/stories/': { url: `${toldAloud}/audio`, reaches: authorOfToldAloud },
    ':id/transcript@/stories/': { url: `${toldAloud}/transcript`, reaches: authorOfToldAloud },
    ':id/recording@/stories/': { url: `${toldAloud}/recording`, reaches: authorOfToldAloud },
    ':id@/admin/email/': { url: emailId, reaches: () => true },
    ':id@/organisation/invitations/': { url: invitation.id, reaches: inCouncil },
    ':id@/spaces/invitations/': { url: spaceInvitation.id, reaches: (c) => c.name === 'unrelated_org' },
    ':slug@/spaces/': { url: spaceSlug, reaches: (c) => reachesSpace(c) || c.name === 'platform_admin' },
    ':slug/invitations/:id@/spaces/': { url: `${spaceSlug}/invitations/${spaceInvitation.id}`, reaches: spaceManager },
    ':slug/organisations/:orgId@/spaces/': { url: `${spaceSlug}/organisations/${charityId}`, reaches: spaceManager },
    ':slug/people/:personId@/spaces/': { url: `${spaceSlug}/people/${ines}`, reaches: spaceManager },
    ':slug/leave@/spaces/': { url: `${spaceSlug}/leave`, reaches: reachesSpace },
    ':slug/manage@/spaces/': { url: spaceSlug, reaches: spaceManager },
    ':orgId/leave@/account/organisations/': {
      url: `${councilId}/leave`,
      reaches: (c) => c.principal.kind === 'person' && c.principal.orgIds.includes(councilId),
    },
    ':unitId@/organisation/units/': { url: councilUnitId, reaches: inCouncil },
    ':personId@/organisation/members/': { url: id(amira as Caller), reaches: inCouncil },
  };
  void fireId;

  const hidden = stories.filter((s) => s.visibility !== 'public' && s.visibility !== 'signed_in');
  secrets = [
    // The member's draft and the person it names reach nobody but its author.
    { text: 'Matrix writing draft', visibleTo: authorOfDraft },
    { text: 'matrix.person@example.org', visibleTo: authorOfDraft },
    ...hidden.map((s) => ({
      text: s.title,
      visibleTo: (c: Caller) =>
        canSee(c.principal, {
          orgId: s.org_id,
          ownerPersonId: s.author_id,
          visibility: s.visibility,
          spaceId: s.space_id,
        }),
    })),
    {
      text: 'matrix.invitee@northshire-county-council.example',
      visibleTo: (c: Caller) => inCouncil(c) && hasRole(c, 'org_admin'),
      // Whoever holds the invitation's secret link is shown whom it is for.
      except: '/invitations/',
    },
    // Waiting for moderation: seen by its author and by the moderators who review it, by nobody else.
    {
      text: 'The rota nobody wanted',
      visibleTo: (c: Caller) => c.name === 'coordinator' || councilModerator(c),
    },
    {
      text: 'Soup and a form',
      visibleTo: (c: Caller) =>
        c.name === 'partner_in_space' || (c.principal.kind === 'person' && c.principal.platformModerator === true),
    },
  ];
});
afterAll(() => t.close());

/** The concrete URL of a route, and who may reach the record it names; undefined when no fixture fits. */
function concrete(route: DeclaredRoute): { url: string; reaches: (c: Caller) => boolean; status?: number } | undefined {
  let url = route.url.replace('*', '');
  const checks: ((c: Caller) => boolean)[] = [];
  const exact = exactRoutes[url];
  if (exact) checks.push(exact);
  let status: number | undefined;
  // Longest patterns first, so `/spaces/:slug/leave` is not taken for `/spaces/:slug`.
  const keys = Object.keys(fixtures).sort((a, b) => b.length - a.length);
  while (url.includes(':')) {
    const key = keys.find((k) => {
      const [pattern, prefix] = k.split('@');
      if (prefix !== undefined && !url.startsWith(prefix)) return false;
      const at = url.indexOf(pattern ?? '');
      return at >= 0 && (prefix === undefined || at === prefix.length);
    });
    if (key === undefined) return undefined;
    const [pattern] = key.split('@');
    const fixture = fixtures[key];
    if (!fixture || pattern === undefined) return undefined;
    url = url.replace(pattern, fixture.url);
    checks.push(fixture.reaches);
    status ??= fixture.status;
  }
  return { url, reaches: (c) => checks.every((check) => check(c)), ...(status ? { status } : {}) };
}

/** Routes without parameters that still act on one record of the caller's current organisation. */
const exactRoutes: Record<string, (c: Caller) => boolean> = {
  // Only the council has single sign-on set up.
  '/organisation/sso/remove': (c) => inCouncil(c),
};

const isApi = (url: string) => url.startsWith('/api/');
const routes = () => t.app.routeTable.filter((r) => r.method !== 'HEAD' && r.url !== '/healthz');
const storyRoutes = new Set(['/stories/:id', '/api/v1/stories/:id']);

async function call(caller: Caller, method: string, url: string) {
  const unsafe = method !== 'GET';
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(caller.token ? { authorization: `Bearer ${caller.token}` } : { cookie: caller.cookie }),
      ...(unsafe ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(unsafe ? { payload: new URLSearchParams(caller.token ? {} : { _csrf: caller.csrf }).toString() } : {}),
  });
}

/** What a caller the route or the record turns away must get. */
function expectRefused(
  caller: Caller,
  url: string,
  status: number,
  location: string | undefined,
  where: string,
  publicRoute = false,
) {
  // A public route never asks anyone to sign in: a record it may not show is simply not there.
  if (caller.principal.kind === 'person' || publicRoute) {
    expect(status, where).toBe(404);
  } else if (isApi(url)) {
    expect(status, where).toBe(401);
  } else {
    expect(status, where).toBe(303);
    expect(location, where).toMatch(/^\/sign-in\?returnTo=/);
  }
}

describe('the access matrix', () => {
  it('has a fixture for every route with parameters', () => {
    const missing = routes()
      .filter((r) => !storyRoutes.has(r.url) && concrete(r) === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('answers every GET route as its declaration and the record allow, for every caller', async () => {
    const failures: string[] = [];
    for (const route of routes().filter((r) => r.method === 'GET' && !storyRoutes.has(r.url))) {
      const target = concrete(route);
      if (!target) continue;
      for (const caller of callers) {
        const response = await call(caller, 'GET', target.url);
        const where = `${caller.name} GET ${target.url} (${JSON.stringify(route.access)})`;
        const allowed = mayCall(caller.principal, route.access) && target.reaches(caller);
        try {
          if (!allowed) {
            expectRefused(
              caller,
              target.url,
              response.statusCode,
              response.headers.location as string,
              where,
              route.access === 'public',
            );
          } else if (target.status) {
            expect(response.statusCode, where).toBe(target.status);
          } else {
            expect(response.statusCode, where).toBeLessThan(400);
          }
          for (const secret of secrets) {
            if (secret.except && target.url.startsWith(secret.except)) continue;
            if (!secret.visibleTo(caller))
              expect(response.body, `${where} leaks "${secret.text}"`).not.toContain(secret.text);
          }
        } catch (error) {
          failures.push((error as Error).message.split('\n')[0] ?? where);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every state-changing route to callers the declaration or the record turns away, changing nothing', async () => {
    const failures: string[] = [];
    for (const route of routes().filter((r) => r.method !== 'GET' && r.access !== 'public')) {
      const target = concrete(route);
      if (!target) continue;
      for (const caller of callers) {
        if (mayCall(caller.principal, route.access) && target.reaches(caller)) continue;
        const response = await call(caller, route.method, target.url);
        const where = `${caller.name} ${route.method} ${target.url} (${JSON.stringify(route.access)})`;
        try {
          expectRefused(caller, target.url, response.statusCode, response.headers.location as string, where);
        } catch (error) {
          failures.push((error as Error).message.split('\n')[0] ?? where);
        }
      }
    }
    expect(failures).toEqual([]);
    // The records named above are all still there, untouched.
    const kept = await t.database.db
      .selectFrom('space_members')
      .select('member_org_id')
      .where('space_id', '=', spaceId)
      .where('member_org_id', 'is not', null)
      .execute();
    expect(kept).toHaveLength(2);
  });

  it('shows each story, on its page and in the API, exactly to the callers its scope allows', async () => {
    const failures: string[] = [];
    for (const story of stories) {
      for (const caller of callers) {
        const visible = canSee(caller.principal, {
          orgId: story.org_id,
          ownerPersonId: story.author_id,
          visibility: story.visibility,
          spaceId: story.space_id,
        });
        for (const url of [`/stories/${story.id}`, `/api/v1/stories/${story.id}`]) {
          const response = await call(caller, 'GET', url);
          if (response.statusCode !== (visible ? 200 : 404)) {
            failures.push(`${caller.name} GET ${url} (${story.visibility}): ${response.statusCode}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists, in pages and the API, exactly the stories each caller may see', async () => {
    for (const caller of callers) {
      const expected = stories
        .filter((s) =>
          canSee(caller.principal, {
            orgId: s.org_id,
            ownerPersonId: s.author_id,
            visibility: s.visibility,
            spaceId: s.space_id,
          }),
        )
        .map((s) => s.id)
        .sort();
      const api = await call(caller, 'GET', '/api/v1/stories?pageSize=100');
      const listed = (api.json().items as { id: string }[]).map((s) => s.id).sort();
      expect(listed, caller.name).toEqual(expected);
      expect(api.json().total, caller.name).toBe(expected.length);
      const page = await call(caller, 'GET', '/stories?pageSize=100');
      for (const s of stories) {
        expect(page.body.includes(`/stories/${s.id}"`), `${caller.name} /stories lists ${s.title}`).toBe(
          expected.includes(s.id),
        );
      }
    }
  });

  it('puts every kind of caller in the table, with the roles it claims', () => {
    const roleOf = (name: CallerName) => callers.find((c) => c.name === name)?.principal;
    for (const role of ['line_manager', 'hr_od', 'moderator', 'coordinator', 'org_admin'] as const) {
      const p = roleOf(role);
      expect(p?.kind === 'person' && p.roles.includes(role) && p.currentOrgId === councilId, role).toBe(true);
    }
    const admin = roleOf('platform_admin');
    expect(admin?.kind === 'person' && admin.platformAdmin).toBe(true);
    const left = roleOf('just_left_space');
    expect(left?.kind === 'person' && !left.spaceIds.includes(spaceId)).toBe(true);
    const partner = roleOf('partner_in_space');
    expect(
      partner?.kind === 'person' && partner.spaceIds.includes(spaceId) && !partner.orgIds.includes(councilId),
    ).toBe(true);
  });
});
