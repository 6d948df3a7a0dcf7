// Signing in by emailed link, changing a password against the policy, personal API tokens, and platform
// admins disabling an account (which ends its sessions and stops its tokens at once).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { linkRequestLimits } from '../../src/accounts/throttle.ts';
import { auditEvents, namedEvent } from '../../src/audit/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, postForm, signInCookie } from '../support/forms.ts';

let t: TestApp;
const credential = (email: string) => {
  const found = t.credentials.find((c) => c.email === email);
  if (!found) throw new Error(`no demo credential for ${email}`);
  return found;
};
const member = 'amira.okafor@northshire-county-council.example';
const charityMember = 'hannah.birtwistle@kelbridge-wellbeing-network.example';
const platformAdmin = 'morven.quayle@northshire-county-council.example';

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const signedInAs = async (cookie: string) =>
  /Signed in as ([^<]+)</.exec((await t.app.inject({ url: '/', headers: { cookie } })).body)?.[1];

/** The link in the newest email to an address, as the outbox holds it. */
async function latestLink(to: string) {
  const message = await t.database.db
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const path = message ? /https?:\/\/[^/\s]+(\/sign-in\/link\/[\w-]+)/.exec(message.body_text)?.[1] : undefined;
  return { message, path };
}

async function requestLink(email: string, remoteAddress = '127.0.0.1') {
  const page = await t.app.inject({ url: '/sign-in/link', remoteAddress });
  const cookie = page.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  return t.app.inject({
    method: 'POST',
    url: '/sign-in/link',
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrfOf(page.body), email }).toString(),
  });
}

async function useLink(path: string) {
  const page = await t.app.inject(path);
  // A dead link's page has no form: take a CSRF token from the sign-in page, as a replayed POST would.
  const form = csrfOf(page.body) ? page : await t.app.inject('/sign-in');
  const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const response = await t.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrfOf(form.body) }).toString(),
  });
  const session = response.cookies.find((c) => c.name === 'waymark');
  return { page, response, cookie: session ? `waymark=${session.value}` : '' };
}

describe('sign-in by emailed link', () => {
  it('emails a single-use link; opening it only shows a page, pressing the button signs in', async () => {
    const response = await requestLink(charityMember);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Check your email');
    const { message, path } = await latestLink(charityMember);
    expect(message?.subject).toBe('Your link to sign in to Waymark');
    expect(path).toBeDefined();
    // The secret carries at least 128 bits: 32 random bytes in base64url.
    expect(path?.split('/').pop()?.length).toBeGreaterThanOrEqual(43);

    // A mail scanner following the link (GET) does not use it up.
    expect((await t.app.inject(path ?? '')).statusCode).toBe(200);
    const first = await useLink(path ?? '');
    expect(first.page.body).toContain(`You are signing in as ${charityMember}`);
    expect(first.response.statusCode).toBe(303);
    expect(await signedInAs(first.cookie)).toBe('Hannah Birtwistle');

    // Used once, it never works again.
    const again = await t.app.inject(path ?? '');
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This sign-in link no longer works');
    expect((await useLink(path ?? '')).response.statusCode).toBe(410);

    // Only a hash of the secret is stored.
    const secret = path?.split('/').pop() ?? '';
    const stored = await t.database.db.selectFrom('sign_in_links').select('token_hash').execute();
    expect(stored.some((s) => s.token_hash.includes(secret))).toBe(false);
  });

  it('expires after 10 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
    await requestLink(charityMember, '10.0.0.9');
    const { path } = await latestLink(charityMember);
    vi.setSystemTime(new Date('2026-11-23T10:09:30Z'));
    expect((await t.app.inject(path ?? '')).statusCode).toBe(200);
    vi.setSystemTime(new Date('2026-11-23T10:10:01Z'));
    expect((await useLink(path ?? '')).response.statusCode).toBe(410);
  });

  it('says the same for an unknown address and sends nothing', async () => {
    const before = await t.database.db.selectFrom('email_outbox').select('id').execute();
    const response = await requestLink('nobody@nowhere.example', '10.0.0.7');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('If nobody@nowhere.example belongs to a Waymark account');
    expect((await t.database.db.selectFrom('email_outbox').select('id').execute()).length).toBe(before.length);
  });

  it('keeps the address and explains a bad one', async () => {
    const response = await requestLink('not-an-email', '10.0.0.8');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter an email address in the correct format, like name@example.com');
    expect(response.body).toContain('value="not-an-email"');
  });

  it(`allows ${linkRequestLimits.perEmailAddress} link requests per address in 30 minutes, then answers 429`, async () => {
    const address = 'kit.marsden@kelbridge-city-council.example';
    for (let i = 0; i < linkRequestLimits.perEmailAddress; i++) {
      expect((await requestLink(address, `10.1.0.${i}`)).statusCode).toBe(200);
    }
    const refused = await requestLink(address, '10.1.0.99');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body).toContain('Too many links asked for');
    // A forged X-Forwarded-For does not make a new address: the socket's address counts.
    const page = await t.app.inject({ url: '/sign-in/link', remoteAddress: '10.1.0.99' });
    const forged = await t.app.inject({
      method: 'POST',
      url: '/sign-in/link',
      remoteAddress: '10.1.0.99',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': '203.0.113.1',
        cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), email: address }).toString(),
    });
    expect(forged.statusCode).toBe(429);
  });
});

