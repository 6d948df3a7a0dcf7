// Organisations as their people use them: switching between one's organisations (roles follow), an admin's
// settings, units, members, roles and line managers, removal and leaving (effective on the next request), a
// line manager's team, the audit log, and platform admins creating organisations. Whatever belongs to
// another organisation, or needs a role the caller lacks, is a 404, and no posted field can widen access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { auditEvents, namedEvent } from '../../src/audit/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  declan: 'declan.ashworth@northshire-county-council.example', // org admin, county council
  morven: 'morven.quayle@northshire-county-council.example', // org admin and platform admin, county council
  priya: 'priya.lomax@northshire-county-council.example', // HR/OD, county council
  tom: 'tom.haddley@northshire-county-council.example', // line manager of Amira, county council
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council
  amira: 'amira.okafor@northshire-county-council.example', // member, county council (and HR/OD at the charity here)
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example', // the charity's only admin
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
  kit: 'kit.marsden@kelbridge-city-council.example', // member, city council
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);
const ids: Record<string, string> = {};

const db = () => t.database.db;
const get = async (who: Who, url: string) => t.app.inject({ url, headers: { cookie: await as(who) } });
const post = async (who: Who, url: string, fields: Record<string, string> | URLSearchParams = {}) =>
  postForm(t.app, await as(who), '/account', url, fields);

const person = (who: Who) => ids[who] as string;
const council = () => ids['org:northshire-county-council'] as string;
const charity = () => ids['org:kelbridge-wellbeing-network'] as string;

const rolesOf = async (orgId: string, who: Who) =>
  (
    await db()
      .selectFrom('memberships')
      .select('role')
      .where('org_id', '=', orgId)
      .where('user_id', '=', person(who))
      .execute()
  )
    .map((r) => r.role)
    .sort();

const placementOf = (orgId: string, who: Who) =>
  db()
    .selectFrom('placements')
    .select(['unit_id', 'manager_id'])
    .where('org_id', '=', orgId)
    .where('user_id', '=', person(who))
    .executeTakeFirst();

const unitId = async (orgId: string, name: string) =>
  (
    await db()
      .selectFrom('units')
      .select('id')
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id;

/** The summaries as the audit page shows them, with people's current names. */
const auditSummaries = async (orgId: string, action: string) =>
  (
    await auditEvents(db())
      .where('audit_events.org_id', '=', orgId)
      .where('audit_events.action', '=', action)
      .orderBy('audit_events.id')
      .execute()
  ).map((r) => namedEvent(r).summary);

const unescapeHtml = (html: string) =>
  html.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<');

/** The value an input was rendered with (to check that input is kept after an error). */
const keptValue = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp();
  for (const o of await db().selectFrom('organisations').select(['id', 'slug']).execute()) ids[`org:${o.slug}`] = o.id;
  for (const [who, email] of Object.entries(people)) {
    ids[who] = (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  }
  // Amira also works for the charity, as its HR/OD lead: a portfolio career.
  await db()
    .insertInto('memberships')
    .values([
      { org_id: charity(), user_id: person('amira'), role: 'member' },
      { org_id: charity(), user_id: person('amira'), role: 'hr_od' },
    ])
    .execute();
  await db()
    .insertInto('units')
    .values({ org_id: charity(), parent_id: null, name: 'Outreach', kind: 'team' })
    .execute();
});
afterAll(() => t.close());

