// Moderation works for a kind other than stories without changing its code: "notes" (test/support/test-kind.ts)
// have their own table, columns, statuses and workflow, and are only added to the services. A waiting note
// reaches exactly the moderators whose reach it is in, decisions follow the note workflow, its two writers
// are told, every decision is kept in the history and the audit log, and readers' reports on a note and on a
// comment on it reach the note's moderators. Every expectation below is written out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsService } from '../../src/accounts/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';
import { createNoteTable, noteKind, plantNote } from '../support/test-kind.ts';

let t: TestApp;
const people = {
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  morven: 'morven.quayle@northshire-county-council.example', // platform moderator (not a council moderator)
  amira: 'amira.okafor@northshire-county-council.example', // member, county council: a note's writer
  tom: 'tom.haddley@northshire-county-council.example', // member, county council: its second writer
  rosa: 'rosa.penhallow@northshire-county-council.example', // coordinator, county council: a reader
  olu: 'olu.fairweather@kelbridge-wellbeing-network.example', // made the charity's moderator below
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
  callum: 'callum.ridding@northshire-fire-rescue.example', // member, fire service
};
type Who = keyof typeof people;
const session = demoSessions(() => t);
const db = () => t.database.db;

const get = async (who: Who, url: string) => t.app.inject({ url, headers: { cookie: await session(people[who]) } });
const post = async (who: Who, url: string, fields: Record<string, string> = {}) =>
  postForm(t.app, await session(people[who]), '/account', url, fields);

const userId = async (who: Who) =>
  (await db().selectFrom('users').select('id').where('email', '=', people[who]).executeTakeFirstOrThrow()).id;
