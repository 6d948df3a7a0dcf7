// "Your Waymark", the signed-in home: a person with a draft, a story waiting for consent, one waiting for a
// moderator, decisions, a comment and a reply from a colleague, invitations to a space and an organisation,
// and a pair exercise sees each item linking to the right page; a newcomer in her organisation (who may read
// her published story) sees none of them, and a visitor who is not signed in still gets the public home.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords.ts';
import { addMembership, insertPerson } from '../../src/accounts/repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm, signInCookie } from '../support/forms.ts';

let t: TestApp;
const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, county council: the person at home
  tom: 'tom.haddley@northshire-county-council.example', // line manager, county council: comments, pairs
  declan: 'declan.ashworth@northshire-county-council.example', // org admin, county council
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example', // org admin of the charity: invites Amira
};
/** Someone who joined the council today: nothing of theirs anywhere yet (the demo may grow around them). */
const newcomer = { email: 'nia.newcomer@northshire-county-council.example', password: 'a long newcomer passphrase' };
type Who = keyof typeof people;
const session = demoSessions(() => t);
const home = async (who: Who) =>
  (await t.app.inject({ url: '/', headers: { cookie: await session(people[who]) } })).body;
const db = () => t.database.db;
const idOf = async (who: Who) =>
  (await db().selectFrom('users').select('id').where('email', '=', people[who]).executeTakeFirstOrThrow()).id;

