// Single sign-on against a real OpenID provider (oidc-provider on 127.0.0.1): an organisation admin sets it up,
// people sign in through the full code flow (PKCE, state, nonce), and every way it can go wrong shows a page.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoUsers } from '../../src/demo/content.ts';
import { secretSealer } from '../../src/sso/seal.ts';
import { createTestApp, postSignIn, type TestApp } from '../support/app.ts';
import { signInAtProvider, startFromOrgLink, startOidcProvider, type TestProvider } from '../support/oidc.ts';

const clientSecret = 'correct-horse-battery-staple-client-secret';
const northshire = 'northshire-county-council';
const domain = 'northshire-county-council.example';

let t: TestApp;
let idp: TestProvider;
let northshireId = '';
let kelbridgeId = '';

const cookieOf = (response: LightMyRequestResponse, previous = '') => {
  const set = response.cookies.find((c) => c.name === 'waymark');
  return set ? `waymark=${set.value}` : previous;
};
const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

function credentialOf(email: string) {
  const found = t.credentials.find((c) => c.email === email);
  if (!found) throw new Error(`no demo credential for ${email}`);
  return found;
}

async function signInWithPassword(email: string): Promise<string> {
  const response = await postSignIn(t.app, { email, password: credentialOf(email).password });
  expect(response.statusCode).toBe(303);
  return cookieOf(response);
}

const northshireAdmin = demoUsers.find((u) => u.org === northshire && u.role === 'org_admin')?.email ?? '';
const northshireMember = demoUsers.find((u) => u.org === northshire && u.role === 'member')?.email ?? '';
const kelbridgeAdmin =
  demoUsers.find((u) => u.org === 'kelbridge-wellbeing-network' && u.role === 'org_admin')?.email ?? '';
const elsewhereMember = demoUsers.find((u) => u.org === 'kelbridge-city-council')?.email ?? '';
const platformAdmin = demoUsers.find((u) => u.platformAdmin)?.email ?? '';

/** A platform admin approves an organisation's claim to a domain, through the page's form. */
async function approveDomain(orgId: string, claimed: string) {
  const cookie = await signInWithPassword(platformAdmin);
  const page = await t.app.inject({ url: '/admin/sso-domains', headers: { cookie } });
  expect(page.body).toContain(claimed);
  const response = await t.app.inject({
    method: 'POST',
    url: '/admin/sso-domains',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfIn(page.body), orgId, domain: claimed, decision: 'approve' }).toString(),
  });
  expect(response.statusCode).toBe(303);
}

/** Posts the settings form as a browser would: CSRF token from the page, then the fields. */
async function postSettings(cookie: string, fields: Record<string, string>) {
  const page = await t.app.inject({ url: '/organisation/sso', headers: { cookie } });
  return t.app.inject({
    method: 'POST',
    url: '/organisation/sso',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfIn(page.body), ...fields }).toString(),
  });
}

const goodSettings = () => ({
  issuer: idp.issuer,
  clientId: 'waymark',
  clientSecret,
  allowedDomains: `${domain}\n`,
  enabled: 'yes',
});

/** Starts single sign-on from the work-email form; returns the provider's address and the browser's cookie. */
async function startSso(email: string) {
  const form = await t.app.inject({ url: '/sign-in/sso' });
  let cookie = cookieOf(form);
  const response = await t.app.inject({
    method: 'POST',
    url: '/sign-in/sso',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfIn(form.body), email, returnTo: '/stories' }).toString(),
  });
  cookie = cookieOf(response, cookie);
  return { response, cookie };
}

/** The whole journey: the work email, the provider's login and consent as `login`, back to Waymark. */
async function ssoSignIn(email: string, login: string, options: { cancel?: boolean } = {}) {
  const started = await startSso(email);
  expect(started.response.statusCode).toBe(303);
  const callback = await signInAtProvider(String(started.response.headers.location), login, options);
  const response = await t.app.inject({
    url: `${callback.pathname}${callback.search}`,
    headers: { cookie: started.cookie },
  });
  return { response, cookie: cookieOf(response, started.cookie), callback, started };
}

async function signedInAs(cookie: string): Promise<string | undefined> {
  const home = await t.app.inject({ url: '/', headers: { cookie } });
  return /Signed in as ([^<]+)</.exec(home.body)?.[1]?.trim();
}

const personByEmail = (email: string) =>
  t.database.db.selectFrom('users').select(['id', 'display_name']).where('email', '=', email).executeTakeFirst();

