// The audit log names people by id: an admin reads each person's name as it is today, a person who erased
// their account reads as a former member, and erasing someone never rewrites another organisation's log,
// even where their name happens to appear in it as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { auditText, mention } from '../../src/audit/names.ts';
import { auditService } from '../../src/audit/service.ts';
import { createServices } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const db = () => t.database.db;
const session = demoSessions(() => t);
const declan = 'declan.ashworth@northshire-county-council.example';
const olu = 'olu.fairweather@kelbridge-wellbeing-network.example';
const tom = 'tom.haddley@northshire-county-council.example';
const hannah = 'hannah.birtwistle@kelbridge-wellbeing-network.example';

const userId = async (email: string) =>
  (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) =>
  (await db().selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const unescapeHtml = (html: string) =>
  html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<');

/** The audit page as an organisation admin sees it, as text. */
async function auditPage(adminEmail: string) {
  const page = await t.app.inject({ url: '/organisation/audit', headers: { cookie: await session(adminEmail) } });
  expect(page.statusCode).toBe(200);
  return unescapeHtml(page.body);
}

/** The rows of the page's table: who, and what the details say. */
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .map((row) => [...(row[1] ?? '').matchAll(/<td class="govuk-table__cell"[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]))
    .filter((cells) => cells.length === 4)
    .map(([, what, who, details]) => ({ what, who, details }));

const erase = async (email: string) => {
  const outcome = await createServices(db(), t.database.pool).privacy.eraseAccount(await userId(email), {
    email,
    stories: 'remove',
  });
  expect(outcome).toEqual({ ok: true });
};

describe('the audit log', () => {
  it('shows people by their current name, and as a former member once they erase their account', async () => {
    const tomId = await userId(tom);
    const changed = await postForm(
      t.app,
      await session(declan),
      '/account',
      `/organisation/members/${tomId}/roles`,
      new URLSearchParams([['roles', 'moderator']]),
    );
    expect(changed.statusCode).toBe(303);
    // Tom signs in: his own action, with him as the actor.
    await session(tom);

    const before = rowsOf(await auditPage(declan));
    expect(before).toContainEqual({
      what: 'Roles changed',
      who: 'Declan Ashworth',
      details: 'Changed Tom Haddley’s roles from Line manager to Moderator.',
    });
    expect(before).toContainEqual({ what: 'Signed in', who: 'Tom Haddley', details: 'Signed in with a password' });

    // The name is read when the page is: a change of name shows in entries written before it.
    await db().updateTable('users').set({ display_name: 'Tom Haddley-Okoro' }).where('id', '=', tomId).execute();
    const renamed = rowsOf(await auditPage(declan));
    expect(renamed).toContainEqual({
      what: 'Roles changed',
      who: 'Declan Ashworth',
      details: 'Changed Tom Haddley-Okoro’s roles from Line manager to Moderator.',
    });
    expect(renamed).toContainEqual({
      what: 'Signed in',
      who: 'Tom Haddley-Okoro',
      details: 'Signed in with a password',
    });

    await erase(tom);
    const html = await auditPage(declan);
    expect(html).not.toContain('Tom Haddley');
    const after = rowsOf(html);
    expect(after).toContainEqual({
      what: 'Roles changed',
      who: 'Declan Ashworth',
      details: 'Changed a former member’s roles from Line manager to Moderator.',
    });
    // His own sign-in was his, not Waymark's: it stays a person's act.
    expect(after).toContainEqual({ what: 'Signed in', who: 'Former member', details: 'Signed in with a password' });
    expect(after).toContainEqual({ what: 'Account erased', who: 'Waymark', details: 'An account was deleted' });
  });

  it('starts a sentence with a capital whoever fills it, and keeps braces people typed as they were', async () => {
    const council = await orgId('northshire-county-council');
    const amiraId = await userId('amira.okafor@northshire-county-council.example');
    const gone = 'sam.leaver@northshire-county-council.example';
    const goneId = await accountsService(db()).createPerson({
      email: gone,
      displayName: 'Sam Leaver',
      password: null,
      orgSlug: 'northshire-county-council',
      role: 'member',
    });
    await auditService(db()).record(
      { orgId: council, actorId: null, action: 'member_removed', summary: auditText`${mention(amiraId)} left.` },
      { orgId: council, actorId: null, action: 'member_removed', summary: auditText`${mention(goneId)} left too.` },
      {
        orgId: council,
        actorId: null,
        action: 'unit_changed',
        summary: auditText`Added the team “{subject} {{x}}” for ${mention(amiraId)}.`,
      },
      { orgId: council, actorId: null, action: 'unit_changed', summary: 'Renamed the team “{second_subject}”.' },
    );
    await erase(gone);
    const rows = rowsOf(await auditPage(declan));
    expect(rows.map((r) => r.details)).toEqual(
      expect.arrayContaining([
        'Amira Okafor left.',
        'A former member left too.',
        'Added the team “{subject} {{x}}” for Amira Okafor.',
        'Renamed the team “{second_subject}”.',
      ]),
    );
  });

  it('never rewrites another organisation’s entries when someone is erased, even where their name is in the text', async () => {
    const charity = await orgId('kelbridge-wellbeing-network');
    // Two people of the county council whose names are also text in the charity's log: one shares a name
    // with a charity member, the other is called after a word in a unit's name.
    const accounts = accountsService(db());
    for (const [email, displayName] of [
      ['hannah.b@northshire-county-council.example', 'Hannah Birtwistle'],
      ['payroll.person@northshire-county-council.example', 'Payroll'],
    ] as const) {
      await accounts.createPerson({
        email,
        displayName,
        password: null,
        orgSlug: 'northshire-county-council',
        role: 'member',
      });
    }
    const oluCookie = await session(olu);
    const roles = await postForm(
      t.app,
      oluCookie,
      '/account',
      `/organisation/members/${await userId(hannah)}/roles`,
      new URLSearchParams([['roles', 'coordinator']]),
    );
    expect(roles.statusCode).toBe(303);
    for (const name of ['Payroll', 'Hannah Birtwistle’s team']) {
      const unit = await postForm(t.app, oluCookie, '/organisation/units', '/organisation/units', {
        name,
        kind: 'team',
        parentId: '',
      });
      expect(unit.statusCode).toBe(303);
    }
    const stored = () =>
      db().selectFrom('audit_events').selectAll().where('org_id', '=', charity).orderBy('id').execute();
    const storedBefore = await stored();

    await erase('hannah.b@northshire-county-council.example');
    await erase('payroll.person@northshire-county-council.example');

    expect(await stored()).toEqual(storedBefore);
    const details = rowsOf(await auditPage(olu)).map((r) => r.details);
    expect(details).toEqual(
      expect.arrayContaining([
        'Changed Hannah Birtwistle’s roles from member only to Scheme coordinator.',
        'Added the team “Payroll” at the top.',
        'Added the team “Hannah Birtwistle’s team” at the top.',
      ]),
    );
    expect(details.join('\n')).not.toMatch(/former member/i);
  });
});
