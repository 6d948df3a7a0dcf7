// Units as a tree, and line management as chains: plain functions over plain rows, so the rules that keep
// both free of cycles are tested alone (tree.test.ts) and the service only asks them.
import type { UnitKind } from './types.ts';

export interface UnitRow {
  id: string;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
}

export interface UnitNode extends UnitRow {
  depth: number;
  /** Names from the top of the tree down to this unit, e.g. "Adult Social Care › Community Wellbeing". */
  path: string;
  childCount: number;
}

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/**
 * The units in reading order (each parent before its children, siblings by name), with their depth.
 * A unit whose parent is missing is shown at the top, so a damaged row never hides anything.
 */
export function unitTree(units: readonly UnitRow[]): UnitNode[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, UnitRow[]>();
  for (const unit of units) {
    const parent = unit.parent_id !== null && ids.has(unit.parent_id) ? unit.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  for (const list of children.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  const out: UnitNode[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number, path: string) => {
    for (const unit of children.get(parent) ?? []) {
      if (seen.has(unit.id)) continue;
      seen.add(unit.id);
      const here = path ? `${path} › ${unit.name}` : unit.name;
      out.push({ ...unit, depth, path: here, childCount: children.get(unit.id)?.length ?? 0 });
      walk(unit.id, depth + 1, here);
    }
  };
  walk(null, 0, '');
  return out;
}

/** The unit and everything below it: the places it may not be moved under. */
export function unitAndDescendants(units: readonly UnitRow[], unitId: string): Set<string> {
  const found = new Set<string>([unitId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const unit of units) {
      if (unit.parent_id !== null && found.has(unit.parent_id) && !found.has(unit.id)) {
        found.add(unit.id);
        grew = true;
      }
    }
  }
  return found;
}

/** Whether moving a unit under a new parent (null: the top) keeps the tree a tree. */
export const mayMoveUnder = (units: readonly UnitRow[], unitId: string, parentId: string | null) =>
  parentId === null || !unitAndDescendants(units, unitId).has(parentId);

/**
 * Whether making `managerId` the line manager of `personId` keeps line management free of loops:
 * no one manages themselves, directly or through the people who manage them.
 * `managerOf` gives each person's current manager in the organisation.
 */
export function mayManage(managerOf: ReadonlyMap<string, string | null>, personId: string, managerId: string): boolean {
  const seen = new Set<string>();
  let current: string | null | undefined = managerId;
  while (current !== null && current !== undefined) {
    if (current === personId) return false;
    if (seen.has(current)) return true;
    seen.add(current);
    current = managerOf.get(current);
  }
  return true;
}
