// Stories in the database. Every read for a principal goes through the content policy (`allowed`, over
// `visibleTo`), so no list or lookup can return a story its scope hides from the caller; unpublished stories
// are seen by their authors only.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { allowed, writerIn } from '../access/policies/index.ts';
import type { Principal, Visibility } from '../access/visibility.ts';
import { policyColumns } from '../content/records.ts';
import type { Db } from '../db/database.ts';
import { nameOrFormerMember } from '../db/people.ts';
import { storyKind } from './kind.ts';
import type { StoryForm } from './types.ts';

export interface NewStory {
  orgId: string;
  slug: string;
  title: string;
  form: StoryForm;
  body: string;
  primaryCharacteristic: string;
  characteristics: string[];
  roles: string[];
  place: string;
  authorId: string;
  visibility: Visibility;
  spaceId: string | null;
  publishedAt: Date | null;
}

export async function insertStories(db: Db, stories: NewStory[]): Promise<void> {
  if (stories.length === 0) return;
  await db
    .insertInto('stories')
    .values(
      stories.map((s) => ({
        org_id: s.orgId,
        slug: s.slug,
        title: s.title,
        form: s.form,
        body: s.body,
        primary_characteristic: s.primaryCharacteristic,
        characteristics: s.characteristics,
        roles: s.roles,
        place: s.place,
        author_id: s.authorId,
        visibility: s.visibility,
        space_id: s.spaceId,
        status: s.publishedAt ? ('published' as const) : ('draft' as const),
        published_at: s.publishedAt,
      })),
    )
    .execute();
}

/**
 * The stories a person works on as an author: they own or co-author it, in an organisation they belong to
 * now (a token: the one it acts for). Exactly the stories whose edit page opens for them: the content
 * policy's `write` (src/access/policies).
 */
export function authoredIn(personId: string, orgIds: readonly string[], alias = 'stories'): RawBuilder<SqlBool> {
  return writerIn({ personId, orgIds }, policyColumns(storyKind, alias));
}

/**
 * Readers see published stories in their scope. An unpublished story opens only for its authors: its owner
 * where its scope lets them see it (so a private draft stays theirs after they leave its organisation),
 * and anyone who may open it in the editor, co-authors included. The content policy's `open`.
 */
function visibleStories(db: Db, principal: Principal) {
  return db
    .selectFrom('stories')
    .innerJoin('organisations', 'organisations.id', 'stories.org_id')
    .where(allowed(principal, 'open', policyColumns(storyKind, 'stories')));
}

const storyColumns = [
  'stories.id',
  'stories.title',
  'stories.form',
  'stories.body',
  'stories.characteristics',
  'stories.primary_characteristic',
  'stories.roles',
  'stories.place',
  'stories.visibility',
  'stories.published_at',
  'organisations.name as org_name',
  'organisations.sector as org_sector',
] as const;

export async function listVisibleStories(
  db: Db,
  principal: Principal,
  options: { characteristic?: string; limit: number; offset: number },
) {
  let query = visibleStories(db, principal);
  if (options.characteristic) {
    query = query.where('stories.characteristics', '@>', sql<string[]>`${[options.characteristic]}::text[]`);
  }
  // One round trip: the total rides along on every row. Past the last page there are no rows to carry
  // it, so only then is it counted separately.
  const rows = await query
    .select([...storyColumns, sql<string>`count(*) over ()`.as('total')])
    .orderBy('stories.published_at', (ob) => ob.desc().nullsFirst())
    .orderBy('stories.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  const total =
    rows.length > 0
      ? Number(rows[0]?.total)
      : Number((await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow()).total);
  return { total, items: rows.map(({ total: _, ...row }) => row) };
}

/** A story whose author erased their account and left it, anonymised, has no author row: "Former member". */
export function findVisibleStory(db: Db, principal: Principal, id: string) {
  return visibleStories(db, principal)
    .leftJoin('users', 'users.id', 'stories.author_id')
    .select([
      ...storyColumns,
      'stories.status',
      'stories.sector',
      'stories.region',
      'stories.author_id',
      'stories.org_id',
      'stories.transcript',
      nameOrFormerMember('users.display_name').as('author_name'),
      // A story told aloud: the page shows its player and transcript.
      sql<boolean>`exists (select 1 from story_audio a where a.org_id = stories.org_id and a.story_id = stories.id)`.as(
        'has_audio',
      ),
      // The latest decision on it (sent back, turned down, taken down after a report, or published) with the
      // moderator's reason or note: shown to its authors only.
      sql<{ action: string; reason: string } | null>`(select json_build_object('action', e.action, 'reason', e.reason)
        from moderation_events e
        where e.org_id = stories.org_id and e.target_type = 'story' and e.target_id = stories.id
          and e.action in ('changes_requested', 'rejected', 'hidden', 'published')
        order by e.created_at desc, e.id desc limit 1)`.as('moderation_decision'),
      // The partner it was told with, credited only when they agreed (src/stories/reading.ts, creditedPartner).
      sql<string | null>`(select p.name from story_people p
        where p.org_id = stories.org_id and p.story_id = stories.id
          and p.relation = 'told_with' and p.consent = 'given'
        order by p.created_at, p.id limit 1)`.as('told_with_name'),
    ])
    .where('stories.id', '=', id)
    .executeTakeFirst();
}

/** The published stories shared into a space, as the caller may read them (newest first, a page at a time). */
export async function storiesSharedInSpace(
  db: Db,
  principal: Principal,
  spaceId: string,
  options: { limit: number; offset: number },
) {
  const query = db
    .selectFrom('stories')
    .innerJoin('organisations', 'organisations.id', 'stories.org_id')
    .where('stories.visibility', '=', 'space')
    .where('stories.space_id', '=', spaceId)
    .where(storyKind.readable(principal, 'stories'));
  const [items, count] = await Promise.all([
    query
      .select(['stories.id', 'stories.title', 'stories.published_at', 'organisations.name as org_name'])
      .orderBy('stories.published_at', 'desc')
      .orderBy('stories.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
