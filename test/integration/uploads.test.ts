// Uploads are read only after the caller is known: a request without a session, a CSRF token or access to
// the route is refused while its body is still arriving, an upload over the limit is refused with the limit
// named, only a few are received at once, and a recording is served a part at a time (HTTP range requests).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadsReceiving } from '../../src/web/uploads.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { patternedWav } from '../support/audio.ts';
import { rowCount } from '../support/database.ts';
import { csrfOf, demoSessions } from '../support/forms.ts';
import { waitFor } from '../support/process.ts';
import { insertDraft } from '../support/stories.ts';

let t: TestApp;
let port = 0;
const as = demoSessions(() => t);
const northshire = (name: string) => `${name}@northshire-county-council.example`;
const amira = northshire('amira.okafor');
const tom = northshire('tom.haddley');
const gareth = northshire('gareth.mbeki');
const declan = northshire('declan.ashworth');
/** People of the council who each get a draft of their own to add a recording to. */
const authors = ['amira.okafor', 'tom.haddley', 'priya.lomax', 'rosa.penhallow', 'morven.quayle'].map(northshire);
const drafts = new Map<string, string>();

const boundary = 'waymark-test-boundary';
const multipartType = `multipart/form-data; boundary=${boundary}`;
const fileHead = (field: string, name: string) =>
  Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="${field}"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`,
  );
const formTail = Buffer.from(`\r\n--${boundary}--\r\n`);

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from sending the headers to the whole answer. */
  ms: number;
}

/**
 * A POST over a real connection that sends its headers and `first`, then keeps the body open (never ending
 * it) unless `rest` is given; `flood` keeps writing as fast as the connection takes it.
 */
function post(
  path: string,
  headers: Record<string, string>,
  options: { first?: Buffer; rest?: Buffer; flood?: boolean } = {},
) {
  const started = Date.now();
  const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false });
  request.on('error', () => {
    // The server closes a refused upload's connection while the client is still sending: expected.
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: Date.now() - started,
        }),
      );
      response.on('error', reject);
    });
  });
  request.flushHeaders();
  if (options.first) request.write(options.first);
  if (options.rest) request.end(options.rest);
  let flooding = options.flood === true;
  const chunk = Buffer.alloc(64 * 1024, 7);
  const pump = () => {
    while (flooding && !request.destroyed && request.write(chunk)) {
      // Keep writing until the connection pushes back.
    }
    if (flooding && !request.destroyed) request.once('drain', pump);
  };
  if (flooding) pump();
  const closed = new Promise<number>((resolve) => request.on('close', () => resolve(Date.now() - started)));
  return {
    answer,
    closed,
    stop() {
      flooding = false;
      request.destroy();
    },
  };
}

/** Whatever the session's CSRF token is (any signed-in page carries it). */
async function tokenOf(cookie: string) {
  return csrfOf((await t.app.inject({ url: '/account', headers: { cookie } })).body);
}

/** The three upload forms, each with someone allowed to use it and someone signed in who is not. */
const routes = () => [
  { path: `/stories/${drafts.get(amira)}/audio`, allowed: amira, outsider: gareth, limit: '25 MB' },
  { path: '/moderation/import', allowed: gareth, outsider: amira, limit: '10 MB' },
  { path: '/organisation/import', allowed: declan, outsider: amira, limit: '1 MB' },
];

beforeAll(async () => {
  t = await createTestApp();
  for (const email of authors) {
    drafts.set(
      email,
      await insertDraft(t.database.db, email, { title: 'A draft to be told aloud', body: 'Told aloud.' }),
    );
  }
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

const storedRecordings = () => rowCount(t.database.db, 'story_audio');

describe('an upload from someone not allowed to send it', () => {
  it('is refused while its body is still arriving, and the connection is closed', async () => {
    for (const route of routes()) {
      const outsider = await as(route.outsider);
      const allowed = await as(route.allowed);
      const refusals = [
        // Nobody signed in: no session holds a CSRF secret.
        { who: 'anonymous', headers: {} as Record<string, string>, query: '', status: 403 },
        // Signed in, allowed, but no CSRF token.
        { who: 'no token', headers: { cookie: allowed }, query: '', status: 403 },
        // Signed in with another session's token.
        { who: 'wrong token', headers: { cookie: allowed }, query: `?_csrf=${await tokenOf(outsider)}`, status: 403 },
        // Signed in with their own token, but the route is not theirs.
        { who: 'outsider', headers: { cookie: outsider }, query: `?_csrf=${await tokenOf(outsider)}`, status: 404 },
      ];
      for (const refusal of refusals) {
        const where = `${refusal.who} ${route.path}`;
        // A body that never ends: a server that waited for it would never answer.
        const open = post(
          `${route.path}${refusal.query}`,
          {
            ...refusal.headers,
            'content-type': multipartType,
            'transfer-encoding': 'chunked',
          },
          { first: fileHead('file', 'big.bin') },
        );
        const answer = await open.answer;
        expect(answer.status, where).toBe(refusal.status);
        expect(answer.ms, where).toBeLessThan(2000);
        expect(answer.headers.connection, where).toBe('close');
        open.stop();
        // A client that keeps pouring bytes in is cut off, rather than read to the end.
        const flood = post(
          `${route.path}${refusal.query}`,
          {
            ...refusal.headers,
            'content-type': multipartType,
            'content-length': String(20 * 1024 * 1024 * 1024),
          },
          { flood: true },
        );
        const flooded = await flood.answer.catch(() => undefined);
        if (flooded) expect(flooded.status, where).toBe(refusal.status);
        expect(
          await Promise.race([flood.closed, new Promise((r) => setTimeout(() => r('still open'), 3000))]),
          where,
        ).not.toBe('still open');
        flood.stop();
      }
    }
    expect(await storedRecordings()).toBe(0);
  });
});

describe('an upload over the limit', () => {
  it('is refused before it is read when its declared length is over, with the limit in the message', async () => {
    for (const route of routes()) {
      const cookie = await as(route.allowed);
      const open = post(
        `${route.path}?_csrf=${await tokenOf(cookie)}`,
        {
          cookie,
          'content-type': multipartType,
          'content-length': String(30 * 1024 * 1024 * 1024),
        },
        { first: fileHead(route.path.endsWith('/audio') ? 'recording' : 'file', 'big.bin') },
      );
      const answer = await open.answer;
      open.stop();
      expect(answer.status, route.path).toBe(413);
      expect(answer.ms, route.path).toBeLessThan(2000);
      expect(answer.body, route.path).toContain(`${route.limit} or smaller`);
    }
  });

  it('is refused as it streams in once it passes the limit, keeping nothing', async () => {
    const cookie = await as(amira);
    // Sent without a length, as a stream: 25 MB and a byte of sound.
    const body = Buffer.concat([fileHead('recording', 'long.wav'), patternedWav(25 * 1024 * 1024 - 43), formTail]);
    const sent = post(
      `/stories/${drafts.get(amira)}/audio?_csrf=${await tokenOf(cookie)}`,
      {
        cookie,
        'content-type': multipartType,
        'transfer-encoding': 'chunked',
      },
      { rest: body },
    );
    const answer = await sent.answer;
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('The recording must be 25 MB or smaller');
    expect(await storedRecordings()).toBe(0);

    const moderator = await as(gareth);
    const collection = post(
      `/moderation/import?_csrf=${await tokenOf(moderator)}`,
      {
        cookie: moderator,
        'content-type': multipartType,
        'transfer-encoding': 'chunked',
      },
      { rest: Buffer.concat([fileHead('file', 'stories.json'), Buffer.alloc(10 * 1024 * 1024 + 1, 32), formTail]) },
    );
    const refused = await collection.answer;
    expect(refused.status).toBe(413);
    expect(refused.body).toContain('The file must be 10 MB or smaller');
  });
});

describe('uploads at once', () => {
  /** Sends a recording to the person's own draft, chunked, with their session's CSRF token. */
  async function sendRecording(email: string, body: { first?: Buffer; rest?: Buffer }) {
    const cookie = await as(email);
    return post(
      `/stories/${drafts.get(email)}/audio?_csrf=${await tokenOf(cookie)}`,
      { cookie, 'content-type': multipartType, 'transfer-encoding': 'chunked' },
      body,
    );
  }

  /** An upload that sends its first kilobyte and then waits, holding its place. */
  const holdUpload = (email: string) =>
    sendRecording(email, { first: Buffer.concat([fileHead('recording', 'slow.wav'), Buffer.alloc(1024)]) });

  /** A short upload sent whole: its answer. */
  const tryUpload = async (email: string) =>
    (
      await sendRecording(email, {
        rest: Buffer.concat([fileHead('recording', 'short.wav'), patternedWav(16_000), formTail]),
      })
    ).answer;

  it('allows two per person and eight per instance, answering 429 beyond, and frees a place when one ends', async () => {
    const held = [await holdUpload(amira), await holdUpload(amira)];
    // Until the server is receiving both, a third would still find a place.
    await waitFor(() => uploadsReceiving() === 2, 5000, 'two uploads under way');
    const third = await tryUpload(amira);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toMatch(/^\d+$/);
    expect(third.body).toContain('You are already sending 2 files');

    for (const email of authors.slice(1, 4)) held.push(await holdUpload(email), await holdUpload(email));
    await waitFor(() => uploadsReceiving() === 8, 5000, 'eight uploads under way');
    const ninth = await tryUpload(authors[4] as string);
    expect(ninth.status).toBe(429);
    expect(ninth.body).toContain('receiving as many files as it can');

    // A client that gives up frees its place.
    for (const upload of held) upload.stop();
    let after: Answer | undefined;
    for (let i = 0; i < 20 && after?.status !== 303; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      after = await tryUpload(authors[4] as string);
    }
    expect(after?.status).toBe(303);
    // Every place is given back, so nobody is locked out until a restart.
    await waitFor(() => uploadsReceiving() === 0, 5000, 'every place given back');
  });
});

describe('what an upload form carries', () => {
  it('takes the CSRF token from the query string only for a form with a file', async () => {
    const cookie = await as(amira);
    const transcript = await t.app.inject({
      method: 'POST',
      url: `/stories/${drafts.get(amira)}/transcript?_csrf=${encodeURIComponent(await tokenOf(cookie))}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'transcript=Sent+with+the+token+in+the+address',
    });
    expect(transcript.statusCode).toBe(403);
  });

  it('drops control characters from a file name, and refuses a NUL in a field with a 400 naming it', async () => {
    const moderator = await as(gareth);
    const imported = post(
      `/moderation/import?_csrf=${await tokenOf(moderator)}`,
      { cookie: moderator, 'content-type': multipartType, 'transfer-encoding': 'chunked' },
      {
        rest: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename*=utf-8''odd%00name%07.json\r\ncontent-type: application/json\r\n\r\n`,
          ),
          Buffer.from('[]'),
          formTail,
        ]),
      },
    );
    const answer = await imported.answer;
    expect(answer.status, answer.body).toBe(303);
    const stored = await t.database.db
      .selectFrom('story_imports')
      .select('file_name')
      .where('id', '=', String(answer.headers.location).split('/').pop() as string)
      .executeTakeFirstOrThrow();
    expect(stored.file_name).toBe('oddname.json');

    const cookie = await as(amira);
    const field = post(
      `/stories/${drafts.get(amira)}/audio?_csrf=${await tokenOf(cookie)}`,
      { cookie, 'content-type': multipartType, 'transfer-encoding': 'chunked' },
      {
        rest: Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="recordedSeconds"\r\n\r\n1\u00002\r\n--${boundary}--\r\n`,
        ),
      },
    );
    const refused = await field.answer;
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('recordedSeconds');
    expect(uploadsReceiving()).toBe(0);
  });
});

