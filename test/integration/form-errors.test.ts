// Every form in the app, sent with empty or wrong answers: the page must say what is wrong once per field,
// in the Design System's words, with an error summary listing exactly the fields' own messages (same count,
// same text), each linking to its field, and with what was typed still in the fields. The forms come from
// the route table: a page route taking POST must be listed below as a form or, with a reason, as not one.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessWorld,
  buildAccessWorld,
  type CallerName,
  concreteUrl,
  spaceSlug,
} from '../support/access-world.ts';
import { type ErrorPage, readErrorPage } from '../support/error-page.ts';

type Fields = Record<string, string | string[]>;

interface FormCase {
  caller: CallerName;
  /** What is sent, as a browser sends the form: empty or wrong answers. */
  fields: Fields;
  /** The address when the route table's pattern needs other records than `bindings` gives. */
  url?: (world: AccessWorld, extra: Extra) => string;
  /** Sent as multipart/form-data (a file upload), with the CSRF token in the query. */
  multipart?: boolean;
}

/** Records the world does not name: a live consent link and the partner organisation's only admin. */
interface Extra {
  consentSecret: string;
  oluId: string;
  /** The space's invitation to Northshire Fire and Rescue, which its admin answers for the organisation. */
  fireInvitation: string;
}

const long = (n: number) => 'a'.repeat(n);
const story = {
  title: '',
  form: 'personal-narrative',
  body: 'The morning the rota finally made sense',
  primaryCharacteristic: '',
  visibility: 'organisation',
  place: long(201),
  region: 'North of England',
};

