// Demo content for moderation: a platform moderator, and stories waiting in the queue so a fresh install
// shows moderators something to decide on. Invented and written by the Waymark project.
import type { Db } from '../db/database.ts';

export const demoPlatformModerator = 'morven.quayle@northshire-county-council.example';

/** Stories submitted for review: one for the council's moderators, one public one for platform moderators. */
export const demoSubmittedStories = [
  {
    slug: 'the-rota-nobody-wanted',
    title: 'The rota nobody wanted',
    form: 'personal-narrative' as const,
    primaryCharacteristic: 'supportive',
    characteristics: ['supportive', 'equals'],
    roles: ['broker'],
    org: 'northshire-county-council',
    author: 'rosa.penhallow@northshire-county-council.example',
    place: 'County Hall',
    visibility: 'organisation' as const,
    body: `Every winter our duty rota for out-of-hours calls fell apart by the second week of December. People swapped shifts in corridors and nobody knew who was on until the phone rang.

This year I asked the team to draw the rota together, on paper, in one meeting. The people with caring duties chose first. The ones who liked nights said so out loud, and it turned out there were three of them.

We have not had a gap since. The rota is the same kind of document it always was; what changed is that everyone saw it being made.`,
  },
  {
    slug: 'soup-and-a-form',
    title: 'Soup and a form',
    form: 'flash-fiction' as const,
    primaryCharacteristic: 'locality',
    characteristics: ['locality', 'ethos'],
    roles: ['navigator'],
    org: 'kelbridge-wellbeing-network',
    author: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
    place: 'Kelbridge',
    visibility: 'public' as const,
    body: `The benefits form was eleven pages long. Mr Aziz had brought it to the lunch club folded into quarters, the way you carry a thing you would rather not look at.

"Soup first," said Dee, who ran the kitchen. "Then page one. Only page one."

By the time the crumble came round they were on page six, and he was telling her about the bakery he used to own.`,
  },
];

/** Makes the demo's platform moderator one, and queues the submitted stories (a day and two days ago). */
export async function seedModerationDemo(
  db: Db,
  ids: { orgId: (slug: string) => string; personId: (email: string) => string | undefined },
  now: Date,
) {
  await db.updateTable('users').set({ platform_moderator: true }).where('email', '=', demoPlatformModerator).execute();
  let daysAgo = demoSubmittedStories.length;
  for (const story of demoSubmittedStories) {
    const authorId = ids.personId(story.author);
    if (!authorId) throw new Error(`Demo story ${story.slug} names an unknown author: ${story.author}`);
    const submittedAt = new Date(now.getTime() - daysAgo-- * 24 * 60 * 60 * 1000);
    const row = await db
      .insertInto('stories')
      .values({
        org_id: ids.orgId(story.org),
        slug: story.slug,
        title: story.title,
        form: story.form,
        body: story.body,
        primary_characteristic: story.primaryCharacteristic,
        characteristics: story.characteristics,
        roles: story.roles,
        place: story.place,
        author_id: authorId,
        visibility: story.visibility,
        space_id: null,
        status: 'submitted',
        submitted_at: submittedAt,
        published_at: null,
      })
      .returning(['org_id', 'id'])
      .executeTakeFirstOrThrow();
    await db
      .insertInto('moderation_events')
      .values({
        org_id: row.org_id,
        target_type: 'story',
        target_id: row.id,
        action: 'submitted',
        actor_id: authorId,
        created_at: submittedAt,
      })
      .execute();
  }
}
