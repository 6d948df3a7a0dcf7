import { describe, expect, it } from 'vitest';
import { anonymous, canSee, type Principal, type ScopedRecord } from './visibility.ts';

const council = 'org-council';
const charity = 'org-charity';
const unrelated = 'org-fire';
const space = 'space-partnership';

const person = (personId: string, orgIds: string[], spaceIds: string[] = []): Principal => ({
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
