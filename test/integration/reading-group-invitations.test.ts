// Invitations to a reading group by email, through the real app: the facilitator invites an address, the email
// carries a link whose secret is stored only hashed, works once and for 14 days; someone the group's scope
// lets read it joins, anyone else is told plainly they cannot; a facilitator sees and withdraws invitations;
// sending is throttled; the person's export holds their invitations and erasure deletes those sent to them.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amira, declan, gareth, kit, priya, rosa, tom } from '../../src/demo/people.ts';
import { createServices } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const sessionOf = demoSessions(() => t);
let groupId = '';
const invitationsUrl = () => `/groups/${groupId}/invitations`;

const get = async (email: string | null, url: string) =>
  t.app.inject({ url, headers: email ? { cookie: await sessionOf(email) } : {} });

async function post(email: string, formUrl: string, action: string, fields: Record<string, string>) {
  return postForm(t.app, await sessionOf(email), formUrl, action, fields);
}

const invite = (address: string) => post(tom, invitationsUrl(), invitationsUrl(), { email: address });

/** The link in the newest invitation emailed to an address, as a path. */
async function linkSentTo(address: string) {
  const mail = await t.database.db
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', address)
    .where('subject', 'like', '%invited you to join%')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const link = /http:\/\/localhost(\/group-invitations\/[A-Za-z0-9_-]{43})/.exec(mail.body_text)?.[1];
  if (!link) throw new Error(`no link in ${mail.body_text}`);
  return { path: link, mail };
}

const memberState = async (email: string) =>
  (
    await t.database.db
      .selectFrom('group_members as m')
      .innerJoin('users as u', 'u.id', 'm.person_id')
      .select('m.state')
      .where('m.group_id', '=', groupId)
      .where('u.email', '=', email)
      .executeTakeFirst()
  )?.state;