describe('passwords', () => {
  it('refuses a short or common new password with the reason, and accepts a passphrase', async () => {
    const person = credential('callum.ridding@northshire-fire-rescue.example');
    const cookie = await signInCookie(t.app, person);
    const short = await postForm(t.app, cookie, '/account/password', '/account/password', {
      current: person.password,
      password: 'abc123',
    });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Password must be at least 8 characters');
    const common = await postForm(t.app, cookie, '/account/password', '/account/password', {
      current: person.password,
      password: 'Password123',
    });
    expect(common.statusCode).toBe(400);
    expect(common.body).toContain('too common');
    const wrong = await postForm(t.app, cookie, '/account/password', '/account/password', {
      current: 'not my password',
      password: 'kettle lighthouse orchard',
    });
    expect(wrong.body).toContain('Your current password is not right');
    // Mass assignment: naming someone else, or asking for platform admin, changes nothing but one's own password.
    const other = credential(member);
    const otherId = (
      await t.database.db.selectFrom('users').select('id').where('email', '=', other.email).executeTakeFirstOrThrow()
    ).id;
    const ok = await postForm(t.app, cookie, '/account/password', '/account/password', {
      current: person.password,
      password: 'kettle lighthouse orchard',
      user_id: otherId,
      personId: otherId,
      platform_admin: 'true',
    });
    expect(ok.statusCode).toBe(303);
    await signInCookie(t.app, { email: person.email, password: 'kettle lighthouse orchard' });
    await signInCookie(t.app, other);
    const flags = await t.database.db
      .selectFrom('users')
      .select('platform_admin')
      .where('email', 'in', [person.email, other.email])
      .execute();
    expect(flags.map((f) => f.platform_admin)).toEqual([false, false]);
  });
});

