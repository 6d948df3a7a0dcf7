// Discussion works for a kind other than stories without changing its code: notes, which exist only in this
// test (test/support/test-kind.ts), get comments, replies, reactions and the emails that say what the content
// is and link to its page, for both of a note's writers, by their notification choices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalFor } from '../../src/access/principal.ts';
import type { Principal } from '../../src/access/visibility.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createNoteTable, noteKind, plantNote } from '../support/test-kind.ts';

let t: TestApp;
let services: Services;
const emails = {
  writer: 'tom.haddley@northshire-county-council.example',
  second: 'amira.okafor@northshire-county-council.example',
  reader: 'rosa.penhallow@northshire-county-council.example',
};
const who: Record<string, { id: string; principal: Principal }> = {};
let noteId = '';

const mailTo = async (address: string) =>
  t.database.db
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', address)
    .orderBy('created_at')
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await createNoteTable(db);
  services = createServices(
    db,
    t.database.pool,
    undefined,
    {},
    { kinds: [noteKind], baseUrl: 'https://waymark.example' },
  );
  for (const [name, email] of Object.entries(emails)) {
    const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (!user) throw new Error(`no demo person ${email}`);
    who[name] = { id: user.id, principal: await principalFor(db, user.id) };
  }
  const council = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-county-council')
    .executeTakeFirstOrThrow();
  noteId = await plantNote(db, {
    orgId: council.id,
    writerId: who.writer?.id ?? null,
    secondWriterId: who.second?.id ?? null,
    heading: 'Harbour wall survey',
    sharedWith: 'organisation',
    state: 'out',
  });
}, 60_000);

afterAll(() => t?.close());

describe('discussion of a kind other than stories', () => {
  it('takes a comment on a note and tells both of its writers, naming a note and linking to it', async () => {
    const reader = who.reader?.principal as Principal;
    const result = await services.discussion.comment(
      reader,
      { type: 'note', id: noteId },
      { body: 'Useful, *thank you*.' },
    );
    expect(result).toMatchObject({ ok: true });
    for (const address of [emails.writer, emails.second]) {
      const mail = await mailTo(address);
      expect(mail.map((m) => m.subject)).toContain('Rosa Penhallow commented on your note “Harbour wall survey”');
      expect(mail.at(-1)?.body_text).toContain(`https://waymark.example/notes/${noteId}#comment-`);
    }
    expect(await mailTo(emails.reader)).toEqual([]);
    const shown = await services.discussion.forContent(reader, { type: 'note', id: noteId });
    expect(shown?.comments.map((c) => c.html)).toEqual(['<p class="govuk-body">Useful, <em>thank you</em>.</p>\n']);
    expect(shown?.content).toMatchObject({
      type: 'note',
      noun: 'note',
      url: `/notes/${noteId}`,
      title: 'Harbour wall survey',
    });
  });

  it('sends a reply to the comment’s author, and nothing to a writer who turned those emails off', async () => {
    const writer = who.writer?.principal as Principal;
    await services.notifications.save(who.second?.id as string, {
      comment_on_mine: false,
      reply_to_my_comment: true,
      moderation_outcome: true,
      group_place_given: true,
      group_join_request: true,
    });
    const before = (await mailTo(emails.second)).length;
    const parent = (await services.discussion.forContent(writer, { type: 'note', id: noteId }))?.comments[0];
    const reply = await services.discussion.comment(
      writer,
      { type: 'note', id: noteId },
      { body: 'Glad it helped.', parentId: parent?.id },
    );
    expect(reply).toMatchObject({ ok: true });
    expect((await mailTo(emails.reader)).map((m) => m.subject)).toEqual([
      'Tom Haddley replied to your comment on “Harbour wall survey”',
    ]);
    expect((await mailTo(emails.second)).length).toBe(before);
  });

  it('counts “this resonates” on a note, and refuses a kind nobody discusses', async () => {
    const reader = who.reader?.principal as Principal;
    expect(await services.discussion.toggleResonates(reader, { type: 'note', id: noteId })).toMatchObject({ on: true });
    expect((await services.discussion.forContent(reader, { type: 'note', id: noteId }))?.resonates).toEqual({
      count: 1,
      mine: true,
    });
    expect(await services.discussion.forContent(reader, { type: 'comment', id: noteId })).toBeUndefined();
    expect(await services.discussion.forContent(reader, { type: 'nothing', id: noteId })).toBeUndefined();
  });

  it('exports a person’s comments and reactions on a note with what they are about', async () => {
    const exported = await services.privacy.exportFor(who.reader?.id as string);
    const discussion = exported.sections.discussion?.data as {
      comments: { about: string; title: string | null; body: string | null }[];
      reactions: { about: string; title: string | null }[];
    };
    // The demo has the reader discussing stories too; here only what is about a note counts.
    expect(discussion.comments.filter((c) => c.about === 'note')).toEqual([
      expect.objectContaining({ about: 'note', title: 'Harbour wall survey', body: 'Useful, *thank you*.' }),
    ]);
    expect(discussion.reactions.filter((r) => r.about === 'note')).toEqual([
      expect.objectContaining({ about: 'note', title: 'Harbour wall survey' }),
    ]);
  });
});
