// Running a space needs a current role in its host organisation. A creator who loses the role, or leaves the
// organisation, no longer runs the space (its management is a 404, as for anyone else), and the space stays with
// the host's admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  declan: 'declan.ashworth@northshire-county-council.example', // org admin, county council
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council
  amira: 'amira.okafor@northshire-county-council.example', // member, county council (and the charity, below)
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);
const db = () => t.database.db;
const ids: Record<string, string> = {};

const get = async (who: Who, url: string) => t.app.inject({ url, headers: { cookie: await as(who) } });
/** Posts as a browser would, taking the CSRF token from a page the person can open whatever their role. */
const post = async (who: Who, url: string, fields: Record<string, string> = {}) =>
  postForm(t.app, await as(who), '/spaces', url, fields);

const pendingInvitations = async (slug: string) =>
  (
    await db()
      .selectFrom('space_invitations')
      .innerJoin('spaces', 'spaces.id', 'space_invitations.space_id')
      .select(['space_invitations.id', 'space_invitations.invited_person_id'])
      .where('spaces.slug', '=', slug)
      .where('space_invitations.status', '=', 'pending')
      .execute()
  ).map((r) => ({ id: r.id, personId: r.invited_person_id }));

beforeAll(async () => {
  t = await createTestApp();
  for (const o of await db().selectFrom('organisations').select(['id', 'slug']).execute()) ids[o.slug] = o.id;
  for (const [who, email] of Object.entries(people)) {
    ids[who] = (await db().selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  }
  // Amira also works for the charity, so she keeps an organisation after leaving the council.
  await db()
    .insertInto('memberships')
    .values({ org_id: ids['kelbridge-wellbeing-network'] as string, user_id: ids.amira as string, role: 'member' })
    .execute();
});
afterAll(() => t.close());

async function createSpace(who: Who, name: string, slug: string) {
  const response = await postForm(t.app, await as(who), '/spaces/new', '/spaces/new', {
    name,
    slug,
    description: `${name}, for testing.`,
  });
  expect(response.statusCode).toBe(303);
}

describe('a creator who loses their role', () => {
  it('no longer runs the space; the host’s admins still do', async () => {
    await createSpace('rosa', 'Practice Circle', 'practice-circle');
    expect((await get('rosa', '/spaces/practice-circle')).body).toContain('Run this space');
    const invited = await post('rosa', '/spaces/practice-circle/invitations/person', { email: people.hannah });
    expect(invited.statusCode).toBe(303);
    const [invitation] = await pendingInvitations('practice-circle');
    expect(invitation?.personId).toBe(ids.hannah);

    // The council's admin takes Rosa's coordinator role away.
    const demoted = await postForm(
      t.app,
      await as('declan'),
      `/organisation/members/${ids.rosa}`,
      `/organisation/members/${ids.rosa}/roles`,
      {},
    );
    expect(demoted.statusCode).toBe(303);

    // Still in the space, as everyone in the council is, but no longer running it.
    const page = await get('rosa', '/spaces/practice-circle');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Run this space');
    expect(page.body).not.toContain(people.hannah);
    const attempts: [string, Record<string, string>][] = [
      ['/spaces/practice-circle/invitations/person', { email: 'someone.else@example.org' }],
      ['/spaces/practice-circle/invitations/organisation', { orgId: ids['kelbridge-wellbeing-network'] as string }],
      [`/spaces/practice-circle/invitations/${invitation?.id}/withdraw`, {}],
      [`/spaces/practice-circle/organisations/${ids['northshire-county-council']}/remove`, {}],
    ];
    for (const [url, fields] of attempts) expect((await post('rosa', url, fields)).statusCode, url).toBe(404);
    expect((await get('rosa', `/spaces/practice-circle/people/${ids.hannah}/remove`)).statusCode).toBe(404);
    expect(await pendingInvitations('practice-circle')).toEqual([{ id: invitation?.id, personId: ids.hannah }]);

    // The space falls to the council's admins.
    expect((await get('declan', '/spaces/practice-circle')).body).toContain('Run this space');
    const withdrawn = await post('declan', `/spaces/practice-circle/invitations/${invitation?.id}/withdraw`);
    expect(withdrawn.statusCode).toBe(303);
    expect(await pendingInvitations('practice-circle')).toEqual([]);
  });
});

describe('a creator who leaves the host organisation', () => {
  it('no longer runs the space, even while still in it by name', async () => {
    const promoted = await postForm(
      t.app,
      await as('declan'),
      `/organisation/members/${ids.amira}`,
      `/organisation/members/${ids.amira}/roles`,
      { roles: 'coordinator' },
    );
    expect(promoted.statusCode).toBe(303);
    const council = ids['northshire-county-council'] as string;
    await postForm(t.app, await as('amira'), '/account/organisations', '/account/organisation', { orgId: council });
    await createSpace('amira', 'Leavers Circle', 'leavers-circle');
    // Amira invites herself by name, so the space stays hers to reach whichever organisation she works for.
    expect((await post('amira', '/spaces/leavers-circle/invitations/person', { email: people.amira })).statusCode).toBe(
      303,
    );
    const [invitation] = await pendingInvitations('leavers-circle');
    expect((await post('amira', `/spaces/invitations/${invitation?.id}`, { decision: 'accept' })).statusCode).toBe(303);

    const leaveUrl = `/account/organisations/${council}/leave`;
    const left = await postForm(t.app, await as('amira'), leaveUrl, leaveUrl, {});
    expect(left.statusCode).toBe(303);

    const page = await get('amira', '/spaces/leavers-circle');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Run this space');
    const attempt = await post('amira', '/spaces/leavers-circle/invitations/person', {
      email: 'someone.else@example.org',
    });
    expect(attempt.statusCode).toBe(404);
    expect((await get('amira', `/spaces/leavers-circle/people/${ids.amira}/remove`)).statusCode).toBe(404);
    expect(await pendingInvitations('leavers-circle')).toEqual([]);

    // The council's admins run it now.
    expect((await get('declan', '/spaces/leavers-circle')).body).toContain('Run this space');
    expect(
      (await post('declan', '/spaces/leavers-circle/invitations/person', { email: people.hannah })).statusCode,
    ).toBe(303);
  });
});