beforeAll(async () => {
  t = await createTestApp({ services: { limits: { groupInvitations: { points: 6 } } } });
  const created = await post(tom, '/groups/new', '/groups/new', {
    name: 'Invited readers',
    about: 'A group people join by invitation or by asking.',
    visibility: 'organisation',
    joinRule: 'request',
  });
  groupId = /\/groups\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('inviting someone who may read the group', () => {
  it('emails a link that works once, keeping only its hash, and lets them join', async () => {
    const sent = await invite(gareth);
    expect(sent.headers.location).toBe(`${invitationsUrl()}?done=sent`);
    const { path, mail } = await linkSentTo(gareth);
    expect(mail.subject).toBe('Tom Haddley invited you to join Invited readers');
    const secret = path.split('/').at(-1) as string;
    const row = await t.database.db
      .selectFrom('group_invitations')
      .selectAll()
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
    // Fourteen days, to the millisecond.
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(14 * 24 * 3_600_000);

    // The facilitator sees it waiting; a member of the group does not reach the page.
    expect((await get(tom, invitationsUrl())).body).toContain(gareth);
    expect((await get(null, path)).headers.location).toBe(`/sign-in?returnTo=${encodeURIComponent(path)}`);

    const page = await get(gareth, path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You are invited to join Invited readers');
    const joined = await post(gareth, path, path, {});
    expect(joined.headers.location).toBe(`/groups/${groupId}?done=joined`);
    expect(await memberState(gareth)).toBe('member');
    expect((await get(gareth, invitationsUrl())).statusCode).toBe(404);
    expect((await post(gareth, `/groups/${groupId}`, invitationsUrl(), { email: rosa })).statusCode).toBe(404);

    // Used once: the link now says so, to anyone, and the invitation no longer waits.
    const again = await get(priya, path);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This invitation has already been used');
    expect((await get(tom, invitationsUrl())).body).not.toContain(gareth);
  });

  it('turns a request to join into membership, refuses a second invitation, and answers one to a member as any other', async () => {
    await post(amira, `/groups/${groupId}`, `/groups/${groupId}/join`, {});
    expect(await memberState(amira)).toBe('requested');
    await invite(amira);
    const { path } = await linkSentTo(amira);
    expect((await post(amira, path, path, {})).headers.location).toBe(`/groups/${groupId}?done=joined`);
    expect(await memberState(amira)).toBe('member');

    await invite(priya);
    const twice = await invite(priya);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('That address already has an invitation waiting');
    // The answer for a member's address is the one for anyone's, so it never tells whose address it is; the
    // link then tells the member they are in already.
    const member = await invite(gareth.toUpperCase());
    expect(member.statusCode).toBe(303);
    expect(member.headers.location).toBe(`${invitationsUrl()}?done=sent`);
    const link = await linkSentTo(gareth.toUpperCase());
    const opened = await get(gareth, link.path);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('You are already a member');
  });
});

describe('a link that cannot be used', () => {
  it('tells someone outside the group’s organisation plainly that they cannot join, without naming it', async () => {
    await invite(kit);
    const { path } = await linkSentTo(kit);
    const page = await get(kit, path);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('You cannot join this group with this account');
    expect(page.body).not.toContain('Invited readers');
    const refused = await post(kit, path, path, {});
    expect(refused.statusCode).toBe(404);
    expect(await memberState(kit)).toBeUndefined();
  });

  it('refuses someone signed in with another address, without naming the group, and keeps working for its owner', async () => {
    // Priya's invitation from the test above is still waiting; Gareth, already a member, opens her link.
    const { path } = await linkSentTo(priya);
    for (const caller of [gareth, amira]) {
      const page = await get(caller, path);
      expect(page.statusCode).toBe(404);
      expect(page.body).toContain('This invitation was sent to someone else');
      expect(page.body).not.toContain('Invited readers');
      expect((await post(caller, path, path, {})).statusCode).toBe(404);
    }
    const own = await get(priya, path);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('You are invited to join Invited readers');
  });

  it('stops working when withdrawn, and when 14 days have passed', async () => {
    await invite(rosa);
    const { path } = await linkSentTo(rosa);
    const id = (
      await t.database.db
        .selectFrom('group_invitations')
        .select('id')
        .where('email', '=', rosa)
        .executeTakeFirstOrThrow()
    ).id;
    const withdrawn = await post(tom, invitationsUrl(), `${invitationsUrl()}/${id}/withdraw`, {});
    expect(withdrawn.headers.location).toBe(`${invitationsUrl()}?done=withdrawn`);
    expect((await get(tom, invitationsUrl())).body).not.toContain(rosa);
    const page = await get(rosa, path);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This invitation was withdrawn');
    expect((await post(rosa, path, path, {})).statusCode).toBe(410);
    expect(await memberState(rosa)).toBeUndefined();
    // Withdrawing twice finds nothing to withdraw.
    expect((await post(tom, invitationsUrl(), `${invitationsUrl()}/${id}/withdraw`, {})).statusCode).toBe(404);

    const { path: priyaLink } = await linkSentTo(priya);
    await t.database.db
      .updateTable('group_invitations')
      .set({ created_at: new Date(Date.now() - 15 * 86_400_000), expires_at: new Date(Date.now() - 86_400_000) })
      .where('email', '=', priya)
      .execute();
    const expired = await get(priya, priyaLink);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This invitation has expired');
    expect((await post(priya, priyaLink, priyaLink, {})).statusCode).toBe(410);
    expect((await get(priya, '/group-invitations/not-a-real-secret')).statusCode).toBe(404);
  });
});

describe('limits, export and erasure', () => {
  it('limits how many invitations a person sends, saying the limit', async () => {
    // Sent so far: Gareth (twice), Amira, Priya, Kit, Rosa (the refused ones were given back).
    const refused = await invite(declan);
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Invitations to reading groups are limited to 6 a day for each person.');
    expect(
      await t.database.db.selectFrom('group_invitations').select('id').where('email', '=', declan).execute(),
    ).toEqual([]);
  });

  it('puts invitations in the export of the sender and of the person invited, never the secret', async () => {
    const exportOf = async (email: string) => (await post(email, '/account/export', '/account/export', {})).body;
    const toms = JSON.parse(await exportOf(tom)).sections.readingGroups.data.groupInvitations as {
      sentTo: string;
      sentByYou: boolean;
    }[];
    expect(toms.map((i) => i.sentTo.toLowerCase()).sort()).toEqual([amira, gareth, gareth, kit, priya, rosa].sort());
    expect(toms.every((i) => i.sentByYou)).toBe(true);
    const kits = JSON.parse(await exportOf(kit)).sections.readingGroups.data.groupInvitations;
    expect(kits).toEqual([expect.objectContaining({ group: 'Invited readers', sentTo: kit, sentByYou: false })]);
    expect(await exportOf(kit)).not.toMatch(/group-invitations\/|token_hash|[0-9a-f]{64}/);
  });

  it('deletes the invitations sent to an erased person’s address', async () => {
    const services = createServices(t.database.db, t.database.pool, undefined, undefined, {
      baseUrl: 'http://localhost',
    });
    const rosaId = (
      await t.database.db.selectFrom('users').select('id').where('email', '=', rosa).executeTakeFirstOrThrow()
    ).id;
    expect(await services.privacy.eraseAccount(rosaId, { email: rosa, stories: 'anonymise' })).toEqual({ ok: true });
    const left = await t.database.db.selectFrom('group_invitations').select('email').execute();
    expect(left.map((i) => i.email.toLowerCase()).sort()).toEqual([amira, gareth, gareth, kit, priya].sort());
  });
});
