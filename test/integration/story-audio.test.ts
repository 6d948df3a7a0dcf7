// Stories told aloud: the author uploads a recording (its real type and length read from the file), writes
// the transcript, removes it; only a story's drafting authors change it, and the recording plays only for
// those who may read the story.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { silentWav } from '../support/audio.ts';
import { csrfOf, demoSessions, postForm } from '../support/forms.ts';
import { insertDraft } from '../support/stories.ts';

let t: TestApp;
let storyId = '';
const amira = 'amira.okafor@northshire-county-council.example';
const tom = 'tom.haddley@northshire-county-council.example';
const as = demoSessions(() => t);

/** Posts the upload form as a browser would: multipart, with the page's CSRF token in the action's query. */
async function upload(email: string, file: Buffer, name = 'story.wav', withToken = true) {
  const cookie = await as(email);
  // Any signed-in page carries the session's CSRF token (the sign-out form in the header).
  const page = await t.app.inject({ url: '/account', headers: { cookie } });
  const form = new FormData();
  form.append('recording', new Blob([new Uint8Array(file)]), name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return t.app.inject({
    method: 'POST',
    url: `/stories/${storyId}/audio${withToken ? `?_csrf=${encodeURIComponent(csrfOf(page.body))}` : ''}`,
    headers: { cookie, 'content-type': request.headers.get('content-type') ?? '' },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

const stored = () =>
  t.database.db
    .selectFrom('story_audio')
    .select(['media_type', 'size_bytes', 'duration_seconds'])
    .where('story_id', '=', storyId)
    .executeTakeFirst();

beforeAll(async () => {
  t = await createTestApp();
  storyId = await insertDraft(t.database.db, amira, {
    slug: 'told-aloud-draft',
    title: 'The night shift at the depot',
    body: 'A draft to be told aloud.',
  });
});
afterAll(() => t.close());

describe('a story told aloud', () => {
  it('is changed only by its author while it is a draft', async () => {
    expect(
      (await t.app.inject({ url: `/stories/${storyId}/audio`, headers: { cookie: await as(amira) } })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ url: `/stories/${storyId}/audio`, headers: { cookie: await as(tom) } })).statusCode,
    ).toBe(404);
    expect((await upload(tom, silentWav(1))).statusCode).toBe(404);
    expect((await t.app.inject(`/stories/${storyId}/audio`)).statusCode).toBe(303);
    expect((await upload(amira, silentWav(1), 'story.wav', false)).statusCode).toBe(403);
    expect(await stored()).toBeUndefined();
  });

  it('refuses a file that is not a recording, or is too big, whatever its name says', async () => {
    const text = await upload(amira, Buffer.from('This is not audio at all, just words.'), 'song.mp3');
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('The file is not a recording Waymark can read');
    expect(text.body).toContain('href="#recording"');
    const empty = await upload(amira, Buffer.alloc(0));
    expect(empty.body).toContain('Select a recording to upload');
    const big = await upload(amira, silentWav(1, 25 * 1024 * 1024));
    // Refused as it streams in, with the limit named (413, the form again).
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('The recording must be 25 MB or smaller');
    expect(await stored()).toBeUndefined();
  });

  it('keeps a recording with its real type and length, and plays it only to those who may read the story', async () => {
    const file = silentWav(2.5);
    const saved = await upload(amira, file, 'anything.bin');
    expect(saved.statusCode).toBe(303);
    expect(await stored()).toEqual({ media_type: 'audio/wav', size_bytes: file.length, duration_seconds: '2.50' });
    const page = await t.app.inject({ url: saved.headers.location ?? '', headers: { cookie: await as(amira) } });
    expect(page.body).toContain('The recording was saved.');
    expect(page.body).toContain('0 min 2 s');

    const played = await t.app.inject({ url: `/stories/${storyId}/recording`, headers: { cookie: await as(amira) } });
    expect(played.statusCode).toBe(200);
    expect(played.headers['content-type']).toBe('audio/wav');
    expect(Buffer.compare(played.rawPayload, file)).toBe(0);
    // A draft is its author's alone: a colleague and a visitor get nothing.
    expect(
      (await t.app.inject({ url: `/stories/${storyId}/recording`, headers: { cookie: await as(tom) } })).statusCode,
    ).toBe(404);
    expect((await t.app.inject(`/stories/${storyId}/recording`)).statusCode).toBe(404);
  });

  it('saves the transcript, keeping a too-long one on the page to shorten', async () => {
    const cookie = await as(amira);
    const long = 'word '.repeat(10_001);
    const refused = await postForm(t.app, cookie, `/stories/${storyId}/audio`, `/stories/${storyId}/transcript`, {
      transcript: long,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('The transcript must be 50,000 characters or fewer');
    expect(refused.body).toContain('word word word');
    const saved = await postForm(t.app, cookie, `/stories/${storyId}/audio`, `/stories/${storyId}/transcript`, {
      transcript: '  I start at ten, when the gritters come back in.  ',
    });
    expect(saved.statusCode).toBe(303);
    const story = await t.database.db
      .selectFrom('stories')
      .select('transcript')
      .where('id', '=', storyId)
      .executeTakeFirstOrThrow();
    expect(story.transcript).toBe('I start at ten, when the gritters come back in.');
    // The transcript is searchable with the story.
    const found = await t.database.db
      .selectFrom('stories')
      .select('id')
      .where('search', '@@', (eb) => eb.fn('to_tsquery', [eb.val('english'), eb.val('gritter')]))
      .execute();
    expect(found.map((r) => r.id)).toContain(storyId);
  });

  it('asks before removing the recording, then removes it and keeps the transcript', async () => {
    const cookie = await as(amira);
    const confirm = await t.app.inject({ url: `/stories/${storyId}/audio/remove`, headers: { cookie } });
    expect(confirm.body).toContain('Remove the recording?');
    const removed = await postForm(
      t.app,
      cookie,
      `/stories/${storyId}/audio/remove`,
      `/stories/${storyId}/audio/remove`,
      {},
    );
    expect(removed.headers.location).toBe(`/stories/${storyId}/audio?done=removed`);
    expect(await stored()).toBeUndefined();
    expect((await t.app.inject({ url: `/stories/${storyId}/audio/remove`, headers: { cookie } })).statusCode).toBe(404);
  });

  it('cannot be changed once the story is published', async () => {
    await t.database.db
      .updateTable('stories')
      .set({ status: 'published', published_at: new Date() })
      .where('id', '=', storyId)
      .execute();
    expect(
      (await t.app.inject({ url: `/stories/${storyId}/audio`, headers: { cookie: await as(amira) } })).statusCode,
    ).toBe(404);
    expect((await upload(amira, silentWav(1))).statusCode).toBe(404);
  });
});