describe('the header and switching organisation', () => {
  it('shows the organisation a person works in, and links only to what their roles reach', async () => {
    const anonymous = await t.app.inject('/');
    expect(anonymous.body).not.toContain('Working in');
    expect(anonymous.body).not.toContain('href="/organisation"');

    const declan = (await get('declan', '/')).body;
    expect(declan).toContain('Working in Northshire County Council (Organisation admin)');
    expect(declan).toContain('href="/organisation"');
    expect(declan).not.toContain('href="/team"');
    expect(declan).not.toContain('action="/account/organisation"');

    const tom = (await get('tom', '/')).body;
    expect(tom).toContain('href="/team"');
    expect(tom).not.toContain('href="/organisation"');

    const priya = (await get('priya', '/')).body;
    expect(priya).toContain('href="/organisation/members"');
    expect(priya).not.toContain('href="/organisation"');

    const morven = (await get('morven', '/')).body;
    expect(morven).toContain('href="/admin/organisations"');
  });

  it('lets a person in several organisations switch, and their roles follow the organisation', async () => {
    // Amira's organisations in name order: the charity comes first, so she starts there, as its HR/OD lead.
    const home = (await get('amira', '/')).body;
    expect(home).toContain('action="/account/organisation"');
    expect(home).toMatch(new RegExp(`<option value="${charity()}" selected>Kelbridge Wellbeing Network</option>`));
    const charityMembers = await get('amira', '/organisation/members');
    expect(charityMembers.statusCode).toBe(200);
    expect(charityMembers.body).toContain('Hannah Birtwistle');
    expect(charityMembers.body).not.toContain('Declan Ashworth');

    const switched = await post('amira', '/account/organisation', {
      orgId: council(),
      returnTo: '/organisation/members',
    });
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/organisation/members');
    // In the council she is a member only: the members page is not there for her.
    expect((await get('amira', '/organisation/members')).statusCode).toBe(404);
    expect((await get('amira', '/')).body).toMatch(
      new RegExp(`<option value="${council()}" selected>Northshire County Council</option>`),
    );
    expect((await get('amira', '/account/organisations')).body).toContain('Working in now');

    // Back again; a page naming a record of the other organisation is not returned to.
    const back = await post('amira', '/account/organisation', {
      orgId: charity(),
      returnTo: `/organisation/members/${person('declan')}`,
    });
    expect(back.headers.location).toBe('/');
    expect((await get('amira', '/organisation/members')).statusCode).toBe(200);
  });

  it('refuses to switch to an organisation the person does not belong to', async () => {
    const response = await post('declan', '/account/organisation', { orgId: charity() });
    expect(response.statusCode).toBe(404);
    expect((await get('declan', '/organisation')).body).toContain('Northshire County Council');
    expect((await get('declan', '/organisation/members')).body).not.toContain('Hannah Birtwistle');
  });
});

describe('organisation settings', () => {
  it('are for organisation admins only', async () => {
    for (const who of ['priya', 'amira', 'tom'] as const) {
      expect((await get(who, '/organisation')).statusCode, who).toBe(404);
      expect((await post(who, '/organisation', { name: 'Taken over', sector: 'nhs', region: 'X' })).statusCode).toBe(
        404,
      );
    }
    expect(
      (await db().selectFrom('organisations').select('name').where('id', '=', council()).executeTakeFirstOrThrow())
        .name,
    ).toBe('Northshire County Council');
  });

  it('keep what was typed when something is wrong', async () => {
    const response = await post('declan', '/organisation', { name: '', sector: 'space-agency', region: 'North East' });
    expect(response.statusCode).toBe(400);
    const body = unescapeHtml(response.body);
    expect(body).toContain('Enter the organisation’s name');
    expect(body).toContain('Select the sector the organisation works in');
    expect(keptValue(response.body, 'region')).toBe('North East');
  });

  it('change only the admin’s current organisation, whatever else is posted, and are audited', async () => {
    const response = await post('declan', '/organisation', {
      name: 'Northshire Council',
      sector: 'local-government',
      region: 'North East',
      org_id: charity(),
      orgId: charity(),
      slug: 'taken-over',
    });
    expect(response.statusCode).toBe(303);
    const rows = await db().selectFrom('organisations').select(['id', 'name', 'slug', 'region']).execute();
    expect(rows.find((o) => o.id === council())).toMatchObject({
      name: 'Northshire Council',
      slug: 'northshire-county-council',
      region: 'North East',
    });
    expect(rows.find((o) => o.id === charity())?.name).toBe('Kelbridge Wellbeing Network');
    expect((await get('declan', '/organisation?done=settings')).body).toContain(
      'The organisation’s details were saved.',
    );
    expect(await auditSummaries(council(), 'settings_changed')).toEqual([
      'Changed the organisation’s name to “Northshire Council”, region to “North East”.',
    ]);
    await post('declan', '/organisation', {
      name: 'Northshire County Council',
      sector: 'local-government',
      region: 'North of England',
    });
  });
});

