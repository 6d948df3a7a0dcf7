// A group's reading list: stories, articles, library items (any registered kind of content with its own
// page), in order, each with a note. Items are named by their kind's type and id; each is shown only to a
// reader its kind's `readable` rule lets read it, so a list never reveals what its reader may not see.
import type { Principal } from '../access/visibility.ts';
import { readableRecord } from '../content/records.ts';
import type { KindRegistry } from '../content/registry.ts';
import type { Db } from '../db/database.ts';
import { isRecordId } from '../db/ids.ts';
import { readableGroup } from './repository.ts';

type Person = Extract<Principal, { kind: 'person' }>;

export interface ListedItem {
  id: string;
  noun: string;
  title: string;
  url: string;
  note: string;
}

export function readingListService(db: Db, { kinds, baseUrl }: { kinds: KindRegistry; baseUrl: string }) {
  /** The kind and id a pasted link names: its page's address, on this site or as a path. */
  function itemOf(link: string) {
    let path = link.trim();
    if (baseUrl !== '' && path.startsWith(baseUrl)) path = path.slice(baseUrl.length);
    path = path.replace(/^https?:\/\/[^/]+/, '').split(/[?#]/)[0] ?? '';
    const id = path.split('/').pop() ?? '';
    if (!isRecordId(id)) return undefined;
    const kind = kinds
      .all()
      .flatMap((k) => (k.parent === undefined ? [k] : []))
      .find((k) => k.url(id) === path);
    return kind ? { kind, id } : undefined;
  }

  return {
    /** The list as this reader may see it, in order. */
    async itemsFor(principal: Principal, group: { org_id: string; id: string }): Promise<ListedItem[]> {
      const rows = await db
        .selectFrom('reading_list_items')
        .select(['id', 'target_type', 'target_id', 'note'])
        .where('org_id', '=', group.org_id)
        .where('group_id', '=', group.id)
        .orderBy('position')
        .execute();
      const shown = await Promise.all(
        rows.map(async (row) => {
          const kind = kinds.scoped(row.target_type);
          const record = kind && (await readableRecord(db, kind, principal, row.target_id));
          return record
            ? { id: row.id, noun: record.noun, title: record.title, url: record.url, note: row.note }
            : undefined;
        }),
      );
      return shown.filter((item): item is ListedItem => item !== undefined);
    },

    /** Adds what a facilitator may read themselves, at the end of the list. */
    async add(caller: Person, groupId: string, input: { link: string; note: string }) {
      const group = await readableGroup(db, caller, groupId);
      if (group?.mine !== 'facilitator') return 'not_found' as const;
      const item = itemOf(input.link);
      const record = item && (await readableRecord(db, item.kind, caller, item.id));
      if (!item || !record) return 'unknown_item' as const;
      return db.transaction().execute(async (trx) => {
        // The group's row is locked so two additions at once take different places.
        await lockGroup(trx, group.org_id, groupId);
        const last = await trx
          .selectFrom('reading_list_items')
          .select((eb) => eb.fn.max('position').as('position'))
          .where('org_id', '=', group.org_id)
          .where('group_id', '=', groupId)
          .executeTakeFirst();
        const added = await trx
          .insertInto('reading_list_items')
          .values({
            org_id: group.org_id,
            group_id: groupId,
            position: (last?.position ?? 0) + 1,
            target_type: item.kind.type,
            target_id: item.id,
            note: input.note,
            added_by: caller.personId,
          })
          .onConflict((oc) => oc.columns(['org_id', 'group_id', 'target_type', 'target_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        return added ? ('added' as const) : ('already_listed' as const);
      });
    },

    /**
     * Swaps an item with the one before (`up`) or after it (`down`) in the list as the facilitator sees it.
     * The group's row is locked, as for additions, so two moves at once are made one after the other.
     */
    async move(caller: Person, groupId: string, itemId: string, direction: 'up' | 'down') {
      const group = await readableGroup(db, caller, groupId);
      if (group?.mine !== 'facilitator') return 'not_found' as const;
      return db.transaction().execute(async (trx) => {
        await lockGroup(trx, group.org_id, groupId);
        const rows = await trx
          .selectFrom('reading_list_items')
          .select(['id', 'position', 'target_type', 'target_id'])
          .where('org_id', '=', group.org_id)
          .where('group_id', '=', groupId)
          .orderBy('position')
          .orderBy('id')
          .execute();
        // Only items the facilitator can see count as neighbours, so each press visibly moves the item.
        const seen: typeof rows = [];
        for (const row of rows) {
          const kind = kinds.scoped(row.target_type);
          if (row.id === itemId || (kind && (await readableRecord(trx, kind, caller, row.target_id)))) seen.push(row);
        }
        const at = seen.findIndex((r) => r.id === itemId);
        if (at < 0) return 'not_found' as const;
        const other = seen[direction === 'up' ? at - 1 : at + 1];
        if (!other) return 'moved' as const;
        // Positions are renumbered in the order they will have, so equal positions can never tie.
        const order = rows.map((r) => r.id);
        const [a, b] = [order.indexOf(itemId), order.indexOf(other.id)];
        [order[a], order[b]] = [order[b] as string, order[a] as string];
        for (const [i, id] of order.entries()) {
          await trx
            .updateTable('reading_list_items')
            .set({ position: i + 1 })
            .where('org_id', '=', group.org_id)
            .where('id', '=', id)
            .execute();
        }
        return 'moved' as const;
      });
    },

    async remove(caller: Person, groupId: string, itemId: string) {
      const group = await readableGroup(db, caller, groupId);
      if (group?.mine !== 'facilitator') return 'not_found' as const;
      const result = await db
        .deleteFrom('reading_list_items')
        .where('org_id', '=', group.org_id)
        .where('group_id', '=', groupId)
        .where('id', '=', itemId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n ? ('removed' as const) : ('not_found' as const);
    },
  };
}

/** Locks a group's row for the rest of the transaction: changes to its reading list are made one at a time. */
async function lockGroup(trx: Db, orgId: string, groupId: string) {
  await trx
    .selectFrom('reading_groups')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', groupId)
    .forUpdate()
    .execute();
}
