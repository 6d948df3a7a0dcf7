// Joining an organisation always needs the person's consent. Another organisation's admin who names a member
// of ours in a staff list, an invitation or a space invitation learns nothing about their account, and adds
// nobody: the person joins only by accepting while signed in as themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { rolesIn } from '../support/database.ts';
import { confirmStaffList, demoSessions, postForm, uploadStaffList } from '../support/forms.ts';

let t: TestApp;
const people = {
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example', // the charity's admin: the attacker here
  tom: 'tom.haddley@northshire-county-council.example', // the council's line manager: an account elsewhere
  callum: 'callum.ridding@northshire-fire-rescue.example', // the fire service's member: disabled below
  declan: 'declan.ashworth@northshire-county-council.example', // the council's admin, who runs a space
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // the charity's member
  sunita: 'sunita.greaves@northshire-community-health.example', // the NHS trust's member: disabled below
};
const nobody = 'not.yet.on.waymark@example.org';
type Who = keyof typeof people;
const session = demoSessions(() => t);
const as = (who: Who) => session(people[who]);
const db = () => t.database.db;
let charity = '';
let tomId = '';

beforeAll(async () => {
  t = await createTestApp();
  charity = (
    await db()
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'kelbridge-wellbeing-network')
      .executeTakeFirstOrThrow()
  ).id;
  tomId = (await db().selectFrom('users').select('id').where('email', '=', people.tom).executeTakeFirstOrThrow()).id;
  // Sessions first: Callum's account is disabled next, and Olu must be signed in before anything else.
  await as('olu');
  await as('declan');
  await db()
    .updateTable('users')
    .set({ disabled_at: new Date() })
    .where('email', 'in', [people.callum, people.sunita])
    .execute();
});
afterAll(() => t.close());

const membershipsOf = (email: string, orgId: string) => rolesIn(db(), orgId, email);

/** The invitation link in the newest email to an address, as a path. */
async function invitationPath(to: string) {
  const message = await db()
    .selectFrom('email_outbox')
    .select('body_text')
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return message ? (/https?:\/\/[^/\s]+(\/invitations\/[\w-]+)/.exec(message.body_text)?.[1] ?? '') : '';
}

