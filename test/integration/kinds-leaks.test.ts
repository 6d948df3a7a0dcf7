// The leak test for every registered kind: records of each kind are planted in every scope, in published and
// unpublished states, in two owning organisations, and five kinds of caller (anonymous, the writer, a
// colleague, a partner sharing a space, someone unrelated) try every shared way of reaching them: the kind's
// readable lookup, the discussion under it, comments on it, reports, and the search across kinds. Notes, a
// kind that exists only in this test (test/support/test-kind.ts), go through the same code as stories.
// Each reading group also gets a session and its facilitator's private reflection: the session opens only for
// those who may read the group, the reflection only for its author. Routes that list, search, count, feed,
// export or show stories are covered route by route in story-leaks.test.ts and visibility.test.ts, and every
// route's answer to each caller (sessions and reflections included) in access-matrix.test.ts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../../src/access/principal.ts';
import { anonymous, canSee, type Principal, type Visibility, visibilities } from '../../src/access/visibility.ts';
import { articleKind } from '../../src/articles/kind.ts';
import type { ScopedKind } from '../../src/content/kind.ts';
import { readableRecord } from '../../src/content/records.ts';
import type { Db } from '../../src/db/database.ts';
import { readingGroupKind } from '../../src/groups/kind.ts';
import { libraryItemKind } from '../../src/library/kind.ts';
import { searchAcrossKinds } from '../../src/search/engine.ts';
import { createServices, type Services } from '../../src/services.ts';
import { storyKind } from '../../src/stories/kind.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createNoteTable, noteKind, plantNote } from '../support/test-kind.ts';

let t: TestApp;
let services: Services;

interface Planted {
  kind: ScopedKind;
  id: string;
  orgId: string;
  writerId: string;
  visibility: Visibility;
  spaceId: string | null;
  published: boolean;
  /** Null for a kind nobody discusses. */
  commentId: string | null;
}
const planted: Planted[] = [];
const callers: { name: string; principal: Principal }[] = [];

const people = {
  writer: 'tom.haddley@northshire-county-council.example',
  colleague: 'amira.okafor@northshire-county-council.example',
  partner: 'hannah.birtwistle@kelbridge-wellbeing-network.example',
  unrelated: 'callum.ridding@northshire-fire-rescue.example',
};