describe('a recording', () => {
  const sound = patternedWav(1_200_000);
  let url = '';
  let cookie = '';

  beforeAll(async () => {
    cookie = await as(tom);
    const sent = post(
      `/stories/${drafts.get(tom)}/audio?_csrf=${await tokenOf(cookie)}`,
      {
        cookie,
        'content-type': multipartType,
        'transfer-encoding': 'chunked',
      },
      { rest: Buffer.concat([fileHead('recording', 'story.wav'), sound, formTail]) },
    );
    expect((await sent.answer).status).toBe(303);
    url = `/stories/${drafts.get(tom)}/recording`;
  });

  const get = (range?: string) =>
    t.app.inject({ url, headers: { cookie, 'accept-encoding': 'br, gzip', ...(range ? { range } : {}) } });

  it('is sent whole, uncompressed, saying it takes ranges', async () => {
    const whole = await get();
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(whole.headers['content-length']).toBe(String(sound.length));
    expect(whole.rawPayload.equals(sound)).toBe(true);
  });

  it('answers a range with exactly those bytes (206)', async () => {
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-199', 100, 199],
      // Across the server's own slices of half a megabyte.
      ['bytes=500000-600000', 500_000, 600_000],
      ['bytes=1199000-', 1_199_000, sound.length - 1],
      ['bytes=-10', sound.length - 10, sound.length - 1],
      // An end past the file is cut to the file.
      [`bytes=1200000-${sound.length + 5000}`, 1_200_000, sound.length - 1],
    ];
    for (const [range, first, last] of cases) {
      const part = await get(range);
      expect(part.statusCode, range).toBe(206);
      expect(part.headers['content-range'], range).toBe(`bytes ${first}-${last}/${sound.length}`);
      expect(part.headers['content-length'], range).toBe(String(last - first + 1));
      expect(part.headers['content-encoding'], range).toBeUndefined();
      expect(part.rawPayload.equals(sound.subarray(first, last + 1)), range).toBe(true);
    }
  });

  it('refuses a range outside the file or malformed (416)', async () => {
    for (const range of [`bytes=${sound.length}-`, 'bytes=500-100', 'bytes=abc', 'bytes=-0', 'bytes=-']) {
      const refused = await get(range);
      expect(refused.statusCode, range).toBe(416);
      expect(refused.headers['content-range'], range).toBe(`bytes */${sound.length}`);
    }
  });

  it('gives a range to nobody who may not read the story', async () => {
    expect((await t.app.inject({ url, headers: { range: 'bytes=0-9' } })).statusCode).toBe(404);
  });
});
