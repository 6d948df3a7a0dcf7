// Invitations by email and staff lists by CSV: an admin invites, the person opens the emailed link and joins
// (new account or existing one) with the unit and manager the admin chose; dead links say why; an import
// preview writes nothing and names every bad row; confirming writes; nobody else can see or touch any of it.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { rolesIn as rolesInOrg } from '../support/database.ts';
import { confirmStaffList, csrfOf, postForm, signInCookie, uploadStaffList } from '../support/forms.ts';

let t: TestApp;
const admin = 'declan.ashworth@northshire-county-council.example';
const otherAdmin = 'olu.fairweather@kelbridge-wellbeing-network.example';
const member = 'amira.okafor@northshire-county-council.example';
const manager = 'tom.haddley@northshire-county-council.example';
const charityMember = 'hannah.birtwistle@kelbridge-wellbeing-network.example';
const cityMember = 'kit.marsden@kelbridge-city-council.example';

const credential = (email: string) => {
  const found = t.credentials.find((c) => c.email === email);
  if (!found) throw new Error(`no demo credential for ${email}`);
  return found;
};
let northshire = '';
let kelbridgeWellbeing = '';
let libraries = '';
let adminCookie = '';

beforeAll(async () => {
  t = await createTestApp();
  const orgs = await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute();
  northshire = orgs.find((o) => o.slug === 'northshire-county-council')?.id ?? '';
  kelbridgeWellbeing = orgs.find((o) => o.slug === 'kelbridge-wellbeing-network')?.id ?? '';
  const unit = await t.database.db
    .insertInto('units')
    .values({ org_id: northshire, parent_id: null, name: 'Libraries', kind: 'service' })
    .returning('id')
    .executeTakeFirstOrThrow();
  libraries = unit.id;
  await t.database.db
    .insertInto('units')
    .values({ org_id: kelbridgeWellbeing, parent_id: null, name: 'Outreach', kind: 'team' })
    .execute();
  adminCookie = await signInCookie(t.app, credential(admin));
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const db = () => t.database.db;
const personId = async (email: string) =>
  (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const rolesIn = (orgId: string, email: string) => rolesInOrg(db(), orgId, email);
const placementOf = (orgId: string, userId: string) =>
  db()
    .selectFrom('placements')
    .select(['unit_id', 'manager_id'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
const signedInAs = async (cookie: string) =>
  /Signed in as ([^<]+)</.exec((await t.app.inject({ url: '/', headers: { cookie } })).body)?.[1]?.trim();

/** The invitation link in the newest email to an address, as a path. */
async function invitationLink(to: string) {
  const message = await db()
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const path = message ? /https?:\/\/[^/\s]+(\/invitations\/[\w-]+)/.exec(message.body_text)?.[1] : undefined;
  return { message, path: path ?? '' };
}

async function invite(fields: Record<string, string>, cookie = adminCookie) {
  return postForm(t.app, cookie, '/organisation/invitations/new', '/organisation/invitations', {
    role: 'member',
    ...fields,
  });
}

/** Opens the link (GET, as a mail scanner would) and posts its form, with the visitor's cookie if any. */
async function accept(path: string, fields: Record<string, string> = {}, cookie = '') {
  const page = await t.app.inject({ url: path, headers: cookie ? { cookie } : {} });
  const form = csrfOf(page.body) ? page : await t.app.inject({ url: '/sign-in', headers: cookie ? { cookie } : {} });
  const fresh = form.cookies.find((c) => c.name === 'waymark');
  const sent = fresh ? `waymark=${fresh.value}` : cookie;
  const response = await t.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sent ? { cookie: sent } : {}) },
    payload: new URLSearchParams({ ...fields, _csrf: csrfOf(form.body) }).toString(),
  });
  const session = response.cookies.find((c) => c.name === 'waymark');
  return { page, response, cookie: session ? `waymark=${session.value}` : sent };
}

describe('inviting one person by email', () => {
  it('emails a link; the new person chooses a password, is signed in, and has the unit and manager chosen', async () => {
    const sent = await invite({
      name: 'Jo Newcombe',
      email: 'jo.newcombe@northshire-county-council.example',
      role: 'line_manager',
      unitId: libraries,
      managerEmail: manager,
      // Mass assignment: another organisation named in the body is ignored.
      org_id: kelbridgeWellbeing,
      orgId: kelbridgeWellbeing,
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/organisation/invitations?done=sent');

    const list = await t.app.inject({ url: '/organisation/invitations', headers: { cookie: adminCookie } });
    expect(list.body).toContain('Jo Newcombe');
    expect(list.body).toContain('Waiting');

    const { message, path } = await invitationLink('jo.newcombe@northshire-county-council.example');
    expect(message?.subject).toBe('You are invited to join Northshire County Council on Waymark');
    const token = path.split('/').pop() ?? '';
    expect(token).toMatch(/^[\w-]{43}$/);
    const stored = await db()
      .selectFrom('invitations')
      .select(['org_id', 'token_hash', 'expires_at', 'created_at'])
      .where('email', '=', 'jo.newcombe@northshire-county-council.example')
      .executeTakeFirstOrThrow();
    expect(stored.org_id).toBe(northshire);
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(stored.expires_at.getTime() - stored.created_at.getTime()).toBeCloseTo(14 * 24 * 3600 * 1000, -4);

    // Opening the link (as a mail scanner does) uses nothing.
    const page = await t.app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Declan Ashworth has invited you to join Northshire County Council');
    expect(page.body).toContain('Create your account');
    expect(page.body).not.toContain('govuk-error-message');
    const form = await t.app.inject({ url: '/organisation/invitations/new', headers: { cookie: adminCookie } });
    expect(form.body).not.toContain('govuk-error-message');
    expect(form.body).toContain('Libraries');

    const weak = await accept(path, { displayName: 'Jo Newcombe', password: 'password' });
    expect(weak.response.statusCode).toBe(400);
    expect(weak.response.body).toContain('too common');
    expect(weak.response.body).toContain('value="Jo Newcombe"');

    const joined = await accept(path, {
      displayName: 'Jo Newcombe',
      password: 'lantern orchard copper kettle',
      // Mass assignment: none of these can change what the invitation grants.
      role: 'org_admin',
      org_id: kelbridgeWellbeing,
      orgId: kelbridgeWellbeing,
      email: 'someone.else@example.org',
      platform_admin: 'true',
    });
    expect(joined.response.statusCode).toBe(303);
    expect(await signedInAs(joined.cookie)).toBe('Jo Newcombe');

    const jo = await personId('jo.newcombe@northshire-county-council.example');
    expect(await rolesIn(northshire, 'jo.newcombe@northshire-county-council.example')).toEqual([
      'line_manager',
      'member',
    ]);
    expect(await rolesIn(kelbridgeWellbeing, 'jo.newcombe@northshire-county-council.example')).toEqual([]);
    const user = await db()
      .selectFrom('users')
      .select(['platform_admin'])
      .where('id', '=', jo)
      .executeTakeFirstOrThrow();
    expect(user.platform_admin).toBe(false);
    expect(await placementOf(northshire, jo)).toEqual({ unit_id: libraries, manager_id: await personId(manager) });

    // Single use: the same link now says so, and signs nobody in.
    const again = await accept(path, { displayName: 'Intruder', password: 'another long passphrase here' });
    expect(again.response.statusCode).toBe(410);
    expect(again.response.body).toContain('already been used');

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'summary'])
      .where('org_id', '=', northshire)
      .where('action', 'in', ['invitation_sent', 'invitation_accepted'])
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['invitation_sent', 'invitation_accepted']));
    expect(audit.map((a) => a.summary).join(' ')).not.toContain(token);
  });

  it('explains what is wrong with the form, keeping what was typed', async () => {
    const response = await invite({ name: '', email: 'not an email', managerEmail: 'nobody@example.org' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter the person’s name');
    expect(response.body).toContain('Enter an email address in the correct format, like name@example.com');
    expect(response.body).toContain('value="not an email"');
    // Each message also sits by its field, and only there.
    expect(response.body).toMatch(/id="name-error"[^>]*>\s*<span[^>]*>Error:<\/span> Enter the person’s name/);
    expect(response.body).not.toContain('id="unitId-error"');

    const stranger = await invite({ name: 'Pat', email: 'pat@example.org', managerEmail: 'nobody@example.org' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.body).toContain('Nobody with this email address is in the organisation');

    const existing = await invite({ name: 'Amira', email: member });
    expect(existing.statusCode).toBe(400);
    expect(existing.body).toContain('already a member');
  });

  it('says clearly when a link has expired, and sending again gives a new link that works', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T09:00:00Z'));
    const cookie = await signInCookie(t.app, credential(admin));
    expect((await invite({ name: 'Sam Later', email: 'sam.later@example.org' }, cookie)).statusCode).toBe(303);
    const { path: first } = await invitationLink('sam.later@example.org');

    vi.setSystemTime(new Date('2026-12-14T08:00:00Z'));
    expect((await t.app.inject(first)).statusCode).toBe(200);
    vi.setSystemTime(new Date('2026-12-15T09:00:01Z'));
    const expired = await t.app.inject(first);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This invitation has expired');

    const fresh = await signInCookie(t.app, credential(admin));
    const list = await t.app.inject({ url: '/organisation/invitations?status=expired', headers: { cookie: fresh } });
    expect(list.body).toContain('Sam Later');
    const id = (
      await db()
        .selectFrom('invitations')
        .select('id')
        .where('email', '=', 'sam.later@example.org')
        .executeTakeFirstOrThrow()
    ).id;
    const resent = await postForm(
      t.app,
      fresh,
      '/organisation/invitations',
      `/organisation/invitations/${id}/resend`,
      {},
    );
    expect(resent.statusCode).toBe(303);
    const { path: second } = await invitationLink('sam.later@example.org');
    expect(second).not.toBe(first);
    expect((await t.app.inject(first)).statusCode).toBe(410);
    const joined = await accept(second, { displayName: 'Sam Later', password: 'quiet harbour velvet lamp' });
    expect(joined.response.statusCode).toBe(303);
    expect(await rolesIn(northshire, 'sam.later@example.org')).toEqual(['member']);
  });

  it('withdraws an invitation after a confirmation page; the link then says it was withdrawn', async () => {
    await invite({ name: 'Riley Withdrawn', email: 'riley@example.org' });
    const { path } = await invitationLink('riley@example.org');
    const { id } = await db()
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', 'riley@example.org')
      .executeTakeFirstOrThrow();
    const confirm = await t.app.inject({
      url: `/organisation/invitations/${id}/revoke`,
      headers: { cookie: adminCookie },
    });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Withdraw the invitation to Riley Withdrawn?');
    const done = await postForm(
      t.app,
      adminCookie,
      `/organisation/invitations/${id}/revoke`,
      `/organisation/invitations/${id}/revoke`,
      {},
    );
    expect(done.statusCode).toBe(303);
    const page = await t.app.inject(path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation was withdrawn');
    const tried = await accept(path, { displayName: 'Riley', password: 'silver meadow paper kite' });
    expect(tried.response.statusCode).toBe(410);
    expect(await db().selectFrom('users').select('id').where('email', '=', 'riley@example.org').execute()).toEqual([]);
  });

  it('an unknown link gets the same clear page', async () => {
    const page = await t.app.inject(`/invitations/${'x'.repeat(43)}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation link does not work');
  });
});

describe('inviting someone who already has an account', () => {
  it('asks them to sign in as that account, then adds the membership and placement', async () => {
    await invite({ name: 'Hannah Birtwistle', email: charityMember, role: 'moderator', unitId: libraries });
    const { path } = await invitationLink(charityMember);

    const anonymous = await t.app.inject(path);
    expect(anonymous.body).toContain('Sign in to accept');
    expect(anonymous.body).toContain(`/sign-in?returnTo=${encodeURIComponent(path)}`);
    const refused = await accept(path, { displayName: 'Hannah', password: 'an attempt at a takeover' });
    expect(refused.response.statusCode).toBe(400);
    expect(await rolesIn(northshire, charityMember)).toEqual([]);

    // Signed in as someone else: told so, and nothing changes for either account.
    const amira = await signInCookie(t.app, credential(member));
    const wrong = await accept(path, {}, amira);
    expect(wrong.page.body).toContain('signed in with a different account');
    expect(wrong.response.statusCode).toBe(400);
    expect(await rolesIn(northshire, member)).toEqual(['member']);

    const signIn = await postSignIn(t.app, credential(charityMember));
    const hannah = `waymark=${signIn.cookies.find((c) => c.name === 'waymark')?.value}`;
    const joined = await accept(path, { role: 'org_admin', org_id: kelbridgeWellbeing }, hannah);
    expect(joined.page.body).toContain('Join Northshire County Council');
    expect(joined.response.statusCode).toBe(303);
    expect(await rolesIn(northshire, charityMember)).toEqual(['member', 'moderator']);
    expect(await rolesIn(kelbridgeWellbeing, charityMember)).toEqual(['member']);
    expect((await placementOf(northshire, await personId(charityMember)))?.unit_id).toBe(libraries);
    // Now working in the organisation just joined.
    const account = await t.app.inject({ url: '/account', headers: { cookie: hannah } });
    expect(account.body).toContain('Northshire County Council');
  });
});

describe('who may manage invitations', () => {
  it('is a 404 for members without the admin role, and a sign-in for visitors', async () => {
    const amira = await signInCookie(t.app, credential(member));
    for (const url of [
      '/organisation/invitations',
      '/organisation/invitations/new',
      '/organisation/import',
      '/organisation/import/template.csv',
    ]) {
      expect((await t.app.inject({ url, headers: { cookie: amira } })).statusCode, url).toBe(404);
      expect((await t.app.inject({ url })).statusCode, url).toBe(303);
    }
    const posted = await postForm(t.app, amira, '/', '/organisation/invitations', {
      name: 'Sneaky',
      email: 'sneaky@example.org',
      role: 'org_admin',
    });
    expect(posted.statusCode).toBe(404);
    expect(
      await db().selectFrom('invitations').select('id').where('email', '=', 'sneaky@example.org').execute(),
    ).toEqual([]);
  });

  it("is a 404 for another organisation's admin acting on this organisation's invitation", async () => {
    await invite({ name: 'Casey Other', email: 'casey@example.org' });
    const { id } = await db()
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', 'casey@example.org')
      .executeTakeFirstOrThrow();
    const olu = await signInCookie(t.app, credential(otherAdmin));
    expect(
      (await t.app.inject({ url: `/organisation/invitations/${id}/revoke`, headers: { cookie: olu } })).statusCode,
    ).toBe(404);
    for (const action of ['revoke', 'resend']) {
      const response = await postForm(
        t.app,
        olu,
        '/organisation/invitations',
        `/organisation/invitations/${id}/${action}`,
        {},
      );
      expect(response.statusCode, action).toBe(404);
    }
    const list = await t.app.inject({ url: '/organisation/invitations', headers: { cookie: olu } });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('Casey Other');
    const still = await db()
      .selectFrom('invitations')
      .select('revoked_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(still.revoked_at).toBeNull();
  });
});

describe('importing a staff list', () => {
  const counts = async () => {
    const n = async (table: 'invitations' | 'memberships' | 'placements' | 'email_outbox' | 'users' | 'audit_events') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      invitations: await n('invitations'),
      memberships: await n('memberships'),
      placements: await n('placements'),
      email_outbox: await n('email_outbox'),
      users: await n('users'),
      audit_events: await n('audit_events'),
    };
  };

  /** Posts the upload form as a browser does: multipart, with the file and the page's CSRF token. */
  const upload = (fields: { file?: string; csv?: string }, cookie = adminCookie) =>
    uploadStaffList(t.app, cookie, fields);
  const confirm = (preview: string, overrides: Record<string, string> = {}, cookie = adminCookie) =>
    confirmStaffList(t.app, cookie, preview, overrides);

  const staffList = [
    'Name,Email,Unit,Manager Email,Role',
    'Robin Newhire,robin.newhire@example.org,libraries,lee.lead@example.org,', // 2 invite; manager later in file
    'Lee Lead,lee.lead@example.org,Libraries,,Line manager', // 3 invite
    `Kit Marsden,${cityMember},,lee.lead@example.org,hr/od`, // 4 an account elsewhere: invited like anyone
    `Amira Okafor,${member},,,`, // 5 already a member: skip
    ',nameless@example.org,,,', // 6 missing name
    'Bad Email,not-an-email,,,', // 7 bad email
    'Dup,ROBIN.NEWHIRE@example.org,,,', // 8 duplicate
    'Unit Gone,unit.gone@example.org,Parks,,', // 9 unknown unit
    'Big Boss,big.boss@example.org,,,chief', // 10 unknown role
    'No Manager,no.manager@example.org,,ghost@example.org,', // 11 manager not in org or file
    'Self Managed,self@example.org,,self@example.org,', // 12 manager is self
    '"Quote, Formula",=cmd@example.org,,,', // 13 bad email (cells are data, never evaluated)
  ].join('\r\n');

  it('previews every row and every bad row with its line and why, writing nothing', async () => {
    const before = await counts();
    const preview = await upload({ file: staffList });
    expect(preview.statusCode).toBe(200);
    const body = preview.body;
    expect(body).toContain('Nothing has been saved yet');
    for (const [line, why] of [
      [6, 'The name is missing'],
      [7, '“not-an-email” is not an email address'],
      [8, 'The same email address is on line 2'],
      [9, 'There is no unit called “Parks”'],
      [10, '“chief” is not a role'],
      [11, 'not in the organisation or in this file'],
      [12, 'cannot be their own line manager'],
    ] as const) {
      const row = new RegExp(`numeric"[^>]*>${line}</td>[\\s\\S]*?</tr>`).exec(body)?.[0] ?? '';
      expect(row, `line ${line}`).toContain(why);
    }
    expect(body).toContain('Will be invited');
    expect(body).not.toContain('existing account');
    expect(body).toContain('Already a member of the organisation');
    expect(body).toContain('Import only the 3 good rows');
    expect(await counts()).toEqual(before);

    // The template is offered as a download.
    const template = await t.app.inject({ url: '/organisation/import/template.csv', headers: { cookie: adminCookie } });
    expect(template.headers['content-type']).toMatch(/^text\/csv/);
    expect(template.headers['content-disposition']).toMatch(/attachment/);
    expect(template.body.split('\r\n')[0]).toBe('name,email,unit,manager email,role');
  });

  it('refuses a file with no header, and asks for a file when none is given', async () => {
    const noHeader = await upload({ csv: 'Jo,jo@example.org\n' });
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.body).toContain('The file cannot be imported');
    expect(noHeader.body).not.toContain('/organisation/import/confirm');
    const huge = await upload({ file: `name,email\n${'Jo Bloggs,jo@example.org\n'.repeat(50_000)}` });
    // Refused as it streams in, with the limit named.
    expect(huge.statusCode).toBe(413);
    expect(huge.body).toContain('The file must be 1 MB or smaller');
    const nothing = await upload({});
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain('Select a CSV file, or paste the list');
  });

  it('writes nothing when the preview no longer matches what the organisation holds', async () => {
    const preview = await upload({ csv: 'name,email\nMorgan Stale,morgan.stale@example.org\n' });
    const before = await counts();
    const response = await confirm(preview.body, { digest: 'not-what-was-previewed' });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Something changed since you checked the list');
    expect(await counts()).toEqual(before);
  });

  it('confirming imports only the good rows: invitations emailed to everyone new, placements set as they join', async () => {
    const preview = await upload({ file: staffList });
    const before = await counts();
    const done = await confirm(preview.body, { org_id: kelbridgeWellbeing, role: 'org_admin' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Staff list imported');
    const after = await counts();
    expect(after.users).toBe(before.users);
    // Three invitations emailed, the account elsewhere's among them; nobody is added yet.
    expect(after.email_outbox - before.email_outbox).toBe(3);
    expect(after.memberships).toBe(before.memberships);
    expect((await invitationLink('robin.newhire@example.org')).path).not.toBe('');
    expect((await invitationLink('lee.lead@example.org')).path).not.toBe('');
    expect((await invitationLink(cityMember)).message?.subject).toBe(
      'You are invited to join Northshire County Council on Waymark',
    );
    for (const email of ['nameless@example.org', 'unit.gone@example.org', 'big.boss@example.org', 'self@example.org']) {
      expect((await invitationLink(email)).message, email).toBeUndefined();
    }
    expect(await rolesIn(northshire, cityMember)).toEqual([]);
    expect(await rolesIn(northshire, member)).toEqual(['member']);
    const invited = await db()
      .selectFrom('invitations')
      .select(['org_id', 'role', 'unit_id', 'accepted_at'])
      .where('email', 'in', ['robin.newhire@example.org', 'lee.lead@example.org'])
      .orderBy('email')
      .execute();
    expect(invited).toEqual([
      { org_id: northshire, role: 'line_manager', unit_id: libraries, accepted_at: null },
      { org_id: northshire, role: 'member', unit_id: libraries, accepted_at: null },
    ]);
    const audit = await db()
      .selectFrom('audit_events')
      .select('summary')
      .where('org_id', '=', northshire)
      .where('action', '=', 'staff_imported')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([
      'Imported a staff list: 3 invited, 1 skipped, 8 rows with problems left out',
    ]);

    // Kit accepts, signed in as himself, before his manager (invited in the same file) has joined: his
    // manager is filled in when Lee joins, as is Robin's.
    const kit = await personId(cityMember);
    const kitJoined = await accept(
      (await invitationLink(cityMember)).path,
      {},
      await signInCookie(t.app, credential(cityMember)),
    );
    expect(kitJoined.response.statusCode).toBe(303);
    expect(await rolesIn(northshire, cityMember)).toEqual(['hr_od', 'member']);
    expect((await placementOf(northshire, kit))?.manager_id).toBeNull();
    const robin = await accept((await invitationLink('robin.newhire@example.org')).path, {
      displayName: 'Robin Newhire',
      password: 'walnut ferry candle mosaic',
    });
    expect(robin.response.statusCode).toBe(303);
    const lee = await accept((await invitationLink('lee.lead@example.org')).path, {
      displayName: 'Lee Lead',
      password: 'granite willow sparrow tide',
    });
    expect(lee.response.statusCode).toBe(303);
    const leeId = await personId('lee.lead@example.org');
    expect(await placementOf(northshire, kit)).toEqual({ unit_id: null, manager_id: leeId });
    expect(await placementOf(northshire, await personId('robin.newhire@example.org'))).toEqual({
      unit_id: libraries,
      manager_id: leeId,
    });

    // Confirming the same list again changes nothing already done: everyone is now skipped.
    const again = await upload({ file: staffList });
    expect(again.body).not.toContain('Will be invited');
  });
});
