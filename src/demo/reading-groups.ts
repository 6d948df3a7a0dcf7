// Two invented reading groups with sessions, written by us: the council's own lunchtime circle (open to
// join, a reading list, one session held with its notes and actions, one to come with an agenda and a
// waiting list), and a group for everyone signed in, run from the community health service, which people
// ask to join. Runs after the stories are written, so the reading list can name them.
import type { Db } from '../db/database.ts';
import { amira, callum, gareth, priya, rosa, sunita, tom } from './people.ts';

const day = 24 * 60 * 60 * 1000;
const hour = 60 * 60 * 1000;

/** Noon UTC on the day `days` from now: 12:00 or 1:00pm in London, whatever the season. */
const noonIn = (now: Date, days: number) => {
  const at = new Date(now.getTime() + days * day);
  at.setUTCHours(12, 0, 0, 0);
  return at;
};

export async function seedReadingGroupsDemo(
  db: Db,
  ids: { orgId: (slug: string) => string; personId: (email: string) => string | undefined },
  now: Date,
) {
  const person = (email: string) => {
    const id = ids.personId(email);
    if (!id) throw new Error(`Demo reading group names an unknown person: ${email}`);
    return id;
  };
  const council = ids.orgId('northshire-county-council');
  const health = ids.orgId('northshire-community-health');

  const circle = await db
    .insertInto('reading_groups')
    .values({
      org_id: council,
      created_by: person(amira),
      name: 'Northshire story circle',
      about:
        'Once a month over lunch we read one story from the library together and talk about what it says about our own work. Bring your lunch; no preparation needed.',
      visibility: 'organisation',
      space_id: null,
      join_rule: 'open',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('group_members')
    .values([
      { org_id: council, group_id: circle.id, person_id: person(amira), role: 'facilitator' },
      ...[tom, priya, gareth, rosa].map((email) => ({
        org_id: council,
        group_id: circle.id,
        person_id: person(email),
      })),
    ])
    .execute();

  // The circle's reading list: two of the demo's stories, with why.
  const listed: [string, string][] = [
    [
      'the-library-that-stayed-open',
      'Our first read: a service that stayed because people who knew the place spoke up.',
    ],
    ['mapping-the-estate-together', 'One of ours. Notice who drew the map.'],
  ];
  for (const [position, [slug, note]] of listed.entries()) {
    const story = await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await db
      .insertInto('reading_list_items')
      .values({
        org_id: council,
        group_id: circle.id,
        position: position + 1,
        target_type: 'story',
        target_id: story.id,
        note,
        added_by: person(amira),
      })
      .execute();
  }

  const held = noonIn(now, -21);
  const heldSession = await db
    .insertInto('group_sessions')
    .values({
      org_id: council,
      group_id: circle.id,
      title: 'Rooted in place',
      starts_at: held,
      ends_at: new Date(held.getTime() + hour),
      place: 'Meeting room 2, County Hall',
      capacity: 12,
      cancelled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('session_rsvps')
    .values(
      [amira, tom, priya, gareth].map((email) => ({
        org_id: council,
        session_id: heldSession.id,
        person_id: person(email),
        answer: 'yes' as const,
        waiting_since: null,
        answered_at: new Date(held.getTime() - 7 * day),
      })),
    )
    .execute();
  await db
    .insertInto('agenda_items')
    .values(
      ['individuals-place', 'organisations-citizens'].map((key, i) => ({
        org_id: council,
        session_id: heldSession.id,
        position: i + 1,
        question_key: key,
        question_id: null,
      })),
    )
    .execute();
  await db
    .insertInto('session_notes')
    .values({
      org_id: council,
      session_id: heldSession.id,
      body: 'Everyone named a local group their work leans on that is in no job description: the allotment society, the mosque’s food bank, the bowls club.\nWe want a shared list of them, kept by us, not by a consultant.',
      updated_by: person(amira),
      updated_at: new Date(held.getTime() + hour),
    })
    .execute();
  await db
    .insertInto('group_actions')
    .values({
      org_id: council,
      session_id: heldSession.id,
      owner_id: person(tom),
      text: 'Start the shared list of local groups our teams rely on',
      due_on: noonIn(now, 10).toISOString().slice(0, 10),
      created_by: person(amira),
      done_at: null,
    })
    .execute();

  const next = noonIn(now, 14);
  const nextSession = await db
    .insertInto('group_sessions')
    .values({
      org_id: council,
      group_id: circle.id,
      title: 'Careers across sectors',
      starts_at: next,
      ends_at: new Date(next.getTime() + hour),
      place: 'Meeting room 2, County Hall',
      online_link: 'https://meet.example/northshire-story-circle',
      capacity: 3,
      cancelled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('session_rsvps')
    .values([
      ...[amira, priya, gareth].map((email) => ({
        org_id: council,
        session_id: nextSession.id,
        person_id: person(email),
        answer: 'yes' as const,
        waiting_since: null,
        answered_at: new Date(now.getTime() - 2 * day),
      })),
      {
        org_id: council,
        session_id: nextSession.id,
        person_id: person(rosa),
        answer: 'yes' as const,
        waiting_since: new Date(now.getTime() - day),
        answered_at: new Date(now.getTime() - day),
      },
    ])
    .execute();
  await db
    .insertInto('agenda_items')
    .values(
      ['individuals-career', 'hr-od-movement', 'organisations-learning'].map((key, i) => ({
        org_id: council,
        session_id: nextSession.id,
        position: i + 1,
        question_key: key,
        question_id: null,
      })),
    )
    .execute();

  const practitioners = await db
    .insertInto('reading_groups')
    .values({
      org_id: health,
      created_by: person(sunita),
      name: 'Frontline practice, read together',
      about:
        'For people in any organisation who work where services meet: health, fire, councils, charities. We read one story and one piece of research each time. Ask to join and Sunita will say hello.',
      visibility: 'signed_in',
      space_id: null,
      join_rule: 'request',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('group_members')
    .values([
      { org_id: health, group_id: practitioners.id, person_id: person(sunita), role: 'facilitator' },
      { org_id: health, group_id: practitioners.id, person_id: person(callum) },
    ])
    .execute();
  const online = noonIn(now, 30);
  await db
    .insertInto('group_sessions')
    .values({
      org_id: health,
      group_id: practitioners.id,
      title: 'Emotional labour at the front door',
      starts_at: online,
      ends_at: new Date(online.getTime() + 90 * 60 * 1000),
      online_link: 'https://meet.example/frontline-practice',
      capacity: null,
      cancelled_at: null,
    })
    .execute();
}
