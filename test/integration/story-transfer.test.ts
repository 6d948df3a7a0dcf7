// Importing and exporting collections of stories as a moderator would: upload, check the preview, confirm;
// export as JSON or a zip of Markdown files and import it again. Nothing is written before confirming,
// nothing unpublished ever leaves in an export, and another organisation cannot see or confirm an upload.
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditService } from '../../src/audit/service.ts';
import { storyImportsSection } from '../../src/stories/transfer/export-section.ts';
import { parseCollection, type TransferStory, toZip } from '../../src/stories/transfer/format.ts';
import { storyTransferService } from '../../src/stories/transfer/service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
let councilId = '';
let charityId = '';
let garethId = '';
let oluId = '';
const cookies: Record<string, string> = {};
const gareth = 'gareth.mbeki@northshire-county-council.example';
const olu = 'olu.fairweather@kelbridge-wellbeing-network.example';
const amira = 'amira.okafor@northshire-county-council.example';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const org = (slug: string) =>
    db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const person = (email: string) =>
    db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  councilId = (await org('northshire-county-council')).id;
  charityId = (await org('kelbridge-wellbeing-network')).id;
  garethId = (await person(gareth)).id;
  oluId = (await person(olu)).id;
  // The charity's admin also moderates, so the charity has a moderator to import with.
  await db.insertInto('memberships').values({ org_id: charityId, user_id: oluId, role: 'moderator' }).execute();
  for (const email of [gareth, olu, amira]) {
    const credential = t.credentials.find((c) => c.email === email) as { email: string; password: string };
    cookies[email] = await signInCookie(t.app, credential);
  }
});
afterAll(() => t.close());

/** A real multipart/form-data body, as a browser sends the upload form. */
async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    contentType: String(request.headers.get('content-type')),
    payload: Buffer.from(await request.arrayBuffer()),
  };
}

