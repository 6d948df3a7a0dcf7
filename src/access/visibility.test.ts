import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anonymous, canSee, holds, type Principal, type ScopedRecord, visibilities } from './visibility.ts';

const council = 'org-council';
const charity = 'org-charity';
const unrelated = 'org-fire';
const space = 'space-partnership';

const person = (
  personId: string,
  orgIds: string[],
  spaceIds: string[] = [],
): Extract<Principal, { kind: 'person' }> => ({
  kind: 'person',
  personId,
  orgIds,
  spaceIds,
  platformAdmin: false,
  currentOrgId: orgIds[0] ?? null,
  roles: ['member'],
});

const author = person('p-author', [council], [space]);
const colleague = person('p-colleague', [council], [space]);
const partner = person('p-partner', [charity], [space]);
const stranger = person('p-stranger', [unrelated]);

const record = (visibility: ScopedRecord['visibility']): ScopedRecord => ({
  orgId: council,
  ownerPersonId: 'p-author',
  visibility,
  spaceId: visibility === 'space' ? space : null,
});

// Who sees a council record in each scope: author, colleague, partner in the space, stranger, anonymous.
const expected: Record<ScopedRecord['visibility'], [boolean, boolean, boolean, boolean, boolean]> = {
  public: [true, true, true, true, true],
  signed_in: [true, true, true, true, false],
  space: [true, true, true, false, false],
  organisation: [true, true, false, false, false],
  private: [true, false, false, false, false],
};

describe('canSee', () => {
  for (const [visibility, row] of Object.entries(expected)) {
    it(`applies the ${visibility} scope`, () => {
      const r = record(visibility as ScopedRecord['visibility']);
      expect([author, colleague, partner, stranger, anonymous].map((p) => canSee(p, r))).toEqual(row);
    });
  }

  it('stops showing space records to a partner once their organisation leaves the space', () => {
    const left = person('p-partner', [charity], []);
    expect(canSee(left, record('space'))).toBe(false);
  });
});

describe('an API token', () => {
  // The author belongs to the council and the charity; each token acts for one of them.
  const both = person('p-author', [council, charity], [space]);
  const tokenFor = (orgId: string): Principal => ({
    ...both,
    orgIds: [orgId],
    currentOrgId: orgId,
    actingOrgId: orgId,
  });
  const own = (orgId: string, visibility: ScopedRecord['visibility']): ScopedRecord => ({
    orgId,
    ownerPersonId: 'p-author',
    visibility,
    spaceId: null,
  });

  it("sees the person's private records of its own organisation only", () => {
    expect(canSee(both, own(charity, 'private'))).toBe(true);
    expect(canSee(tokenFor(council), own(council, 'private'))).toBe(true);
    expect(canSee(tokenFor(council), own(charity, 'private'))).toBe(false);
    expect(canSee(tokenFor(charity), own(charity, 'private'))).toBe(true);
    expect(canSee(tokenFor(council), own(charity, 'organisation'))).toBe(false);
    expect(canSee(tokenFor(council), own(charity, 'signed_in'))).toBe(true);
  });

  it("reaches the person's own and organisation records in its organisation only", () => {
    const ids = ['org-a', 'org-b', 'org-c'];
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.constantFrom(...ids),
        fc.constantFrom(...visibilities),
        fc.boolean(),
        (acting, orgId, visibility, inSpace) => {
          const token: Principal = {
            kind: 'person',
            personId: 'p-owner',
            orgIds: [acting],
            spaceIds: inSpace ? ['s-1'] : [],
            platformAdmin: false,
            currentOrgId: acting,
            roles: ['member'],
            actingOrgId: acting,
          };
          const record: ScopedRecord = {
            orgId,
            ownerPersonId: 'p-owner',
            visibility,
            spaceId: visibility === 'space' ? 's-1' : null,
          };
          const expected = {
            public: true,
            signed_in: true,
            space: inSpace,
            organisation: orgId === acting,
            private: orgId === acting,
          }[visibility];
          expect(canSee(token, record)).toBe(expected);
          expect(holds(token, record)).toBe(orgId === acting);
        },
      ),
    );
  });
});
