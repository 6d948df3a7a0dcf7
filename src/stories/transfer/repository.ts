// SQL for collection imports and exports. Every query is scoped to the organisation the caller acts for.
import type { Transaction } from 'kysely';
import { type Principal, visibleTo } from '../../access/visibility.ts';
import type { Database, Db } from '../../db/database.ts';

export async function saveImport(db: Db, orgId: string, createdBy: string, fileName: string, parsed: unknown) {
  const row = await db
    .insertInto('story_imports')
    .values({ org_id: orgId, created_by: createdBy, file_name: fileName, parsed: JSON.stringify(parsed) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImport(db: Db | Transaction<Database>, orgId: string, id: string, forUpdate = false) {
  let query = db
    .selectFrom('story_imports')
    .select(['id', 'file_name', 'parsed', 'cleared', 'created_at', 'confirmed_at', 'created_by'])
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function recentImports(db: Db, orgId: string, limit: number) {
  return db
    .selectFrom('story_imports')
    .leftJoin('users', 'users.id', 'story_imports.created_by')
    .select([
      'story_imports.id',
      'story_imports.file_name',
      'story_imports.created_at',
      'story_imports.confirmed_at',
      'story_imports.cleared',
      'users.display_name as createdByName',
    ])
    .where('story_imports.org_id', '=', orgId)
    .orderBy('story_imports.created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Spaces an organisation takes part in (hosts, or is a member of), by slug. */
export async function spacesOf(db: Db | Transaction<Database>, orgId: string) {
  return db
    .selectFrom('spaces')
    .select(['id', 'slug'])
    .where((eb) =>
      eb.or([
        eb('host_org_id', '=', orgId),
        eb('id', 'in', eb.selectFrom('space_members').select('space_id').where('member_org_id', '=', orgId)),
      ]),
    )
    .execute();
}

/** A slug not yet used in the organisation: the title's, or with -2, -3... added. */
export async function freeSlug(trx: Transaction<Database>, orgId: string, base: string): Promise<string> {
  const taken = new Set(
    (
      await trx
        .selectFrom('stories')
        .select('slug')
        .where('org_id', '=', orgId)
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
        .execute()
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * The organisation's published stories that the caller may see, oldest first, with the people in them.
 * Never anything unpublished; a story's scope applies as everywhere else.
 */
export async function publishedForExport(db: Db, principal: Principal, orgId: string) {
  const stories = await db
    .selectFrom('stories')
    .leftJoin('spaces', 'spaces.id', 'stories.space_id')
    .select([
      'stories.id',
      'stories.title',
      'stories.form',
      'stories.body',
      'stories.primary_characteristic',
      'stories.characteristics',
      'stories.roles',
      'stories.place',
      'stories.region',
      'stories.sector',
      'stories.visibility',
      'stories.transcript',
      'stories.published_at',
      'spaces.slug as spaceSlug',
    ])
    .where('stories.org_id', '=', orgId)
    .where('stories.status', '=', 'published')
    .where(
      visibleTo(principal, {
        org: 'stories.org_id',
        owner: 'stories.author_id',
        visibility: 'stories.visibility',
        space: 'stories.space_id',
      }),
    )
    .orderBy('stories.published_at')
    .orderBy('stories.id')
    .execute();
  const people =
    stories.length === 0
      ? []
      : await db
          .selectFrom('story_people')
          .select(['story_id', 'name', 'relation', 'consent'])
          .where('org_id', '=', orgId)
          .where(
            'story_id',
            'in',
            stories.map((s) => s.id),
          )
          .where('relation', '<>', 'author')
          // Someone anonymised or refused is not named outside the story's own pages.
          .where('consent', 'not in', ['anonymised', 'refused'])
          .orderBy('created_at')
          .orderBy('id')
          .execute();
  return { stories, people };
}
