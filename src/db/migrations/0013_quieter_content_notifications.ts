// Pages kept for anonymous readers show only published public stories, their parts and discussion, the
// names of people and organisations, and the framework. Migration 0007 notified on every change to those
// tables, so an autosave of a draft, a reaction to a story no anonymous reader sees, or a change to an
// account's password or sessions emptied every instance's cache for nothing. Now stories, their parts,
// comments, reactions and people notify only when the row is (or was) something an anonymous page shows.
// Row triggers: identical notifications in one transaction are sent once, so a large statement sends one.
import { type Kysely, sql } from 'kysely';

const notify = `perform pg_notify('waymark_content_changed', '')`;

/** Whether anonymous readers see the story: published and public. */
const shown = (row: 'new' | 'old') => `${row}.status = 'published' and ${row}.visibility = 'public'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function waymark_story_shown(org uuid, story uuid) returns boolean language sql stable as $fn$
      select exists (select 1 from stories s
        where s.org_id = org and s.id = story and s.status = 'published' and s.visibility = 'public')
    $fn$
  `.execute(db);
  // story_people and story_audio name their story by story_id; comments and reactions by target_id.
  for (const [fn, column, kind] of [
    ['waymark_story_part_changed', 'story_id', undefined],
    ['waymark_discussion_changed', 'target_id', 'target_type'],
  ] as const) {
    const about = (row: 'new' | 'old') =>
      `(${kind ? `${row}.${kind} <> 'story' or ` : ''}waymark_story_shown(${row}.org_id, ${row}.${column}))`;
    await sql
      .raw(`
        create function ${fn}() returns trigger language plpgsql as $fn$
        begin
          if (tg_op <> 'INSERT' and ${about('old')}) or (tg_op <> 'DELETE' and ${about('new')}) then
            ${notify};
          end if;
          return null;
        end $fn$`)
      .execute(db);
  }

  await sql
    .raw(`
      drop trigger stories_content_changed on stories;
      create trigger stories_content_inserted after insert on stories
        for each row when (${shown('new')}) execute function waymark_content_changed();
      create trigger stories_content_updated after update on stories
        for each row when ((${shown('old')}) or (${shown('new')})) execute function waymark_content_changed();
      create trigger stories_content_deleted after delete on stories
        for each row when (${shown('old')}) execute function waymark_content_changed();
      create trigger stories_content_truncated after truncate on stories
        for each statement execute function waymark_content_changed();

      drop trigger users_content_changed on users;
      create trigger users_content_updated after update on users
        for each row when (old.display_name is distinct from new.display_name
          or old.disabled_at is distinct from new.disabled_at)
        execute function waymark_content_changed();
      create trigger users_content_deleted after delete on users
        for each row execute function waymark_content_changed();
      create trigger users_content_truncated after truncate on users
        for each statement execute function waymark_content_changed();
    `)
    .execute(db);

  for (const [table, fn] of [
    ['story_people', 'waymark_story_part_changed'],
    ['story_audio', 'waymark_story_part_changed'],
    ['comments', 'waymark_discussion_changed'],
    ['reactions', 'waymark_discussion_changed'],
  ] as const) {
    await sql
      .raw(`
        drop trigger ${table}_content_changed on ${table};
        create trigger ${table}_content_row_changed after insert or update or delete on ${table}
          for each row execute function ${fn}();
        create trigger ${table}_content_truncated after truncate on ${table}
          for each statement execute function waymark_content_changed();
      `)
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const triggers: Record<string, string[]> = {
    stories: ['inserted', 'updated', 'deleted', 'truncated'],
    users: ['updated', 'deleted', 'truncated'],
    story_people: ['row_changed', 'truncated'],
    story_audio: ['row_changed', 'truncated'],
    comments: ['row_changed', 'truncated'],
    reactions: ['row_changed', 'truncated'],
  };
  for (const [table, names] of Object.entries(triggers)) {
    for (const name of names) await sql.raw(`drop trigger ${table}_content_${name} on ${table}`).execute(db);
    await sql
      .raw(`create trigger ${table}_content_changed
        after insert or update or delete or truncate on ${table}
        for each statement execute function waymark_content_changed()`)
      .execute(db);
  }
  await sql`drop function waymark_discussion_changed()`.execute(db);
  await sql`drop function waymark_story_part_changed()`.execute(db);
  await sql`drop function waymark_story_shown(uuid, uuid)`.execute(db);
}
