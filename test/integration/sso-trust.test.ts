// Single sign-on across organisations: an organisation admin who runs their own identity provider cannot use it
// to become a member of another organisation; email domains count only once a platform admin approves them; a
// provider's identity joins an existing account only when its owner, signed in, links it; and leaving the
// organisation removes the link. Two real OpenID providers on 127.0.0.1.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../src/demo/content.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { rolesIn } from '../support/database.ts';
import { confirmStaffList, csrfOf, postForm, signInCookie, uploadStaffList } from '../support/forms.ts';
import { signInAtProvider, startFromOrgLink, startOidcProvider, type TestProvider } from '../support/oidc.ts';

const secret = 'attacker-controlled-provider-secret-0123';
const network = 'kelbridge-wellbeing-network';
const networkDomain = 'kelbridge-wellbeing-network.example';
const councilDomain = 'northshire-county-council.example';

const byRole = (org: string, role: string) => demoUsers.find((u) => u.org === org && u.role === role)?.email ?? '';
const networkAdmin = byRole(network, 'org_admin');
const networkMember = byRole(network, 'member');
const councilMember = byRole('northshire-county-council', 'member');
const councilManager = byRole('northshire-county-council', 'line_manager');
const platformAdmin = demoUsers.find((u) => u.platformAdmin)?.email ?? '';

let t: TestApp;
let idp: TestProvider;
let networkId = '';

const cookieFrom = (response: LightMyRequestResponse, previous = '') => {
  const set = response.cookies.find((c) => c.name === 'waymark');
  return set ? `waymark=${set.value}` : previous;
};

async function signIn(email: string) {
  const credential = t.credentials.find((c) => c.email === email);
  if (!credential) throw new Error(`no demo credential for ${email}`);
  return signInCookie(t.app, credential);
}

async function signedInAs(cookie: string): Promise<string | undefined> {
  const home = await t.app.inject({ url: '/', headers: { cookie } });
  return /Signed in as ([^<]+)</.exec(home.body)?.[1]?.trim();
}

const personId = async (email: string) =>
  (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

const identitiesOf = async (email: string) =>
  t.database.db
    .selectFrom('identities')
    .select(['subject', 'provider_org_id'])
    .where('user_id', '=', await personId(email))
    .execute();

/** Starts from ?org=slug (which needs no approved domain), plays `login` at the provider, and comes back. */
async function ssoThroughNetwork(login: string) {
  const { response: start, cookie } = await startFromOrgLink(t.app, network);
  expect(start.statusCode).toBe(303);
  const callback = await signInAtProvider(String(start.headers.location), login);
  const response = await t.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie } });
  return { response, cookie: cookieFrom(response, cookie) };
}

