// The evidence library's use-cases: finding and reading items, suggesting one (it waits in the shared
// moderation queue), editing by the organisation's moderators, importing pasted BibTeX or RIS (kept for its
// preview; nothing is written until confirmed) and exporting any selection in five formats.
import { inReach, reachOf } from '../access/policies/index.ts';
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import {
  type ExportFormat,
  type ImportFormat,
  importLimits,
  type ParsedEntry,
  parseEntries,
  reference,
  writeEntries,
} from './citations.ts';
import type { LibraryEntry } from './entry.ts';
import {
  entryOf,
  existingIdentifiers,
  findImport,
  type ItemExtras,
  insertItem,
  itemInOrg,
  type LibraryQuery,
  readableItem,
  saveImport,
  searchItems,
  updateItem,
} from './repository.ts';

export const libraryPageSize = 20;
/** A paste nobody confirmed is deleted after this long. */
export const importKeepDays = 7;
/** The most items one export writes. */
export const exportLimit = 1000;

/** A paste as its preview shows it: each entry, its problems, and whether it is already in the library. */
export interface StoredLibraryImport {
  entries: (ParsedEntry & { duplicate?: string })[];
}
export interface LibraryImportResult {
  published: number;
  submitted: number;
  skipped: number;
}

const isStored = (value: unknown): value is StoredLibraryImport =>
  typeof value === 'object' && value !== null && Array.isArray((value as StoredLibraryImport).entries);

/** Why an entry may not be added: a DOI or ISBN the organisation's library already holds. */
async function duplicatesOf(db: Db, orgId: string, entries: readonly (LibraryEntry | null)[]) {
  const dois = entries.flatMap((e) => (e?.doi ? [e.doi] : []));
  const isbns = entries.flatMap((e) => (e?.isbn ? [e.isbn] : []));
  const found = await existingIdentifiers(db, orgId, dois, isbns);
  const seen = { dois: new Set(found.dois), isbns: new Set(found.isbns) };
  const earlier = { dois: new Set<string>(), isbns: new Set<string>() };
  return entries.map((e) => {
    if (!e) return undefined;
    const doi = e.doi?.toLowerCase();
    let why: string | undefined;
    if (doi && seen.dois.has(doi)) why = `The library already has an item with the DOI ${e.doi}.`;
    else if (e.isbn && seen.isbns.has(e.isbn)) why = `The library already has an item with the ISBN ${e.isbn}.`;
    else if (doi && earlier.dois.has(doi)) why = `An earlier entry in this paste has the DOI ${e.doi}.`;
    else if (e.isbn && earlier.isbns.has(e.isbn)) why = `An earlier entry in this paste has the ISBN ${e.isbn}.`;
    if (doi) earlier.dois.add(doi);
    if (e.isbn) earlier.isbns.add(e.isbn);
    return why;
  });
}

