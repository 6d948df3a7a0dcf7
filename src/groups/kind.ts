// Reading groups as a kind of content (src/content/kind.ts). A group is readable where its scope reaches
// while it is open; its facilitators are its owners (told about what happens in it). Sessions, members and
// answers are plain rows of the group, read only through a group the caller may read, so they need no
// declaration of their own.
import { type SqlBool, sql } from 'kysely';
import type { ScopedKind } from '../content/kind.ts';
import { publishedAndVisible } from '../content/records.ts';

const facilitatorsOf = (alias: string) =>
  sql`select m.person_id from group_members m
      where m.org_id = ${sql.ref(`${alias}.org_id`)} and m.group_id = ${sql.ref(`${alias}.id`)}
        and m.role = 'facilitator'`;

export const readingGroupKind: ScopedKind = {
  type: 'reading_group',
  noun: 'reading group',
  table: 'reading_groups',
  columns: {
    org: 'org_id',
    owner: 'created_by',
    visibility: 'visibility',
    space: 'space_id',
    title: 'name',
    status: 'status',
  },
  published: 'open',
  url: (id) => `/groups/${id}`,
  readable: (principal, alias) => publishedAndVisible(readingGroupKind, principal, alias),
  ownerIds: (alias) => sql<string[]>`array(${facilitatorsOf(alias)})`,
  ownedBy: (personId, alias) => sql<SqlBool>`exists (${facilitatorsOf(alias)} and m.person_id = ${personId}::uuid)`,
  search: { document: 'search', publishedAt: 'created_at' },
};