describe('units', () => {
  it('shows the tree and adds units under a parent', async () => {
    const page = await get('declan', '/organisation/units');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kelbridge Locality Team');
    expect(page.body).not.toContain('Outreach');
    const resources = await unitId(council(), 'Resources');
    const added = await post('declan', '/organisation/units', { name: 'Payroll', kind: 'team', parentId: resources });
    expect(added.statusCode).toBe(303);
    const payroll = await db()
      .selectFrom('units')
      .select(['org_id', 'parent_id', 'kind'])
      .where('name', '=', 'Payroll')
      .executeTakeFirstOrThrow();
    expect(payroll).toEqual({ org_id: council(), parent_id: resources, kind: 'team' });
    expect(unescapeHtml((await get('declan', '/organisation/units')).body)).toContain('Resources › Payroll');
    expect(await auditSummaries(council(), 'unit_changed')).toContain('Added the team “Payroll” under “Resources”.');
  });

  it('keeps input on errors, and will not put a unit under another organisation’s', async () => {
    const missing = await post('declan', '/organisation/units', { name: '', kind: 'team', parentId: '' });
    expect(missing.statusCode).toBe(400);
    expect(unescapeHtml(missing.body)).toContain('Enter the unit’s name');
    const foreign = await post('declan', '/organisation/units', {
      name: 'Smuggled',
      kind: 'team',
      parentId: await unitId(charity(), 'Outreach'),
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('Select where the unit sits');
    expect(keptValue(foreign.body, 'name')).toBe('Smuggled');
    expect(await db().selectFrom('units').select('id').where('name', '=', 'Smuggled').execute()).toEqual([]);
  });

  it('renames and moves units, but never under themselves', async () => {
    const care = await unitId(council(), 'Adult Social Care');
    const team = await unitId(council(), 'Kelbridge Locality Team');
    const loop = await post('declan', `/organisation/units/${care}`, {
      name: 'Adult Social Care',
      kind: 'directorate',
      parentId: team,
    });
    expect(loop.statusCode).toBe(400);
    expect(loop.body).toContain('A unit cannot sit under itself or under a unit inside it');
    // The form offers only places the unit may go.
    const form = (await get('declan', `/organisation/units/${care}`)).body;
    expect(form).not.toContain(`value="${team}"`);

    const moved = await post('declan', `/organisation/units/${team}`, {
      name: 'Kelbridge Locality Team North',
      kind: 'team',
      parentId: care,
    });
    expect(moved.statusCode).toBe(303);
    const row = await db()
      .selectFrom('units')
      .select(['name', 'parent_id'])
      .where('id', '=', team)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Kelbridge Locality Team North', parent_id: care });
    expect((await auditSummaries(council(), 'unit_changed')).at(-1)).toBe(
      'Renamed “Kelbridge Locality Team” to “Kelbridge Locality Team North”; moved “Kelbridge Locality Team North” under “Adult Social Care”.',
    );
  });

  it('deletes a unit after confirmation, refusing while it holds units; its people become unplaced', async () => {
    const care = await unitId(council(), 'Adult Social Care');
    const confirm = await get('declan', `/organisation/units/${care}/delete`);
    expect(confirm.body).toContain('Move or delete them first');
    const refused = await post('declan', `/organisation/units/${care}/delete`);
    expect(refused.statusCode).toBe(400);
    expect(await db().selectFrom('units').select('id').where('id', '=', care).execute()).toHaveLength(1);

    const team = await unitId(council(), 'Kelbridge Locality Team North');
    expect((await placementOf(council(), 'amira'))?.unit_id).toBe(team);
    expect((await get('declan', `/organisation/units/${team}/delete`)).body).toContain(
      'The 1 person in it will have no unit',
    );
    const deleted = await post('declan', `/organisation/units/${team}/delete`);
    expect(deleted.statusCode).toBe(303);
    expect(await placementOf(council(), 'amira')).toEqual({ unit_id: null, manager_id: person('tom') });
  });

  it('are the admin’s own organisation’s only', async () => {
    const outreach = await unitId(charity(), 'Outreach');
    expect((await get('declan', `/organisation/units/${outreach}`)).statusCode).toBe(404);
    expect((await get('declan', `/organisation/units/${outreach}/delete`)).statusCode).toBe(404);
    expect(
      (await post('declan', `/organisation/units/${outreach}`, { name: 'Mine', kind: 'team', parentId: '' }))
        .statusCode,
    ).toBe(404);
    expect((await post('declan', `/organisation/units/${outreach}/delete`)).statusCode).toBe(404);
    expect((await post('declan', '/organisation/units/not-a-uuid/delete')).statusCode).toBe(404);
    expect(await db().selectFrom('units').select('name').where('id', '=', outreach).executeTakeFirstOrThrow()).toEqual({
      name: 'Outreach',
    });
    expect((await get('priya', '/organisation/units')).statusCode).toBe(404);
  });
});

describe('members', () => {
  it('lists members with roles, unit and manager, searchable and in pages; HR/OD may read', async () => {
    const list = await get('priya', '/organisation/members');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Declan Ashworth');
    expect(list.body).toContain('Organisation admin');
    expect(list.body).not.toContain('Hannah Birtwistle');
    const searched = await get('declan', '/organisation/members?q=okafor');
    expect(searched.body).toContain('Amira Okafor');
    expect(searched.body).toContain('Tom Haddley'); // her line manager
    expect(searched.body).not.toContain('Priya Lomax');
    expect(searched.body).toContain('1 member matching');

    // Thirty more people: the list runs over two pages.
    const accounts = accountsService(db());
    for (let i = 0; i < 30; i++) {
      await accounts.createPerson({
        email: `staff.${i}@northshire-county-council.example`,
        displayName: `Zed Staff ${String(i).padStart(2, '0')}`,
        password: null,
        orgSlug: 'northshire-county-council',
        role: 'member',
      });
    }
    const first = await get('declan', '/organisation/members');
    expect(first.body).toContain('href="/organisation/members?page=2"');
    const second = await get('declan', '/organisation/members?page=2');
    expect(second.body).toContain('Zed Staff 29');
    expect(first.body).not.toContain('Zed Staff 29');
  });

  it('shows HR/OD a member’s page without the forms that change it', async () => {
    const page = await get('priya', `/organisation/members/${person('amira')}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Amira Okafor');
    expect(page.body).not.toContain('Save roles');
    expect(
      (await post('priya', `/organisation/members/${person('amira')}/roles`, { roles: 'org_admin' })).statusCode,
    ).toBe(404);
    expect((await get('priya', `/organisation/members/${person('amira')}/remove`)).statusCode).toBe(404);
    // HR/OD at the charity reads its members, but not the council's, nor (once switched) anyone's.
    expect((await get('amira', `/organisation/members/${person('hannah')}`)).statusCode).toBe(200);
    expect((await get('amira', `/organisation/members/${person('tom')}`)).statusCode).toBe(404);
    await post('amira', '/account/organisation', { orgId: council() });
    expect((await get('amira', `/organisation/members/${person('tom')}`)).statusCode).toBe(404);
    expect((await get('amira', `/organisation/members/${person('hannah')}`)).statusCode).toBe(404);
    await post('amira', '/account/organisation', { orgId: charity() });
  });

  it('changes roles from the checkboxes only: no posted field can reach further', async () => {
    const fields = new URLSearchParams([
      ['roles', 'moderator'],
      ['roles', 'platform_admin'],
      ['roles', 'superuser'],
      ['org_id', charity()],
      ['orgId', charity()],
      ['platform_admin', 'true'],
      ['role', 'org_admin'],
    ]);
    const response = await post('declan', `/organisation/members/${person('rosa')}/roles`, fields);
    expect(response.statusCode).toBe(303);
    expect(await rolesOf(council(), 'rosa')).toEqual(['member', 'moderator']);
    expect(await rolesOf(charity(), 'rosa')).toEqual([]);
    const rosa = await db()
      .selectFrom('users')
      .select('platform_admin')
      .where('id', '=', person('rosa'))
      .executeTakeFirstOrThrow();
    expect(rosa.platform_admin).toBe(false);
    expect((await auditSummaries(council(), 'role_changed')).at(-1)).toBe(
      'Changed Rosa Penhallow’s roles from Scheme coordinator to Moderator.',
    );
    // Her new role applies on her very next request.
    expect((await get('rosa', '/spaces/new')).statusCode).toBe(404);
    await post('declan', `/organisation/members/${person('rosa')}/roles`, { roles: 'coordinator' });
    expect((await get('rosa', '/spaces/new')).statusCode).toBe(200);
  });

  it('keeps at least one admin: the last one cannot drop the role', async () => {
    const response = await post('olu', `/organisation/members/${person('olu')}/roles`, { roles: 'moderator' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('The organisation needs at least one organisation admin');
    // The boxes as they were sent are kept.
    expect(response.body).toMatch(/value="moderator" checked/);
    expect(await rolesOf(charity(), 'olu')).toEqual(['member', 'org_admin']);
    // With another admin (Morven), Declan may step down, and loses admin pages at once.
    expect((await post('declan', `/organisation/members/${person('declan')}/roles`, {})).statusCode).toBe(303);
    expect((await get('declan', '/organisation')).statusCode).toBe(404);
    await post('morven', `/organisation/members/${person('declan')}/roles`, { roles: 'org_admin' });
    expect((await get('declan', '/organisation')).statusCode).toBe(200);
    // Both admins stepping down at the same moment: one of them is refused, so one admin remains.
    const [first, second] = await Promise.all([
      post('declan', `/organisation/members/${person('declan')}/roles`, {}),
      post('morven', `/organisation/members/${person('morven')}/roles`, {}),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([303, 400]);
    const admins = await db()
      .selectFrom('memberships')
      .select('user_id')
      .where('org_id', '=', council())
      .where('role', '=', 'org_admin')
      .execute();
    expect(admins).toHaveLength(1);
    await post(first.statusCode === 303 ? 'morven' : 'declan', `/organisation/members/${person('declan')}/roles`, {
      roles: 'org_admin',
    });
    await post('declan', `/organisation/members/${person('morven')}/roles`, { roles: 'org_admin' });
    expect(await rolesOf(council(), 'declan')).toEqual(['member', 'org_admin']);
    expect(await rolesOf(council(), 'morven')).toEqual(['member', 'org_admin']);
  });

  it('sets unit and line manager: someone in the organisation, not oneself, without loops', async () => {
    const url = `/organisation/members/${person('tom')}/placement`;
    const self = await post('declan', url, { unitId: '', managerId: person('tom') });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('A person cannot be their own line manager');
    // Tom manages Amira, so Amira cannot manage Tom.
    const loop = await post('declan', url, { unitId: '', managerId: person('amira') });
    expect(loop.statusCode).toBe(400);
    expect(loop.body).toContain('is managed by Tom Haddley');
    expect((await get('declan', `/organisation/members/${person('tom')}`)).body).not.toContain(
      `<option value="${person('amira')}"`,
    );
    const outsider = await post('declan', url, { unitId: '', managerId: person('hannah') });
    expect(outsider.body).toContain('Select a line manager from the organisation');
    const foreignUnit = await post('declan', url, { unitId: await unitId(charity(), 'Outreach'), managerId: '' });
    expect(foreignUnit.statusCode).toBe(400);
    expect(foreignUnit.body).toContain('Select one of the organisation’s units');
    expect(await placementOf(council(), 'tom')).toMatchObject({ manager_id: null });

    const digital = await unitId(council(), 'Digital Services');
    const saved = await post('declan', url, { unitId: digital, managerId: person('declan'), org_id: charity() });
    expect(saved.statusCode).toBe(303);
    expect(await placementOf(council(), 'tom')).toEqual({ unit_id: digital, manager_id: person('declan') });
    expect(await placementOf(charity(), 'tom')).toBeUndefined();
    expect((await auditSummaries(council(), 'placement_changed')).at(-1)).toBe(
      'Placed Tom Haddley in “Digital Services”, line managed by Declan Ashworth.',
    );
  });

  it('are the admin’s own organisation’s only: other organisations’ people are not found', async () => {
    const hannah = person('hannah');
    expect((await get('declan', `/organisation/members/${hannah}`)).statusCode).toBe(404);
    expect((await post('declan', `/organisation/members/${hannah}/roles`, { roles: 'moderator' })).statusCode).toBe(
      404,
    );
    expect(
      (await post('declan', `/organisation/members/${hannah}/placement`, { unitId: '', managerId: '' })).statusCode,
    ).toBe(404);
    expect((await get('declan', `/organisation/members/${hannah}/remove`)).statusCode).toBe(404);
    expect((await post('declan', `/organisation/members/${hannah}/remove`)).statusCode).toBe(404);
    expect(await rolesOf(charity(), 'hannah')).toEqual(['member']);
    expect((await get('declan', '/organisation/members/not-an-id')).statusCode).toBe(404);
    // Nor can an admin remove themselves here (leaving has its own page).
    expect((await get('declan', `/organisation/members/${person('declan')}/remove`)).statusCode).toBe(404);
  });

  it('removes a member after confirmation, taking effect on their very next request', async () => {
    const councilStory = await db()
      .selectFrom('stories')
      .select('id')
      .where('org_id', '=', council())
      .where('visibility', '=', 'organisation')
      .executeTakeFirstOrThrow();
    const space = await db().selectFrom('spaces').select('id').executeTakeFirstOrThrow();
    // Gareth also sits in the partnership space by the council admin's choice, and has an API token.
    await db()
      .insertInto('space_members')
      .values({
        space_id: space.id,
        member_org_id: null,
        member_person_id: person('gareth'),
        via_org_id: council(),
        everyone: false,
      })
      .execute();
    const token = await accountsService(db()).createToken(people.gareth, 'northshire-county-council', 'reports');
    expect((await get('gareth', `/stories/${councilStory.id}`)).statusCode).toBe(200);
    const ownBefore = await db().selectFrom('stories').select('id').where('author_id', '=', person('gareth')).execute();
    await post('declan', `/organisation/members/${person('amira')}/placement`, {
      unitId: '',
      managerId: person('gareth'),
    });

    const confirm = await get('declan', `/organisation/members/${person('gareth')}/remove`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove Gareth Mbeki from the organisation?');
    const removed = await post('declan', `/organisation/members/${person('gareth')}/remove`);
    expect(removed.statusCode).toBe(303);

    expect(await rolesOf(council(), 'gareth')).toEqual([]);
    expect(await placementOf(council(), 'gareth')).toBeUndefined();
    expect(await placementOf(council(), 'amira')).toEqual({ unit_id: null, manager_id: null });
    expect(
      await db().selectFrom('space_members').select('id').where('member_person_id', '=', person('gareth')).execute(),
    ).toEqual([]);
    // The same session, still signed in, no longer reaches the council's records; the token is dead.
    const after = await get('gareth', `/stories/${councilStory.id}`);
    expect(after.statusCode).toBe(404);
    expect((await get('gareth', '/')).body).toContain('Signed in as Gareth Mbeki');
    const api = await t.app.inject({ url: '/api/v1/stories', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(401);
    // His own stories are still his.
    const own = await db().selectFrom('stories').select('id').where('author_id', '=', person('gareth')).execute();
    expect(own).toEqual(ownBefore);
    expect((await auditSummaries(council(), 'member_removed')).at(-1)).toBe(
      'Removed Gareth Mbeki from the organisation.',
    );
  });
});

describe('leaving an organisation', () => {
  it('asks first, then takes effect at once; the person’s records stay theirs', async () => {
    const confirm = await get('amira', `/account/organisations/${charity()}/leave`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Leave Kelbridge Wellbeing Network?');
    const left = await post('amira', `/account/organisations/${charity()}/leave`);
    expect(left.statusCode).toBe(303);
    expect(left.headers.location).toBe('/account/organisations?done=left');
    expect(await rolesOf(charity(), 'amira')).toEqual([]);
    expect(await rolesOf(council(), 'amira')).toEqual(['member']);
    const home = (await get('amira', '/')).body;
    expect(home).toContain('Working in Northshire County Council');
    expect(home).not.toContain('action="/account/organisation"');
    expect((await get('amira', '/organisation/members')).statusCode).toBe(404);
    expect((await auditSummaries(charity(), 'member_removed')).at(-1)).toBe('Amira Okafor left the organisation.');
  });

  it('is refused to the last organisation admin, and for organisations one is not in', async () => {
    const page = await get('olu', `/account/organisations/${charity()}/leave`);
    expect(page.body).toContain('You are the organisation’s only admin');
    expect(page.body).not.toContain('action="/account/organisations/');
    const refused = await post('olu', `/account/organisations/${charity()}/leave`);
    expect(refused.statusCode).toBe(400);
    expect(await rolesOf(charity(), 'olu')).toEqual(['member', 'org_admin']);
    expect((await get('hannah', `/account/organisations/${council()}/leave`)).statusCode).toBe(404);
    expect((await post('hannah', `/account/organisations/${council()}/leave`)).statusCode).toBe(404);
    expect((await get('hannah', '/account/organisations/nonsense/leave')).statusCode).toBe(404);
  });
});

describe('a line manager’s team', () => {
  it('lists the people they manage in their current organisation, for line managers only', async () => {
    await post('declan', `/organisation/members/${person('amira')}/placement`, {
      unitId: '',
      managerId: person('tom'),
    });
    const team = await get('tom', '/team');
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain('Amira Okafor');
    expect(team.body).not.toContain('Priya Lomax');
    expect((await get('amira', '/team')).statusCode).toBe(404);
    expect((await get('declan', '/team')).statusCode).toBe(404);
  });
});

describe('the audit log', () => {
  it('shows the organisation’s own events, newest first, in pages, to its admins only', async () => {
    const page = await get('declan', '/organisation/audit');
    expect(page.statusCode).toBe(200);
    const body = unescapeHtml(page.body);
    expect(body).toContain('Removed Gareth Mbeki from the organisation.');
    expect(body).not.toContain('Amira Okafor left the organisation.'); // the charity's event
    expect(body.indexOf('Placed Amira Okafor')).toBeLessThan(body.indexOf('Removed Gareth Mbeki'));
    await db()
      .insertInto('audit_events')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          org_id: council(),
          actor_id: null,
          action: 'sign_in',
          summary: `Old sign-in ${i}`,
        })),
      )
      .execute();
    expect((await get('declan', '/organisation/audit')).body).toContain('href="/organisation/audit?page=2"');
    expect((await get('declan', '/organisation/audit?page=2')).statusCode).toBe(200);
    for (const who of ['priya', 'tom', 'amira'] as const) {
      expect((await get(who, '/organisation/audit')).statusCode, who).toBe(404);
    }
  });
});

describe('platform admins', () => {
  it('list organisations; nobody else sees the page', async () => {
    const page = await get('morven', '/admin/organisations');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Open Door Kitchens');
    expect((await get('declan', '/admin/organisations')).statusCode).toBe(404);
    expect(
      (
        await post('declan', '/admin/organisations', {
          slug: 'x',
          name: 'X',
          sector: 'nhs',
          region: 'Y',
          adminName: 'Declan Ashworth',
          adminEmail: people.declan,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('keep what was typed when something is wrong', async () => {
    const bad = await post('morven', '/admin/organisations', {
      slug: 'Bad Slug',
      name: 'Moorside Hospice',
      sector: '',
      region: 'Yorkshire',
      adminName: '',
      adminEmail: 'nobody@example.org',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Use only lower case letters, numbers and single hyphens');
    expect(bad.body).toContain('Select the sector the organisation works in');
    expect(bad.body).toContain('Enter the first admin’s name');
    expect(keptValue(bad.body, 'name')).toBe('Moorside Hospice');
    const taken = await post('morven', '/admin/organisations', {
      slug: 'open-door-kitchens',
      name: 'Moorside Hospice',
      sector: 'voluntary',
      region: 'Yorkshire',
      adminName: 'Kit Marsden',
      adminEmail: people.kit,
    });
    expect(taken.body).toContain('Another organisation has this web address');
    expect(
      await db().selectFrom('organisations').select('id').where('name', '=', 'Moorside Hospice').execute(),
    ).toEqual([]);
  });

  it('create an organisation and invite its first admin, who joins by accepting, then switches to it and runs it', async () => {
    const created = await post('morven', '/admin/organisations', {
      slug: 'moorside-hospice',
      name: 'Moorside Hospice',
      sector: 'voluntary',
      region: 'Yorkshire',
      adminName: 'Kit Marsden',
      adminEmail: people.kit.toUpperCase(),
    });
    expect(created.statusCode).toBe(303);
    const org = await db()
      .selectFrom('organisations')
      .select(['id', 'sector'])
      .where('slug', '=', 'moorside-hospice')
      .executeTakeFirstOrThrow();
    expect(org.sector).toBe('voluntary');
    // Nobody is added without consent: Kit, who has an account, is invited and must accept, signed in.
    expect(await rolesOf(org.id, 'kit')).toEqual([]);
    expect(await rolesOf(org.id, 'morven')).toEqual([]);
    const message = await db()
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', people.kit.toUpperCase())
      .executeTakeFirstOrThrow();
    expect(message.subject).toBe('You are invited to join Moorside Hospice on Waymark');
    expect(message.body_text).toContain('with the role “Organisation admin”');
    const link = /https?:\/\/[^/\s]+(\/invitations\/[\w-]+)/.exec(message.body_text)?.[1] ?? '';
    // Until then Kit works in Kelbridge City Council only, with no admin role there.
    expect((await get('kit', '/organisation')).statusCode).toBe(404);
    expect((await post('kit', link)).statusCode).toBe(303);
    expect(await rolesOf(org.id, 'kit')).toEqual(['member', 'org_admin']);
    await post('kit', '/account/organisation', { orgId: org.id });
    const settings = await get('kit', '/organisation');
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('Moorside Hospice');
    expect(await auditSummaries(org.id, 'invitation_sent')).toHaveLength(1);
    expect(await auditSummaries(org.id, 'invitation_accepted')).toHaveLength(1);
  });
});