/** Every form, by route: what each sends. */
const forms: Record<string, FormCase[]> = {
  'POST /sign-in': [
    { caller: 'anonymous', fields: {} },
    { caller: 'anonymous', fields: { email: '', password: '' } },
    { caller: 'anonymous', fields: { email: 'not an address', password: 'secret words' } },
  ],
  'POST /sign-in/link': [
    { caller: 'anonymous', fields: {} },
    { caller: 'anonymous', fields: { email: 'someone.example.org' } },
  ],
  'POST /sign-in/sso': [{ caller: 'anonymous', fields: { email: 'nobody at all' } }],
  'POST /invitations/:token': [{ caller: 'anonymous', fields: { displayName: '', password: 'short' } }],
  'POST /consent/:secret': [{ caller: 'anonymous', fields: {}, url: (_w, extra) => `/consent/${extra.consentSecret}` }],
  'POST /account/password': [{ caller: 'member', fields: { current: 'not my password', password: 'short' } }],
  'POST /account/tokens': [{ caller: 'member', fields: { name: '', lifetimeDays: '9999' } }],
  'POST /account/delete': [{ caller: 'member', fields: { stories: '', email: 'someone.else@example.org' } }],
  'POST /stories/new': [{ caller: 'member', fields: story }],
  'POST /stories/:id/edit': [
    { caller: 'member', fields: { ...story, title: long(201), primaryCharacteristic: 'rooted', place: '' } },
  ],
  'POST /stories/:id/people/:personId/anonymise': [{ caller: 'member', fields: { alias: long(201) } }],
  'POST /stories/:id/audio': [{ caller: 'member', fields: {}, multipart: true }],
  'POST /stories/:id/transcript': [{ caller: 'member', fields: { transcript: long(50_001) } }],
  'POST /stories/:id/comments': [{ caller: 'member', fields: { body: '' } }],
  'POST /comments/:id/edit': [{ caller: 'member', fields: { body: long(5001) } }],
  'POST /report/:type/:id': [{ caller: 'member', fields: { reason: '' } }],
  'POST /pair/new': [{ caller: 'member', fields: { partnerEmail: 'partner at work' } }],
  // In the member's exercise, apart, her line manager interviews her first: he is the one typing.
  'POST /pair/:id/turns/:turn': [{ caller: 'line_manager', fields: { introduce: long(10_001), example: 'A story' } }],
  'POST /pair/:id/turns/:turn/finish': [
    { caller: 'line_manager', fields: { introduce: 'Who they are', tips: 'Listen' } },
  ],
  'POST /groups/new': [
    { caller: 'member', fields: { name: '', about: long(2001), visibility: '', joinRule: '' } },
    { caller: 'member', fields: { name: 'Wednesday readers', visibility: 'space', spaceId: '', joinRule: 'open' } },
  ],
  'POST /groups/:id/sessions/new': [
    { caller: 'member', fields: { title: '', date: '28 March', startTime: '25:00', endTime: '', capacity: 'twelve' } },
    // 1:30am on the last Sunday of March does not happen in the UK: the clocks go from 1am to 2am.
    { caller: 'member', fields: { title: 'Chapter one', date: '2027-03-28', startTime: '01:30', endTime: '03:00' } },
  ],
  'POST /groups/:id/sessions/:sessionId/rsvp': [{ caller: 'member', fields: {} }],
  'POST /groups/:id/invitations': [
    { caller: 'member', fields: {} },
    { caller: 'member', fields: { email: 'a colleague at work' } },
  ],
  'POST /groups/:id/reading-list': [
    { caller: 'member', fields: { itemLink: '', itemNote: long(1001) } },
    { caller: 'member', fields: { itemLink: 'https://example.org/not-ours', itemNote: 'Worth a look' } },
  ],
  'POST /groups/:id/sessions/:sessionId/edit': [
    { caller: 'member', fields: { title: long(121), date: '2027-02-30', startTime: '10:00', endTime: '09:00' } },
  ],
  'POST /groups/:id/sessions/:sessionId/questions': [{ caller: 'member', fields: { questionText: '' } }],
  'POST /groups/:id/sessions/:sessionId/notes': [{ caller: 'member', fields: { notes: long(20_001) } }],
  'POST /groups/:id/sessions/:sessionId/reflection': [{ caller: 'member', fields: { reflection: long(20_001) } }],
  'POST /groups/:id/sessions/:sessionId/actions': [
    { caller: 'member', fields: { actionText: '', ownerId: '', dueOn: '2027-04-31' } },
  ],
  'POST /spaces/new': [{ caller: 'org_admin', fields: { name: '', slug: 'Not A Slug', description: 'For us' } }],
  'POST /spaces/invitations/:id': [
    {
      caller: 'unrelated_admin',
      fields: { decision: 'accept' },
      url: (_w, e) => `/spaces/invitations/${e.fireInvitation}`,
    },
    {
      caller: 'unrelated_admin',
      fields: { decision: 'accept', everyone: 'chosen' },
      url: (_w, e) => `/spaces/invitations/${e.fireInvitation}`,
    },
  ],
  'POST /spaces/:slug/invitations/organisation': [{ caller: 'org_admin', fields: { orgId: '' } }],
  'POST /spaces/:slug/invitations/person': [
    { caller: 'org_admin', fields: {} },
    { caller: 'org_admin', fields: { email: 'colleague at work' } },
  ],
  'POST /organisation': [{ caller: 'org_admin', fields: { name: '', sector: '', region: long(101) } }],
  'POST /organisation/units': [{ caller: 'org_admin', fields: { name: long(201), kind: '', parentId: '' } }],
  'POST /organisation/units/:unitId': [{ caller: 'org_admin', fields: { name: '', kind: 'team', parentId: '' } }],
  'POST /organisation/members/:personId/roles': [
    {
      caller: 'partner_admin',
      fields: { roles: ['moderator'] },
      url: (_w, extra) => `/organisation/members/${extra.oluId}/roles`,
    },
  ],
  'POST /organisation/members/:personId/placement': [
    { caller: 'org_admin', fields: { unitId: '0b7d5f3e-5c1a-4b8e-9a61-3f2d7c9e1a42', managerId: '' } },
  ],
  'POST /organisation/invitations': [
    { caller: 'org_admin', fields: { name: '', email: '', unitId: '', managerEmail: 'manager' } },
  ],
  'POST /organisation/import': [{ caller: 'org_admin', fields: { csv: '' }, multipart: true }],
  'POST /organisation/retention': [{ caller: 'org_admin', fields: { days: 'two years' } }],
  'POST /organisation/sso': [
    { caller: 'org_admin', fields: {} },
    { caller: 'org_admin', fields: { issuer: 'login.example', clientId: '', allowedDomains: 'not a domain!' } },
  ],
  'POST /admin/organisations': [
    {
      caller: 'platform_admin',
      fields: { name: '', slug: 'Bad Slug', sector: '', region: '', adminName: '', adminEmail: '' },
    },
  ],
  'POST /moderation/import': [{ caller: 'moderator', fields: {}, multipart: true }],
  'POST /library/new': [
    { caller: 'member', fields: {} },
    {
      caller: 'member',
      fields: {
        itemType: 'book',
        title: long(301),
        year: '99',
        doi: 'doi',
        isbn: '123',
        url: 'ftp://x',
        visibility: 'public',
      },
    },
  ],
  'POST /library/:id/edit': [{ caller: 'moderator', fields: { itemType: '', title: '', accessed: '2024-13-01' } }],
  'POST /library/import': [{ caller: 'moderator', fields: { format: '', text: '' } }],
  'POST /library/import/:id': [{ caller: 'moderator', fields: { visibility: '' } }],
  'POST /moderation/library/:id/request-changes': [{ caller: 'moderator', fields: { reason: '' } }],
  'POST /moderation/library/:id/reject': [{ caller: 'moderator', fields: { reason: '' } }],
  'POST /moderation/library/:id/publish': [{ caller: 'moderator', fields: { reason: long(2001) } }],
  'POST /moderation/stories/:id/request-changes': [{ caller: 'moderator', fields: { reason: '' } }],
  'POST /moderation/stories/:id/reject': [{ caller: 'moderator', fields: { reason: '' } }],
  // The note is optional; only one too long is wrong.
  'POST /moderation/stories/:id/publish': [{ caller: 'moderator', fields: { reason: long(2001) } }],
  'POST /moderation/reports/:id/remove': [{ caller: 'moderator', fields: { reason: '' } }],
  'POST /moderation/comments/:id/hide': [{ caller: 'platform_moderator', fields: { reason: '' } }],
  'POST /articles/new': [
    { caller: 'editor', fields: {} },
    {
      caller: 'editor',
      fields: {
        title: long(201),
        kind: 'guest_column',
        visibility: 'public',
        body: 'Text',
        guestJob: 'Chief executive',
      },
    },
  ],
  'POST /articles/:id/edit': [
    { caller: 'editor', fields: { title: '', summary: long(501), kind: 'blog_post', visibility: 'public', body: '' } },
  ],
  'POST /articles/:id/schedule': [
    { caller: 'editor', fields: {} },
    { caller: 'editor', fields: { day: '31', month: '2', year: '2030', time: '09:00' } },
    { caller: 'editor', fields: { day: '1', month: '3', year: '2030', time: 'noon' } },
    // 1:30am on 31 March 2030 does not happen in the UK: the clocks go from 1am to 2am.
    { caller: 'editor', fields: { day: '31', month: '3', year: '2030', time: '01:30' } },
  ],
  'POST /articles/series/new': [{ caller: 'editor', fields: { title: '', summary: long(2001) } }],
  'POST /articles/:id/cover': [{ caller: 'editor', fields: { alt: long(251) }, multipart: true }],
  'POST /articles/:id/comments': [{ caller: 'member', fields: { body: '' } }],
  'POST /library/:id/comments': [{ caller: 'member', fields: { body: '' } }],
  'POST /account/subscriptions': [{ caller: 'member', fields: {} }],
  'POST /articles/subscribe': [
    { caller: 'anonymous', fields: {} },
    { caller: 'anonymous', fields: { email: 'not an address' } },
  ],
};

