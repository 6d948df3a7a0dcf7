// Consent of the people in a story: the emailed single-use link, the public confirm page (no account),
// giving and refusing, the profile subject's approval of the exact text, and its loss on any later edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { csrfOf, signInCookie } from '../support/forms.ts';

let t: TestApp;
let amira = '';
const amiraEmail = 'amira.okafor@northshire-county-council.example';

beforeAll(async () => {
  t = await createTestApp();
  const c = t.credentials.find((x) => x.email === amiraEmail);
  if (!c) throw new Error('no amira');
  amira = await signInCookie(t.app, c);
});
afterAll(() => t.close());

const textHashOf = (html: string) => /name="textHash" value="([0-9a-f]{64})"/.exec(html)?.[1];

async function post(cookie: string, formUrl: string, action: string, fields: URLSearchParams) {
  const page = await t.app.inject({ url: formUrl, headers: cookie ? { cookie } : {} });
  fields.set('_csrf', csrfOf(page.body));
  // The consent page names the text it shows; an answer sent from it carries that back.
  const shown = textHashOf(page.body);
  if (shown && !fields.has('textHash')) fields.set('textHash', shown);
  const fresh = page.cookies.find((c) => c.name === 'waymark');
  return t.app.inject({
    method: 'POST',
    url: action,
    headers: { cookie: fresh ? `waymark=${fresh.value}` : cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: fields.toString(),
  });
}

function storyForm(fields: Record<string, string>) {
  return new URLSearchParams({
    title: 'The ward round',
    form: 'personal-narrative',
    body: 'Intro paragraph.\n\nJo Rivers asked the families first.\n\nClosing thoughts.',
    primaryCharacteristic: 'equals',
    visibility: 'organisation',
    region: '',
    ...fields,
  });
}

async function createStory(fields: Record<string, string>) {
  const response = await post(amira, '/stories/new', '/stories/new', storyForm(fields));
  expect(response.statusCode).toBe(303);
  return /\/stories\/([0-9a-f-]{36})\//.exec(String(response.headers.location))?.[1] ?? '';
}

const peopleOf = (storyId: string) =>
  t.database.db.selectFrom('story_people').selectAll().where('story_id', '=', storyId).orderBy('created_at').execute();

/** Asks by the edit page's button and returns the link from the email in the outbox. */
async function ask(storyId: string, personId: string, to: string) {
  const response = await post(
    amira,
    `/stories/${storyId}/edit`,
    `/stories/${storyId}/people/${personId}/ask`,
    new URLSearchParams(),
  );
  expect(response.statusCode).toBe(303);
  const mail = await t.database.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  const link = /http:\/\/localhost(\/consent\/[A-Za-z0-9_-]{43})/.exec(mail.body_text)?.[1];
  expect(link).toBeDefined();
  return { path: link as string, mail };
}

describe('asking a named person for consent', () => {
  it('emails a single-use link to a page that works without an account and shows where they appear', async () => {
    const storyId = await createStory({ namedName: 'Jo Rivers', namedEmail: 'jo@example.org' });
    const [person] = await peopleOf(storyId);
    expect(person?.consent).toBe('not_asked');
    const { path, mail } = await ask(storyId, person?.id ?? '', 'jo@example.org');
    expect(mail.subject).toContain('would like to include you in a story');
    const secret = path.split('/').pop() ?? '';
    const stored = (await peopleOf(storyId))[0];
    expect(stored?.consent).toBe('pending');
    // Only the hash of the secret is kept.
    expect(stored?.consent_token_hash).not.toBe(secret);
    expect(stored?.consent_token_hash).toMatch(/^[0-9a-f]{64}$/);

    const edit = await t.app.inject({ url: `/stories/${storyId}/edit`, headers: { cookie: amira } });
    expect(edit.body).toContain('Asked, no answer yet');

    const page = await t.app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Hello Jo Rivers');
    expect(page.body).toContain('Where you appear');
    expect(page.body).toContain('Jo Rivers asked the families first.');
    expect(page.body).toContain('Yes, I give my consent');

    const given = await post('', path, path, new URLSearchParams({ decision: 'give' }));
    expect(given.statusCode).toBe(200);
    expect(given.body).toContain('You gave your consent');
    expect((await peopleOf(storyId))[0]).toMatchObject({ consent: 'given', consent_token_hash: null });

    // Single use: the link is spent.
    expect((await t.app.inject(path)).statusCode).toBe(410);
    const twice = await post('', '/sign-in', path, new URLSearchParams({ decision: 'refuse' }));
    expect(twice.statusCode).toBe(410);
    expect((await peopleOf(storyId))[0]?.consent).toBe('given');

    const afterEdit = await t.app.inject({ url: `/stories/${storyId}/edit`, headers: { cookie: amira } });
    expect(afterEdit.body).toMatch(/Given\s*<\/td>/);
    const submit = await t.app.inject({ url: `/stories/${storyId}/submit`, headers: { cookie: amira } });
    expect(submit.body).toContain('Submit for moderation');
    expect(submit.body).not.toContain('Still needed');

    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('action', '=', 'story_consent')
      .execute();
    expect(audit.map((a) => a.summary)).toContain('A person in a story gave consent');
  });

  it('records a refusal, and the author is told what to do about it', async () => {
    const storyId = await createStory({ namedName: 'Jo Rivers', namedEmail: 'jo.refuses@example.org' });
    const [person] = await peopleOf(storyId);
    const { path } = await ask(storyId, person?.id ?? '', 'jo.refuses@example.org');
    const missing = await post('', path, path, new URLSearchParams());
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Select whether you give your consent');
    const refused = await post('', path, path, new URLSearchParams({ decision: 'refuse' }));
    expect(refused.body).toContain('You refused your consent');
    expect((await peopleOf(storyId))[0]?.consent).toBe('refused');
    const submit = await t.app.inject({ url: `/stories/${storyId}/submit`, headers: { cookie: amira } });
    expect(submit.body).toContain(
      'Jo Rivers (named in the story) refused: anonymise them or take them out of the story',
    );
  });

  it('refuses unknown links without revealing anything', async () => {
    const response = await t.app.inject('/consent/not-a-real-secret-not-a-real-secret-not-a-real');
    expect(response.statusCode).toBe(410);
    expect(response.body).toContain('This link does not work');
  });
});

describe('the subject of a profile', () => {
  it('approves the exact text; any later edit clears the approval and blocks submission again', async () => {
    const storyId = await createStory({
      form: 'profile',
      title: 'Sam at the food bank',
      body: 'Sam Okoro keeps the doors open.',
      subjectName: 'Sam Okoro',
      subjectEmail: 'sam@example.org',
    });
    const [subject] = await peopleOf(storyId);
    expect(subject?.relation).toBe('subject');
    const { path } = await ask(storyId, subject?.id ?? '', 'sam@example.org');
    const page = await t.app.inject(path);
    expect(page.body).toContain('is about you');
    expect(page.body).toContain('and approve the text');
    await post('', path, path, new URLSearchParams({ decision: 'give' }));
    expect((await peopleOf(storyId))[0]?.approved_text_hash).toMatch(/^[0-9a-f]{64}$/);
    const ready = await t.app.inject({ url: `/stories/${storyId}/submit`, headers: { cookie: amira } });
    expect(ready.body).toContain('approved this text');

    // The author edits the body after the approval.
    const edited = await post(
      amira,
      `/stories/${storyId}/edit`,
      `/stories/${storyId}/edit`,
      storyForm({
        form: 'profile',
        title: 'Sam at the food bank',
        body: 'Sam Okoro keeps the doors open, every day.',
        subjectName: 'Sam Okoro',
        subjectEmail: 'sam@example.org',
      }),
    );
    expect(edited.statusCode).toBe(303);
    const [after] = await peopleOf(storyId);
    expect(after).toMatchObject({ consent: 'given', approved_text_hash: null });
    const edit = await t.app.inject({ url: `/stories/${storyId}/edit`, headers: { cookie: amira } });
    expect(edit.body).toContain('but the text changed since they approved it');
    const blocked = await post(
      amira,
      `/stories/${storyId}/submit`,
      `/stories/${storyId}/submit`,
      new URLSearchParams(),
    );
    expect(blocked.statusCode).toBe(400);
    expect(blocked.body).toContain(
      'Sam Okoro (subject of the profile) has not approved the text as it is now: ask them again',
    );
  });

  it('cannot approve a text they never saw: an edit after the page opened shows the new text, recording nothing', async () => {
    const subjectFields = (body: string) =>
      storyForm({
        form: 'profile',
        title: 'Priya at the depot',
        body,
        subjectName: 'Priya Nair',
        subjectEmail: 'priya@example.org',
      });
    const storyId = await createStory(Object.fromEntries(subjectFields('Priya Nair mends the buses.')));
    const [subject] = await peopleOf(storyId);
    const { path } = await ask(storyId, subject?.id ?? '', 'priya@example.org');

    // Priya opens the page and reads the text as it is now.
    const page = await t.app.inject(path);
    expect(page.body).toContain('Priya Nair mends the buses.');
    const shown = textHashOf(page.body);
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const visitor = page.cookies.find((c) => c.name === 'waymark');

    // Meanwhile the author changes the body.
    const edited = await post(
      amira,
      `/stories/${storyId}/edit`,
      `/stories/${storyId}/edit`,
      subjectFields('Priya Nair mends the buses, and says yes to everything.'),
    );
    expect(edited.statusCode).toBe(303);

    // Her answer from the page she read is not taken for the new text.
    const answer = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { cookie: `waymark=${visitor?.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(page.body), textHash: shown ?? '', decision: 'give' }).toString(),
    });
    expect(answer.statusCode).toBe(409);
    expect(answer.body).toContain('The story changed since you opened this page. Read it again before you answer.');
    expect(answer.body).toContain('Priya Nair mends the buses, and says yes to everything.');
    expect(textHashOf(answer.body)).not.toBe(shown);
    expect((await peopleOf(storyId))[0]).toMatchObject({ consent: 'pending', approved_text_hash: null });

    // An answer without the page's text at all is not taken either.
    const blind = await post('', '/sign-in', path, new URLSearchParams({ decision: 'give' }));
    expect(blind.statusCode).toBe(409);
    expect((await peopleOf(storyId))[0]?.consent).toBe('pending');

    // Having read the new text, she can approve it, and the story may go forward.
    const given = await post('', path, path, new URLSearchParams({ decision: 'give' }));
    expect(given.body).toContain('You gave your consent');
    expect((await peopleOf(storyId))[0]).toMatchObject({
      consent: 'given',
      approved_text_hash: textHashOf(answer.body),
    });
    const ready = await t.app.inject({ url: `/stories/${storyId}/submit`, headers: { cookie: amira } });
    expect(ready.body).not.toContain('has not approved the text as it is now');
  });
});
