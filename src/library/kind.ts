// Library items as a kind of content (src/content/kind.ts): suggested by members, reviewed in the shared
// moderation queue, published by a moderator. An item belongs to the organisation its suggester worked in;
// it is public by default, so platform moderators review public suggestions and the organisation's own
// moderators review those kept to signed-in readers or the organisation (the content policy's reach).
import { type SqlBool, sql } from 'kysely';
import type { ModerationAction, ScopedKind } from '../content/kind.ts';
import { publishedAndVisible } from '../content/records.ts';

const moves: Record<
  ModerationAction,
  Record<string, { to: string; event: 'published' | 'changes_requested' | 'rejected'; needsReason: boolean }>
> = {
  publish: { submitted: { to: 'published', event: 'published', needsReason: false } },
  request_changes: { submitted: { to: 'changes_requested', event: 'changes_requested', needsReason: true } },
  reject: { submitted: { to: 'rejected', event: 'rejected', needsReason: true } },
};

export const libraryStatusNames: Record<string, string> = {
  submitted: 'Waiting for review',
  changes_requested: 'Changes requested',
  published: 'Published',
  rejected: 'Rejected',
};

export const libraryItemKind: ScopedKind = {
  type: 'library_item',
  noun: 'library item',
  table: 'library_items',
  columns: {
    org: 'org_id',
    owner: 'suggested_by',
    visibility: 'visibility',
    space: 'space_id',
    title: 'title',
    status: 'status',
  },
  published: 'published',
  url: (id) => `/library/${id}`,
  readable: (principal, alias) => publishedAndVisible(libraryItemKind, principal, alias),
  ownerIds: (alias) => sql<string[]>`array_remove(array[${sql.ref(`${alias}.suggested_by`)}], null)`,
  ownedBy: (personId, alias) => sql<SqlBool>`${sql.ref(`${alias}.suggested_by`)} = ${personId}::uuid`,
  // Comments and "this resonates" under the item's page, as under an article (src/discussion).
  discussed: true,
  reported: true,
  search: {
    document: 'search',
    publishedAt: 'published_at',
    facets: {
      type: { column: 'item_type', many: false },
      lesson: { column: 'lessons', many: true },
      characteristic: { column: 'characteristics', many: true },
      role: { column: 'roles', many: true },
    },
  },
  moderation: {
    waiting: 'submitted',
    decided: ['published', 'rejected'],
    submittedAt: 'submitted_at',
    publishedAt: 'published_at',
    transition: (action, from) => moves[action]?.[from] ?? null,
    // Nothing but the moderator's judgement stands between a suggestion and readers.
    blockers: async () => [],
    takenDownTo: 'changes_requested',
    updatedAt: 'updated_at',
    body: 'summary',
    statusNames: libraryStatusNames,
    links: [{ href: '/library/import', text: 'Import library items from BibTeX or RIS' }],
  },
};