/** Page routes taking POST that are not forms to fill in, and why. */
const notForms: Record<string, string> = {
  'POST /sign-out': 'a button: signs out',
  'POST /account/session/keep': 'called by script from the warning before a session ends; answers 204',
  'POST /sign-in/link/:secret': 'a button: uses the emailed link',
  'POST /account/sign-out-everywhere': 'a button',
  'POST /account/tokens/:id/revoke': 'a button, after a page that asks to confirm',
  'POST /account/export': 'a button: downloads the data',
  'POST /account/organisation': 'switching organisation: a button per organisation',
  'POST /notifications/read': 'a button: marks notifications read',
  'POST /account/organisations/:orgId/leave': 'a button, after a page that asks to confirm',
  'POST /account/notifications': 'checkboxes only: every choice is a valid one',
  'POST /subscriptions/follow': 'a Follow button on a series, tag, group or article page',
  'POST /subscriptions/unfollow': 'a Following (stop following) button',
  'POST /unsubscribe/:token': 'a button, or a mail client’s one-click POST',
  'POST /articles/subscribe/:secret': 'a button: confirms the emailed link',
  'POST /account/sso/link': 'a button: goes to the identity provider',
  'POST /account/sso/unlink': 'a button per link',
  'POST /admin/people/:id/disable': 'a button, after a page that asks to confirm',
  'POST /admin/people/:id/enable': 'a button, after a page that asks to confirm',
  'POST /admin/sso-domains': 'approve and refuse buttons per claim; a problem links to the list of claims',
  'POST /organisation/sso/remove': 'a button, after a page that asks to confirm',
  'POST /organisation/units/:unitId/delete': 'a button, after a page that asks to confirm',
  'POST /organisation/members/:personId/remove': 'a button, after a page that asks to confirm',
  'POST /organisation/invitations/:id/resend': 'a button',
  'POST /organisation/invitations/:id/revoke': 'a button',
  'POST /organisation/import/confirm': 'a button confirming the list checked on the page before',
  'POST /stories/new/autosave': 'answers the autosave script with JSON',
  'POST /stories/:id/autosave': 'answers the autosave script with JSON',
  'POST /stories/rescued': 'keep or discard buttons for text kept after a session ended',
  'POST /stories/:id/submit': 'a button: what is still missing is listed, linking to the story’s fields',
  'POST /stories/:id/withdraw': 'a button, after a page that asks to confirm',
  'POST /stories/:id/delete': 'a button, after a page that asks to confirm',
  'POST /stories/:id/reopen': 'a button',
  'POST /stories/:id/people/:personId/ask': 'a button: emails the person',
  'POST /stories/:id/audio/remove': 'a button',
  'POST /stories/:id/resonates': 'a button',
  'POST /comments/:id/delete': 'a button, after a page that asks to confirm',
  'POST /pair/:id/stop': 'a button, after a page that asks to confirm',
  'POST /groups/:id/join': 'a button',
  'POST /groups/:id/reading-list/:itemId/remove': 'a button beside each item on the list',
  'POST /account/calendar': 'a button that makes a calendar address',
  'POST /account/calendar/revoke': 'a button that stops the calendar address working',
  'POST /groups/:id/sessions/:sessionId/cancel': 'a button on the change page, which says it cannot be undone',
  'POST /groups/:id/sessions/:sessionId/agenda':
    'ticks among the questions listed; only a value not on the list is refused, linking to the list',
  'POST /groups/:id/requests/:personId': 'a button for each person asking to join',
  'POST /groups/:id/reading-list/:itemId/move': 'Move up and Move down buttons on each item of the list',
  'POST /groups/:id/invitations/:invitationId/withdraw': 'a button for each invitation waiting',
  'POST /group-invitations/:token': 'a button: the link itself is the only input',
  'POST /groups/:id/sessions/:sessionId/answers': 'a button that closes answers, or opens them again',
  'POST /spaces/:slug/invitations/:id/withdraw': 'a button',
  'POST /spaces/:slug/organisations/:orgId/remove': 'a button, after a page that asks to confirm',
  'POST /spaces/:slug/people/:personId/remove': 'a button, after a page that asks to confirm',
  'POST /spaces/:slug/leave': 'a button, after a page that asks to confirm',
  'POST /moderation/import/:id': 'a button confirming the stories checked on the page',
  'POST /moderation/reports/:id/dismiss': 'a button: the note is optional',
  'POST /articles/:id/publish': 'a button, after a page that asks to confirm',
  'POST /articles/:id/unpublish': 'a button, after a page that asks to confirm',
  'POST /articles/:id/resonates': 'a button',
  'POST /library/:id/resonates': 'a button',
  'POST /articles/:id/cover/remove': 'a button, after a page that asks to confirm',
};

