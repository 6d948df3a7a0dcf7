// Privacy rights end to end on a real database: downloading one's data (and nothing secret or anyone
// else's), deleting an account (stories kept anonymised or removed, everything else gone, signed out
// everywhere), refusing the last admin, an organisation's retention period, and the daily purge.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { auditService, auditText, mention } from '../../src/audit/service.ts';
import { demoUsers } from '../../src/demo/content.ts';
import { createServices } from '../../src/services.ts';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { csrfOf, postForm, signInCookie } from '../support/forms.ts';

let t: TestApp;
const credential = (email: string) => {
  const found = t.credentials.find((c) => c.email === email);
  if (!found) throw new Error(`no demo credential for ${email}`);
  return found;
};
const amira = 'amira.okafor@northshire-county-council.example';
const tom = 'tom.haddley@northshire-county-council.example';
const declan = 'declan.ashworth@northshire-county-council.example';
const callum = 'callum.ridding@northshire-fire-rescue.example';
const olu = 'olu.fairweather@kelbridge-wellbeing-network.example';
const kit = 'kit.marsden@kelbridge-city-council.example';
const sunita = 'sunita.greaves@northshire-community-health.example';
const ines = 'ines.thackeray@open-door-kitchens.example';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;
const userId = async (email: string) =>
  (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) =>
  (await db().selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const signedInAs = async (cookie: string) =>
  /Signed in as ([^<]+)</.exec((await t.app.inject({ url: '/', headers: { cookie } })).body)?.[1];
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function newStory(
  authorEmail: string,
  orgSlug: string,
  fields: { title: string; status: 'draft' | 'submitted' | 'published' },
) {
  const visibility = fields.title.includes('private') ? ('private' as const) : ('organisation' as const);
  const row = await db()
    .insertInto('stories')
    .values({
      org_id: await orgId(orgSlug),
      slug: fields.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: fields.title,
      form: 'personal-narrative',
      body: `The text of ${fields.title}.`,
      primary_characteristic: 'reflects',
      characteristics: ['reflects'],
      roles: [],
      place: '',
      author_id: await userId(authorEmail),
      visibility,
      space_id: null,
      status: fields.status,
      published_at: fields.status === 'published' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('downloading your data', () => {
  it('gives one JSON attachment with your own data, no secrets and nobody else’s email, and audits it', async () => {
    const person = credential(amira);
    const personId = await userId(amira);
    const council = await orgId('northshire-county-council');
    // Secrets that exist for this person, to look for in the file afterwards.
    const apiToken = await accountsService(db()).createToken(amira, 'northshire-county-council', 'Reporting sheet');
    await accountsService(db()).sendSignInLink(amira);
    const linkHash = (
      await db()
        .selectFrom('sign_in_links')
        .select('token_hash')
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow()
    ).token_hash;
    await db()
      .insertInto('identities')
      .values({
        user_id: personId,
        issuer: 'https://idp.northshire.example',
        subject: 'amira-0042',
        provider_org_id: council,
      })
      .execute();
    const invitationHash = sha256('invitation-secret-for-amira');
    await db()
      .insertInto('invitations')
      .values({
        org_id: await orgId('kelbridge-wellbeing-network'),
        email: amira,
        display_name: 'Amira Okafor',
        role: 'member',
        manager_email: 'olu.fairweather@kelbridge-wellbeing-network.example',
        token_hash: invitationHash,
        invited_by: await userId(olu),
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    await db()
      .insertInto('audit_events')
      .values({
        org_id: council,
        actor_id: personId,
        action: 'sso_changed',
        summary: `Asked about ${sunita} and ${amira}`,
      })
      .execute();
    // An entry naming two other people by id, as the audit log now does: one of them goes by their address.
    const byAddress = 'pat.quinn@elsewhere.example';
    const pat = await accountsService(db()).createPerson({
      email: byAddress,
      displayName: byAddress,
      password: null,
      orgSlug: 'northshire-county-council',
      role: 'member',
    });
    await auditService(db()).record({
      orgId: council,
      actorId: personId,
      action: 'placement_changed',
      summary: auditText`Placed ${mention(pat)} in no unit, line managed by ${mention(await userId(sunita))}.`,
    });
    const draftId = await newStory(amira, 'northshire-county-council', {
      title: 'A draft about listening',
      status: 'draft',
    });

    const cookie = await signInCookie(t.app, person);
    const privacyPage = await t.app.inject({ url: '/account/privacy', headers: { cookie } });
    expect(privacyPage.statusCode).toBe(200);
    expect(privacyPage.body).toContain('href="/account/export"');
    expect(privacyPage.body).toContain('href="/account/delete"');
    expect((await t.app.inject({ url: '/account', headers: { cookie } })).body).toContain('href="/account/privacy"');

    const page = await t.app.inject({ url: '/account/export', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Every story you wrote, drafts included');
    const download = await postForm(t.app, cookie, '/account/export', '/account/export', {});
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/json');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="waymark-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(download.headers['cache-control']).toBe('no-store');

    const raw = download.body;
    const file = JSON.parse(raw);
    const data = (key: string) => file.sections[key].data;
    expect(data('profile')).toMatchObject({ name: 'Amira Okafor', email: amira, platformAdmin: false });
    expect(data('organisations')).toEqual([
      expect.objectContaining({
        name: 'Northshire County Council',
        roles: ['member'],
        unit: 'Kelbridge Locality Team',
        lineManager: 'Tom Haddley',
      }),
    ]);
    expect(data('spaces').memberships).toEqual([
      expect.objectContaining({
        space: 'Northshire Wellbeing Partnership',
        how: 'with everyone in Northshire County Council',
      }),
    ]);
    const stories = data('stories') as { id: string; status: string; body: string }[];
    expect(stories.length).toBe(3);
    expect(stories).toContainEqual(
      expect.objectContaining({
        id: draftId,
        status: 'draft',
        body: 'The text of A draft about listening.',
        // Sector and region come from the organisation when the story does not say.
        sector: 'local-government',
        transcript: '',
      }),
    );
    expect(data('apiTokens')).toEqual([
      expect.objectContaining({ name: 'Reporting sheet', organisation: 'Northshire County Council', revokedAt: null }),
    ]);
    expect(data('identities')).toEqual([
      expect.objectContaining({ issuer: 'https://idp.northshire.example', subject: 'amira-0042' }),
    ]);
    expect(data('invitations')).toEqual([
      expect.objectContaining({ organisation: 'Kelbridge Wellbeing Network', invitedBy: 'Olu Fairweather' }),
    ]);
    expect(data('sessions').length).toBeGreaterThanOrEqual(1);
    for (const s of data('sessions')) expect(Object.keys(s).sort()).toEqual(['lastSeenAt', 'signedInAt']);
    expect(data('auditEvents')).toContainEqual(
      expect.objectContaining({ summary: `Asked about [another email address] and ${amira}` }),
    );
    expect(data('auditEvents')).toContainEqual(
      expect.objectContaining({
        action: 'placement_changed',
        summary: 'Placed [another email address] in no unit, line managed by Sunita Greaves.',
      }),
    );
    // Nor anyone's id: the people an entry names are shown by name only.
    for (const other of [pat, await userId(sunita)]) expect(raw).not.toContain(other);
    expect(data('email')).toContainEqual(expect.objectContaining({ subject: 'Your link to sign in to Waymark' }));

    // Nothing secret, in any form, and nobody else's address.
    const hashes = await db()
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    const tokenHash = (
      await db()
        .selectFrom('api_tokens')
        .select('token_hash')
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow()
    ).token_hash;
    const sessions = await db().selectFrom('sessions').select(['sid', 'sess']).execute();
    const forbidden = [
      hashes.password_hash ?? 'no-hash',
      person.password,
      apiToken,
      tokenHash,
      linkHash,
      invitationHash,
      ...sessions.map((s) => s.sid),
      ...sessions.map((s) => String((s.sess as { _csrf?: string })._csrf ?? 'no-csrf-secret')),
      ...demoUsers.filter((u) => u.email !== amira).map((u) => u.email),
      'password_hash',
      'token_hash',
    ];
    for (const secret of forbidden) expect(raw, secret).not.toContain(secret);
    expect(raw).not.toMatch(/\$argon2/);
    const emailsInFile = raw.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
    expect(new Set(emailsInFile)).toEqual(new Set([amira]));

    const audit = await db()
      .selectFrom('audit_events')
      .select(['org_id', 'summary'])
      .where('action', '=', 'export')
      .where('actor_id', '=', personId)
      .execute();
    expect(audit).toEqual([{ org_id: council, summary: 'Downloaded a copy of their own data' }]);
  });

  it('is only for a signed-in person, and needs the form’s CSRF token', async () => {
    const anonymous = await t.app.inject({ url: '/account/export' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/sign-in');
    const cookie = await signInCookie(t.app, credential(kit));
    const forged = await t.app.inject({
      method: 'POST',
      url: '/account/export',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: '',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.headers['content-disposition']).toBeUndefined();
  });
});

describe('deleting your account', () => {
  const deleteAs = (cookie: string, fields: Record<string, string>) =>
    postForm(t.app, cookie, '/account/delete', '/account/delete', fields);

  it('refuses a wrong email address or a missing choice, keeps the input, and changes nothing', async () => {
    const cookie = await signInCookie(t.app, credential(sunita));
    const page = await t.app.inject({ url: '/account/delete', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What should happen to the 5 stories you wrote?');
    expect(page.body).not.toContain('govuk-error-summary');

    const wrong = await deleteAs(cookie, { stories: 'remove', email: 'someone.else@example.org' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Type the email address of this account');
    expect(wrong.body).toContain('value="someone.else@example.org"');
    expect(wrong.body).toMatch(/value="remove" checked/);

    const noChoice = await deleteAs(cookie, { email: sunita });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.body).toContain('Select what happens to the stories you wrote');
    expect(noChoice.body).toContain(`value="${sunita}"`);

    expect(await signedInAs(cookie)).toBe('Sunita Greaves');
    const stories = await db()
      .selectFrom('stories')
      .select('id')
      .where('author_id', '=', await userId(sunita))
      .execute();
    expect(stories.length).toBe(5);
    expect(await db().selectFrom('audit_events').select('id').where('action', '=', 'erasure').execute()).toEqual([]);
  });

  it('refuses a post without the CSRF token', async () => {
    const cookie = await signInCookie(t.app, credential(sunita));
    const response = await t.app.inject({
      method: 'POST',
      url: '/account/delete',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ stories: 'remove', email: sunita }).toString(),
    });
    expect(response.statusCode).toBe(403);
    expect(await signedInAs(cookie)).toBe('Sunita Greaves');
  });

  it('refuses the last admin of an organisation, with nothing changed', async () => {
    const cookie = await signInCookie(t.app, credential(olu));
    const page = await t.app.inject({ url: '/account/delete', headers: { cookie } });
    expect(page.body).toContain('You are the only organisation admin of Kelbridge Wellbeing Network');
    expect(page.body).not.toContain('action="/account/delete"');
    const refused = await deleteAs(cookie, { stories: 'remove', email: olu });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(
      'You are the only admin of Kelbridge Wellbeing Network. Make someone else an admin first',
    );
    expect(await signedInAs(cookie)).toBe('Olu Fairweather');
    expect(await db().selectFrom('users').select('id').where('email', '=', olu).executeTakeFirst()).toBeDefined();
  });

  it('keeps published stories anonymised, removes everything else, and signs the person out everywhere', async () => {
    const person = credential(callum);
    const personId = await userId(callum);
    const fire = await orgId('northshire-fire-rescue');
    const draft = await newStory(callum, 'northshire-fire-rescue', { title: 'Half a thought', status: 'draft' });
    const privateStory = await newStory(callum, 'northshire-fire-rescue', {
      title: 'A private note',
      status: 'published',
    });
    const published = await db()
      .selectFrom('stories')
      .select('id')
      .where('slug', '=', 'selling-our-training')
      .executeTakeFirstOrThrow();
    const waiting = await newStory(callum, 'northshire-fire-rescue', {
      title: 'Waiting for a moderator',
      status: 'submitted',
    });
    // Named in a colleague's story, by name and address.
    const named = await db()
      .insertInto('story_people')
      .values({
        org_id: fire,
        story_id: published.id,
        relation: 'named',
        user_id: null,
        name: 'Callum Ridding',
        email: callum,
        consent: 'given',
        consent_token_hash: null,
        consent_requested_at: null,
        consent_answered_at: null,
        approved_text_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const token = await accountsService(db()).createToken(callum, 'northshire-fire-rescue', 'sheet');
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      200,
    );
    await db()
      .insertInto('identities')
      .values({ user_id: personId, issuer: 'https://idp.example', subject: 'cr', provider_org_id: fire })
      .execute();
    await db()
      .insertInto('audit_events')
      .values({
        org_id: fire,
        actor_id: null,
        action: 'role_changed',
        summary: 'Changed {subject}’s roles.',
        subject_id: personId,
      })
      .execute();
    const otherDevice = await signInCookie(t.app, person);
    const cookie = await signInCookie(t.app, person);

    const done = await deleteAs(cookie, { stories: 'anonymise', email: callum.toUpperCase() });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/account/deleted');
    const confirmation = await t.app.inject({ url: '/account/deleted', headers: { cookie } });
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Your account was deleted');
    expect(confirmation.body).not.toContain('Signed in as');

    // Signed out on every device; the token and the password no longer work.
    expect(await signedInAs(cookie)).toBeUndefined();
    expect(await signedInAs(otherDevice)).toBeUndefined();
    expect((await t.app.inject({ url: '/account', headers: { cookie: otherDevice } })).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      401,
    );
    const signIn = await postSignIn(t.app, person, { remoteAddress: '10.9.0.1' });
    expect(signIn.statusCode).toBe(400);

    // The published story stays, told by a former member; the draft and the private story are gone.
    const story = await t.app.inject({ url: `/stories/${published.id}` });
    expect(story.statusCode).toBe(200);
    expect(story.body).toContain('Former member');
    expect(story.body).not.toContain('Callum Ridding');
    const left = await db()
      .selectFrom('stories')
      .select(['id', 'author_id'])
      .where('id', 'in', [draft, privateStory, waiting, published.id])
      .execute();
    expect(left).toEqual([{ id: published.id, author_id: null }]);
    expect(
      await db()
        .selectFrom('story_people')
        .select(['name', 'email'])
        .where('id', '=', named.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ name: 'A former member', email: null });

    for (const table of ['memberships', 'placements'] as const) {
      expect(await db().selectFrom(table).select('org_id').where('user_id', '=', personId).execute()).toEqual([]);
    }
    expect(await db().selectFrom('api_tokens').select('id').where('person_id', '=', personId).execute()).toEqual([]);
    expect(await db().selectFrom('identities').select('id').where('user_id', '=', personId).execute()).toEqual([]);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['org_id', 'actor_id', 'summary'])
      .where('action', '=', 'erasure')
      .execute();
    expect(audit).toEqual([{ org_id: fire, actor_id: null, summary: 'An account was deleted' }]);
    const mentions = await db()
      .selectFrom('audit_events')
      .select('summary')
      .where((eb) => eb.or([eb('summary', 'ilike', '%Callum Ridding%'), eb('summary', 'ilike', `%${callum}%`)]))
      .execute();
    expect(mentions).toEqual([]);
    // The entry that named them by id now reads as a former member's, its stored text unchanged.
    const stored = await db()
      .selectFrom('audit_events')
      .select(['summary', 'subject_id'])
      .where('action', '=', 'role_changed')
      .where('org_id', '=', fire)
      .execute();
    expect(stored).toEqual([{ summary: 'Changed {subject}’s roles.', subject_id: null }]);
    const shown = (await auditService(db()).page(fire, 1)).items.find((e) => e.action === 'role_changed');
    expect(shown?.summary).toBe('Changed a former member’s roles.');

    // The address is free again: the person can be given a new account later.
    await accountsService(db()).createPerson({
      email: callum,
      displayName: 'Callum Ridding',
      password: null,
      orgSlug: 'northshire-fire-rescue',
      role: 'member',
    });
  });

  it('removes every story when asked, and clears the line manager of the people they managed', async () => {
    const personId = await userId(tom);
    const amiraId = await userId(amira);
    const stories = await db().selectFrom('stories').select('id').where('author_id', '=', personId).execute();
    expect(stories.length).toBe(3);
    await db()
      .insertInto('invitations')
      .values({
        org_id: await orgId('kelbridge-city-council'),
        email: tom.toUpperCase(),
        display_name: 'Tom',
        role: 'member',
        token_hash: sha256('tom-invitation'),
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    const cookie = await signInCookie(t.app, credential(tom));
    const done = await deleteAs(cookie, { stories: 'remove', email: tom });
    expect(done.statusCode).toBe(303);
    const left = await db()
      .selectFrom('stories')
      .select('id')
      .where(
        'id',
        'in',
        stories.map((s) => s.id),
      )
      .execute();
    expect(left).toEqual([]);
    const placement = await db()
      .selectFrom('placements')
      .select(['manager_id', 'unit_id'])
      .where('user_id', '=', amiraId)
      .executeTakeFirstOrThrow();
    expect(placement.manager_id).toBeNull();
    expect(placement.unit_id).not.toBeNull();
    expect(await db().selectFrom('invitations').select('id').where('email', 'ilike', tom).execute()).toEqual([]);
    expect(await db().selectFrom('users').select('id').where('id', '=', personId).executeTakeFirst()).toBeUndefined();
  });

  it('acts only on the caller: ids posted alongside are ignored', async () => {
    const victim = await userId(ines);
    const cookie = await signInCookie(t.app, credential(kit));
    const done = await deleteAs(cookie, {
      stories: 'remove',
      email: kit,
      user_id: victim,
      userId: victim,
      personId: victim,
      org_id: await orgId('open-door-kitchens'),
    });
    expect(done.statusCode).toBe(303);
    expect(await db().selectFrom('users').select('id').where('email', '=', kit).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('users').select('id').where('id', '=', victim).executeTakeFirst()).toBeDefined();
    const inesCookie = await signInCookie(t.app, credential(ines));
    expect(await signedInAs(inesCookie)).toBe('Ines Thackeray');
  });
});

describe('retention', () => {
  const retention = async (slug: string) =>
    (await db().selectFrom('organisations').select('retention_days').where('slug', '=', slug).executeTakeFirstOrThrow())
      .retention_days;

  it('is set by organisation admins, with clear errors and the input kept', async () => {
    const cookie = await signInCookie(t.app, credential(declan));
    const page = await t.app.inject({ url: '/organisation/retention', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Now: records are kept with no time limit.');
    for (const [days, message] of [
      ['29', 'Keep records for at least 30 days'],
      ['3651', 'Keep records for 3650 days or fewer (about 10 years)'],
      ['abc', 'Enter a whole number of days, like 365, or leave it blank'],
    ] as const) {
      const response = await postForm(t.app, cookie, '/organisation/retention', '/organisation/retention', { days });
      expect(response.statusCode, days).toBe(400);
      expect(response.body, days).toContain(message);
      expect(response.body, days).toContain(`value="${days}"`);
      expect(response.body, days).toContain('govuk-error-summary');
    }
    expect(await retention('northshire-county-council')).toBeNull();

    const charity = await orgId('kelbridge-wellbeing-network');
    const saved = await postForm(t.app, cookie, '/organisation/retention', '/organisation/retention', {
      days: '400',
      org_id: charity,
      orgId: charity,
    });
    expect(saved.statusCode).toBe(303);
    expect(await retention('northshire-county-council')).toBe(400);
    expect(await retention('kelbridge-wellbeing-network')).toBeNull();
    const after = await t.app.inject({ url: '/organisation/retention?done=saved', headers: { cookie } });
    expect(after.body).toContain('The retention period was saved.');
    expect(after.body).toContain('value="400"');

    const blank = await postForm(t.app, cookie, '/organisation/retention', '/organisation/retention', { days: '' });
    expect(blank.statusCode).toBe(303);
    expect(await retention('northshire-county-council')).toBeNull();
    const audit = await db()
      .selectFrom('audit_events')
      .select('summary')
      .where('action', '=', 'retention_changed')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([
      'Set records to be kept for 400 days.',
      'Set records to be kept with no time limit.',
    ]);
  });

  it('is not for anyone else', async () => {
    const cookie = await signInCookie(t.app, credential(amira));
    expect((await t.app.inject({ url: '/organisation/retention', headers: { cookie } })).statusCode).toBe(404);
    const attempt = await postForm(t.app, cookie, '/account', '/organisation/retention', { days: '30' });
    expect(attempt.statusCode).toBe(404);
    expect(await retention('northshire-county-council')).toBeNull();
  });
});

describe('purging expired records', () => {
  it('deletes only what is older than each organisation’s period, audits counts, and is idempotent', async () => {
    const now = new Date('2031-03-01T02:00:00Z');
    const day = 86_400_000;
    const ago = (days: number) => new Date(now.getTime() - days * day);
    const council = await orgId('northshire-county-council');
    const charity = await orgId('kelbridge-wellbeing-network');
    await db().updateTable('organisations').set({ retention_days: 365 }).where('id', '=', council).execute();
    // Start from a known state in the two organisations.
    await db().deleteFrom('audit_events').where('org_id', 'in', [council, charity]).execute();
    await db().deleteFrom('invitations').where('org_id', 'in', [council, charity]).execute();
    await db().deleteFrom('stories').where('org_id', '=', council).where('status', '=', 'draft').execute();
    await db().deleteFrom('sign_in_links').execute();

    const auditRow = (org: string, at: Date, summary: string) => ({
      org_id: org,
      actor_id: null,
      action: 'sign_in',
      summary,
      at,
    });
    await db()
      .insertInto('audit_events')
      .values([
        auditRow(council, ago(400), 'old one'),
        auditRow(council, ago(366), 'old two'),
        auditRow(council, ago(364), 'recent'),
        auditRow(charity, ago(4000), 'charity keeps everything'),
      ])
      .execute();
    const invitation = (
      org: string,
      name: string,
      dates: { created: Date; expires: Date; accepted?: Date; revoked?: Date },
    ) => ({
      org_id: org,
      email: `${name}@example.org`,
      display_name: name,
      role: 'member' as const,
      token_hash: sha256(name),
      created_at: dates.created,
      expires_at: dates.expires,
      accepted_at: dates.accepted ?? null,
      revoked_at: dates.revoked ?? null,
    });
    await db()
      .insertInto('invitations')
      .values([
        invitation(council, 'accepted-long-ago', { created: ago(500), expires: ago(486), accepted: ago(490) }),
        invitation(council, 'expired-long-ago', { created: ago(400), expires: ago(386) }),
        invitation(council, 'accepted-recently', { created: ago(370), expires: ago(356), accepted: ago(360) }),
        invitation(council, 'still-open', { created: ago(400), expires: new Date(now.getTime() + day) }),
        invitation(charity, 'charity-old', { created: ago(900), expires: ago(886), revoked: ago(890) }),
      ])
      .execute();
    const staleDraft = await newStory(amira, 'northshire-county-council', { title: 'Stale draft', status: 'draft' });
    const freshDraft = await newStory(amira, 'northshire-county-council', { title: 'Fresh draft', status: 'draft' });
    const oldPublished = await newStory(amira, 'northshire-county-council', {
      title: 'Old but published',
      status: 'published',
    });
    const charityDraft = await newStory(olu, 'kelbridge-wellbeing-network', {
      title: 'Charity draft',
      status: 'draft',
    });
    await db()
      .updateTable('stories')
      .set({ updated_at: ago(400) })
      .where('id', 'in', [staleDraft, oldPublished, charityDraft])
      .execute();
    await db()
      .updateTable('stories')
      .set({ updated_at: ago(10) })
      .where('id', '=', freshDraft)
      .execute();
    const linkOwner = await userId(ines);
    await db()
      .insertInto('sign_in_links')
      .values([
        { person_id: linkOwner, token_hash: sha256('old link'), created_at: ago(3), expires_at: ago(2) },
        {
          person_id: linkOwner,
          token_hash: sha256('new link'),
          created_at: ago(0.1),
          expires_at: new Date(now.getTime() - 3_600_000),
        },
      ])
      .execute();

    const privacy = createServices(db(), t.database.pool).privacy;
    const first = await privacy.purgeExpired(now);
    expect(first).toMatchObject({ auditEvents: 2, invitations: 2, drafts: 1, signInLinks: 1 });

    const summaries = async (org: string) =>
      (await db().selectFrom('audit_events').select('summary').where('org_id', '=', org).orderBy('id').execute()).map(
        (r) => r.summary,
      );
    expect(await summaries(council)).toEqual([
      'recent',
      'Removed records older than 365 days: 2 audit events, 2 finished invitations and 1 draft story.',
    ]);
    expect(await summaries(charity)).toEqual(['charity keeps everything']);
    const invitations = await db()
      .selectFrom('invitations')
      .select('display_name')
      .where('org_id', 'in', [council, charity])
      .execute();
    expect(invitations.map((i) => i.display_name).sort()).toEqual(['accepted-recently', 'charity-old', 'still-open']);
    const stories = await db()
      .selectFrom('stories')
      .select('id')
      .where('id', 'in', [staleDraft, freshDraft, oldPublished, charityDraft])
      .execute();
    expect(stories.map((s) => s.id).sort()).toEqual([freshDraft, oldPublished, charityDraft].sort());
    const links = await db()
      .selectFrom('sign_in_links')
      .select('token_hash')
      .where('person_id', '=', linkOwner)
      .execute();
    expect(links).toEqual([{ token_hash: sha256('new link') }]);
    const purgeEvent = await db()
      .selectFrom('audit_events')
      .select(['at', 'actor_id'])
      .where('action', '=', 'retention_purge')
      .executeTakeFirstOrThrow();
    expect(purgeEvent).toEqual({ at: now, actor_id: null });

    // A second run on the same day finds nothing more to do and logs nothing more.
    const second = await privacy.purgeExpired(now);
    expect(second).toMatchObject({ auditEvents: 0, invitations: 0, drafts: 0, signInLinks: 0 });
    expect(await summaries(council)).toHaveLength(2);
    expect(await summaries(charity)).toEqual(['charity keeps everything']);
  });
});

it('the privacy page links are on every signed-in page', async () => {
  const cookie = await signInCookie(t.app, credential(ines));
  const home = await t.app.inject({ url: '/', headers: { cookie } });
  expect(home.body).toContain('href="/account/privacy"');
  expect((await t.app.inject({ url: '/' })).body).not.toContain('href="/account/privacy"');
  expect(csrfOf((await t.app.inject({ url: '/account/delete', headers: { cookie } })).body)).not.toBe('');
});