let n = 0;
/** A story by `who` in their organisation, straight into the database. */
async function story(who: Who, title: string, status: 'draft' | 'submitted' | 'published' | 'changes_requested') {
  n += 1;
  const authorId = await idOf(who);
  const { org_id } = await db()
    .selectFrom('memberships')
    .select('org_id')
    .where('user_id', '=', authorId)
    .executeTakeFirstOrThrow();
  const { id } = await db()
    .insertInto('stories')
    .values({
      org_id,
      slug: `home-${n}`,
      title,
      form: 'personal-narrative',
      body: 'What happened, and what I learned from it.',
      primary_characteristic: 'rooted',
      characteristics: ['rooted'],
      roles: [],
      place: '',
      author_id: authorId,
      visibility: 'organisation',
      space_id: null,
      status,
      submitted_at: status === 'draft' ? null : new Date(),
      published_at: status === 'published' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, orgId: org_id };
}

async function decide(
  storyRef: { id: string; orgId: string },
  action: 'published' | 'changes_requested',
  reason: string,
) {
  await db()
    .insertInto('moderation_events')
    .values({
      org_id: storyRef.orgId,
      target_type: 'story',
      target_id: storyRef.id,
      action,
      reason,
      actor_id: await idOf('gareth'),
    })
    .execute();
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const council = await db()
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  const niaId = await insertPerson(db(), {
    email: newcomer.email,
    displayName: 'Nia Newcomer',
    passwordHash: await hashPassword(newcomer.password),
  });
  await addMembership(db(), council.id, niaId, 'member');
  // Amira's stories: one to finish, one waiting for Jo Rivers' consent, one with the moderators, one
  // published and one sent back (each with the moderator's decision).
  ids.draft = (await story('amira', 'Home draft: the late bus', 'draft')).id;
  const consent = await story('amira', 'Home consent: Jo and the allotment', 'draft');
  ids.consent = consent.id;
  await db()
    .insertInto('story_people')
    .values({
      org_id: consent.orgId,
      story_id: consent.id,
      relation: 'named',
      name: 'Jo Rivers',
      email: 'jo.rivers@example.org',
      consent: 'pending',
    })
    .execute();
  ids.submitted = (await story('amira', 'Home submitted: a quiet handover', 'submitted')).id;
  const published = await story('amira', 'Home published: the ward walk', 'published');
  ids.published = published.id;
  await decide(published, 'published', '');
  const sentBack = await story('amira', 'Home sent back: the budget meeting', 'changes_requested');
  ids.sentBack = sentBack.id;
  await decide(sentBack, 'changes_requested', 'Please say who was in the room.');

  // Tom comments on Amira's published story; Amira comments on Tom's, and Tom replies to her.
  const tomsStory = await story('tom', 'Home: Tom’s story of the flood', 'published');
  const commented = await postForm(
    t.app,
    await session(people.tom),
    `/stories/${ids.published}`,
    `/stories/${ids.published}/comments`,
    { body: 'This made me rethink our **ward walks**.' },
  );
  expect(commented.statusCode).toBe(303);
  ids.comment = /#comment-(.+)$/.exec(commented.headers.location as string)?.[1] ?? '';
  const mine = await postForm(
    t.app,
    await session(people.amira),
    `/stories/${tomsStory.id}`,
    `/stories/${tomsStory.id}/comments`,
    { body: 'How did you keep the families informed?' },
  );
  const amirasComment = /#comment-(.+)$/.exec(mine.headers.location as string)?.[1] ?? '';
  const replied = await postForm(
    t.app,
    await session(people.tom),
    `/stories/${tomsStory.id}`,
    `/stories/${tomsStory.id}/comments`,
    { body: 'A text message every hour, from one named person.', parentId: amirasComment },
  );
  expect(replied.statusCode).toBe(303);
  ids.reply = /#comment-(.+)$/.exec(replied.headers.location as string)?.[1] ?? '';
  ids.tomsStory = tomsStory.id;

  // The charity's admin invites Amira to join; the council's space invites her by name.
  const invited = await postForm(
    t.app,
    await session(people.olu),
    '/organisation/invitations/new',
    '/organisation/invitations',
    { name: 'Amira Okafor', email: people.amira, role: 'member' },
  );
  expect(invited.statusCode).toBe(303);
  const space = await db()
    .selectFrom('spaces')
    .select('id')
    .where('slug', '=', 'northshire-wellbeing-partnership')
    .executeTakeFirstOrThrow();
  ids.spaceInvitation = (
    await db()
      .insertInto('space_invitations')
      .values({
        space_id: space.id,
        invited_person_id: await idOf('amira'),
        invited_by: await idOf('declan'),
        responded_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Tom starts a pair exercise with Amira, each at their own screen, telling his story first: her turn to ask.
  const started = await postForm(t.app, await session(people.tom), '/pair/new', '/pair/new', {
    partnerEmail: people.amira,
    mode: 'apart',
    first: 'me',
  });
  expect(started.statusCode).toBe(303);
  ids.pair = /^\/pair\/([^?]+)/.exec(started.headers.location as string)?.[1] ?? '';
});
afterAll(async () => {
  await t?.close();
});

/** The links on the page, as [href, text] with the text's spaces collapsed. */
function links(html: string): [string, string][] {
  return [...html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [
    (m[1] as string).replaceAll('&amp;', '&'),
    (m[2] as string)
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  ]);
}

/** The page's main content only (the header and footer carry links of their own). */
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('Your Waymark', () => {
  it('shows the person each thing that needs them or happened to their work, linking to its page', async () => {
    const page = main(await home('amira'));
    expect(page).toContain('<h1 class="govuk-heading-xl govuk-!-margin-bottom-4">Your Waymark</h1>');
    const found = links(page);
    // A hand-written table of what Amira should find: the link's address and its words.
    const expected: [string, string][] = [
      ['/stories/new', 'Write a story'],
      ['/pair/new', 'Start a pair exercise'],
      [`/stories/${ids.draft}/edit`, 'Home draft: the late bus'],
      [`/stories/${ids.sentBack}/edit`, 'Home sent back: the budget meeting'],
      [`/stories/${ids.consent}/edit`, 'Home consent: Jo and the allotment'],
      [`/stories/${ids.submitted}`, 'Home submitted: a quiet handover'],
      [`/stories/${ids.published}`, 'Home published: the ward walk'],
      [
        `/stories/${ids.published}#comment-${ids.comment}`,
        'Tom Haddley commented on your story “Home published: the ward walk”',
      ],
      [
        `/stories/${ids.tomsStory}#comment-${ids.reply}`,
        'Tom Haddley replied to your comment on “Home: Tom’s story of the flood”',
      ],
      [`/spaces/invitations/${ids.spaceInvitation}`, 'You are invited to the space “Northshire Wellbeing Partnership”'],
      [`/pair/${ids.pair}`, 'With Tom Haddley'],
      ['/account/stories', 'See all your stories'],
      ['/spaces', 'See your spaces and invitations'],
      ['/pair', 'See all your pair exercises'],
    ];
    for (const link of expected) expect(found, link.join(' ')).toContainEqual(link);
    // What each item says beside its link.
    expect(page).toContain('Waiting for Jo Rivers to answer your request for consent.');
    expect(page).toContain('Waiting for a moderator to read it.');
    expect(page).toContain('A moderator asked for changes.');
    expect(page).toContain('The moderator said: “Please say who was in the room.”');
    expect(page).toMatch(/govuk-tag--green">\s*Published\s*<\/strong>/);
    expect(page).toMatch(/govuk-tag--yellow">\s*Sent back for changes\s*<\/strong>/);
    expect(page).toContain('“This made me rethink our ward walks.”');
    expect(page).toContain('Kelbridge Wellbeing Network invited you to join, with the role “Member”');
    expect(page).toContain('Your turn to interview Tom Haddley.');
    // Her own comment is not news to her.
    expect(page).not.toContain('How did you keep the families informed?');
  });

  it('places each story in one section: drafts to finish, or waiting for someone else', async () => {
    const page = main(await home('amira'));
    const section = (id: string) =>
      page.slice(page.indexOf(`id="${id}"`), page.indexOf('</section>', page.indexOf(`id="${id}"`)));
    expect(section('to-finish')).toContain('Home draft: the late bus');
    expect(section('to-finish')).not.toContain('Home consent');
    expect(section('waiting')).toContain('Home consent: Jo and the allotment');
    expect(section('waiting')).toContain('Home submitted: a quiet handover');
    expect(section('waiting')).not.toContain('Home draft');
  });

  it('shows another person none of it, with each section’s empty state', async () => {
    const cookie = await signInCookie(t.app, newcomer);
    const page = main((await t.app.inject({ url: '/', headers: { cookie } })).body);
    expect(page).toContain('Your Waymark');
    for (const words of [
      'Home draft',
      'Home consent',
      'Home submitted',
      'Home published',
      'Home sent back',
      'Tom Haddley',
      'Northshire Wellbeing Partnership',
      'Kelbridge Wellbeing Network invited',
    ]) {
      expect(page).not.toContain(words);
    }
    for (const empty of [
      'You have no drafts to finish.',
      'Nothing is waiting.',
      'No decisions yet.',
      'No comments yet.',
      'No invitations are waiting for you.',
      'No pair exercises are under way.',
    ]) {
      expect(page).toContain(empty);
    }
  });

  it('shows Tom his side: the pair exercise where Amira interviews him, and nothing of Amira’s', async () => {
    const page = main(await home('tom'));
    expect(links(page)).toContainEqual([`/pair/${ids.pair}`, 'With Amira Okafor']);
    expect(page).toContain('Amira Okafor is interviewing you.');
    expect(page).toContain('Amira Okafor commented on your story “Home: Tom’s story of the flood”');
    expect(page).not.toContain('Home draft');
  });

  it('still gives a visitor who is not signed in the public home', async () => {
    const page = (await t.app.inject({ url: '/' })).body;
    expect(page).not.toContain('Your Waymark</h1>');
    expect(page).not.toContain('Drafts to finish');
  });
});