const orgId = async (slug: string) =>
  (await db().selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

const council = () => orgId('northshire-county-council');

/** A note by Amira with Tom as its second writer, unless said otherwise. */
async function note(input: {
  heading: string;
  state: string;
  sharedWith?: string;
  org?: string;
  writer?: Who;
  blocked?: string;
}) {
  return plantNote(db(), {
    orgId: input.org ? await orgId(input.org) : await council(),
    writerId: await userId(input.writer ?? 'amira'),
    secondWriterId: input.writer ? null : await userId('tom'),
    heading: input.heading,
    body: `The words of **${input.heading}**.`,
    sharedWith: input.sharedWith ?? 'organisation',
    state: input.state,
    blocked: input.blocked ?? null,
  });
}

const noteRow = async (id: string) => {
  const { rows } = await t.database.pool.query<{ state: string; out_at: Date | null }>(
    'select state, out_at from test_notes where id = $1',
    [id],
  );
  return rows[0];
};

const mailTo = (who: Who) =>
  db()
    .selectFrom('email_outbox')
    .select(['subject', 'body_text'])
    .where('to_address', '=', people[who])
    .orderBy('created_at')
    .execute();

const eventsOn = (id: string) =>
  db()
    .selectFrom('moderation_events')
    .select(['target_type', 'action', 'reason'])
    .where('target_id', '=', id)
    .orderBy('created_at')
    .execute();

const auditSummaries = async () =>
  (
    await db().selectFrom('audit_events').select('summary').where('action', '=', 'moderation').orderBy('at').execute()
  ).map((a) => a.summary);

let garethToken = '';

beforeAll(async () => {
  t = await createTestApp({ services: { kinds: [noteKind] } });
  await createNoteTable(db());
  await db()
    .insertInto('memberships')
    .values({ org_id: await orgId('kelbridge-wellbeing-network'), user_id: await userId('olu'), role: 'moderator' })
    .execute();
  garethToken = await accountsService(db()).createToken(people.gareth, 'northshire-county-council', 'moderation');
});
afterAll(() => t.close());

describe('the queue, with notes registered', () => {
  const notes: Record<string, string> = {};

  beforeAll(async () => {
    notes.council = await note({ heading: 'Note waiting for the council', state: 'waiting' });
    notes.charity = await note({
      heading: 'Note waiting for the charity',
      state: 'waiting',
      org: 'kelbridge-wellbeing-network',
      writer: 'hannah',
    });
    notes.public = await note({ heading: 'Public note waiting', state: 'waiting', sharedWith: 'public' });
    notes.private = await note({ heading: 'Private note waiting', state: 'waiting', sharedWith: 'private' });
    notes.editing = await note({ heading: 'Note still being edited', state: 'editing' });
  });

  // Hand-written: which moderator's queue and review pages hold which note.
  const expected: Record<'gareth' | 'morven' | 'olu', string[]> = {
    gareth: ['council'],
    morven: ['public'],
    olu: ['charity'],
  };
  const headings: Record<string, string> = {
    council: 'Note waiting for the council',
    charity: 'Note waiting for the charity',
    public: 'Public note waiting',
    private: 'Private note waiting',
    editing: 'Note still being edited',
  };

  for (const [who, theirs] of Object.entries(expected) as ['gareth' | 'morven' | 'olu', string[]][]) {
    it(`shows ${who} only the waiting notes in their reach, linked to their review page`, async () => {
      const queue = await get(who, '/moderation');
      expect(queue.statusCode).toBe(200);
      for (const [key, heading] of Object.entries(headings)) {
        if (theirs.includes(key)) {
          expect(queue.body, heading).toContain(heading);
          expect(queue.body).toContain(`href="/moderation/notes/${notes[key]}"`);
          expect(queue.body).toContain('Submitted note');
          expect((await get(who, `/moderation/notes/${notes[key]}`)).statusCode).toBe(200);
        } else {
          expect(queue.body, heading).not.toContain(heading);
          expect((await get(who, `/moderation/notes/${notes[key]}`)).statusCode, `${who} ${key}`).toBe(404);
        }
      }
    });
  }

  it('links an organisation’s own moderators to the pages each kind offers them, and nobody else', async () => {
    const link = '<a class="govuk-link" href="/moderation/import">Import a collection of stories</a>';
    expect((await get('gareth', '/moderation')).body).toContain(link);
    expect((await get('morven', '/moderation')).body).not.toContain('/moderation/import');
  });

  it('shows the note on its review page, in its own words and statuses', async () => {
    const review = await get('gareth', `/moderation/notes/${notes.council}`);
    expect(review.body).toContain('The words of <strong>Note waiting for the council</strong>.');
    expect(review.body).toContain('The note as readers would see it');
    expect(review.body).toContain('Review · Waiting');
    expect(review.body).toContain('Amira Okafor');
    expect(review.body).not.toContain('People in the story');
  });
});

describe('deciding on a note', () => {
  it('will not publish a blocked note, and says why, on the page and in the API', async () => {
    const id = await note({ heading: 'Blocked note', state: 'waiting', blocked: 'Tom has not agreed to this yet.' });
    const review = await get('gareth', `/moderation/notes/${id}`);
    expect(review.body).toContain('This note cannot be published yet');
    expect(review.body).toContain('Tom has not agreed to this yet.');
    const refused = await post('gareth', `/moderation/notes/${id}/publish`);
    expect(refused.statusCode).toBe(422);
    const byApi = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/notes/${id}/publish`,
      headers: { authorization: `Bearer ${garethToken}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(byApi.statusCode).toBe(422);
    expect(byApi.json().error).toMatchObject({
      code: 'not_ready',
      fields: { note_blocked: 'Tom has not agreed to this yet.' },
    });
    expect(await noteRow(id)).toEqual({ state: 'waiting', out_at: null });
    expect(await eventsOn(id)).toEqual([]);
  });

  it('publishes a note: it is out, both writers are told, and the history and audit log say so', async () => {
    const id = await note({ heading: 'Ready to go out', state: 'waiting' });
    expect((await get('gareth', `/moderation/notes/${id}/publish`)).body).toContain('Publish this note?');
    const done = await post('gareth', `/moderation/notes/${id}/publish`);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/moderation?done=publish&type=note');
    expect((await get('gareth', done.headers.location as string)).body).toContain(
      'The note is published and its authors were told.',
    );
    const row = await noteRow(id);
    expect(row?.state).toBe('out');
    expect(row?.out_at).not.toBeNull();
    for (const who of ['amira', 'tom'] as const) {
      const mail = (await mailTo(who)).at(-1);
      expect(mail?.subject).toBe('Your note “Ready to go out” is published');
      expect(mail?.body_text).toContain(`Readers can find it here: http://localhost/notes/${id}`);
    }
    expect(await eventsOn(id)).toEqual([{ target_type: 'note', action: 'published', reason: '' }]);
    expect((await auditSummaries()).at(-1)).toBe('Note “Ready to go out”: published.');
    // Decided once: a second decision is not a move the note workflow has.
    const again = await post('gareth', `/moderation/notes/${id}/reject`, { reason: 'Changed my mind.' });
    expect(again.statusCode).toBe(409);
    expect((await noteRow(id))?.state).toBe('out');
  });

  it('sends a note back for editing only with a reason, which reaches both writers', async () => {
    const id = await note({ heading: 'Needs another look', state: 'waiting' });
    const url = `/moderation/notes/${id}/request-changes`;
    const missing = await post('gareth', url, { reason: ' ' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Tell the author why');
    expect((await noteRow(id))?.state).toBe('waiting');
    expect((await post('gareth', url, { reason: 'Say which team this was.' })).statusCode).toBe(303);
    expect(await noteRow(id)).toEqual({ state: 'editing', out_at: null });
    for (const who of ['amira', 'tom'] as const) {
      const mail = (await mailTo(who)).at(-1);
      expect(mail?.subject).toBe('Your note “Needs another look” needs changes before it is published');
      expect(mail?.body_text).toContain('Say which team this was.');
    }
    expect(await eventsOn(id)).toEqual([
      { target_type: 'note', action: 'changes_requested', reason: 'Say which team this was.' },
    ]);
    expect((await auditSummaries()).at(-1)).toBe('Note “Needs another look”: changes requested.');
    // Back with its writers: no longer any moderator's to open.
    expect((await get('gareth', `/moderation/notes/${id}`)).statusCode).toBe(404);
  });

  it('refuses a note with a reason, by the API too', async () => {
    const id = await note({ heading: 'Not for sharing', state: 'waiting' });
    const url = `/api/v1/moderation/notes/${id}/reject`;
    const send = (body: unknown) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${garethToken}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    expect((await send({})).statusCode).toBe(400);
    const refused = await send({ reason: 'It describes a resident.' });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toEqual({ id, status: 'refused', publishedAt: null });
    expect((await noteRow(id))?.state).toBe('refused');
  });
});

describe('reports on a note and on a comment on it', () => {
  let noteId = '';
  let commentId = '';
  const reportOn = async (targetId: string) =>
    (await db().selectFrom('reports').select('id').where('target_id', '=', targetId).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    noteId = await note({ heading: 'A note readers have', state: 'out' });
    expect((await post('rosa', `/notes/${noteId}/comments`, { body: 'A comment that goes too far.' })).statusCode).toBe(
      303,
    );
    commentId = (
      await db().selectFrom('comments').select('id').where('target_id', '=', noteId).executeTakeFirstOrThrow()
    ).id;
  });

  it('lets a reader who can see the note report it and the comment; others get a 404', async () => {
    const form = await get('rosa', `/report/note/${noteId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Report the note “A note readers have”');
    expect(form.body).toContain(`href="/notes/${noteId}"`);
    expect((await get('callum', `/report/note/${noteId}`)).statusCode).toBe(404);
    expect((await get('hannah', `/report/comment/${commentId}`)).statusCode).toBe(404);
    const sent = await post('rosa', `/report/note/${noteId}`, { reason: 'It names a resident.' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('Back to the note');
    expect((await post('amira', `/report/comment/${commentId}`, { reason: 'Unkind to the writers.' })).statusCode).toBe(
      200,
    );
  });

  it('puts both reports in the council moderator’s queue and nobody else’s', async () => {
    const queue = await get('gareth', '/moderation');
    expect(queue.body).toContain('Report on a note');
    expect(queue.body).toContain('It names a resident.');
    expect(queue.body).toContain('Report on a comment');
    expect(queue.body).toContain('Unkind to the writers.');
    for (const who of ['morven', 'olu'] as const) {
      const theirs = await get(who, '/moderation');
      expect(theirs.body).not.toContain('It names a resident.');
      expect(theirs.body).not.toContain('Unkind to the writers.');
      expect((await get(who, `/moderation/reports/${await reportOn(noteId)}`)).statusCode).toBe(404);
    }
    const review = await get('gareth', `/moderation/notes/${noteId}`);
    expect(review.body).toContain('Report on the note');
    expect(review.body).toContain('Report on the comment');
    const comment = await get('gareth', `/moderation/reports/${await reportOn(commentId)}`);
    expect(comment.body).toContain('A comment by Rosa Penhallow on');
    expect(comment.body).toContain('A comment that goes too far.');
  });

  it('takes a reported note from readers: back to editing, its writers told, the report closed', async () => {
    const report = await reportOn(noteId);
    const url = `/moderation/reports/${report}/remove`;
    expect((await get('gareth', url)).body).toContain('Remove the reported note?');
    expect((await post('gareth', url, { reason: '' })).statusCode).toBe(400);
    expect((await post('gareth', url, { reason: 'Take out the resident’s name.' })).statusCode).toBe(303);
    expect(await noteRow(noteId)).toEqual({ state: 'editing', out_at: null });
    for (const who of ['amira', 'tom'] as const) {
      const mail = (await mailTo(who)).at(-1);
      expect(mail?.subject).toBe('Your note “A note readers have” was taken down');
      expect(mail?.body_text).toContain('Take out the resident’s name.');
      expect(mail?.body_text).toContain(
        `You can change the note and submit it again: http://localhost/notes/${noteId}`,
      );
    }
    expect(
      await db().selectFrom('reports').select(['outcome']).where('id', '=', report).executeTakeFirstOrThrow(),
    ).toEqual({ outcome: 'removed' });
    expect(await eventsOn(noteId)).toEqual([
      { target_type: 'note', action: 'hidden', reason: 'Take out the resident’s name.' },
    ]);
    expect((await auditSummaries()).at(-1)).toBe('Removed a reported note on the note “A note readers have”.');
  });

  it('still lets the moderator remove the reported comment on the note taken down, hiding it', async () => {
    const report = await reportOn(commentId);
    expect((await get('gareth', `/moderation/reports/${report}`)).statusCode).toBe(200);
    expect((await post('gareth', `/moderation/reports/${report}/remove`, { reason: 'Not kind.' })).statusCode).toBe(
      303,
    );
    expect(
      await db().selectFrom('comments').select('status').where('id', '=', commentId).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'hidden' });
    expect(await eventsOn(commentId)).toEqual([{ target_type: 'comment', action: 'hidden', reason: 'Not kind.' }]);
    expect((await auditSummaries()).at(-1)).toBe('Removed a reported comment on the note “A note readers have”.');
    // Nothing is open on the note now, and its writers have it: it has left every queue.
    expect((await get('gareth', '/moderation')).body).not.toContain('A note readers have');
    expect((await get('gareth', `/moderation/notes/${noteId}`)).statusCode).toBe(404);
  });
});