export function libraryService(db: Db) {
  return {
    /** A page of readable items; `size` is smaller for a short list (the framework's pages). */
    search(principal: Principal, query: LibraryQuery, page: number, size = libraryPageSize) {
      return searchItems(db, principal, query, { limit: size, offset: (page - 1) * size });
    },

    /** A published item the caller may read, with its references in APA and Harvard. */
    async item(principal: Principal, id: string) {
      const row = await readableItem(db, principal, id);
      if (!row) return undefined;
      const entry = entryOf(row);
      return { row, entry, apa: reference('apa', row.id, entry), harvard: reference('harvard', row.id, entry) };
    },

    /** The problem with adding this entry to the organisation's library (a duplicate), if any. */
    async duplicate(
      orgId: string,
      entry: LibraryEntry,
      exceptId?: string,
    ): Promise<Record<string, string> | undefined> {
      const found = await existingIdentifiers(db, orgId, entry.doi ? [entry.doi] : [], entry.isbn ? [entry.isbn] : []);
      if (exceptId) {
        const self = await itemInOrg(db, orgId, exceptId);
        if (self?.doi) found.dois.delete(self.doi.toLowerCase());
        if (self?.isbn) found.isbns.delete(self.isbn);
      }
      if (entry.doi && found.dois.has(entry.doi.toLowerCase()))
        return { doi: 'The library already has an item with this DOI' };
      if (entry.isbn && found.isbns.has(entry.isbn)) return { isbn: 'The library already has an item with this ISBN' };
      return undefined;
    },

    /** A member's suggestion: it waits in the moderation queue of whoever reviews its scope. */
    async suggest(personId: string, orgId: string, entry: LibraryEntry, extras: ItemExtras, at: Date) {
      return db.transaction().execute(async (trx) => {
        const id = await insertItem(trx, { orgId, suggestedBy: personId, entry, extras, publish: false, at });
        await trx
          .insertInto('moderation_events')
          .values({
            org_id: orgId,
            target_type: 'library_item',
            target_id: id,
            action: 'submitted',
            actor_id: personId,
          })
          .execute();
        return id;
      });
    },

    itemInOrg: (orgId: string, id: string) => itemInOrg(db, orgId, id),

    edit(orgId: string, id: string, entry: LibraryEntry, extras: Omit<ItemExtras, 'visibility'>, at: Date) {
      return updateItem(db, orgId, id, entry, extras, at);
    },

    /** Parses a paste, marks duplicates, and keeps it for the preview. Nothing reaches the library yet. */
    async preview(personId: string, orgId: string, format: ImportFormat, text: string): Promise<string> {
      const parsed = parseEntries(format, text.slice(0, importLimits.maxChars));
      const duplicates = await duplicatesOf(
        db,
        orgId,
        parsed.map((p) => p.entry),
      );
      const entries = parsed.map((p, i) => {
        const why = duplicates[i];
        return why ? { ...p, entry: null, duplicate: why, problems: [why] } : p;
      });
      return saveImport(db, orgId, personId, format, { entries } satisfies StoredLibraryImport);
    },

    async findImport(orgId: string, id: string) {
      const row = await findImport(db, orgId, id);
      if (!row || !isStored(row.parsed)) return undefined;
      return { ...row, parsed: row.parsed, result: (row.result ?? null) as LibraryImportResult | null };
    },

    /**
     * Writes the entries without problems, once. Those in the caller's moderation reach are published at
     * once (the moderator accepts them by confirming); the others wait in the queue of whoever reviews them.
     * Undefined when there is no such import.
     */
    async confirm(
      principal: Principal,
      actorId: string,
      orgId: string,
      importId: string,
      extras: ItemExtras,
      at: Date,
    ): Promise<LibraryImportResult | undefined> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('library_imports')
          .select(['parsed', 'result', 'confirmed_at'])
          .where('org_id', '=', orgId)
          .where('id', '=', importId)
          .forUpdate()
          .executeTakeFirst();
        if (!row || !isStored(row.parsed)) return undefined;
        if (row.confirmed_at) return row.result as LibraryImportResult;
        const entries = row.parsed.entries.map((e) => e.entry);
        // Checked again: another import or suggestion may have added the same work since the preview.
        const duplicates = await duplicatesOf(trx, orgId, entries);
        const publish = inReach(reachOf(principal), { orgId, visibility: extras.visibility });
        const result: LibraryImportResult = { published: 0, submitted: 0, skipped: 0 };
        for (const [i, entry] of entries.entries()) {
          if (!entry || duplicates[i]) {
            result.skipped += 1;
            continue;
          }
          const id = await insertItem(trx, { orgId, suggestedBy: actorId, entry, extras, publish, at });
          await trx
            .insertInto('moderation_events')
            .values({
              org_id: orgId,
              target_type: 'library_item',
              target_id: id,
              action: publish ? 'published' : 'submitted',
              actor_id: actorId,
            })
            .execute();
          if (publish) result.published += 1;
          else result.submitted += 1;
        }
        await trx
          .updateTable('library_imports')
          .set({ confirmed_at: at, result: JSON.stringify(result) })
          .where('org_id', '=', orgId)
          .where('id', '=', importId)
          .execute();
        return result;
      });
    },

    /** Deletes pasted imports nobody confirmed within `importKeepDays`; the daily housekeeping runs it. */
    async purgeStale(now: Date) {
      const cutoff = new Date(now.getTime() - importKeepDays * 24 * 60 * 60 * 1000);
      const result = await db
        .deleteFrom('library_imports')
        .where('confirmed_at', 'is', null)
        .where('created_at', '<', cutoff)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** The readable items matching a query or a selection, written in one format. */
    async export(principal: Principal, query: LibraryQuery, format: ExportFormat) {
      const { items } = await searchItems(db, principal, query, { limit: exportLimit, offset: 0 });
      return {
        count: items.length,
        text: writeEntries(
          format,
          items.map((r) => ({ id: r.id, entry: entryOf(r) })),
        ),
      };
    },
  };
}

export type LibraryService = ReturnType<typeof libraryService>;
