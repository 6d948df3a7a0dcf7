// The content policies' SQL twin (`allowed`) agrees with the rule over plain facts (`can`) for every action,
// on generated records of a kind other than stories and generated callers: organisations, spaces, roles,
// the organisation they work in, platform moderation and API tokens all varied.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowed, can, contentActions } from '../../src/access/policies/index.ts';
import { type Principal, visibilities } from '../../src/access/visibility.ts';
import { policyColumns } from '../../src/content/records.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createNoteTable, noteKind, plantNote } from '../support/test-kind.ts';

let database: TestDatabase;
const orgs: string[] = [];
const people: string[] = [];
const spaces = ['6f1c1c9e-0000-4000-8000-000000000001', '6f1c1c9e-0000-4000-8000-000000000002'];
const states = ['draft', 'waiting', 'out', 'editing', 'refused'];
interface Note {
  id: string;
  orgId: string;
  writerId: string | null;
  secondWriterId: string | null;
  sharedWith: (typeof visibilities)[number];
  spaceId: string | null;
  state: string;
}
const notes: Note[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  for (let i = 0; i < 3; i++) {
    const org = await db
      .insertInto('organisations')
      .values({
        name: `Policy org ${i}`,
        slug: `policy-org-${i}`,
        sector: 'local-government',
        region: '',
        retention_days: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgs.push(org.id);
  }
  for (let i = 0; i < 4; i++) {
    const user = await db
      .insertInto('users')
      .values({ email: `policy-${i}@example.org`, display_name: `Policy person ${i}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    people.push(user.id);
  }
  await createNoteTable(db);
  const rng = fc.sample(
    fc.record({
      org: fc.constantFrom(...orgs),
      writer: fc.option(fc.constantFrom(...people), { nil: null }),
      second: fc.option(fc.constantFrom(...people), { nil: null }),
      sharedWith: fc.constantFrom(...visibilities),
      space: fc.constantFrom(...spaces),
      state: fc.constantFrom(...states),
    }),
    { numRuns: 160, seed: 18 },
  );
  for (const r of rng) {
    const spaceId = r.sharedWith === 'space' ? r.space : null;
    const id = await plantNote(db, {
      orgId: r.org,
      writerId: r.writer,
      secondWriterId: r.second,
      heading: 'A note',
      sharedWith: r.sharedWith,
      spaceId,
      state: r.state,
    });
    notes.push({
      id,
      orgId: r.org,
      writerId: r.writer,
      secondWriterId: r.second,
      sharedWith: r.sharedWith,
      spaceId,
      state: r.state,
    });
  }
});

afterAll(async () => {
  await database?.drop();
});

const principalArbitrary = () =>
  fc.oneof(
    fc.constant<Principal>({ kind: 'anonymous' }),
    fc
      .record({
        personId: fc.constantFrom(...people),
        orgIds: fc.subarray(orgs),
        spaceIds: fc.subarray(spaces),
        moderator: fc.boolean(),
        platformModerator: fc.boolean(),
        token: fc.boolean(),
      })
      .map(
        ({ personId, orgIds, spaceIds, moderator, platformModerator, token }): Principal => ({
          kind: 'person',
          personId,
          orgIds: token ? orgIds.slice(0, 1) : orgIds,
          spaceIds,
          platformAdmin: false,
          platformModerator,
          currentOrgId: orgIds[0] ?? null,
          roles: moderator ? ['member', 'moderator'] : ['member'],
          ...(token && orgIds[0] ? { actingOrgId: orgIds[0] } : {}),
        }),
      ),
  );

describe('content policies in SQL', () => {
  it('allow exactly what the plain rule allows, for every action', async () => {
    // Sanity: the generated records cover every scope and state.
    expect(new Set(notes.map((n) => n.sharedWith)).size).toBe(visibilities.length);
    expect(new Set(notes.map((n) => n.state)).size).toBe(states.length);
    await fc.assert(
      fc.asyncProperty(principalArbitrary(), fc.constantFrom(...contentActions), async (p, action) => {
        const { rows } = await sql<{ id: string }>`
          select t.id from test_notes t where ${allowed(p, action, policyColumns(noteKind, 't'))}`.execute(database.db);
        const found = new Set(rows.map((r) => r.id));
        for (const n of notes) {
          const expected = can(p, action, {
            orgId: n.orgId,
            ownerPersonId: n.writerId,
            visibility: n.sharedWith,
            spaceId: n.spaceId,
            published: n.state === 'out',
            underReview: ['waiting', 'out', 'refused'].includes(n.state),
            writerIds: [n.writerId, n.secondWriterId].filter((w): w is string => w !== null),
          });
          expect(found.has(n.id), `${action} ${n.sharedWith} ${n.state}`).toBe(expected);
        }
      }),
      { numRuns: 120 },
    );
  });
});
