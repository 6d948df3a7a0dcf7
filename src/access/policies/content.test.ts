import { describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../visibility.ts';
import { type ContentAction, type ContentFacts, can } from './content.ts';
import { managesPerson, readsMemberRecords, runsSpace } from './people.ts';

const council = 'org-council';
const charity = 'org-charity';
const space = 'space-partnership';

const person = (
  personId: string,
  orgIds: string[],
  extra: Partial<Extract<Principal, { kind: 'person' }>> = {},
): Extract<Principal, { kind: 'person' }> => ({
  kind: 'person',
  personId,
  orgIds,
  spaceIds: [space],
  platformAdmin: false,
  currentOrgId: orgIds[0] ?? null,
  roles: ['member'],
  ...extra,
});

const owner = person('p-owner', [council]);
const coWriter = person('p-co', [council]);
const colleague = person('p-colleague', [council]);
const moderator = person('p-mod', [council], { roles: ['member', 'moderator'] });
const platformModerator = person('p-platform', [charity], { platformModerator: true });
const partner = person('p-partner', [charity]);
const callers = [owner, coWriter, colleague, moderator, platformModerator, partner, anonymous];

const record = (visibility: ContentFacts['visibility'], state: 'draft' | 'waiting' | 'published'): ContentFacts => ({
  orgId: council,
  ownerPersonId: 'p-owner',
  visibility,
  spaceId: visibility === 'space' ? space : null,
  published: state === 'published',
  underReview: state !== 'draft',
  writerIds: ['p-owner', 'p-co'],
});

// Written out by hand: [owner, co-writer, colleague, moderator, platform moderator, partner, anonymous].
const table: [ContentFacts['visibility'], 'draft' | 'waiting' | 'published', ContentAction, boolean[]][] = [
  ['organisation', 'published', 'read', [true, true, true, true, false, false, false]],
  ['organisation', 'draft', 'read', [false, false, false, false, false, false, false]],
  ['public', 'published', 'read', [true, true, true, true, true, true, true]],
  ['space', 'published', 'read', [true, true, true, true, true, true, false]],
  ['organisation', 'draft', 'open', [true, true, false, false, false, false, false]],
  ['private', 'draft', 'open', [true, true, false, false, false, false, false]],
  ['private', 'published', 'open', [true, true, false, false, false, false, false]],
  ['organisation', 'waiting', 'review', [false, false, false, true, false, false, false]],
  ['public', 'waiting', 'review', [false, false, false, false, true, false, false]],
  ['private', 'waiting', 'review', [false, false, false, false, false, false, false]],
  ['organisation', 'draft', 'review', [false, false, false, false, false, false, false]],
  ['signed_in', 'published', 'review', [false, false, false, true, false, false, false]],
  ['public', 'published', 'write', [true, true, false, false, false, false, false]],
];

describe('content policies', () => {
  for (const [visibility, state, action, row] of table) {
    it(`${action}: a ${state} record shared as ${visibility}`, () => {
      const r = record(visibility, state);
      expect(callers.map((c) => can(c, action, r))).toEqual(row);
    });
  }

  it('stops a writer who left the organisation from writing, and a token for another organisation', () => {
    const r = record('organisation', 'draft');
    expect(can(person('p-co', [charity]), 'write', r)).toBe(false);
    expect(can({ ...owner, orgIds: [charity], actingOrgId: charity }, 'write', r)).toBe(false);
    expect(can({ ...owner, actingOrgId: council }, 'write', r)).toBe(true);
  });

  it('reviews only in the organisation the moderator is working in', () => {
    const elsewhere = { ...moderator, orgIds: [council, charity], currentOrgId: charity };
    expect(can(elsewhere, 'review', record('organisation', 'waiting'))).toBe(false);
  });
});

describe('people policies', () => {
  const manager = person('p-manager', [council], { roles: ['member', 'line_manager'] });
  const placement = { orgId: council, personId: 'p-report', managerId: 'p-manager', member: true };

  it('lets a line manager see the people they manage, while both are in the organisation', () => {
    expect(managesPerson(manager, placement)).toBe(true);
    expect(managesPerson(manager, { ...placement, member: false })).toBe(false);
    expect(managesPerson(manager, { ...placement, managerId: 'someone-else' })).toBe(false);
    expect(managesPerson({ ...manager, roles: ['member'] }, placement)).toBe(false);
    expect(managesPerson({ ...manager, orgIds: [council, charity], currentOrgId: charity }, placement)).toBe(false);
  });

  it('gives the member records to admins and HR/OD of the organisation they work in', () => {
    expect(readsMemberRecords(person('a', [council], { roles: ['hr_od'] }), council)).toBe(true);
    expect(readsMemberRecords(person('a', [council], { roles: ['org_admin'] }), council)).toBe(true);
    expect(readsMemberRecords(person('a', [council], { roles: ['line_manager'] }), council)).toBe(false);
    expect(readsMemberRecords(person('a', [charity], { roles: ['hr_od'] }), council)).toBe(false);
  });

  it('lets the host organisation’s admins and coordinators run a space they reach', () => {
    const hosted = { id: space, hostOrgId: council };
    expect(runsSpace(person('a', [council], { roles: ['coordinator'] }), hosted)).toBe(true);
    expect(runsSpace(person('a', [council], { roles: ['coordinator'], spaceIds: [] }), hosted)).toBe(false);
    expect(runsSpace(person('a', [charity], { roles: ['org_admin'] }), hosted)).toBe(false);
    expect(runsSpace(person('a', [council], { roles: ['moderator'] }), hosted)).toBe(false);
  });
});
