// Spaces across organisations: creating one, inviting organisations and named people, answering, removing
// and leaving. Whoever is outside a space (or runs a different one) gets a 404, and every change applies
// on the very next request: pages, the stories list and API, and single story pages alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  declan: 'declan.ashworth@northshire-county-council.example', // org admin, county council
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example', // org admin, charity
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
  kit: 'kit.marsden@kelbridge-city-council.example', // member, city council
  sunita: 'sunita.greaves@northshire-community-health.example', // member, NHS trust
  callum: 'callum.ridding@northshire-fire-rescue.example', // member, fire service
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);
const ids = new Map<string, string>();

const get = async (who: Who, url: string) => t.app.inject({ url, headers: { cookie: await as(who) } });
const post = async (who: Who, url: string, fields: Record<string, string> | URLSearchParams = {}) =>
  postForm(t.app, await as(who), '/spaces', url, fields);

const orgId = (slug: string) => ids.get(`org:${slug}`) as string;
const personId = (who: Who) => ids.get(`person:${who}`) as string;

async function spaceId(slug: string) {
  return (await t.database.db.selectFrom('spaces').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

async function pendingInvitation(slug: string, invitee: { org?: string; person?: Who }) {
  let query = t.database.db
    .selectFrom('space_invitations')
    .select('id')
    .where('space_id', '=', await spaceId(slug))
    .where('status', '=', 'pending');
  query = invitee.org
    ? query.where('invited_org_id', '=', orgId(invitee.org))
    : query.where('invited_person_id', '=', personId(invitee.person as Who));
  return (await query.executeTakeFirstOrThrow()).id;
}

/** A published story shared into a space, as story writing will make one. */
async function shareStory(slug: string, author: Who, org: string, title: string) {
  const row = await t.database.db
    .insertInto('stories')
    .values({
      org_id: orgId(org),
      slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title,
      form: 'personal-narrative',
      body: `${title}: what we learned working together.`,
      primary_characteristic: 'leadership',
      characteristics: ['leadership'],
      roles: [],
      place: 'Northshire',
      author_id: personId(author),
      visibility: 'space',
      space_id: await spaceId(slug),
      status: 'published',
      published_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function createSpace(who: Who, name: string, extra: Record<string, string> = {}) {
  const response = await post(who, '/spaces/new', { name, slug: '', description: `${name}, for testing.`, ...extra });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  return String(response.headers.location).replace(/^\/spaces\/([^?]+).*$/, '$1');
}

const auditSummaries = async (org: string) =>
  (
    await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('org_id', '=', orgId(org))
      .where('action', '=', 'space_changed')
      .execute()
  ).map((r) => r.summary);

beforeAll(async () => {
  t = await createTestApp();
  for (const org of await t.database.db.selectFrom('organisations').select(['id', 'slug']).execute()) {
    ids.set(`org:${org.slug}`, org.id);
  }
  for (const [who, email] of Object.entries(people)) {
    const row = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    ids.set(`person:${who}`, row.id);
  }
});
afterAll(() => t.close());

describe('the list of spaces', () => {
  it('asks an anonymous visitor to sign in', async () => {
    const response = await t.app.inject('/spaces');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in?returnTo=%2Fspaces');
  });

  it('shows the spaces a person reaches through their organisation', async () => {
    const response = await get('amira', '/spaces');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Northshire Wellbeing Partnership');
    expect(response.body).not.toContain('Create a space');
  });

  it('has an empty state for someone in no space', async () => {
    const response = await get('kit', '/spaces');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('You are not in any space yet');
  });
});

describe('creating a space', () => {
  it('is only for organisation admins and coordinators', async () => {
    expect((await get('amira', '/spaces/new')).statusCode).toBe(404);
    expect((await post('amira', '/spaces/new', { name: 'Sneaky space' })).statusCode).toBe(404);
    expect((await get('rosa', '/spaces/new')).statusCode).toBe(200);
    expect((await get('declan', '/spaces/new')).statusCode).toBe(200);
  });

  it('makes the current organisation the host, with everyone, whatever the form says', async () => {
    const slug = await createSpace('declan', 'Northshire Leadership Exchange', {
      host_org_id: orgId('kelbridge-wellbeing-network'),
      hostOrgId: orgId('kelbridge-wellbeing-network'),
      created_by: personId('hannah'),
      createdBy: personId('hannah'),
      everyone: 'false',
    });
    expect(slug).toBe('northshire-leadership-exchange');
    const space = await t.database.db
      .selectFrom('spaces')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    expect(space.host_org_id).toBe(orgId('northshire-county-council'));
    expect(space.created_by).toBe(personId('declan'));
    const members = await t.database.db
      .selectFrom('space_members')
      .selectAll()
      .where('space_id', '=', space.id)
      .execute();
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({ member_org_id: orgId('northshire-county-council'), everyone: true });
    // Everyone in the council reaches it at once; the charity does not.
    const page = await get('amira', `/spaces/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Northshire Leadership Exchange');
    expect(page.body).toContain('No stories have been shared into this space yet');
    expect((await get('hannah', `/spaces/${slug}`)).statusCode).toBe(404);
    expect(await auditSummaries('northshire-county-council')).toContainEqual(
      expect.stringContaining('Created the space “Northshire Leadership Exchange”'),
    );
  });

  it('keeps what was typed and explains the problem', async () => {
    const empty = await post('declan', '/spaces/new', { name: '', slug: 'Bad Slug!', description: 'Kept text' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a name for the space');
    expect(empty.body).toContain('Use only lower case letters, numbers and single hyphens');
    expect(empty.body).toContain('Kept text');
    const taken = await post('rosa', '/spaces/new', { name: 'Northshire Leadership Exchange', slug: '' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Another space already uses that web address');
    expect(taken.body).toContain('value="northshire-leadership-exchange"');
    const reserved = await post('rosa', '/spaces/new', { name: 'New', slug: 'new' });
    expect(reserved.statusCode).toBe(400);
  });

  it('lets a coordinator choose the web address', async () => {
    const slug = await createSpace('rosa', 'Graduate scheme 2026', { slug: 'graduates-2026' });
    expect(slug).toBe('graduates-2026');
    expect((await get('rosa', '/spaces/graduates-2026')).body).toContain('Invite an organisation');
  });
});

describe('who sees a space and who runs it', () => {
  it('is a 404 for people outside it and for unknown spaces', async () => {
    expect((await get('kit', '/spaces/northshire-wellbeing-partnership')).statusCode).toBe(404);
    expect((await get('kit', '/spaces/no-such-space')).statusCode).toBe(404);
    expect((await get('hannah', '/spaces/northshire-wellbeing-partnership')).statusCode).toBe(200);
  });

  it('shows management only to the host’s admins and coordinators', async () => {
    const member = await get('amira', '/spaces/northshire-leadership-exchange');
    expect(member.body).not.toContain('Invite an organisation');
    expect(member.body).not.toContain('/remove');
    const admin = await get('declan', '/spaces/northshire-leadership-exchange');
    expect(admin.body).toContain('Invite an organisation');
    expect(admin.body).toContain('Invite a person by name');
  });

  it('refuses members who do not run the space, and managers of other spaces, with a 404', async () => {
    // The charity's admin runs a space of their own, not the council's.
    const charitySpace = await createSpace('olu', 'Kelbridge Carers Circle');
    const attempts: [Who, string, Record<string, string>][] = [
      [
        'amira',
        '/spaces/northshire-leadership-exchange/invitations/organisation',
        { orgId: orgId('open-door-kitchens') },
      ],
      ['amira', '/spaces/northshire-leadership-exchange/invitations/person', { email: people.kit }],
      ['declan', `/spaces/${charitySpace}/invitations/organisation`, { orgId: orgId('northshire-county-council') }],
      ['declan', `/spaces/${charitySpace}/invitations/person`, { email: people.amira }],
      ['declan', `/spaces/${charitySpace}/organisations/${orgId('kelbridge-wellbeing-network')}/remove`, {}],
      ['olu', `/spaces/northshire-leadership-exchange/people/${personId('declan')}/remove`, {}],
    ];
    for (const [who, url, fields] of attempts) {
      expect((await post(who, url, fields)).statusCode, `${who} ${url}`).toBe(404);
    }
    expect((await get('declan', `/spaces/${charitySpace}`)).statusCode).toBe(404);
    expect(
      (await get('declan', `/spaces/${charitySpace}/organisations/${orgId('kelbridge-wellbeing-network')}/remove`))
        .statusCode,
    ).toBe(404);
    const invitations = await t.database.db.selectFrom('space_invitations').select('id').execute();
    expect(invitations).toHaveLength(0);
  });
});

describe('inviting an organisation', () => {
  it('sends the invitation to its admins, who see it on their spaces page', async () => {
    const response = await post('declan', '/spaces/northshire-leadership-exchange/invitations/organisation', {
      orgId: orgId('kelbridge-wellbeing-network'),
    });
    expect(response.statusCode).toBe(303);
    const mail = await t.database.db
      .selectFrom('email_outbox')
      .select(['subject', 'body_text'])
      .where('to_address', '=', people.olu)
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain('Northshire Leadership Exchange');
    const id = await pendingInvitation('northshire-leadership-exchange', { org: 'kelbridge-wellbeing-network' });
    expect(mail.body_text).toContain(`/spaces/invitations/${id}`);
    expect((await get('olu', '/spaces')).body).toContain(`/spaces/invitations/${id}`);
    // Members of the charity who are not its admin cannot answer for it.
    expect((await get('hannah', '/spaces')).body).not.toContain(`/spaces/invitations/${id}`);
    expect((await get('hannah', `/spaces/invitations/${id}`)).statusCode).toBe(404);
    expect(
      (await post('hannah', `/spaces/invitations/${id}`, { decision: 'accept', everyone: 'everyone' })).statusCode,
    ).toBe(404);
    // It is listed for the host as waiting, and cannot be sent twice.
    expect((await get('declan', '/spaces/northshire-leadership-exchange')).body).toContain('Withdraw');
    const twice = await post('declan', '/spaces/northshire-leadership-exchange/invitations/organisation', {
      orgId: orgId('kelbridge-wellbeing-network'),
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('Kelbridge Wellbeing Network has already been invited');
    expect(await auditSummaries('kelbridge-wellbeing-network')).toContainEqual(
      expect.stringContaining('invited this organisation to the space “Northshire Leadership Exchange”'),
    );
  });

  it('asks the admin to choose at least one person when not everyone joins', async () => {
    const id = await pendingInvitation('northshire-leadership-exchange', { org: 'kelbridge-wellbeing-network' });
    const page = await get('olu', `/spaces/invitations/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Everyone in Kelbridge Wellbeing Network');
    expect(page.body).toContain('Hannah Birtwistle');
    const none = await post('olu', `/spaces/invitations/${id}`, { decision: 'accept', everyone: 'chosen' });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select at least one person, or select everyone');
    const unanswered = await post('olu', `/spaces/invitations/${id}`, { decision: 'accept' });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.body).toContain('Select who from your organisation joins');
  });

  it('brings only the chosen members; others in that organisation, and ids from elsewhere, do not reach it', async () => {
    const id = await pendingInvitation('northshire-leadership-exchange', { org: 'kelbridge-wellbeing-network' });
    const fields = new URLSearchParams({ decision: 'accept', everyone: 'chosen' });
    fields.append('members', personId('olu'));
    fields.append('members', personId('kit')); // not in the charity: ignored
    const response = await post('olu', `/spaces/invitations/${id}`, fields);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/spaces/northshire-leadership-exchange?done=accepted');
    expect((await get('olu', '/spaces/northshire-leadership-exchange')).statusCode).toBe(200);
    expect((await get('hannah', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
    expect((await get('kit', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
    const page = (await get('declan', '/spaces/northshire-leadership-exchange')).body;
    expect(page).toContain('People it chose');
    expect(page).toContain('Chosen by Kelbridge Wellbeing Network');
    // A shared story reaches the chosen admin, not their colleague.
    const story = await shareStory(
      'northshire-leadership-exchange',
      'amira',
      'northshire-county-council',
      'Exchange notes',
    );
    expect((await get('olu', `/stories/${story}`)).statusCode).toBe(200);
    expect((await get('hannah', `/stories/${story}`)).statusCode).toBe(404);
    expect((await get('olu', '/spaces/northshire-leadership-exchange')).body).toContain('Exchange notes');
    // Answered invitations cannot be answered again.
    expect((await get('olu', `/spaces/invitations/${id}`)).statusCode).toBe(404);
    expect(await auditSummaries('northshire-county-council')).toContainEqual(
      expect.stringContaining(
        'Kelbridge Wellbeing Network accepted the invitation to the space “Northshire Leadership Exchange” for 1 chosen person',
      ),
    );
  });

  it('can be withdrawn before it is answered', async () => {
    await post('declan', '/spaces/northshire-leadership-exchange/invitations/organisation', {
      orgId: orgId('northshire-fire-rescue'),
    });
    const id = await pendingInvitation('northshire-leadership-exchange', { org: 'northshire-fire-rescue' });
    expect((await post('amira', `/spaces/northshire-leadership-exchange/invitations/${id}/withdraw`)).statusCode).toBe(
      404,
    );
    const response = await post('declan', `/spaces/northshire-leadership-exchange/invitations/${id}/withdraw`);
    expect(response.statusCode).toBe(303);
    const row = await t.database.db
      .selectFrom('space_invitations')
      .select(['status', 'responded_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('withdrawn');
    expect(row.responded_at).not.toBeNull();
  });
});

describe('inviting a person by name', () => {
  it('keeps an address with no account waiting, emailing nobody and revealing nothing', async () => {
    const before = await t.database.db.selectFrom('email_outbox').select('id').execute();
    const response = await post('declan', '/spaces/northshire-leadership-exchange/invitations/person', {
      email: 'nobody.here@example.org',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/spaces/northshire-leadership-exchange?done=invited-person');
    expect(await t.database.db.selectFrom('email_outbox').select('id').execute()).toHaveLength(before.length);
    const page = await get('declan', '/spaces/northshire-leadership-exchange');
    expect(page.body).toContain('nobody.here@example.org');
  });

  it('lets the person accept, and they reach the space and its stories', async () => {
    const sent = await post('declan', '/spaces/northshire-leadership-exchange/invitations/person', {
      email: people.sunita.toUpperCase(),
    });
    expect(sent.statusCode).toBe(303);
    const id = await pendingInvitation('northshire-leadership-exchange', { person: 'sunita' });
    // Only the person invited may answer.
    expect((await get('hannah', `/spaces/invitations/${id}`)).statusCode).toBe(404);
    expect((await get('sunita', '/spaces')).body).toContain(`/spaces/invitations/${id}`);
    expect((await get('sunita', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
    const accepted = await post('sunita', `/spaces/invitations/${id}`, { decision: 'accept' });
    expect(accepted.statusCode).toBe(303);
    const page = await get('sunita', '/spaces/northshire-leadership-exchange');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Exchange notes');
    expect(page.body).toContain('Invited by name');
  });

  it('sends nothing to someone already in the space by name, with the same answer as for anyone', async () => {
    // Sunita accepted above; inviting her again would only email a link that does nothing.
    const outbox = async () => (await t.database.db.selectFrom('email_outbox').select('id').execute()).length;
    const before = await outbox();
    const again = await post('declan', '/spaces/northshire-leadership-exchange/invitations/person', {
      email: people.sunita,
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/spaces/northshire-leadership-exchange?done=invited-person');
    expect(await outbox()).toBe(before);
    const waiting = await t.database.db
      .selectFrom('space_invitations')
      .select('id')
      .where('invited_email', '=', people.sunita)
      .where('status', '=', 'pending')
      .execute();
    expect(waiting).toEqual([]);
  });

  it('lets the person decline', async () => {
    await post('declan', '/spaces/northshire-leadership-exchange/invitations/person', { email: people.callum });
    const id = await pendingInvitation('northshire-leadership-exchange', { person: 'callum' });
    const declined = await post('callum', `/spaces/invitations/${id}`, { decision: 'decline' });
    expect(declined.statusCode).toBe(303);
    expect(declined.headers.location).toBe('/spaces?done=declined');
    expect((await get('callum', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
  });
});

describe('leaving', () => {
  it('a person who leaves loses the space and its stories on their next request', async () => {
    const story = await shareStory(
      'northshire-leadership-exchange',
      'declan',
      'northshire-county-council',
      'Second note',
    );
    const listed = async () =>
      ((await get('sunita', '/api/v1/stories?pageSize=100')).json() as { items: { id: string }[] }).items.map(
        (s) => s.id,
      );
    expect(await listed()).toContain(story);
    expect((await get('sunita', `/stories/${story}`)).statusCode).toBe(200);
    expect((await get('sunita', `/api/v1/stories/${story}`)).statusCode).toBe(200);
    expect((await get('sunita', '/spaces/northshire-leadership-exchange/leave')).body).toContain('Leave the space');

    const left = await post('sunita', '/spaces/northshire-leadership-exchange/leave', { as: 'person' });
    expect(left.statusCode).toBe(303);
    expect((await get('sunita', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
    expect((await get('sunita', `/stories/${story}`)).statusCode).toBe(404);
    expect((await get('sunita', `/api/v1/stories/${story}`)).statusCode).toBe(404);
    expect(await listed()).not.toContain(story);
    expect((await get('sunita', '/stories?pageSize=100')).body).not.toContain('Second note');
    expect(((await get('sunita', '/api/v1/spaces')).json() as { items: unknown[] }).items).toEqual([]);
  });

  it('the host organisation cannot leave its own space', async () => {
    const page = await get('declan', '/spaces/northshire-leadership-exchange/leave');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('hosts this space, so it cannot leave it');
    expect(
      (await post('declan', '/spaces/northshire-leadership-exchange/leave', { as: 'organisation' })).statusCode,
    ).toBe(404);
    expect((await get('amira', '/spaces/northshire-leadership-exchange')).statusCode).toBe(200);
  });

  it('an organisation admin takes their organisation out, with everyone in it, at once', async () => {
    expect((await get('hannah', '/spaces/northshire-wellbeing-partnership')).statusCode).toBe(200);
    // A member who is there through their organisation has nothing of their own to leave.
    expect((await post('hannah', '/spaces/northshire-wellbeing-partnership/leave', { as: 'person' })).statusCode).toBe(
      404,
    );
    const confirm = await get('olu', '/spaces/northshire-wellbeing-partnership/leave');
    expect(confirm.body).toContain('Take Kelbridge Wellbeing Network out of the space');
    const out = await post('olu', '/spaces/northshire-wellbeing-partnership/leave', { as: 'organisation' });
    expect(out.statusCode).toBe(303);
    expect((await get('hannah', '/spaces/northshire-wellbeing-partnership')).statusCode).toBe(404);
    expect((await get('olu', '/spaces/northshire-wellbeing-partnership')).statusCode).toBe(404);
    expect(await auditSummaries('northshire-county-council')).toContainEqual(
      'Kelbridge Wellbeing Network left the space “Northshire Wellbeing Partnership”.',
    );
  });
});

describe('removing', () => {
  it('asks for confirmation, then removes an organisation and the people it chose at once', async () => {
    const confirm = await get(
      'declan',
      `/spaces/northshire-leadership-exchange/organisations/${orgId('kelbridge-wellbeing-network')}/remove`,
    );
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Remove Kelbridge Wellbeing Network from this space?');
    // The host itself cannot be removed.
    expect(
      (
        await get(
          'declan',
          `/spaces/northshire-leadership-exchange/organisations/${orgId('northshire-county-council')}/remove`,
        )
      ).statusCode,
    ).toBe(404);
    const removed = await post(
      'declan',
      `/spaces/northshire-leadership-exchange/organisations/${orgId('kelbridge-wellbeing-network')}/remove`,
    );
    expect(removed.statusCode).toBe(303);
    expect((await get('olu', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
    const chosen = await t.database.db
      .selectFrom('space_members')
      .select('id')
      .where('space_id', '=', await spaceId('northshire-leadership-exchange'))
      .where('via_org_id', '=', orgId('kelbridge-wellbeing-network'))
      .execute();
    expect(chosen).toHaveLength(0);
    expect(await auditSummaries('kelbridge-wellbeing-network')).toContainEqual(
      'Northshire County Council removed this organisation from the space “Northshire Leadership Exchange”.',
    );
  });

  it('removes a person invited by name', async () => {
    await post('declan', '/spaces/northshire-leadership-exchange/invitations/person', { email: people.kit });
    const id = await pendingInvitation('northshire-leadership-exchange', { person: 'kit' });
    await post('kit', `/spaces/invitations/${id}`, { decision: 'accept' });
    expect((await get('kit', '/spaces/northshire-leadership-exchange')).statusCode).toBe(200);
    const url = `/spaces/northshire-leadership-exchange/people/${personId('kit')}/remove`;
    expect((await get('declan', url)).body).toContain('Remove Kit Marsden from this space?');
    expect((await post('declan', url)).statusCode).toBe(303);
    expect((await get('kit', '/spaces/northshire-leadership-exchange')).statusCode).toBe(404);
  });
});

describe('the spaces API', () => {
  it('lists the spaces the caller reaches', async () => {
    const response = await get('amira', '/api/v1/spaces');
    expect(response.statusCode).toBe(200);
    const slugs = (response.json() as { items: { slug: string }[] }).items.map((s) => s.slug);
    expect(slugs).toEqual(
      expect.arrayContaining(['northshire-wellbeing-partnership', 'northshire-leadership-exchange', 'graduates-2026']),
    );
    expect(slugs).not.toContain('kelbridge-carers-circle');
    expect((await t.app.inject('/api/v1/spaces')).statusCode).toBe(401);
  });

  it('answers an API token for the organisation it acts for, and is in the OpenAPI document', async () => {
    const token = await accountsService(t.database.db).createToken(
      people.hannah,
      'kelbridge-wellbeing-network',
      'test',
    );
    const response = await t.app.inject({ url: '/api/v1/spaces', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    // The charity took itself out of the demo partnership above, and was removed from the exchange.
    const items = (response.json() as { items: { slug: string; host: { slug: string } }[] }).items;
    expect(items.map((s) => s.slug)).toEqual(['kelbridge-carers-circle']);
    expect(items[0]?.host.slug).toBe('kelbridge-wellbeing-network');
    const openapi = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/api/v1/spaces');
  });
});

describe('forms without a CSRF token', () => {
  it('are refused and change nothing', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/spaces/new',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: await as('declan') },
      payload: new URLSearchParams({ name: 'Forged space' }).toString(),
    });
    expect(response.statusCode).toBe(403);
    const forged = await t.database.db.selectFrom('spaces').select('id').where('name', '=', 'Forged space').execute();
    expect(forged).toHaveLength(0);
  });
});