beforeAll(async () => {
  // The provider runs on 127.0.0.1, which Waymark refuses unless SSO_ALLOW_PRIVATE_ISSUERS is set.
  t = await createTestApp({ services: { ssoAllowPrivateIssuers: true } });
  idp = await startOidcProvider({
    clients: [{ clientId: 'waymark', clientSecret, redirectUris: ['http://localhost/sign-in/sso/callback'] }],
    accounts: {
      'new-starter': { email: `new.starter@${domain}`, email_verified: true, name: 'Nia Starter' },
      'existing-member': { email: northshireMember, email_verified: true, name: 'Someone Else' },
      outsider: { email: 'visitor@elsewhere.example', email_verified: true, name: 'Out Sider' },
      unverified: { email: `unverified@${domain}`, email_verified: false, name: 'Not Verified' },
      'other-org': { email: elsewhereMember, email_verified: true, name: 'Other Org' },
    },
  });
  const orgs = await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute();
  northshireId = orgs.find((o) => o.slug === northshire)?.id ?? '';
  kelbridgeId = orgs.find((o) => o.slug === 'kelbridge-wellbeing-network')?.id ?? '';
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('single sign-on settings', () => {
  it('are not there for someone who is not an organisation admin', async () => {
    const cookie = await signInWithPassword(northshireMember);
    expect((await t.app.inject({ url: '/organisation/sso', headers: { cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/organisation/sso/remove', headers: { cookie } })).statusCode).toBe(404);
    const post = await t.app.inject({
      method: 'POST',
      url: '/organisation/sso',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: 'x', ...goodSettings() }).toString(),
    });
    expect(post.statusCode).toBeGreaterThanOrEqual(400);
    expect(await t.database.db.selectFrom('sso_providers').selectAll().execute()).toEqual([]);
    const anonymous = await t.app.inject({ url: '/organisation/sso' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in?returnTo=%2Forganisation%2Fsso');
  });

  it('shows the redirect URI to register, and refuses an issuer it cannot read, keeping what was typed', async () => {
    const cookie = await signInWithPassword(northshireAdmin);
    const page = await t.app.inject({ url: '/organisation/sso', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('http://localhost/sign-in/sso/callback');
    expect(page.body).toContain('not set up yet');

    const unreachable = await postSettings(cookie, { ...goodSettings(), issuer: 'http://127.0.0.1:1' });
    expect(unreachable.statusCode).toBe(400);
    expect(unreachable.body).toContain(
      'could not read a discovery document at http://127.0.0.1:1/.well-known/openid-configuration',
    );
    expect(unreachable.body).toContain('value="waymark"');
    expect(unreachable.body).not.toContain(clientSecret);

    const bad = await postSettings(cookie, {
      ...goodSettings(),
      issuer: 'http://login.example.org',
      allowedDomains: 'northshire.gov.uk\nnot a domain',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The issuer address must start with https://');
    expect(bad.body).toContain('is not an email domain');
    expect(bad.body).toContain('href="#allowedDomains"');
    expect(bad.body).not.toContain(clientSecret);
    expect(await t.database.db.selectFrom('sso_providers').selectAll().execute()).toEqual([]);
  });

  it('saves after reading the discovery document, seals the secret and never shows it back', async () => {
    const cookie = await signInWithPassword(northshireAdmin);
    // Mass assignment: another organisation named in the form is ignored; the admin's own is set up.
    const saved = await postSettings(cookie, { ...goodSettings(), org_id: kelbridgeId, orgId: kelbridgeId });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/organisation/sso?saved=1');
    expect(
      await t.database.db.selectFrom('sso_providers').select('org_id').where('org_id', '=', kelbridgeId).execute(),
    ).toEqual([]);

    const page = await t.app.inject({ url: saved.headers.location, headers: { cookie } });
    expect(page.body).toContain('Single sign-on settings saved');
    expect(page.body).toContain(idp.issuer);
    expect(page.body).toContain(domain);
    expect(page.body).toContain('A secret is saved');
    expect(page.body).not.toContain(clientSecret);

    const row = await t.database.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('org_id', '=', northshireId)
      .executeTakeFirstOrThrow();
    expect(row.allowed_domains).toEqual([domain]);
    expect(row.enabled).toBe(true);
    expect(row.client_secret_sealed).not.toContain(clientSecret);
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    const sealer = secretSealer('test-secret-that-is-long-enough-for-sessions-0123456789');
    expect(sealer.open(row.client_secret_sealed, northshireId)).toBe(clientSecret);

    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'summary'])
      .where('org_id', '=', northshireId)
      .where('action', '=', 'sso_changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).toContain('Set up single sign-on');
    expect(audit[0]?.summary).toContain(`${domain} waiting for a platform admin to approve`);
    expect(JSON.stringify(audit)).not.toContain(clientSecret);

    // The domain counts only once a platform admin approves it.
    expect(page.body).toContain('waiting</strong> for a platform admin');
    expect((await startSso(`new.starter@${domain}`)).response.statusCode).toBe(400);
    await approveDomain(northshireId, domain);
    const approved = await t.app.inject({ url: '/organisation/sso', headers: { cookie } });
    expect(approved.body).toContain(`${domain}: <strong>approved</strong>`);
  });

  it('keeps the saved secret when the field is left blank, but not when the issuer changes', async () => {
    const cookie = await signInWithPassword(northshireAdmin);
    const kept = await postSettings(cookie, { ...goodSettings(), clientSecret: '' });
    expect(kept.statusCode).toBe(303);
    const moved = await postSettings(cookie, {
      ...goodSettings(),
      issuer: 'https://login.example.org',
      clientSecret: '',
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.body).toContain('Enter the client secret again: the issuer URL has changed');
    const row = await t.database.db
      .selectFrom('sso_providers')
      .select('issuer')
      .where('org_id', '=', northshireId)
      .executeTakeFirstOrThrow();
    expect(row.issuer).toBe(idp.issuer);
  });

  it('acts only on the admin’s own organisation, whatever the form says', async () => {
    const before = await t.database.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('org_id', '=', northshireId)
      .executeTakeFirstOrThrow();
    const cookie = await signInWithPassword(kelbridgeAdmin);
    const response = await postSettings(cookie, {
      ...goodSettings(),
      allowedDomains: 'kelbridge-wellbeing-network.example',
      enabled: '',
      org_id: northshireId,
      orgId: northshireId,
    });
    expect(response.statusCode).toBe(303);
    const after = await t.database.db
      .selectFrom('sso_providers')
      .selectAll()
      .where('org_id', '=', northshireId)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const theirs = await t.database.db
      .selectFrom('sso_providers')
      .select(['allowed_domains', 'enabled'])
      .where('org_id', '=', kelbridgeId)
      .executeTakeFirstOrThrow();
    expect(theirs).toEqual({ allowed_domains: ['kelbridge-wellbeing-network.example'], enabled: false });

    // A domain another organisation already uses cannot be claimed.
    const clash = await postSettings(cookie, { ...goodSettings(), allowedDomains: domain });
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain(`${domain} is already used for single sign-on by another organisation`);
  });
});

describe('signing in with single sign-on', () => {
  it('provisions someone new as a member and signs them in where they were going', async () => {
    // A space invited the address by name before anyone had an account with it.
    const space = 'northshire-wellbeing-partnership';
    const admin = await signInWithPassword(northshireAdmin);
    const spacePage = await t.app.inject({ url: `/spaces/${space}`, headers: { cookie: admin } });
    const invited = await t.app.inject({
      method: 'POST',
      url: `/spaces/${space}/invitations/person`,
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfIn(spacePage.body), email: `New.Starter@${domain}` }).toString(),
    });
    expect(invited.statusCode).toBe(303);

    const { response, cookie } = await ssoSignIn(`new.starter@${domain}`, 'new-starter');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/stories');
    expect(await signedInAs(cookie)).toBe('Nia Starter');

    const person = await personByEmail(`new.starter@${domain}`);
    expect(person?.display_name).toBe('Nia Starter');
    const memberships = await t.database.db
      .selectFrom('memberships')
      .select(['org_id', 'role'])
      .where('user_id', '=', person?.id ?? '')
      .execute();
    expect(memberships).toEqual([{ org_id: northshireId, role: 'member' }]);
    const identity = await t.database.db
      .selectFrom('identities')
      .select(['issuer', 'subject'])
      .where('user_id', '=', person?.id ?? '')
      .execute();
    expect(identity).toEqual([{ issuer: idp.issuer, subject: 'new-starter' }]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('actor_id', '=', person?.id ?? '')
      .where('action', '=', 'sign_in')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual(['Signed in with single sign-on']);
    // Joining Waymark with the address makes the space's invitation theirs to answer.
    const spaces = await t.app.inject({ url: '/spaces', headers: { cookie } });
    expect(spaces.body).toContain('/spaces/invitations/');
  });

  it('gives a new session id, working in the single sign-on organisation', async () => {
    const started = await startSso(`new.starter@${domain}`);
    const callback = await signInAtProvider(String(started.response.headers.location), 'new-starter');
    const response = await t.app.inject({
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: started.cookie },
    });
    const after = cookieOf(response);
    expect(after).not.toBe('');
    expect(after).not.toBe(started.cookie);
    const sessions = await t.database.db.selectFrom('sessions').select('sess').execute();
    const mine = sessions.map((s) => s.sess as Record<string, unknown>).filter((s) => s.orgId === northshireId);
    expect(mine.some((s) => typeof s.personId === 'string' && typeof s.signedInAt === 'number')).toBe(true);
  });

  it('finds a returning person by subject even when the provider’s email has changed', async () => {
    const before = await personByEmail(`new.starter@${domain}`);
    idp.accounts.set('new-starter', { email: `nia.renamed@${domain}`, email_verified: true, name: 'Nia Renamed' });
    const { response, cookie } = await ssoSignIn(`new.starter@${domain}`, 'new-starter');
    expect(response.statusCode).toBe(303);
    expect(await signedInAs(cookie)).toBe('Nia Starter');
    expect(await personByEmail(`nia.renamed@${domain}`)).toBeUndefined();
    const count = await t.database.db
      .selectFrom('identities')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', before?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('never signs in to an existing member’s account by email: they sign in their usual way and link it', async () => {
    const existing = await personByEmail(northshireMember);
    const refused = await ssoSignIn(northshireMember, 'existing-member');
    expect(refused.response.statusCode).toBe(409);
    expect(refused.response.body).toContain('You already have a Waymark account');
    expect(refused.response.body).toContain('href="/sign-in?returnTo=%2Faccount%2Fsso"');
    expect(await signedInAs(refused.cookie)).toBeUndefined();
    expect(
      await t.database.db.selectFrom('identities').select('id').where('subject', '=', 'existing-member').execute(),
    ).toEqual([]);

    // Signed in with their password, they link it from their account, and from then on it signs them in.
    const cookie = await signInWithPassword(northshireMember);
    const page = await t.app.inject({ url: '/account/sso', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Link your organisation’s sign-in');
    const link = await t.app.inject({
      method: 'POST',
      url: '/account/sso/link',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfIn(page.body) }).toString(),
    });
    expect(link.statusCode).toBe(303);
    const callback = await signInAtProvider(String(link.headers.location), 'existing-member');
    const linked = await t.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie } });
    expect(linked.statusCode).toBe(303);
    expect(linked.headers.location).toBe('/account/sso?linked=1');
    const identity = await t.database.db
      .selectFrom('identities')
      .select(['user_id', 'provider_org_id'])
      .where('subject', '=', 'existing-member')
      .executeTakeFirstOrThrow();
    expect(identity).toEqual({ user_id: existing?.id, provider_org_id: northshireId });

    const { response, cookie: ssoCookie } = await ssoSignIn(northshireMember, 'existing-member');
    expect(response.statusCode).toBe(303);
    expect(await signedInAs(ssoCookie)).toBe(existing?.display_name);
  });

  it('starts from an ?org=slug link only when the person presses Continue', async () => {
    // Opening the link alone goes nowhere: another site could otherwise sign a visitor in through a provider.
    const { page, response } = await startFromOrgLink(t.app, northshire);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Continue to Northshire County Council');
    expect(page.headers.location).toBeUndefined();
    expect(response.statusCode).toBe(303);
    expect(String(response.headers.location)).toMatch(new RegExp(`^${idp.issuer}/`));
    const location = new URL(String(response.headers.location));
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    expect(location.searchParams.get('redirect_uri')).toBe('http://localhost/sign-in/sso/callback');
    // The button without the page's CSRF token is refused.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/sign-in/sso',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `org=${northshire}`,
    });
    expect(forged.statusCode).toBe(403);
    const unknown = await t.app.inject({ url: '/sign-in/sso?org=no-such-org' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('does not use single sign-on');
  });

  it('lets only the work-email page send its form on to a provider', async () => {
    const start = await t.app.inject({ url: '/sign-in/sso' });
    expect(start.headers['content-security-policy']).toContain("form-action 'self' https:");
    const signIn = await t.app.inject({ url: '/sign-in' });
    expect(signIn.headers['content-security-policy']).toContain("form-action 'self';");
  });

  it('says so when no organisation uses single sign-on for the email’s domain', async () => {
    const { response } = await startSso('someone@nowhere.example');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('No organisation on Waymark uses single sign-on for nowhere.example addresses');
    expect(response.body).toContain('value="someone@nowhere.example"');
  });

  it('refuses an answer whose state does not match, and the real answer cannot be used after it', async () => {
    const started = await startSso(`new.starter@${domain}`);
    const callback = await signInAtProvider(String(started.response.headers.location), 'new-starter');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    const refused = await t.app.inject({
      url: `${forged.pathname}${forged.search}`,
      headers: { cookie: started.cookie },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('This sign-in could not be matched');
    const cookie = cookieOf(refused, started.cookie);
    expect(await signedInAs(cookie)).toBeUndefined();
    const replay = await t.app.inject({ url: `${callback.pathname}${callback.search}`, headers: { cookie } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/sign-in/sso?expired=1');
  });

  it('sends someone arriving with no sign-in in progress back to the start', async () => {
    const response = await t.app.inject({ url: '/sign-in/sso/callback?code=abc&state=def' });
    expect(response.statusCode).toBe(303);
    const page = await t.app.inject({ url: String(response.headers.location) });
    expect(page.body).toContain('Start again');
  });

  it('refuses an email outside the organisation’s allowed domains', async () => {
    const { response, cookie } = await ssoSignIn(`anyone@${domain}`, 'outsider');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your email address cannot be used here');
    expect(await signedInAs(cookie)).toBeUndefined();
    expect(await personByEmail('visitor@elsewhere.example')).toBeUndefined();
  });

  it('refuses an email the provider says is not verified', async () => {
    const { response } = await ssoSignIn(`anyone@${domain}`, 'unverified');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your email address is not verified');
    expect(await personByEmail(`unverified@${domain}`)).toBeUndefined();
  });

  it('never joins an account that belongs only to another organisation', async () => {
    const cookie = await signInWithPassword(northshireAdmin);
    const saved = await postSettings(cookie, {
      ...goodSettings(),
      clientSecret: '',
      allowedDomains: `${domain}\n${elsewhereMember.split('@')[1]}`,
    });
    expect(saved.statusCode).toBe(303);
    const pending = await ssoSignIn(`anyone@${domain}`, 'other-org');
    expect(pending.response.statusCode).toBe(400);
    expect(pending.response.body).toContain('Your email address cannot be used here');
    await approveDomain(northshireId, elsewhereMember.split('@')[1] ?? '');
    const { response } = await ssoSignIn(`anyone@${domain}`, 'other-org');
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('You already have a Waymark account');
    const identities = await t.database.db.selectFrom('identities').select('subject').execute();
    expect(identities.map((i) => i.subject)).not.toContain('other-org');
  });

  it('shows a readable page when the person cancels at the provider', async () => {
    const { response, cookie } = await ssoSignIn(`new.starter@${domain}`, 'new-starter', { cancel: true });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('You did not give permission');
    expect(await signedInAs(cookie)).toBeUndefined();
  });

  it('asks to start again when the provider took more than 10 minutes', async () => {
    const started = await startSso(`new.starter@${domain}`);
    const callback = await signInAtProvider(String(started.response.headers.location), 'new-starter');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 11 * 60 * 1000);
    const response = await t.app.inject({
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: started.cookie },
    });
    vi.useRealTimers();
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Your sign-in took too long');
  });

  it('does not let a disabled person in', async () => {
    await t.database.db
      .updateTable('users')
      .set({ disabled_at: new Date() })
      .where('email', '=', `new.starter@${domain}`)
      .execute();
    const { response, cookie } = await ssoSignIn(`new.starter@${domain}`, 'new-starter');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This account is disabled');
    expect(await signedInAs(cookie)).toBeUndefined();
  });

  it('stops at once when the admin switches it off, and removal asks first', async () => {
    const cookie = await signInWithPassword(northshireAdmin);
    const off = await postSettings(cookie, { ...goodSettings(), clientSecret: '', enabled: '' });
    expect(off.statusCode).toBe(303);
    const { response } = await startSso(`new.starter@${domain}`);
    expect(response.statusCode).toBe(400);

    const confirm = await t.app.inject({ url: '/organisation/sso/remove', headers: { cookie } });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove single sign-on?');
    const removed = await t.app.inject({
      method: 'POST',
      url: '/organisation/sso/remove',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfIn(confirm.body) }).toString(),
    });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe('/organisation/sso?removed=1');
    expect(
      await t.database.db.selectFrom('sso_providers').select('org_id').where('org_id', '=', northshireId).execute(),
    ).toEqual([]);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('org_id', '=', northshireId)
      .where('action', '=', 'sso_changed')
      .orderBy('id')
      .execute();
    expect(audit.at(-1)?.summary).toBe(`Removed single sign-on with ${idp.issuer}`);
    expect((await t.app.inject({ url: '/organisation/sso/remove', headers: { cookie } })).statusCode).toBe(404);
  });
});
