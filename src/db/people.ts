// How a person reads once their account is gone: erasure deletes the user row and the foreign keys that named
// them (stories' authors, comments' authors, pair partners, audit actors) become null, so every page and
// export shows "Former member" in their place.
import { type RawBuilder, sql } from 'kysely';

export const formerMember = 'Former member';

/** A left-joined display name (`column`, e.g. `'users.display_name'`), or "Former member" when it is null. */
export const nameOrFormerMember = (column: string): RawBuilder<string> =>
  sql<string>`coalesce(${sql.ref(column)}, ${sql.lit(formerMember)})`;
