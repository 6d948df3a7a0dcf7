// The tree and line-management rules alone: whatever moves are allowed, units stay a tree and nobody ends
// up managing themselves.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mayManage, mayMoveUnder, type UnitRow, unitAndDescendants, unitTree } from './tree.ts';

const unit = (id: string, parent: string | null, name = id): UnitRow => ({ id, parent_id: parent, name, kind: 'team' });

/** A random forest: each unit's parent is an earlier unit or none. */
const forest = fc
  .array(fc.option(fc.nat(), { nil: null }), { minLength: 1, maxLength: 30 })
  .map((parents) =>
    parents.map((p, i) => unit(`u${i}`, p === null || i === 0 ? null : `u${p % i}`, `Unit ${(i * 7) % 11}`)),
  );

const hasCycle = (units: readonly UnitRow[]) =>
  units.some((start) => {
    const seen = new Set<string>();
    let at: string | null = start.id;
    while (at !== null) {
      if (seen.has(at)) return true;
      seen.add(at);
      at = units.find((u) => u.id === at)?.parent_id ?? null;
    }
    return false;
  });

describe('units as a tree', () => {
  it('lists each parent before its children, siblings by name, with depth and path', () => {
    const tree = unitTree([
      unit('t', 's', 'Locality Team'),
      unit('d', null, 'Adult Social Care'),
      unit('s', 'd', 'Community Wellbeing'),
      unit('r', null, 'Resources'),
      unit('a', 'd', 'Access'),
    ]);
    expect(tree.map((u) => [u.name, u.depth])).toEqual([
      ['Adult Social Care', 0],
      ['Access', 1],
      ['Community Wellbeing', 1],
      ['Locality Team', 2],
      ['Resources', 0],
    ]);
    expect(tree[3]?.path).toBe('Adult Social Care › Community Wellbeing › Locality Team');
    expect(tree[0]?.childCount).toBe(2);
  });

  it('shows every unit once, whatever the shape', () => {
    fc.assert(
      fc.property(forest, (units) => {
        const tree = unitTree(units);
        expect(tree.map((u) => u.id).sort()).toEqual(units.map((u) => u.id).sort());
        for (const [i, node] of tree.entries()) {
          if (node.parent_id !== null) expect(tree.findIndex((u) => u.id === node.parent_id)).toBeLessThan(i);
        }
      }),
    );
  });

  it('never allows a move that makes a loop, and allows every other', () => {
    fc.assert(
      fc.property(forest, fc.nat(), fc.option(fc.nat(), { nil: null }), (units, which, target) => {
        const moving = units[which % units.length] as UnitRow;
        const parent = target === null ? null : (units[target % units.length] as UnitRow).id;
        const moved = units.map((u) => (u.id === moving.id ? { ...u, parent_id: parent } : u));
        expect(mayMoveUnder(units, moving.id, parent)).toBe(!hasCycle(moved));
      }),
    );
  });

  it('counts a unit among its own descendants', () => {
    const units = [unit('a', null), unit('b', 'a'), unit('c', 'b'), unit('d', null)];
    expect([...unitAndDescendants(units, 'a')].sort()).toEqual(['a', 'b', 'c']);
    expect(mayMoveUnder(units, 'a', 'c')).toBe(false);
    expect(mayMoveUnder(units, 'c', 'd')).toBe(true);
  });
});

describe('line management', () => {
  it('refuses self-management and loops through others', () => {
    const managers = new Map<string, string | null>([
      ['amira', 'tom'],
      ['tom', 'declan'],
      ['declan', null],
    ]);
    expect(mayManage(managers, 'amira', 'amira')).toBe(false);
    expect(mayManage(managers, 'declan', 'amira')).toBe(false);
    expect(mayManage(managers, 'tom', 'amira')).toBe(false);
    expect(mayManage(managers, 'amira', 'declan')).toBe(true);
    expect(mayManage(managers, 'priya', 'amira')).toBe(true);
  });

  it('keeps any chain of allowed changes free of loops', () => {
    const people = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...people), fc.constantFrom(...people)), { maxLength: 40 }),
        (changes) => {
          const managers = new Map<string, string | null>();
          for (const [person, manager] of changes) {
            if (mayManage(managers, person, manager)) managers.set(person, manager);
          }
          for (const start of people) {
            const seen = new Set<string>();
            let at: string | null | undefined = start;
            while (at !== null && at !== undefined) {
              expect(seen.has(at)).toBe(false);
              seen.add(at);
              at = managers.get(at);
            }
          }
        },
      ),
    );
  });
});