describe('personal API tokens', () => {
  it('are created for one of my organisations, shown once, and stop working when revoked', async () => {
    const cookie = await signInCookie(t.app, credential(member));
    const page = await t.app.inject({ url: '/account/tokens', headers: { cookie } });
    expect(page.body).toContain('You have no API tokens.');
    const orgId = /<option value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
    const someoneElse = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', charityMember)
      .executeTakeFirstOrThrow();
    // Mass assignment: an owner named in the form is ignored; the token is the signed-in person's.
    const created = await postForm(t.app, cookie, '/account/tokens', '/account/tokens', {
      name: 'Reporting sheet',
      orgId,
      user_id: someoneElse.id,
      personId: someoneElse.id,
    });
    expect(created.statusCode).toBe(200);
    const owners = await t.database.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.person_id')
      .select('users.email')
      .where('api_tokens.name', '=', 'Reporting sheet')
      .execute();
    expect(owners).toEqual([{ email: member }]);
    const token = /<code class="waymark-secret" id="new-token">(wmk_[\w-]+)<\/code>/.exec(created.body)?.[1] ?? '';
    expect(token).not.toBe('');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    // Never shown again.
    const later = await t.app.inject({ url: '/account/tokens', headers: { cookie } });
    expect(later.body).toContain('Reporting sheet');
    expect(later.body).not.toContain(token);

    const id = /href="\/account\/tokens\/([0-9a-f-]{36})\/revoke"/.exec(later.body)?.[1] ?? '';
    const confirm = await t.app.inject({ url: `/account/tokens/${id}/revoke`, headers: { cookie } });
    expect(confirm.body).toContain('Revoke the token “Reporting sheet”?');
    const revoked = await postForm(t.app, cookie, `/account/tokens/${id}/revoke`, `/account/tokens/${id}/revoke`, {});
    expect(revoked.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      401,
    );
  });

  it('cannot be made for an organisation the person does not belong to', async () => {
    const cookie = await signInCookie(t.app, credential(member));
    const charity = await t.database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'kelbridge-wellbeing-network')
      .executeTakeFirstOrThrow();
    const response = await postForm(t.app, cookie, '/account/tokens', '/account/tokens', {
      name: 'Sneaky',
      orgId: charity.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select one of your organisations');
    expect(response.body).not.toContain('wmk_');
  });

  it("cannot revoke someone else's token", async () => {
    const { accountsService } = await import('../../src/accounts/service.ts');
    const token = await accountsService(t.database.db).createToken(member, 'northshire-county-council', 'theirs');
    const other = await t.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('name', '=', 'theirs')
      .executeTakeFirstOrThrow();
    const cookie = await signInCookie(t.app, credential(charityMember));
    const response = await postForm(t.app, cookie, '/account/tokens', `/account/tokens/${other.id}/revoke`, {});
    expect(response.statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      200,
    );
  });
});

describe('platform admins disabling an account', () => {
  it('ends the person’s sessions and tokens at once, and records it in the audit log', async () => {
    const person = credential('ines.thackeray@open-door-kitchens.example');
    const personCookie = await signInCookie(t.app, person);
    const { accountsService } = await import('../../src/accounts/service.ts');
    const token = await accountsService(t.database.db).createToken(person.email, 'open-door-kitchens', 'sheet');
    const subject = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', person.email)
      .executeTakeFirstOrThrow();

    // Not for anyone else: a member gets the same 404 as for a page that does not exist.
    const memberCookie = await signInCookie(t.app, credential(member));
    expect((await t.app.inject({ url: '/admin/people', headers: { cookie: memberCookie } })).statusCode).toBe(404);
    const attempt = await postForm(t.app, memberCookie, '/account', `/admin/people/${subject.id}/disable`, {});
    expect(attempt.statusCode).toBe(404);
    expect(await signedInAs(personCookie)).toBe('Ines Thackeray');

    const adminCookie = await signInCookie(t.app, credential(platformAdmin));
    const list = await t.app.inject({ url: '/admin/people?q=thackeray', headers: { cookie: adminCookie } });
    expect(list.body).toContain('Ines Thackeray');
    expect(list.body).toContain('1 person matching');
    const done = await postForm(
      t.app,
      adminCookie,
      `/admin/people/${subject.id}/disable`,
      `/admin/people/${subject.id}/disable`,
      {},
    );
    expect(done.statusCode).toBe(303);
    expect(await signedInAs(personCookie)).toBeUndefined();
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      401,
    );
    const { postSignIn } = await import('../support/app.ts');
    const refused = await postSignIn(t.app, person, { remoteAddress: '10.3.0.1' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The email address or password is not right');
    const audit = (
      await auditEvents(t.database.db).where('audit_events.action', '=', 'account_disabled').execute()
    ).map((e) => ({ action: e.action, summary: namedEvent(e).summary }));
    expect(audit).toEqual([
      { action: 'account_disabled', summary: "Ines Thackeray's account was disabled by a platform admin" },
    ]);
  });
});

describe('CSRF', () => {
  it('refuses a signed-in form post whose token is missing or forged', async () => {
    const cookie = await signInCookie(t.app, credential(member));
    for (const token of ['', 'forged-token']) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/account/sign-out-everywhere',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams({ _csrf: token }).toString(),
      });
      expect(response.statusCode).toBe(403);
    }
    expect(await signedInAs(cookie)).toBe('Amira Okafor');
  });
});

describe('the audit log', () => {
  it('records sign-ins and failed sign-ins without secrets', async () => {
    const person = credential(member);
    await signInCookie(t.app, person);
    const { postSignIn } = await import('../support/app.ts');
    await postSignIn(t.app, { email: person.email, password: 'wrong-password-123' }, { remoteAddress: '10.2.0.1' });
    const rows = (await auditEvents(t.database.db).execute()).map((e) => ({
      action: e.action,
      summary: namedEvent(e).summary,
    }));
    expect(rows).toContainEqual({ action: 'sign_in', summary: 'Signed in with a password' });
    expect(rows).toContainEqual({ action: 'sign_in_failed', summary: 'Failed password sign-in for Amira Okafor' });
    for (const row of rows) {
      expect(row.summary).not.toContain(person.password);
      expect(row.summary).not.toContain('wrong-password-123');
    }
  });
});

describe('forms before anything is wrong', () => {
  it('show no error summary or error messages', async () => {
    const cookie = await signInCookie(t.app, credential('declan.ashworth@northshire-county-council.example'));
    for (const url of [
      '/sign-in',
      '/sign-in/link',
      '/sign-in/sso',
      '/account/password',
      '/account/tokens',
      '/spaces/new',
    ]) {
      const page = await t.app.inject({ url, headers: url.startsWith('/sign-in') ? {} : { cookie } });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).not.toContain('govuk-error-message');
      expect(page.body, url).not.toContain('govuk-error-summary');
    }
  });
});
