// Reading (issue 19, scope 8): the story page's reading time, its "told with" credit, its details with the
// primary characteristic marked, more from the same author (never a story the caller may not read), a feed
// as new as its newest entry, and a moderator's note when publishing, which reaches the author only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { demoSessions, postForm } from '../support/forms.ts';

let t: TestApp;
const people = {
  amira: 'amira.okafor@northshire-county-council.example', // member, county council
  tom: 'tom.haddley@northshire-county-council.example', // member, county council
  gareth: 'gareth.mbeki@northshire-county-council.example', // moderator, county council
  hannah: 'hannah.birtwistle@kelbridge-wellbeing-network.example', // member, charity
};
const session = demoSessions(() => t);
const db = () => t.database.db;
let councilId = '';
let wrenId = '';
let ivoId = '';
const day = 24 * 60 * 60 * 1000;
const t0 = Date.now() - 60 * 60 * 1000;

/** `n` words of plain prose. */
const words = (n: number) => Array.from({ length: n }, (_, i) => (i % 12 === 11 ? 'end.' : 'word')).join(' ');

let made = 0;
async function story(input: {
  title: string;
  visibility?: 'public' | 'organisation' | 'signed_in' | 'private';
  status?: 'published' | 'draft' | 'submitted';
  publishedAt?: Date;
  updatedAt?: Date;
  body?: string;
  author?: string;
  characteristics?: string[];
}) {
  made += 1;
  const status = input.status ?? 'published';
  const chars = input.characteristics ?? ['reflects'];
  const row = await db()
    .insertInto('stories')
    .values({
      org_id: councilId,
      slug: `reading-${made}`,
      title: input.title,
      form: 'personal-narrative',
      body: input.body ?? `The story called ${input.title}.`,
      primary_characteristic: chars[0] as string,
      characteristics: chars,
      roles: [],
      place: '',
      author_id: input.author ?? ivoId,
      visibility: input.visibility ?? 'public',
      space_id: null,
      status,
      published_at: status === 'published' ? (input.publishedAt ?? new Date(t0)) : null,
      ...(input.updatedAt ? { updated_at: input.updatedAt } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function toldWith(storyId: string, name: string, consent: string, userId: string | null = null) {
  await db()
    .insertInto('story_people')
    .values({
      org_id: councilId,
      story_id: storyId,
      relation: 'told_with',
      user_id: userId,
      name,
      email: null,
      consent: consent as 'given',
    })
    .execute();
}

const page = async (url: string, who?: keyof typeof people) =>
  t.app.inject({ url, headers: who ? { cookie: await session(people[who]) } : {} });

beforeAll(async () => {
  t = await createTestApp();
  councilId = (
    await db()
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'northshire-county-council')
      .executeTakeFirstOrThrow()
  ).id;
  // Writers of our own, so the demo's stories do not join "More from": Wren's are those, Ivo writes the rest.
  wrenId = (
    await db()
      .insertInto('users')
      .values({ email: 'wren.talbot@northshire-county-council.example', display_name: 'Wren Talbot' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  ivoId = (
    await db()
      .insertInto('users')
      .values({ email: 'ivo.quist@northshire-county-council.example', display_name: 'Ivo Quist' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  for (const id of [wrenId, ivoId]) {
    await db().insertInto('memberships').values({ org_id: councilId, user_id: id, role: 'member' }).execute();
  }
});
afterAll(() => t.close());

describe('the story page', () => {
  it('says how long the story takes to read, at 200 words a minute and at least a minute', async () => {
    const lengths: [number, string][] = [
      [0, '1 minute read'],
      [150, '1 minute read'],
      [200, '1 minute read'],
      [201, '2 minute read'],
      [801, '5 minute read'],
    ];
    for (const [n, expected] of lengths) {
      const id = await story({ title: `Length ${n}`, body: words(n) });
      expect((await page(`/stories/${id}`)).body, `${n} words`).toContain(
        `<p class="govuk-body-s waymark-story__meta">${expected}`,
      );
    }
  });

  it('marks the primary characteristic in words, listed first', async () => {
    const id = await story({ title: 'Marked', characteristics: ['equals', 'locality', 'reflects'] });
    const body = (await page(`/stories/${id}`)).body;
    const list = /<dt>Characteristics<\/dt>[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
    const names = [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]?.replace(/<[^>]+>/g, '').trim());
    expect(names).toEqual(['Works with citizens as equals Primary', 'Rooted in place', 'Reflects and learns']);
  });

  it('credits the partner it was told with only when they agreed', async () => {
    const cases: [string, string, string | null, boolean][] = [
      ['Told with, agreed', 'given', null, true],
      ['Told with, pair exercise', 'not_needed', 'partner', false],
      ['Told with, anonymised', 'anonymised', null, false],
      ['Told with, refused', 'refused', null, false],
      ['Told with, asked', 'pending', null, false],
    ];
    const partner = (
      await db().selectFrom('users').select('id').where('email', '=', people.tom).executeTakeFirstOrThrow()
    ).id;
    for (const [title, consent, user, credited] of cases) {
      const id = await story({ title });
      await toldWith(id, 'Sam Achebe', consent, user ? partner : null);
      const body = (await page(`/stories/${id}`)).body;
      if (credited) {
        expect(body, title).toContain('<span class="waymark-story__credit">Told with Sam Achebe</span>');
        expect(body, title).toMatch(/<dt>Told with<\/dt><dd>Sam Achebe<\/dd>/);
      } else expect(body, title).not.toContain('Sam Achebe');
    }
  });
});

describe('more from the same author', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.current = await story({ author: wrenId, title: 'Current', publishedAt: new Date(t0) });
    ids.publicOne = await story({ author: wrenId, title: 'Public one', publishedAt: new Date(t0 - day) });
    ids.council = await story({
      author: wrenId,
      title: 'Council only',
      visibility: 'organisation',
      publishedAt: new Date(t0 - 2 * day),
    });
    ids.signedIn = await story({
      author: wrenId,
      title: 'Signed in only',
      visibility: 'signed_in',
      publishedAt: new Date(t0 - 3 * day),
    });
    ids.privateOne = await story({
      author: wrenId,
      title: 'Private note',
      visibility: 'private',
      publishedAt: new Date(t0 - 4 * day),
    });
    ids.publicOld = await story({ author: wrenId, title: 'Public, older', publishedAt: new Date(t0 - 5 * day) });
    ids.draft = await story({ author: wrenId, title: 'Still a draft', status: 'draft' });
    ids.waiting = await story({ author: wrenId, title: 'Waiting', status: 'submitted' });
  });

  const listed = (html: string) => {
    const section = /<section[^>]*aria-labelledby="by-author-heading">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    return [...section.matchAll(/href="\/stories\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  };
  const related = (html: string) => {
    const section = /<section[^>]*aria-labelledby="related-heading">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    return [...section.matchAll(/href="\/stories\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  };

  it('lists up to three other stories each caller may read, newest first, never a hidden one', async () => {
    const expected: [keyof typeof people | undefined, string[]][] = [
      [undefined, ['publicOne', 'publicOld']],
      ['hannah', ['publicOne', 'signedIn', 'publicOld']],
      ['tom', ['publicOne', 'council', 'signedIn']],
    ];
    for (const [who, names] of expected) {
      const html = (await page(`/stories/${ids.current}`, who)).body;
      expect(listed(html), who ?? 'anonymous').toEqual(names.map((n) => ids[n]));
      expect(html).toContain('More from Wren Talbot');
      // Nor anywhere else on the page: not among related stories either.
      for (const hidden of ['privateOne', 'draft', 'waiting'])
        expect(html.includes(`/stories/${ids[hidden]}`)).toBe(false);
      expect([...listed(html), ...related(html)]).not.toContain(ids.current);
      // A story listed as the author's is not listed again as related.
      expect(related(html).filter((id) => listed(html).includes(id))).toEqual([]);
    }
  });

  it('has no such list for a story whose author erased their account', async () => {
    const id = await story({ title: 'Left behind' });
    await db().updateTable('stories').set({ author_id: null }).where('id', '=', id).execute();
    const html = (await page(`/stories/${id}`)).body;
    expect(html).not.toContain('by-author-heading');
  });
});

describe('a characteristic’s feed', () => {
  it('is as new as its newest entry, not the time it was asked for', async () => {
    const changed = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
    await story({
      title: 'Changed after publishing',
      characteristics: ['supportive'],
      publishedAt: new Date(t0),
      updatedAt: changed,
    });
    const atom = (await page('/stories/feeds/supportive.atom')).body;
    const feedUpdated = /<feed[\s\S]*?<updated>([^<]+)<\/updated>/.exec(atom)?.[1];
    expect(feedUpdated).toBe('2031-01-02T03:04:05.000Z');
    const entries = [...atom.matchAll(/<entry>[\s\S]*?<updated>([^<]+)<\/updated>/g)].map((m) => m[1]);
    expect(entries).toContain('2031-01-02T03:04:05.000Z');
  });
});

describe('moderating a story', () => {
  it('shows the story and the people in it before the decision buttons', async () => {
    const id = await story({
      title: 'For review',
      status: 'submitted',
      visibility: 'organisation',
      author: await userId('amira'),
      body: 'The **van** came at noon.',
    });
    const html = (await page(`/moderation/stories/${id}`, 'gareth')).body;
    const text = html.indexOf('The <strong>van</strong> came at noon.');
    const people = html.indexOf('People in the story');
    const decision = html.indexOf('Your decision');
    expect(text).toBeGreaterThan(0);
    expect(people).toBeGreaterThan(text);
    expect(decision).toBeGreaterThan(people);
  });

  it('keeps a note given when publishing, for the author’s email and story page only', async () => {
    const id = await story({
      title: 'With a note',
      status: 'submitted',
      author: await userId('amira'),
      visibility: 'organisation',
    });
    const form = await page(`/moderation/stories/${id}/publish`, 'gareth');
    expect(form.body).toContain('Note for the author (optional)');
    const note = 'Thank you: the part about the van made me smile.';
    const done = await postForm(
      t.app,
      await session(people.gareth),
      `/moderation/stories/${id}/publish`,
      `/moderation/stories/${id}/publish`,
      { reason: note },
    );
    expect(done.statusCode).toBe(303);
    const event = await db()
      .selectFrom('moderation_events')
      .select('reason')
      .where('target_id', '=', id)
      .where('action', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(event.reason).toBe(note);
    const mail = await db()
      .selectFrom('email_outbox')
      .select('body_text')
      .where('to_address', '=', people.amira)
      .where('subject', 'like', '%With a note%')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain(note);
    expect((await page(`/stories/${id}`, 'amira')).body).toContain(
      `The moderator’s note when publishing it: “${note}”`,
    );
    expect((await page(`/stories/${id}`, 'tom')).body).not.toContain(note);
  });

  it('after a take-down, tells the author why it was taken down, not the note from publishing it', async () => {
    const amira = await userId('amira');
    const id = await story({ title: 'Taken down later', visibility: 'organisation', author: amira });
    await db()
      .updateTable('stories')
      .set({ status: 'changes_requested', published_at: null })
      .where('id', '=', id)
      .execute();
    const gareth = await userId('gareth');
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    await db()
      .insertInto('moderation_events')
      .values([
        {
          org_id: councilId,
          target_type: 'story',
          target_id: id,
          action: 'published',
          reason: 'Lovely, thank you.',
          actor_id: gareth,
          created_at: at(1),
        },
        {
          org_id: councilId,
          target_type: 'story',
          target_id: id,
          action: 'hidden',
          reason: 'It names a pupil.',
          actor_id: gareth,
          created_at: at(2),
        },
      ])
      .execute();
    const body = (await page(`/stories/${id}`, 'amira')).body;
    expect(body).toContain('(taken down after a reader’s report): It names a pupil.');
    expect(body).not.toContain('Lovely, thank you.');
    const home = (await page('/', 'amira')).body;
    expect(home).toContain('Taken down after a report');
  });

  it('publishes without a note as before', async () => {
    const id = await story({
      title: 'Without a note',
      status: 'submitted',
      visibility: 'organisation',
      author: await userId('amira'),
    });
    const done = await postForm(
      t.app,
      await session(people.gareth),
      `/moderation/stories/${id}/publish`,
      `/moderation/stories/${id}/publish`,
      {},
    );
    expect(done.statusCode).toBe(303);
    expect((await page(`/stories/${id}`, 'amira')).body).not.toContain('note when publishing');
  });
});

async function userId(who: keyof typeof people) {
  return (await db().selectFrom('users').select('id').where('email', '=', people[who]).executeTakeFirstOrThrow()).id;
}