async function upload(
  email: string,
  file?: { name: string; bytes: Uint8Array; type: string },
  extra: Record<string, string> = {},
) {
  const cookie = cookies[email] as string;
  const page = await t.app.inject({ url: '/moderation/import', headers: { cookie } });
  expect(page.statusCode).toBe(200);
  const body = await multipart(extra, file);
  return t.app.inject({
    method: 'POST',
    url: `/moderation/import?_csrf=${encodeURIComponent(csrfOf(page.body))}`,
    headers: { cookie, 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function confirm(email: string, id: string, fields: Record<string, string> = {}) {
  const cookie = cookies[email] as string;
  const page = await t.app.inject({ url: '/account', headers: { cookie } });
  return t.app.inject({
    method: 'POST',
    url: `/moderation/import/${id}`,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfOf(page.body), ...fields }).toString(),
  });
}

const json = (stories: unknown[]) => ({
  name: 'stories.json',
  bytes: new TextEncoder().encode(JSON.stringify(stories)),
  type: 'application/json',
});
const storyCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('stories')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const byTitle = (title: string) =>
  t.database.db.selectFrom('stories').selectAll().where('title', '=', title).executeTakeFirstOrThrow();
const importIdOf = (location: unknown) => String(location).split('/').pop() as string;

describe('importing a JSON collection', () => {
  let importId = '';

  it('previews every story and every problem, and writes nothing yet', async () => {
    const before = await storyCount();
    const response = await upload(
      gareth,
      json([
        {
          title: 'Tea with the tenants',
          form: 'personal-narrative',
          primary: 'equals',
          characteristics: ['locality'],
          roles: ['navigator'],
          visibility: 'public',
          people: [{ name: 'Bev Arkwright', relation: 'named', consent: 'given', email: 'bev@example.org' }],
          body: 'We met every month over tea.',
          // Never taken from a file: the organisation, the author and the status.
          org_id: charityId,
          author_id: oluId,
          status: 'published',
        },
        { title: 'The quiet quote', form: 'quote', primary: 'reflects', body: '“Take the time.”' },
        { form: 'sonnet', primary: 'kindness', characteristics: ['courage'], body: 'No title here.' },
      ]),
      { org_id: charityId, author_id: oluId, cleared: 'yes' },
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/moderation\/import\/[0-9a-f-]{36}$/);
    importId = importIdOf(response.headers.location);

    const preview = await t.app.inject({
      url: `/moderation/import/${importId}`,
      headers: { cookie: cookies[gareth] as string },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Tea with the tenants');
    expect(preview.body).toContain('The quiet quote');
    expect(preview.body).toContain('stories.json #3');
    expect(preview.body).toContain('The title is missing.');
    expect(preview.body).toContain('Unknown form “sonnet”');
    expect(preview.body).toContain('Unknown primary characteristic “kindness”.');
    expect(preview.body).toContain('Unknown characteristic key “courage”.');
    expect(preview.body).toContain('Already cleared (consent and moderation done elsewhere)');
    expect(preview.body).toContain('Import 2 stories');
    expect(await storyCount()).toBe(before);
  });

  it('keeps the upload from other organisations and from people without the role', async () => {
    for (const email of [olu, amira]) {
      const cookie = cookies[email] as string;
      expect((await t.app.inject({ url: `/moderation/import/${importId}`, headers: { cookie } })).statusCode).toBe(404);
      expect((await confirm(email, importId, { cleared: 'yes' })).statusCode).toBe(404);
    }
    expect(
      (await t.app.inject({ url: '/moderation/import', headers: { cookie: cookies[amira] as string } })).statusCode,
    ).toBe(404);
    const row = await t.database.db
      .selectFrom('story_imports')
      .select('confirmed_at')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row.confirmed_at).toBeNull();
  });

  it('imports the good stories as submitted, by the moderator, in their organisation, once', async () => {
    const before = await storyCount();
    const response = await confirm(gareth, importId, { org_id: charityId, author_id: oluId });
    expect(response.statusCode).toBe(303);
    expect(await storyCount()).toBe(before + 2);
    const story = await byTitle('Tea with the tenants');
    expect(story).toMatchObject({
      org_id: councilId,
      author_id: garethId,
      status: 'submitted',
      cleared: false,
      published_at: null,
    });
    expect(story.submitted_at).not.toBeNull();
    expect(story.characteristics).toEqual(['equals', 'locality']);
    // Consent claimed in a file that is not cleared is asked for again.
    const people = await t.database.db
      .selectFrom('story_people')
      .selectAll()
      .where('story_id', '=', story.id)
      .execute();
    expect(people.map((p) => [p.name, p.relation, p.consent, p.email])).toEqual([
      ['Bev Arkwright', 'named', 'not_asked', 'bev@example.org'],
    ]);
    const event = await t.database.db
      .selectFrom('moderation_events')
      .selectAll()
      .where('target_id', '=', story.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'submitted', actor_id: garethId });

    const done = await t.app.inject({
      url: `/moderation/import/${importId}`,
      headers: { cookie: cookies[gareth] as string },
    });
    expect(done.body).toContain('Stories imported');
    expect(done.body).toContain('2 submitted');
    // Confirming again changes nothing.
    expect((await confirm(gareth, importId)).statusCode).toBe(303);
    expect(await storyCount()).toBe(before + 2);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'stories_imported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ org_id: councilId, actor_id: garethId });
  });

  it('asks for a file when none is chosen, keeping the page usable', async () => {
    const response = await upload(gareth);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('Select a .json or .zip file');
  });

  it('shows file-level problems for something that is not a collection', async () => {
    const response = await upload(gareth, {
      name: 'notes.txt',
      bytes: new TextEncoder().encode('hello'),
      type: 'text/plain',
    });
    const preview = await t.app.inject({
      url: String(response.headers.location),
      headers: { cookie: cookies[gareth] as string },
    });
    expect(preview.body).toContain('neither a zip nor valid JSON');
    expect(preview.body).not.toContain('Import 0');
  });
});

/** Platform moderators review public stories; the flag is read fresh on every request. */
const setPlatformModerator = (id: string, on: boolean) =>
  t.database.db.updateTable('users').set({ platform_moderator: on }).where('id', '=', id).execute();

describe('importing a zip of Markdown files', () => {
  it('publishes cleared stories at once, marked cleared, and reports the file without front matter', async () => {
    // A platform moderator (who also moderates the council) may clear public stories too.
    await setPlatformModerator(garethId, true);
    const files: TransferStory[] = [
      {
        title: 'The ferry timetable',
        form: 'profile',
        primary: 'locality',
        characteristics: ['locality', 'equals'],
        roles: ['navigator'],
        place: 'Wexholm',
        region: 'North East',
        visibility: 'public',
        people: [{ name: 'Ade Varley', relation: 'subject', consent: 'given' }],
        transcript: '',
        publishedAt: '2025-06-01T09:00:00.000Z',
        body: 'Ade rewrote the ferry timetable with the islanders.',
      },
      {
        title: 'Nobody asked Sam',
        form: 'quote',
        primary: 'equals',
        characteristics: ['equals'],
        roles: [],
        place: '',
        region: '',
        visibility: 'organisation',
        people: [{ name: 'Sam Oduya', relation: 'named', consent: 'not_asked' }],
        transcript: '',
        body: '“Nobody asked me.”',
      },
    ];
    const zipped = unzipSync(toZip(files));
    zipped['003-loose-notes.md'] = new TextEncoder().encode('Some notes without front matter.');
    const response = await upload(gareth, { name: 'collection.zip', bytes: zipSync(zipped), type: 'application/zip' });
    const id = importIdOf(response.headers.location);
    const preview = await t.app.inject({
      url: `/moderation/import/${id}`,
      headers: { cookie: cookies[gareth] as string },
    });
    expect(preview.body).toContain('001-the-ferry-timetable.md');
    expect(preview.body).toContain('003-loose-notes.md');
    expect(preview.body).toContain('does not open with front matter');

    expect(preview.body).toContain('Published at once');
    expect(preview.body).not.toContain('public stories wait for a platform moderator');
    expect((await confirm(gareth, id, { cleared: 'yes' })).statusCode).toBe(303);
    await setPlatformModerator(garethId, false);
    const ferry = await byTitle('The ferry timetable');
    expect(ferry).toMatchObject({ status: 'published', cleared: true, org_id: councilId, author_id: garethId });
    expect(ferry.published_at?.toISOString()).toBe('2025-06-01T09:00:00.000Z');
    // Cleared, but someone in it has not consented: it still goes through consent and moderation.
    expect(await byTitle('Nobody asked Sam')).toMatchObject({ status: 'submitted', cleared: false });
    const row = await t.database.db
      .selectFrom('story_imports')
      .select(['cleared', 'parsed'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.cleared).toBe(true);
    // Once imported, the upload keeps no story text or people.
    expect(JSON.stringify(row.parsed)).not.toContain('Ade rewrote');
  });

  it("does not let an organisation's moderator publish a public story by clearing it", async () => {
    const story = (title: string, visibility: string) => ({
      title,
      form: 'quote',
      primary: 'equals',
      visibility,
      people: [{ name: 'Rhys Lomond', relation: 'named', consent: 'given' }],
      body: `Words for ${title}.`,
    });
    const response = await upload(gareth, {
      ...json([story('Harbour steps for everyone', 'public'), story('The canteen rota', 'organisation')]),
      name: 'public.json',
    });
    const id = importIdOf(response.headers.location);
    const preview = await t.app.inject({
      url: `/moderation/import/${id}`,
      headers: { cookie: cookies[gareth] as string },
    });
    // The preview says, story by story, what clearing will do.
    expect(preview.body).toMatch(
      /Harbour steps for everyone<\/td>[\s\S]*?public stories wait for a platform moderator/,
    );
    expect(preview.body).toMatch(/The canteen rota<\/td>[\s\S]*?Published at once/);
    // Nothing in the form can make the caller a platform moderator.
    expect(
      (await confirm(gareth, id, { cleared: 'yes', platform_moderator: 'true', platformModerator: 'true' })).statusCode,
    ).toBe(303);
    expect(await byTitle('Harbour steps for everyone')).toMatchObject({
      status: 'submitted',
      cleared: false,
      published_at: null,
    });
    expect(await byTitle('The canteen rota')).toMatchObject({ status: 'published', cleared: true });
    const done = await t.app.inject({
      url: `/moderation/import/${id}`,
      headers: { cookie: cookies[gareth] as string },
    });
    expect(done.body).toContain('1 published now');
    expect(done.body).toContain('1 submitted');
  });
});

/** One deflated stream of zeros, listed many times in the zip's directory, each listing claiming 100 bytes. */
function overlappingZip(count: number, unpacked: number): Uint8Array {
  const one = zipSync({ 'a.md': new Uint8Array(unpacked) }, { level: 9 });
  const directoryAt = new DataView(one.buffer, one.byteOffset).getUint32(one.byteLength - 22 + 16, true);
  const record = one.slice(directoryAt, directoryAt + 46 + 4);
  new DataView(record.buffer).setUint32(24, 100, true);
  const out = new Uint8Array(directoryAt + count * record.byteLength + 22);
  out.set(one.subarray(0, directoryAt));
  for (let i = 0; i < count; i++) {
    record.set(new TextEncoder().encode(String(i).padStart(2, '0')), 46);
    out.set(record, directoryAt + i * record.byteLength);
  }
  const end = new DataView(out.buffer, out.byteLength - 22);
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, count, true);
  end.setUint16(10, count, true);
  end.setUint32(12, count * record.byteLength, true);
  end.setUint32(16, directoryAt, true);
  return out;
}

describe('a zip bomb', () => {
  it('is refused quickly with a problem in the preview, never unpacked', async () => {
    const bomb = overlappingZip(99, 30 * 1024 * 1024);
    const started = performance.now();
    const response = await upload(gareth, { name: 'bomb.zip', bytes: bomb, type: 'application/zip' });
    expect(response.statusCode).toBe(303);
    expect(performance.now() - started).toBeLessThan(2000);
    const preview = await t.app.inject({
      url: String(response.headers.location),
      headers: { cookie: cookies[gareth] as string },
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('There are problems with the file');
    expect(preview.body).toContain('overlap one another');
    expect(preview.body).not.toMatch(/Import \d+ stor/);
  });
});

describe('exporting', () => {
  const secretTitles = [
    'Unpublished draft about the ferry',
    'Waiting submitted piece',
    'Rejected old piece',
    'Withdrawn old piece',
  ];

  beforeAll(async () => {
    for (const [i, status] of (['draft', 'submitted', 'rejected', 'withdrawn'] as const).entries()) {
      await t.database.db
        .insertInto('stories')
        .values({
          org_id: councilId,
          slug: `secret-${i}`,
          title: secretTitles[i] as string,
          form: 'quote',
          body: 'Never exported.',
          primary_characteristic: 'ethos',
          characteristics: ['ethos'],
          roles: [],
          place: '',
          author_id: garethId,
          visibility: 'public',
          space_id: null,
          status,
          published_at: null,
          submitted_at: status === 'submitted' ? new Date() : null,
        })
        .execute();
    }
  });

  it('exports only published stories of the organisation, in both formats, and records it', async () => {
    const cookie = cookies[gareth] as string;
    const jsonResponse = await t.app.inject({ url: '/moderation/export.json', headers: { cookie } });
    expect(jsonResponse.statusCode).toBe(200);
    expect(jsonResponse.headers['content-disposition']).toMatch(/attachment; filename="waymark-stories-.*\.json"/);
    const exported = jsonResponse.json() as TransferStory[];
    const published = await t.database.db
      .selectFrom('stories')
      .select('title')
      .where('org_id', '=', councilId)
      .where('status', '=', 'published')
      .where('visibility', '<>', 'private')
      .execute();
    expect(exported.map((s) => s.title).sort()).toEqual(published.map((s) => s.title).sort());
    expect(exported.map((s) => s.title)).toContain('The ferry timetable');
    expect(exported.map((s) => s.title)).not.toContain('Tea with the tenants');
    for (const title of [...secretTitles, 'Tea with the tenants', 'Nobody asked Sam', 'Never exported.']) {
      expect(jsonResponse.body).not.toContain(title);
    }
    const zipResponse = await t.app.inject({ url: '/moderation/export.zip', headers: { cookie } });
    expect(zipResponse.statusCode).toBe(200);
    expect(zipResponse.headers['content-type']).toBe('application/zip');
    const fromZip = parseCollection('export.zip', zipResponse.rawPayload);
    expect(fromZip.items.map((i) => i.story)).toEqual(
      exported.map((s) => ({
        ...s,
        transcript: s.transcript ?? '',
        people: s.people ?? [],
        place: s.place ?? '',
        region: s.region ?? '',
      })),
    );
    const allText = Object.values(unzipSync(zipResponse.rawPayload))
      .map((f) => new TextDecoder().decode(f))
      .join('\n');
    for (const title of [...secretTitles, 'Tea with the tenants']) expect(allText).not.toContain(title);
    // Other people's email addresses never leave.
    expect(jsonResponse.body).not.toMatch(/@/);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('action', '=', 'stories_exported')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('round-trips: an export imported into another organisation exports the same stories', async () => {
    const councilExport = await t.app.inject({
      url: '/moderation/export.zip',
      headers: { cookie: cookies[gareth] as string },
    });
    const response = await upload(olu, {
      name: 'council.zip',
      bytes: councilExport.rawPayload,
      type: 'application/zip',
    });
    const id = importIdOf(response.headers.location);
    const row = await t.database.db
      .selectFrom('story_imports')
      .select('parsed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const importable = (row.parsed as { items: { story: TransferStory | null }[] }).items
      .map((i) => i.story)
      .filter((s): s is TransferStory => s !== null);
    expect(importable.length).toBeGreaterThan(0);
    expect(importable.some((s) => s.visibility === 'public')).toBe(true);
    // Public stories are published on clearance only by a platform moderator.
    await setPlatformModerator(oluId, true);
    try {
      expect((await confirm(olu, id, { cleared: 'yes' })).statusCode).toBe(303);
    } finally {
      await setPlatformModerator(oluId, false);
    }
    const charityExport = await t.app.inject({
      url: '/moderation/export.json',
      headers: { cookie: cookies[olu] as string },
    });
    const again = (charityExport.json() as TransferStory[]).map((s) => ({
      ...s,
      transcript: s.transcript ?? '',
      people: s.people ?? [],
      place: s.place ?? '',
      region: s.region ?? '',
    }));
    for (const story of importable) expect(again).toContainEqual(story);
  });

  it("lists a moderator's uploads in their personal data export, without anyone's story or name", async () => {
    const section = (await storyImportsSection.collect(t.database.db, garethId)) as { fileName: string }[];
    expect(section.map((s) => s.fileName)).toEqual([
      'stories.json',
      'notes.txt',
      'collection.zip',
      'public.json',
      'bomb.zip',
    ]);
    const text = JSON.stringify(section);
    for (const secret of ['Bev Arkwright', 'bev@example.org', 'Tea with the tenants', 'Ade Varley']) {
      expect(text).not.toContain(secret);
    }
  });

  it('forgets uploads never confirmed after a week, and keeps the record of confirmed ones', async () => {
    const db = t.database.db;
    const old = new Date(Date.now() - 8 * 86_400_000);
    await db
      .insertInto('story_imports')
      .values({
        org_id: councilId,
        created_by: garethId,
        file_name: 'forgotten.json',
        parsed: '{"items":[]}',
        created_at: old,
      })
      .execute();
    await db.updateTable('story_imports').set({ created_at: old }).where('file_name', '=', 'collection.zip').execute();
    await storyTransferService(db, { audit: auditService(db) }).purgeStale(new Date());
    const names = (await db.selectFrom('story_imports').select('file_name').execute()).map((r) => r.file_name);
    expect(names).not.toContain('forgotten.json');
    expect(names).toContain('collection.zip');
  });

  it('answers 404 to people who are not moderators', async () => {
    for (const url of ['/moderation/export', '/moderation/export.json', '/moderation/export.zip']) {
      expect((await t.app.inject({ url, headers: { cookie: cookies[amira] as string } })).statusCode).toBe(404);
    }
  });
});

describe('a long collection', () => {
  it('previews in pages of 100, counting every story', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      title: `Long collection story ${i + 1}`,
      form: 'quote',
      primary: i === 149 ? 'nonsense' : 'equals',
      body: 'Words.',
    }));
    const response = await upload(gareth, json(many));
    const url = String(response.headers.location);
    const first = await t.app.inject({ url, headers: { cookie: cookies[gareth] as string } });
    expect(first.body).toContain('150 stories in the file: 149 ready to import, 1 with problems');
    expect(first.body).toContain('1 to 100 of 150');
    expect(first.body).toContain('Long collection story 100<');
    expect(first.body).not.toContain('Long collection story 101<');
    expect(first.body).toContain(`href="${url}?page=2"`);
    const second = await t.app.inject({ url: `${url}?page=2`, headers: { cookie: cookies[gareth] as string } });
    expect(second.body).toContain('101 to 150 of 150');
    expect(second.body).toContain('Unknown primary characteristic “nonsense”.');
    expect(second.body).toContain('Import 149 stories');
  });
});
