// The library's part of a person's data export: the items they suggested (title, kind, status and dates)
// and the references they pasted to import, by date and outcome. Erasing the account deletes the pasted
// imports and keeps the items, which then read as suggested by a former member.
import { type ExportSection, iso } from '../personal-data/export-section.ts';
import { itemTypeNames } from './entry.ts';
import { libraryStatusNames } from './kind.ts';

export const librarySection: ExportSection = {
  key: 'library',
  describe:
    'The items you suggested for the evidence library, with their status, and the references you pasted to import as a moderator, with when and what came of them.',
  async collect(db, userId) {
    const [suggested, imports] = await Promise.all([
      db
        .selectFrom('library_items')
        .innerJoin('organisations', 'organisations.id', 'library_items.org_id')
        .select([
          'library_items.id',
          'library_items.title',
          'library_items.item_type',
          'library_items.status',
          'library_items.created_at',
          'library_items.published_at',
          'organisations.name as organisation',
        ])
        .where('library_items.suggested_by', '=', userId)
        .orderBy('library_items.created_at')
        .execute(),
      db
        .selectFrom('library_imports')
        .innerJoin('organisations', 'organisations.id', 'library_imports.org_id')
        .select([
          'library_imports.format',
          'library_imports.created_at',
          'library_imports.confirmed_at',
          'library_imports.result',
          'organisations.name as organisation',
        ])
        .where('library_imports.created_by', '=', userId)
        .orderBy('library_imports.created_at')
        .execute(),
    ]);
    return {
      suggested: suggested.map((r) => ({
        organisation: r.organisation,
        title: r.title,
        kind: itemTypeNames[r.item_type],
        status: libraryStatusNames[r.status] ?? r.status,
        suggestedAt: iso(r.created_at),
        publishedAt: iso(r.published_at),
      })),
      imports: imports.map((r) => ({
        organisation: r.organisation,
        format: r.format === 'bibtex' ? 'BibTeX' : 'RIS',
        pastedAt: iso(r.created_at),
        confirmedAt: iso(r.confirmed_at),
        outcome: r.result ?? null,
      })),
    };
  },
};