/** Each kind: how the test plants one record, and its unpublished states. */
const planters: {
  kind: ScopedKind;
  unpublished: string[];
  plant: (
    db: Db,
    r: {
      orgId: string;
      writerId: string;
      visibility: Visibility;
      spaceId: string | null;
      status: string;
      words: string;
      n: number;
    },
  ) => Promise<string>;
}[] = [
  {
    kind: storyKind,
    unpublished: ['draft', 'submitted', 'withdrawn'],
    async plant(db, r) {
      const row = await db
        .insertInto('stories')
        .values({
          org_id: r.orgId,
          slug: `kinds-leak-${r.n}`,
          title: `Story ${r.words}`,
          form: 'profile',
          body: `The ${r.words} team met.`,
          primary_characteristic: 'career',
          characteristics: ['career'],
          roles: ['broker'],
          place: '',
          author_id: r.writerId,
          visibility: r.visibility,
          space_id: r.spaceId,
          status: r.status as 'published',
          published_at: r.status === 'published' ? new Date() : null,
          submitted_at: r.status === 'draft' ? null : new Date(),
          region: '',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  },
  {
    // Scheduled: published with its time still to come, which the kind's readable rule keeps hidden.
    kind: articleKind,
    unpublished: ['draft', 'scheduled'],
    async plant(db, r) {
      const row = await db
        .insertInto('articles')
        .values({
          org_id: r.orgId,
          owner_id: r.writerId,
          visibility: r.visibility,
          space_id: r.spaceId,
          article_kind: 'blog_post',
          title: `Article ${r.words}`,
          body: `The ${r.words} team met.`,
          series_id: null,
          guest_name: null,
          guest_job: null,
          guest_org: null,
          status: r.status === 'draft' ? 'draft' : 'published',
          published_at:
            r.status === 'draft' ? null : r.status === 'scheduled' ? new Date(Date.now() + 86_400_000) : new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  },
  {
    kind: noteKind,
    unpublished: ['draft', 'waiting', 'editing'],
    plant: (db, r) =>
      plantNote(db, {
        orgId: r.orgId,
        writerId: r.writerId,
        heading: `Note ${r.words}`,
        body: `The ${r.words} team met.`,
        sharedWith: r.visibility,
        spaceId: r.spaceId,
        state: r.status,
      }),
  },
  {
    kind: readingGroupKind,
    unpublished: ['closed'],
    async plant(db, r) {
      const row = await db
        .insertInto('reading_groups')
        .values({
          org_id: r.orgId,
          created_by: r.writerId,
          name: `Group ${r.words}`,
          about: `The ${r.words} readers meet.`,
          visibility: r.visibility,
          space_id: r.spaceId,
          join_rule: 'open',
          status: r.status as 'open',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('group_members')
        .values({ org_id: r.orgId, group_id: row.id, person_id: r.writerId, role: 'facilitator' })
        .execute();
      return row.id;
    },
  },
  {
    kind: libraryItemKind,
    unpublished: ['submitted', 'changes_requested', 'rejected'],
    async plant(db, r) {
      const row = await db
        .insertInto('library_items')
        .values({
          org_id: r.orgId,
          suggested_by: r.writerId,
          visibility: r.visibility,
          space_id: r.spaceId,
          status: r.status as 'published',
          item_type: 'report',
          title: `Library item ${r.words}`,
          authors: '[]',
          summary: `The ${r.words} team met.`,
          submitted_at: new Date(),
          published_at: r.status === 'published' ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
  },
];

/** The rule, independently: readers have it, and its scope lets the caller see it. */
const readable = (p: Principal, r: Planted) =>
  r.published && canSee(p, { orgId: r.orgId, ownerPersonId: r.writerId, visibility: r.visibility, spaceId: r.spaceId });

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await createNoteTable(db);
  services = createServices(db, t.database.pool, undefined, {}, { kinds: [noteKind], baseUrl: 'http://localhost' });
  const idOf = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const orgOf = async (slug: string) =>
    (await db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const writer = await idOf(people.writer);
  const council = await orgOf('northshire-county-council');
  const fire = await orgOf('northshire-fire-rescue');
  // The space the council shares with the partner (the demo's shared-space story names it).
  const shared = await db
    .selectFrom('stories')
    .select('space_id')
    .where('visibility', '=', 'space')
    .executeTakeFirstOrThrow();
  // The writer belongs to the council only; a record "owned" by the fire service has another writer there.
  const fireWriter = await idOf(people.unrelated);
  let n = 0;
  for (const { kind, unpublished, plant } of planters) {
    for (const [orgId, writerId] of [
      [council, writer],
      [fire, fireWriter],
    ] as const) {
      for (const visibility of visibilities) {
        for (const status of [kind.published, ...unpublished]) {
          n += 1;
          const spaceId = visibility === 'space' ? (orgId === council ? shared.space_id : null) : null;
          if (visibility === 'space' && spaceId === null) continue;
          const id = await plant(db, { orgId, writerId, visibility, spaceId, status, words: 'puffin', n });
          const comment = !kind.discussed
            ? undefined
            : await db
                .insertInto('comments')
                .values({
                  org_id: orgId,
                  target_type: kind.type,
                  target_id: id,
                  author_id: writerId,
                  body: `Comment ${n}`,
                  edited_at: null,
                })
                .returning('id')
                .executeTakeFirstOrThrow();
          planted.push({
            kind,
            id,
            orgId,
            writerId,
            visibility,
            spaceId,
            published: status === kind.published,
            commentId: comment?.id ?? null,
          });
        }
      }
    }
  }
  callers.push({ name: 'anonymous', principal: anonymous });
  for (const [name, email] of Object.entries(people))
    callers.push({ name, principal: await principalFor(db, await idOf(email)) });
}, 120_000);

afterAll(() => t?.close());

describe('every kind of content', () => {
  it('plants records of each kind in every scope and state', () => {
    for (const { kind } of planters) {
      const mine = planted.filter((p) => p.kind === kind);
      expect(new Set(mine.map((p) => p.visibility)).size).toBe(visibilities.length);
      expect(mine.some((p) => p.published) && mine.some((p) => !p.published)).toBe(true);
    }
    expect(callers).toHaveLength(5);
  });

  it('opens a record through its kind only for callers who may read it', async () => {
    for (const c of callers) {
      for (const r of planted) {
        const found = await readableRecord(t.database.db, r.kind, c.principal, r.id);
        expect(found !== undefined, `${c.name} ${r.kind.type} ${r.visibility} published=${r.published}`).toBe(
          readable(c.principal, r),
        );
      }
    }
  });

  it('shows the discussion, and each comment, only to callers who may read the record', async () => {
    for (const c of callers) {
      for (const r of planted.filter((p) => p.commentId !== null)) {
        const expected = readable(c.principal, r);
        const discussion = await services.discussion.forContent(c.principal, { type: r.kind.type, id: r.id });
        expect(discussion !== undefined, `${c.name} discussion ${r.kind.type} ${r.visibility}`).toBe(expected);
        if (discussion) expect(discussion.comments.map((x) => x.id)).toContain(r.commentId);
        const comment = await services.discussion.find(c.principal, r.commentId as string);
        expect(comment !== undefined, `${c.name} comment ${r.kind.type} ${r.visibility}`).toBe(expected);
      }
    }
  });

  it('finds by words, across kinds, exactly the records each caller may read', async () => {
    for (const c of callers) {
      const results = await searchAcrossKinds(
        t.database.db,
        services.kinds.all().filter((k) => k.parent === undefined) as ScopedKind[],
        c.principal,
        'puffin',
        {
          limit: 500,
          offset: 0,
        },
      );
      const expected = planted.filter((r) => readable(c.principal, r)).map((r) => r.id);
      expect(results.items.map((i) => i.id).sort(), c.name).toEqual(expected.sort());
      // Both kinds are found for a caller who may read some of each.
      for (const { kind } of planters) {
        const some = planted.filter((r) => r.kind === kind && readable(c.principal, r)).length;
        expect(results.counts[kind.type] ?? 0, `${c.name} ${kind.type}`).toBe(some);
      }
    }
  });

  it('opens a group’s session only for callers who may read the group, and a reflection only for its author', async () => {
    const db = t.database.db;
    const groups = planted.filter((r) => r.kind === readingGroupKind);
    const colleague = callers.find((c) => c.name === 'colleague')?.principal;
    if (colleague?.kind !== 'person') throw new Error('no colleague');
    const sessions: { group: Planted; sessionId: string; reflection: string }[] = [];
    for (const [i, group] of groups.entries()) {
      const startsAt = new Date(Date.now() + (30 + i) * 86_400_000);
      const session = await db
        .insertInto('group_sessions')
        .values({
          org_id: group.orgId,
          group_id: group.id,
          title: `Session ${i}`,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + 3_600_000),
          capacity: null,
          cancelled_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const reflection = `Private reflection ${i} of the facilitator`;
      await db
        .insertInto('session_reflections')
        .values({ person_id: group.writerId, session_org: group.orgId, session_id: session.id, body: reflection })
        .execute();
      // The writer's colleague is a member of every council group they may read: the one other person the
      // meeting's page opens for, who must still never see the facilitator's reflection.
      if (group.orgId === colleague.currentOrgId && readable(colleague, group))
        await db
          .insertInto('group_members')
          .values({ org_id: group.orgId, group_id: group.id, person_id: colleague.personId })
          .execute();
      sessions.push({ group, sessionId: session.id, reflection });
    }
    expect(sessions.length).toBeGreaterThan(10);
    for (const c of callers) {
      for (const { group, sessionId, reflection } of sessions) {
        const label = `${c.name} session of a ${group.visibility} group, open=${group.published}`;
        const found = await services.groups.session(c.principal, group.id, sessionId);
        expect(found !== undefined, label).toBe(readable(c.principal, group));
        if (c.principal.kind !== 'person') continue;
        const meeting = await services.meetings.forMember(c.principal, group.id, sessionId);
        const author = c.principal.personId === group.writerId;
        // Nobody but its author reads the reflection, on any page of the meeting.
        expect(meeting?.reflection?.body === reflection, label).toBe(author && readable(c.principal, group));
        if (meeting && !author) expect(JSON.stringify(meeting), label).not.toContain(reflection);
      }
    }
  });

  it('keeps the comment kind’s SQL rule in step with its parent’s', async () => {
    const comments = services.kinds.get('comment');
    if (!comments) throw new Error('no comment kind');
    for (const c of callers) {
      const { rows } = await sql<{ id: string }>`
        select c.id from comments c where ${comments.readable(c.principal, 'c')}`.execute(t.database.db);
      const seen = new Set(rows.map((r) => r.id));
      for (const r of planted.filter((p) => p.commentId !== null))
        expect(seen.has(r.commentId as string), `${c.name} ${r.kind.type} ${r.visibility}`).toBe(
          readable(c.principal, r),
        );
    }
  });
});