let world: AccessWorld;
const extra: Extra = { consentSecret: '', oluId: '', fireInvitation: '' };

beforeAll(async () => {
  world = await buildAccessWorld();
  const db = world.t.database.db;
  // A live consent link: the member asks the person named in her draft, and the email carries the link.
  const member = world.caller('member');
  const { writingDraft, writingPerson } = world.records;
  const asked = await send(
    world.t.app,
    member.cookie,
    member.csrf,
    `/stories/${writingDraft}/people/${writingPerson}/ask`,
    {},
  );
  expect(asked.statusCode).toBe(303);
  const mail = await db
    .selectFrom('email_outbox')
    .select('body_text')
    .where('to_address', '=', 'matrix.person@example.org')
    .executeTakeFirstOrThrow();
  extra.consentSecret = /\/consent\/([\w-]+)/.exec(mail.body_text)?.[1] ?? '';
  extra.oluId = (
    await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'olu.fairweather@kelbridge-wellbeing-network.example')
      .executeTakeFirstOrThrow()
  ).id;
  // The space's host invites Northshire Fire and Rescue; its admin will answer.
  const admin = world.caller('org_admin');
  const fire = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', 'northshire-fire-rescue')
    .executeTakeFirstOrThrow();
  const invited = await send(world.t.app, admin.cookie, admin.csrf, `/spaces/${spaceSlug}/invitations/organisation`, {
    orgId: fire.id,
  });
  expect(invited.statusCode).toBe(303);
  extra.fireInvitation = (
    await db
      .selectFrom('space_invitations')
      .select('id')
      .where('invited_org_id', '=', fire.id)
      .where('responded_at', 'is', null)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => world.t.close());

function send(app: FastifyInstance, cookie: string, csrf: string, url: string, fields: Fields, multipart = false) {
  if (multipart) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
    form.append(url.includes('/audio') ? 'recording' : 'file', new Blob([]), '');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return request.arrayBuffer().then((body) =>
      app.inject({
        method: 'POST',
        url: `${url}?_csrf=${encodeURIComponent(csrf)}`,
        headers: { cookie, 'content-type': request.headers.get('content-type') ?? '' },
        payload: Buffer.from(body),
      }),
    );
  }
  const payload = new URLSearchParams({ _csrf: csrf });
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) payload.append(name, v);
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: payload.toString(),
  });
}

