// Anonymous pages may now be kept in memory when they show articles and library items (the article page and
// list, series pages, and the characteristic, role and lesson pages that join them). Like stories (0013),
// these tables notify only when the row is, or was, something an anonymous reader sees: published and
// public. A scheduled article (published, with a time still to come) notifies when it is scheduled, so that
// every instance learns its time; the page cache then empties itself when that time comes (page-cache.ts).
import { type Kysely, sql } from 'kysely';

const notify = `perform pg_notify('waymark_content_changed', '')`;
const shown = (row: 'new' | 'old') => `${row}.status = 'published' and ${row}.visibility = 'public'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function waymark_article_shown(org uuid, article uuid) returns boolean language sql stable as $fn$
      select exists (select 1 from articles a
        where a.org_id = org and a.id = article and a.status = 'published' and a.visibility = 'public')
    $fn$
  `.execute(db);
  await sql
    .raw(`
      create function waymark_article_part_changed() returns trigger language plpgsql as $fn$
      begin
        if (tg_op <> 'INSERT' and waymark_article_shown(old.org_id, old.article_id))
          or (tg_op <> 'DELETE' and waymark_article_shown(new.org_id, new.article_id)) then
          ${notify};
        end if;
        return null;
      end $fn$`)
    .execute(db);
  for (const table of ['articles', 'library_items']) {
    await sql
      .raw(`
        create trigger ${table}_content_inserted after insert on ${table}
          for each row when (${shown('new')}) execute function waymark_content_changed();
        create trigger ${table}_content_updated after update on ${table}
          for each row when ((${shown('old')}) or (${shown('new')})) execute function waymark_content_changed();
        create trigger ${table}_content_deleted after delete on ${table}
          for each row when (${shown('old')}) execute function waymark_content_changed();
        create trigger ${table}_content_truncated after truncate on ${table}
          for each statement execute function waymark_content_changed();
      `)
      .execute(db);
  }
  for (const table of ['article_authors', 'article_covers']) {
    await sql
      .raw(`
        create trigger ${table}_content_row_changed after insert or update or delete on ${table}
          for each row execute function waymark_article_part_changed();
        create trigger ${table}_content_truncated after truncate on ${table}
          for each statement execute function waymark_content_changed();
      `)
      .execute(db);
  }
  // A series is named on its articles' pages; series change seldom, so any change notifies.
  await sql`
    create trigger article_series_content_changed after insert or update or delete or truncate on article_series
      for each statement execute function waymark_content_changed()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      drop trigger article_series_content_changed on article_series;
      drop trigger article_authors_content_row_changed on article_authors;
      drop trigger article_authors_content_truncated on article_authors;
      drop trigger article_covers_content_row_changed on article_covers;
      drop trigger article_covers_content_truncated on article_covers;
      drop trigger articles_content_inserted on articles;
      drop trigger articles_content_updated on articles;
      drop trigger articles_content_deleted on articles;
      drop trigger articles_content_truncated on articles;
      drop trigger library_items_content_inserted on library_items;
      drop trigger library_items_content_updated on library_items;
      drop trigger library_items_content_deleted on library_items;
      drop trigger library_items_content_truncated on library_items;
      drop function waymark_article_part_changed();
      drop function waymark_article_shown(uuid, uuid);
    `)
    .execute(db);
}