/** The text of the last cell of a preview row (what will happen to it), without markup. */
const whatHappens = (html: string, line: number) => {
  const row = new RegExp(`numeric"[^>]*>${line}</td>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1] ?? '');
  return (cells.at(-1) ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
};

describe('a staff import by another organisation’s admin', () => {
  const staffList = [
    'name,email,role',
    `Tom Haddley,${people.tom},org admin`, // 2: a member of the council
    `Callum Ridding,${people.callum},`, // 3: a disabled account
    `Not Yet,${nobody},`, // 4: no account at all
  ].join('\n');

  it('previews every address alike: each will be invited, whatever account it has elsewhere', async () => {
    const preview = await uploadStaffList(t.app, await as('olu'), { csv: staffList });
    expect(preview.statusCode).toBe(200);
    expect([2, 3, 4].map((line) => whatHappens(preview.body, line))).toEqual([
      'Will be invited',
      'Will be invited',
      'Will be invited',
    ]);
    expect(preview.body).not.toContain('disabled');
    expect(preview.body).not.toContain('existing account');
    expect(preview.body).toContain('3 people to invite by email');
  });

  it('adds nobody: the member of another organisation joins only by accepting, signed in as themselves', async () => {
    const olu = await as('olu');
    const preview = await uploadStaffList(t.app, olu, { csv: staffList });
    const done = await confirmStaffList(t.app, olu, preview.body);
    expect(done.statusCode).toBe(200);
    expect(await membershipsOf(people.tom, charity)).toEqual([]);
    expect(await membershipsOf(people.callum, charity)).toEqual([]);
    // The charity's admin cannot see Tom among its members, nor act on him as one.
    const members = await t.app.inject({ url: '/organisation/members', headers: { cookie: olu } });
    expect(members.body).not.toContain('Tom Haddley');
    expect((await t.app.inject({ url: `/organisation/members/${tomId}`, headers: { cookie: olu } })).statusCode).toBe(
      404,
    );

    // Tom is asked by email. The link alone, without his password, adds nothing.
    const path = await invitationPath(people.tom);
    expect(path).not.toBe('');
    const anonymous = await postForm(t.app, '', '/sign-in', path, {
      displayName: 'Tom',
      password: 'a takeover attempt 42',
    });
    expect(anonymous.statusCode).toBe(400);
    expect(await membershipsOf(people.tom, charity)).toEqual([]);

    // Signed in as himself, he chooses to join: only then is he a member, with the role the list gave.
    const tom = await as('tom');
    const joined = await postForm(t.app, tom, path, path, {});
    expect(joined.statusCode).toBe(303);
    expect(await membershipsOf(people.tom, charity)).toEqual(['member', 'org_admin']);
  });

  it('treats a single invitation to a disabled account like any other', async () => {
    const olu = await as('olu');
    const answers = [];
    for (const email of ['sunita.again@example.org', people.sunita.toUpperCase()]) {
      const response = await postForm(t.app, olu, '/organisation/invitations/new', '/organisation/invitations', {
        name: 'Someone',
        email,
        role: 'member',
      });
      answers.push([response.statusCode, response.headers.location]);
    }
    expect(answers).toEqual([
      [303, '/organisation/invitations?done=sent'],
      [303, '/organisation/invitations?done=sent'],
    ]);
    expect(await membershipsOf(people.sunita, charity)).toEqual([]);
  });
});

describe('a space’s invitation by name', () => {
  it('answers the same for an account elsewhere, a disabled account and no account, and shows only the address', async () => {
    const declan = await as('declan');
    const created = await postForm(t.app, declan, '/spaces/new', '/spaces/new', {
      name: 'Consent Circle',
      slug: 'consent-circle',
      description: 'A space for this test.',
    });
    expect(created.statusCode).toBe(303);
    const answers = [];
    for (const email of [people.hannah, people.callum, nobody]) {
      const response = await postForm(
        t.app,
        declan,
        '/spaces/consent-circle',
        '/spaces/consent-circle/invitations/person',
        { email },
      );
      answers.push([response.statusCode, response.headers.location]);
    }
    expect(answers).toEqual([
      [303, '/spaces/consent-circle?done=invited-person'],
      [303, '/spaces/consent-circle?done=invited-person'],
      [303, '/spaces/consent-circle?done=invited-person'],
    ]);
    const page = await t.app.inject({ url: '/spaces/consent-circle?done=invited-person', headers: { cookie: declan } });
    expect(page.body).toContain('The address will be invited.');
    for (const email of [people.hannah, people.callum, nobody]) expect(page.body).toContain(email);
    // The invited people's names (which only their accounts know) are not shown to the space's managers.
    expect(page.body).not.toContain('Hannah Birtwistle');
    expect(page.body).not.toContain('Callum Ridding');
    // Inviting an address twice is refused the same way, whoever it belongs to.
    for (const email of [people.hannah, nobody]) {
      const again = await postForm(
        t.app,
        declan,
        '/spaces/consent-circle',
        '/spaces/consent-circle/invitations/person',
        { email: email.toUpperCase() },
      );
      expect(again.statusCode).toBe(400);
      expect(again.body).toContain('That address has already been invited');
    }

    // Hannah, who has an account, is asked and can accept.
    expect((await t.app.inject({ url: '/spaces', headers: { cookie: await as('hannah') } })).body).toContain(
      'Consent Circle',
    );
  });

  it('waits for an address with no account, and asks the person once they join Waymark with it', async () => {
    // The charity's earlier invitation (from its staff list) is how this person joins Waymark.
    const path = await invitationPath(nobody);
    const joined = await postForm(t.app, '', path, path, {
      displayName: 'Not Yet',
      password: 'lantern meadow copper finch',
    });
    expect(joined.statusCode).toBe(303);
    const cookie = joined.cookies.find((c) => c.name === 'waymark');
    const spaces = await t.app.inject({ url: '/spaces', headers: { cookie: `waymark=${cookie?.value}` } });
    expect(spaces.body).toContain('Consent Circle');
    expect(spaces.body).toContain('/spaces/invitations/');
  });
});