async function decide(domain: string, decision: 'approve' | 'refuse') {
  const cookie = await signIn(platformAdmin);
  const response = await postForm(t.app, cookie, '/admin/sso-domains', '/admin/sso-domains', {
    orgId: networkId,
    domain,
    decision,
  });
  expect(response.statusCode).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp({ services: { ssoAllowPrivateIssuers: true } });
  // The network's admin runs this provider, so they decide every claim in it, the email included.
  idp = await startOidcProvider({
    clients: [{ clientId: 'network', clientSecret: secret, redirectUris: ['http://localhost/sign-in/sso/callback'] }],
    accounts: {
      'pretend-council-member': { email: councilMember, email_verified: true, name: 'Pretend' },
      'no-verified-claim': { email: `new.person@${networkDomain}`, name: 'Not Said' },
      'network-member': { email: networkMember, email_verified: true, name: 'Network Member' },
    },
  });
  networkId = (
    await t.database.db.selectFrom('organisations').select('id').where('slug', '=', network).executeTakeFirstOrThrow()
  ).id;
  // The council member also belongs to the network (as someone may, by invitation): the old rule, "link a
  // member with the same email", would have let the network's provider into their account.
  await t.database.db
    .insertInto('memberships')
    .values({ org_id: networkId, user_id: await personId(councilMember), role: 'member' })
    .execute();
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

describe('an organisation admin with their own identity provider', () => {
  it('cannot obtain a session as a member of another organisation', async () => {
    const admin = await signIn(networkAdmin);
    const saved = await postForm(t.app, admin, '/organisation/sso', '/organisation/sso', {
      issuer: idp.issuer,
      clientId: 'network',
      clientSecret: secret,
      allowedDomains: `${networkDomain}\n${councilDomain}`,
      enabled: 'yes',
    });
    expect(saved.statusCode).toBe(303);

    // Claimed but not approved: the council's domain lets nobody in.
    const pending = await ssoThroughNetwork('pretend-council-member');
    expect(pending.response.statusCode).toBe(400);
    expect(pending.response.body).toContain('Your email address cannot be used here');
    expect(await signedInAs(pending.cookie)).toBeUndefined();

    // Even when a platform admin approves it by mistake, an existing account is not taken over by its email.
    await decide(councilDomain, 'approve');
    const approved = await ssoThroughNetwork('pretend-council-member');
    expect(approved.response.statusCode).toBe(409);
    expect(approved.response.body).toContain('You already have a Waymark account');
    expect(await signedInAs(approved.cookie)).toBeUndefined();
    expect(await identitiesOf(councilMember)).toEqual([]);
    const sessions = await t.database.db.selectFrom('sessions').select('sess').execute();
    const owner = await personId(councilMember);
    expect(sessions.filter((s) => (s.sess as { personId?: string }).personId === owner)).toEqual([]);
    const refusals = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('org_id', '=', networkId)
      .where('action', '=', 'sign_in_failed')
      .execute();
    // Why, in the organisation's own log (how the person is named there is the audit log's business).
    expect(refusals.map((r) => r.summary.slice(r.summary.lastIndexOf(': ') + 2))).toEqual([
      'the email domain is not one a platform admin approved for the organisation',
      'an account with this email exists and has not been linked by its owner',
    ]);
  });

  it('cannot obtain a session as a member of another organisation through a staff import and their provider', async () => {
    // The council's line manager belongs to the council alone. With the council's domain (wrongly) approved
    // above, the network's admin first puts him on their staff list, as an org admin, through the real import.
    const admin = await signIn(networkAdmin);
    const staffList = `name,email,role\nTom Haddley,${councilManager},org admin`;
    const preview = await uploadStaffList(t.app, admin, { csv: staffList });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('1 person to invite by email');
    const confirmed = await confirmStaffList(t.app, admin, preview.body);
    expect(confirmed.statusCode).toBe(200);
    // The import made no membership: only an invitation that nobody has accepted.
    const manager = await personId(councilManager);
    const networkRoles = await rolesIn(t.database.db, networkId, councilManager);
    expect(networkRoles).toEqual([]);
    const invitations = await t.database.db
      .selectFrom('invitations')
      .select(['role', 'accepted_at'])
      .where('org_id', '=', networkId)
      .where('email', '=', councilManager)
      .execute();
    expect(invitations).toEqual([{ role: 'org_admin', accepted_at: null }]);

    // Then their provider vouches for his verified address: still nobody is signed in as him.
    idp.accounts.set('pretend-council-manager', { email: councilManager, email_verified: true, name: 'Pretend' });
    const attempt = await ssoThroughNetwork('pretend-council-manager');
    expect(attempt.response.statusCode).toBe(409);
    expect(attempt.response.body).toContain('You already have a Waymark account');
    expect(await signedInAs(attempt.cookie)).toBeUndefined();
    expect(await identitiesOf(councilManager)).toEqual([]);
    const sessions = await t.database.db.selectFrom('sessions').select('sess').execute();
    expect(sessions.filter((s) => (s.sess as { personId?: string }).personId === manager)).toEqual([]);
    const after = await rolesIn(t.database.db, networkId, councilManager);
    expect(after).toEqual([]);
  });

  it('cannot create accounts for addresses the provider has not said are verified', async () => {
    await decide(networkDomain, 'approve');
    const { response, cookie } = await ssoThroughNetwork('no-verified-claim');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your email address is not verified');
    expect(await signedInAs(cookie)).toBeUndefined();
    const created = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', `new.person@${networkDomain}`)
      .execute();
    expect(created).toEqual([]);
  });
});

describe('approving claimed email domains', () => {
  it('is for platform admins only, and each decision is in the organisation’s audit log', async () => {
    const admin = await signIn(networkAdmin);
    expect((await t.app.inject({ url: '/admin/sso-domains', headers: { cookie: admin } })).statusCode).toBe(404);
    const forged = await postForm(t.app, admin, '/organisation/sso', '/admin/sso-domains', {
      orgId: networkId,
      domain: councilDomain,
      decision: 'approve',
    });
    expect(forged.statusCode).toBe(404);

    const platform = await signIn(platformAdmin);
    const page = await t.app.inject({ url: '/admin/sso-domains', headers: { cookie: platform } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Single sign-on email domains');
    // Without the page's CSRF token nothing is decided.
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/admin/sso-domains',
      headers: { cookie: platform, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ orgId: networkId, domain: councilDomain, decision: 'refuse' }).toString(),
    });
    expect(noToken.statusCode).toBe(403);
    const claim = () =>
      t.database.db
        .selectFrom('sso_domain_claims')
        .select('status')
        .where('org_id', '=', networkId)
        .where('domain', '=', councilDomain)
        .executeTakeFirstOrThrow();
    expect(await claim()).toEqual({ status: 'approved' });

    const nonsense = await postForm(t.app, platform, '/admin/sso-domains', '/admin/sso-domains', {
      orgId: 'not-an-id',
      domain: councilDomain,
      decision: 'approve',
    });
    expect(nonsense.statusCode).toBe(400);
    expect(nonsense.body).toContain('There is a problem');

    await decide(councilDomain, 'refuse');
    expect(await claim()).toEqual({ status: 'refused' });
    const settings = await t.app.inject({ url: '/organisation/sso', headers: { cookie: admin } });
    expect(settings.body).toContain(`${councilDomain}: <strong>refused</strong> by a platform admin`);
    const log = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('org_id', '=', networkId)
      .where('action', '=', 'sso_changed')
      .where('summary', 'like', 'A platform admin%')
      .orderBy('id')
      .execute();
    expect(log.map((l) => l.summary)).toEqual([
      `A platform admin approved the email domain ${councilDomain} for single sign-on`,
      `A platform admin approved the email domain ${networkDomain} for single sign-on`,
      `A platform admin refused the email domain ${councilDomain} for single sign-on`,
    ]);
  });

  it('never lets two organisations hold one domain', async () => {
    const admin = await signIn(byRole('northshire-county-council', 'org_admin'));
    const clash = await postForm(t.app, admin, '/organisation/sso', '/organisation/sso', {
      issuer: idp.issuer,
      clientId: 'network',
      clientSecret: secret,
      allowedDomains: networkDomain,
      enabled: 'yes',
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain(`${networkDomain} is already used for single sign-on by another organisation`);
  });
});

describe('linking a provider’s identity to an existing account', () => {
  it('is done by the person, signed in, and undone when they are removed from the organisation', async () => {
    const refused = await ssoThroughNetwork('network-member');
    expect(refused.response.statusCode).toBe(409);

    const cookie = await signIn(networkMember);
    const page = await t.app.inject({ url: '/account/sso', headers: { cookie } });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('No sign-in service is linked to your account');
    // Before choosing, the person is told what a link gives the organisation's sign-in service.
    expect(page.body).toContain('can sign in to your whole Waymark account');
    // The page's form goes on to the provider, so its policy lets it.
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https:");
    const start = await t.app.inject({
      method: 'POST',
      url: '/account/sso/link',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body) }).toString(),
    });
    expect(start.statusCode).toBe(303);
    const callback = await signInAtProvider(String(start.headers.location), 'network-member');

    // The provider's answer links nothing for anyone but the person who asked, in the browser that asked.
    const elsewhere = await t.app.inject({ url: `${callback.pathname}${callback.search}` });
    expect(elsewhere.statusCode).toBe(303);
    expect(await identitiesOf(networkMember)).toEqual([]);

    const linked = await t.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie } });
    expect(linked.statusCode).toBe(303);
    expect(linked.headers.location).toBe('/account/sso?linked=1');
    expect(await identitiesOf(networkMember)).toEqual([{ subject: 'network-member', provider_org_id: networkId }]);
    const after = await t.app.inject({ url: '/account/sso?linked=1', headers: { cookie } });
    expect(after.body).toContain('Your organisation’s sign-in is linked to your account.');

    const signedIn = await ssoThroughNetwork('network-member');
    expect(signedIn.response.statusCode).toBe(303);
    expect(await signedInAs(signedIn.cookie)).toBe('Hannah Birtwistle');

    // Removed from the organisation, the person keeps their account but the link is gone.
    const admin = await signIn(networkAdmin);
    const member = await personId(networkMember);
    const removed = await postForm(
      t.app,
      admin,
      `/organisation/members/${member}/remove`,
      `/organisation/members/${member}/remove`,
      {},
    );
    expect(removed.statusCode).toBe(303);
    expect(await identitiesOf(networkMember)).toEqual([]);
    const afterRemoval = await ssoThroughNetwork('network-member');
    expect(afterRemoval.response.statusCode).toBe(409);
    expect(await signedInAs(afterRemoval.cookie)).toBeUndefined();
  });

  it('keeps the link through a change of roles', async () => {
    const member = await personId(councilMember);
    await t.database.db
      .insertInto('identities')
      .values({ user_id: member, provider_org_id: networkId, issuer: idp.issuer, subject: 'kept' })
      .execute();
    await t.database.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('memberships').where('org_id', '=', networkId).where('user_id', '=', member).execute();
      await trx.insertInto('memberships').values({ org_id: networkId, user_id: member, role: 'member' }).execute();
    });
    expect(await identitiesOf(councilMember)).toEqual([{ subject: 'kept', provider_org_id: networkId }]);
  });
});