/** What is wrong with one answered form, in words a failure message can show. */
function problemsWith(page: ErrorPage, fields: Fields): string[] {
  const problems: string[] = [];
  if (page.summary.length === 0) problems.push('no error summary');
  const inline = page.messages.map((m) => m.text).sort();
  const listed = page.summary.map((s) => s.text).sort();
  if (JSON.stringify(inline) !== JSON.stringify(listed)) {
    problems.push(`summary ${JSON.stringify(listed)} but fields say ${JSON.stringify(inline)}`);
  }
  for (const item of page.summary) {
    const id = item.href.replace(/^#/, '');
    if (!page.ids.has(id)) problems.push(`summary link ${item.href} points at nothing`);
    const own = page.messages.find((m) => m.id === `${id}-error`);
    if (own?.text !== item.text) problems.push(`summary link ${item.href} is not to the field saying “${item.text}”`);
  }
  for (const text of [...inline, ...listed]) {
    if (/invalid input|expected|received|too (big|small)/i.test(text)) problems.push(`zod’s own words: “${text}”`);
  }
  for (const [name, value] of Object.entries(fields)) {
    const shown = page.field(name);
    const sent = [value].flat().filter((v) => v !== '');
    // A choice the page no longer offers (a unit deleted meanwhile) cannot be shown as chosen.
    if (shown === undefined || sent.some((v) => shown.options && !shown.options.includes(v))) continue;
    if (JSON.stringify(shown.values.filter((v) => v !== '')) !== JSON.stringify(sent)) {
      problems.push(
        `${name}: typed ${JSON.stringify(sent).slice(0, 80)}, shown ${JSON.stringify(shown.values).slice(0, 80)}`,
      );
    }
  }
  return problems;
}

describe('forms with mistakes', () => {
  const pageRoutes = () =>
    world.t.app.routeTable
      .filter((r) => r.method === 'POST' && !r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`);

  it('lists every page route taking POST, as a form or as not one (with a reason)', () => {
    const unlisted = pageRoutes().filter((route) => !(route in forms) && !(route in notForms));
    expect(unlisted, 'add each to `forms` or to `notForms` with a reason').toEqual([]);
    const both = Object.keys(forms).filter((route) => route in notForms);
    expect(both).toEqual([]);
    const gone = [...Object.keys(forms), ...Object.keys(notForms)].filter((r) => !pageRoutes().includes(r));
    expect(gone).toEqual([]);
  });

  it('says what is wrong once per field, the summary matching the fields, and keeps what was typed', async () => {
    const failures: string[] = [];
    for (const [route, cases] of Object.entries(forms)) {
      const pattern = route.slice('POST '.length);
      for (const form of cases) {
        const url = form.url ? form.url(world, extra) : concreteUrl(pattern, world.records);
        if (url === undefined) throw new Error(`no records for ${route}`);
        const caller = world.caller(form.caller);
        const response = await send(world.t.app, caller.cookie, caller.csrf, url, form.fields, form.multipart);
        const where = `${route} as ${form.caller} with ${JSON.stringify(form.fields).slice(0, 60)}`;
        if (response.statusCode < 400 || response.statusCode >= 500) {
          failures.push(`${where}: ${response.statusCode}`);
          continue;
        }
        if (!String(response.headers['content-type']).startsWith('text/html')) {
          failures.push(`${where}: ${response.headers['content-type']}`);
          continue;
        }
        for (const problem of problemsWith(readErrorPage(response.body), form.fields)) {
          failures.push(`${where}: ${problem}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
