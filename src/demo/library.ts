// The evidence library's demo (the items are in library-items.ts), written through the library's own
// repository as public items of the county council, suggested and published by its moderator.
import type { Db } from '../db/database.ts';
import type { Author, LibraryEntry } from '../library/entry.ts';
import { insertItem } from '../library/repository.ts';
import { type DemoItem, demoLibraryItems } from './library-items.ts';

const people = (names: [string, string][]): Author[] => names.map(([family, given]) => ({ family, given }));

/** What one demo item is as an entry. */
export function demoEntry(item: DemoItem): LibraryEntry {
  return {
    itemType: item.type,
    title: item.title,
    authors: people(item.authors),
    year: item.year,
    container: item.container ?? '',
    publisher: item.publisher ?? '',
    doi: item.doi ?? null,
    isbn: null,
    url: null,
    accessed: null,
  };
}

const day = 24 * 60 * 60 * 1000;

export async function seedLibraryDemo(
  db: Db,
  ids: { orgId: (slug: string) => string; personId: (email: string) => string | undefined },
  now: Date,
) {
  const orgId = ids.orgId('northshire-county-council');
  const suggestedBy = ids.personId('gareth.mbeki@northshire-county-council.example') ?? null;
  for (const [index, item] of demoLibraryItems.entries()) {
    await insertItem(db, {
      orgId,
      suggestedBy,
      entry: demoEntry(item),
      extras: {
        summary: item.summary,
        lessons: item.lessons,
        characteristics: item.characteristics,
        roles: item.roles,
        visibility: 'public',
      },
      publish: true,
      at: new Date(now.getTime() - (index + 1) * day),
    });
  }
}
