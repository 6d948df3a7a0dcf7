// Every page of the app in Chromium, for each kind of caller who may see it: axe finds nothing at all (any
// impact, best practice included, so content outside a landmark fails too) at 1280 px and at 320 px, and at
// 320 px nothing scrolls sideways. The pages come from the app's own route table: a GET route that answers
// HTML and has no visit below fails the test, so a new page is checked from the day it is added. The same
// checks run again after the main interactions: a form sent empty, the library's filters opened, a comment
// posted. The callers and records are the access matrix's (test/support/access-world.ts).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessWorld,
  buildAccessWorld,
  type CallerName,
  concreteUrl,
  type Records,
} from '../support/access-world.ts';
import { launchBrowser } from '../support/browser.ts';
import { narrow, narrowProblems, pageProblems, wide } from '../support/page-checks.ts';

/**
 * GET routes that are not pages, each with why. A route under one of these prefixes answers JSON, a
 * stylesheet or a script; the rest are downloads, feeds or redirects.
 */
const notPagesUnder: Record<string, string> = {
  '/api/v1/': 'the JSON API',
  '/assets/': 'stylesheets and scripts',
};
const notPages: Record<string, { why: string; as: CallerName }> = {
  'GET /api/openapi.json': { why: 'the API described in JSON', as: 'anonymous' },
  'GET /stories/feeds/:characteristic.atom': { why: 'an Atom feed', as: 'anonymous' },
  'GET /articles/feed.atom': { why: 'an Atom feed', as: 'anonymous' },
  'GET /articles/series/:id/feed.atom': { why: 'an Atom feed', as: 'anonymous' },
  'GET /articles/tags/:tag/feed.atom': { why: 'an Atom feed', as: 'anonymous' },
  'GET /sitemap.xml': { why: 'the sitemap for search engines, in XML', as: 'anonymous' },
  'GET /articles/:id/cover.jpg': { why: 'an image', as: 'editor' },
  'GET /stories/:id/recording': { why: 'a recording, downloaded or played', as: 'member' },
  'GET /organisation/import/template.csv': { why: 'a CSV file to download', as: 'org_admin' },
  'GET /moderation/export.json': { why: 'a collection of stories to download', as: 'moderator' },
  'GET /moderation/export.zip': { why: 'a collection of stories to download', as: 'moderator' },
  'GET /library/export': { why: 'references to download (BibTeX, RIS, CSL-JSON or text)', as: 'anonymous' },
  'GET /sign-in/sso/callback': { why: 'the identity provider sends people back here; it redirects', as: 'anonymous' },
  'GET /notifications/:id': {
    why: 'opening a notification marks it read and redirects to what it is about',
    as: 'member',
  },
  'GET /groups/:id/sessions/:sessionId/calendar.ics': { why: 'a calendar file to download', as: 'member' },
  'GET /calendar/:secret': { why: 'a calendar feed that calendar programs fetch', as: 'anonymous' },
  'GET /pair/:id/turns/:turn/notes': {
    why: "the pair exercise's script reads a partner's notes as JSON",
    as: 'member',
  },
};

interface Visit {
  route: string;
  as: readonly CallerName[];
  /** Records other than the usual ones (test/support/access-world.ts) for the route's parameters. */
  with?: Record<string, keyof Records>;
  /** Added to the concrete URL: a query string. */
  query?: string;
  status?: number;
}
const v = (route: string, as: readonly CallerName[], more: Omit<Visit, 'route' | 'as'> = {}): Visit => ({
  route,
  as,
  ...more,
});

// Who visits: for a public page an anonymous visitor, a member and an admin; for a page of a role, that role.
const everyone = ['anonymous', 'member', 'org_admin'] as const;
const people = ['member', 'org_admin'] as const;
const author = ['member'] as const;
const admin = ['org_admin'] as const;
const moderator = ['moderator'] as const;
const platformAdmin = ['platform_admin'] as const;

const visits: Visit[] = [
  v('GET /', everyone),
  v('GET /framework', everyone),
  v('GET /framework/characteristics/:key', everyone),
  v('GET /framework/roles/:key', everyone),
  v('GET /framework/lessons/:key', everyone),
  v('GET /api/docs', everyone),
  // About Waymark, and the statements the law asks for.
  v('GET /how-it-works', everyone),
  v('GET /help', everyone),
  v('GET /accessibility', everyone),
  v('GET /privacy', everyone),
  v('GET /cookies', everyone),
  v('GET /stories', everyone),
  v('GET /search', everyone),
  v('GET /search', ['anonymous', 'member'], { query: '?q=council' }),
  v('GET /stories', ['anonymous'], { query: '?q=council&characteristic=locality&sort=newest' }),
  v('GET /stories', ['anonymous'], { query: '?q=xylophonist' }),
  v('GET /stories', ['member'], { query: '?page=2' }),
  // A published story with its discussion, for everyone; the author's own draft, for her.
  v('GET /stories/:id', everyone, { with: { id: 'publicStory' } }),
  v('GET /stories/:id', author),

  // Secret links: an unknown secret is gone; an invitation shows whom it is for.
  v('GET /consent/:secret', ['anonymous'], { status: 410 }),
  v('GET /sign-in/link/:secret', ['anonymous'], { status: 410 }),
  v('GET /invitations/:token', ['anonymous', 'member']),

  // Signing in and the account.
  v('GET /sign-in', ['anonymous']),
  v('GET /sign-in/link', ['anonymous']),
  v('GET /sign-in/sso', ['anonymous']),
  v('GET /account/deleted', ['anonymous']),
  v('GET /account', people),
  v('GET /account/sso', people),
  v('GET /account/password', people),
  v('GET /account/tokens', people),
  v('GET /account/tokens/:id/revoke', author),
  v('GET /account/organisations', people),
  v('GET /account/organisations/:orgId/leave', author),
  v('GET /account/notifications', people),
  v('GET /account/subscriptions', people),
  v('GET /unsubscribe/:token', ['anonymous'], { status: 404 }),
  v('GET /articles/subscribe', ['anonymous', 'member']),
  v('GET /articles/subscribe/:secret', ['anonymous'], { status: 410 }),
  v('GET /account/privacy', people),
  v('GET /account/export', people),
  v('GET /account/delete', people),

  v('GET /notifications', people),

  // Writing.
  v('GET /stories/new', people),
  v('GET /stories/rescued', people),
  v('GET /account/stories', people),
  v('GET /stories/:id/edit', author),
  v('GET /stories/:id/submit', author),
  v('GET /stories/:id/withdraw', author),
  v('GET /stories/:id/delete', author),
  v('GET /stories/:id/people/:personId/anonymise', author),
  v('GET /stories/:id/audio', author),
  v('GET /stories/:id/audio/remove', author),

  // Discussion.
  v('GET /report/:type/:id', people),
  v('GET /comments/:id/reply', people),
  v('GET /comments/:id/edit', author),
  v('GET /comments/:id/delete', author),

  // Running the deployment.
  v('GET /admin/people', platformAdmin),
  v('GET /admin/people/:id/disable', platformAdmin),
  v('GET /admin/people/:id/enable', platformAdmin),
  v('GET /admin/organisations', platformAdmin),
  v('GET /admin/email', platformAdmin),
  v('GET /admin/email/:id', platformAdmin),
  v('GET /admin/sso-domains', platformAdmin),

  // Running an organisation.
  v('GET /organisation', admin),
  v('GET /organisation/sso', admin),
  v('GET /organisation/sso/remove', admin),
  v('GET /organisation/invitations', admin),
  v('GET /organisation/invitations/new', admin),
  v('GET /organisation/invitations/:id/revoke', admin),
  v('GET /organisation/import', admin),
  v('GET /organisation/units', admin),
  v('GET /organisation/units/:unitId', admin),
  v('GET /organisation/units/:unitId/delete', admin),
  v('GET /organisation/members', ['org_admin', 'hr_od']),
  v('GET /organisation/members/:personId', ['org_admin', 'hr_od']),
  v('GET /organisation/members/:personId/remove', admin),
  v('GET /organisation/audit', admin),
  v('GET /organisation/retention', admin),
  v('GET /team', ['line_manager']),

  // Shared spaces.
  v('GET /spaces', people),
  v('GET /spaces/new', ['org_admin', 'coordinator']),
  v('GET /spaces/invitations/:id', ['unrelated_member']),
  v('GET /spaces/:slug', ['member', 'org_admin', 'partner_member', 'platform_admin']),
  v('GET /spaces/:slug/organisations/:orgId/remove', ['org_admin', 'coordinator']),
  v('GET /spaces/:slug/people/:personId/remove', admin),
  v('GET /spaces/:slug/leave', ['member', 'partner_member']),

  // Moderation, and collections in and out.
  v('GET /moderation', ['moderator', 'platform_moderator']),
  v('GET /moderation/stories/:id', moderator),
  v('GET /moderation/stories/:id/publish', moderator),
  v('GET /moderation/stories/:id/request-changes', moderator),
  v('GET /moderation/stories/:id/reject', moderator),
  v('GET /moderation/reports/:id', moderator),
  v('GET /moderation/reports/:id/remove', moderator),
  v('GET /moderation/comments/:id/hide', ['platform_moderator']),
  v('GET /moderation/import', moderator),
  v('GET /moderation/import/:id', moderator),
  v('GET /moderation/export', moderator),

  // The evidence library: the council's item is for its own people; the suggestion waits for its moderator.
  v('GET /library', everyone),
  v('GET /library', ['member'], { query: '?q=matrix&type=report' }),
  v('GET /library/:id', ['member', 'org_admin']),
  v('GET /library/new', people),
  v('GET /library/:id/edit', moderator),
  v('GET /library/import', moderator),
  v('GET /library/import/:id', moderator),
  v('GET /moderation/library/:id', moderator),
  v('GET /moderation/library/:id/publish', moderator),
  v('GET /moderation/library/:id/request-changes', moderator),
  v('GET /moderation/library/:id/reject', moderator),

  // Reading groups: the member facilitates the council's group; the line manager has asked to join it.
  v('GET /groups', ['anonymous', 'member']),
  v('GET /groups/new', ['member']),
  v('GET /groups/:id', ['member', 'line_manager']),
  v('GET /groups/:id/sessions/new', ['member']),
  v('GET /groups/:id/sessions/:sessionId', ['member', 'line_manager']),
  v('GET /groups/:id/sessions/:sessionId/facilitate', ['member']),
  v('GET /groups/:id/sessions/:sessionId/edit', ['member']),
  // Invitations: the facilitator's page; the link, to someone in the council and (refused) to a stranger.
  v('GET /groups/:id/invitations', ['member']),
  v('GET /group-invitations/:token', ['line_manager']),
  v('GET /group-invitations/:token', ['unrelated_member'], { status: 404 }),
  v('GET /actions', ['member']),
  v('GET /account/calendar', ['member']),

  // Articles: the council's article is for its people; its editor writes, schedules and revises.
  v('GET /articles', everyone),
  v('GET /articles', ['anonymous'], { query: '?tag=characteristic%3Acareer' }),
  v('GET /articles/:id', ['member', 'editor']),
  v('GET /articles/series/:id', everyone),
  v('GET /articles/manage', ['editor']),
  v('GET /articles/new', ['editor']),
  v('GET /articles/series/new', ['editor']),
  v('GET /articles/:id/edit', ['editor']),
  v('GET /articles/:id/preview', ['editor']),
  v('GET /articles/:id/publish', ['editor']),
  v('GET /articles/:id/unpublish', ['editor']),
  v('GET /articles/:id/schedule', ['editor']),
  v('GET /articles/:id/revisions', ['editor']),
  v('GET /articles/:id/revisions', ['editor'], { with: { id: 'councilArticle' } }),
  v('GET /articles/:id/revisions/:from/compare/:to', ['editor']),
  v('GET /articles/:id/cover', ['editor']),
  v('GET /articles/:id/cover/remove', ['editor']),

  // The pair exercise.
  v('GET /pair', people),
  v('GET /pair/new', people),
  v('GET /pair/:id', ['member', 'line_manager']),
  v('GET /pair/:id/stop', ['member']),
];

/** Pages that are not routes: the answers for an unknown address, a malformed one and a refused visitor. */
const otherPages: { url: string; as: CallerName; status: number }[] = [
  { url: '/no-such-page', as: 'anonymous', status: 404 },
  { url: '/no-such-page', as: 'member', status: 404 },
  { url: '/stories/%E0%A4%A', as: 'anonymous', status: 400 },
  { url: `/stories?q=${'long '.repeat(2000)}`, as: 'anonymous', status: 400 },
  { url: '/sign-in?returnTo=%2Faccount', as: 'anonymous', status: 200 },
];

let world: AccessWorld;
let baseUrl: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const contexts = new Map<CallerName, BrowserContext>();

beforeAll(async () => {
  world = await buildAccessWorld();
  baseUrl = await world.t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts.values()) await context.close();
  await browser?.close();
  await world?.t.close();
});

/** A page in the caller's own browser context: their session cookie, set as the sign-in form set it. */
async function pageAs(caller: CallerName): Promise<Page> {
  let context = contexts.get(caller);
  if (!context) {
    context = await browser.newContext({ viewport: wide });
    const { cookie } = world.caller(caller);
    const cookies = cookie
      .split('; ')
      .filter((pair) => pair.includes('='))
      .map((pair) => {
        const [name = '', ...value] = pair.split('=');
        return { name, value: value.join('='), url: baseUrl };
      });
    if (caller !== 'anonymous' && cookies.length > 0) await context.addCookies(cookies);
    contexts.set(caller, context);
  }
  return context.pages()[0] ?? context.newPage();
}

const pageRoutes = () =>
  world.t.app.routeTable
    .filter((route) => route.method === 'GET' && route.url !== '/healthz')
    .map((route) => `GET ${route.url}`)
    .filter((route) => !Object.keys(notPagesUnder).some((prefix) => route.startsWith(`GET ${prefix}`)))
    .filter((route) => !(route in notPages));

function urlOf(visit: Visit): string {
  const url = concreteUrl(visit.route.slice('GET '.length), world.records, visit.with);
  if (url === undefined)
    throw new Error(`${visit.route}: no record for its parameters in test/support/access-world.ts`);
  return `${url}${visit.query ?? ''}`;
}

describe('every page in the browser', () => {
  it('visits every GET route that answers a page, and only routes that exist', () => {
    const visited = new Set(visits.map((visit) => visit.route));
    const routes = new Set(pageRoutes());
    expect(
      [...routes].filter((route) => !visited.has(route)),
      'pages without a visit',
    ).toEqual([]);
    expect(
      [...visited].filter((route) => !routes.has(route)),
      'visits of routes that do not exist',
    ).toEqual([]);
    for (const visit of visits) expect(() => urlOf(visit), visit.route).not.toThrow();
  });

  it('leaves out only routes that answer something other than a page', async () => {
    const existing = new Set(world.t.app.routeTable.map((route) => `${route.method} ${route.url}`));
    const wrong: string[] = [];
    for (const [route, { as }] of Object.entries(notPages)) {
      if (!existing.has(route)) {
        wrong.push(`${route}: no such route`);
        continue;
      }
      const url = concreteUrl(route.slice('GET '.length), world.records);
      if (url === undefined) {
        wrong.push(`${route}: no record for its parameters in test/support/access-world.ts`);
        continue;
      }
      const caller = world.caller(as);
      const response = await world.t.app.inject({ url, headers: { cookie: caller.cookie } });
      const type = String(response.headers['content-type'] ?? '');
      if (response.statusCode === 200 && type.startsWith('text/html')) wrong.push(`${route}: answers a page`);
      if (response.statusCode >= 400) wrong.push(`${route}: ${response.statusCode} for ${as}`);
    }
    expect(wrong).toEqual([]);
  });
});

/** Visits `url` as `caller` at 1280 px and returns what is wrong: the status, then axe and 320 px. */
async function visitProblems(caller: CallerName, url: string, status: number): Promise<string[]> {
  const page = await pageAs(caller);
  await page.setViewportSize(wide);
  const response = await page.goto(`${baseUrl}${url}`);
  const problems = response?.status() === status ? [] : [`${response?.status()}, expected ${status}`];
  return [...problems, ...(await pageProblems(page))];
}

describe('every page passes axe and fits 320 px, for each caller who may see it', () => {
  for (const visit of visits) {
    it(`${visit.route}${visit.query ?? ''} as ${visit.as.join(', ')}`, { timeout: 180_000 }, async () => {
      const failures: string[] = [];
      for (const caller of visit.as) {
        for (const problem of await visitProblems(caller, urlOf(visit), visit.status ?? 200)) {
          failures.push(`${caller}: ${problem}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
  for (const other of otherPages) {
    it(`${other.url.slice(0, 40)} as ${other.as}`, { timeout: 60_000 }, async () => {
      expect(await visitProblems(other.as, other.url, other.status)).toEqual([]);
    });
  }
});

/** Forms sent empty, as someone who pressed the button too soon: the page shows what to fix. */
const emptyForms: { url: string; as: CallerName; button: string }[] = [
  { url: '/sign-in', as: 'anonymous', button: 'Sign in' },
  { url: '/stories/new', as: 'member', button: 'Save draft' },
  { url: '/account/password', as: 'member', button: 'Save password' },
  { url: '/account/tokens', as: 'member', button: 'Create token' },
  { url: '/pair/new', as: 'member', button: 'Start the exercise' },
  { url: '/groups/new', as: 'member', button: 'Start the group' },
  { url: '/organisation/invitations/new', as: 'org_admin', button: 'Send invitation' },
  { url: '/organisation/units', as: 'org_admin', button: 'Add unit' },
  { url: '/spaces/new', as: 'org_admin', button: 'Create space' },
  { url: '/articles/new', as: 'editor', button: 'Save and preview' },
  { url: '/articles/series/new', as: 'editor', button: 'Start the series' },
];

describe('after the main interactions, every page still passes axe and fits 320 px', () => {
  for (const form of emptyForms) {
    it(`${form.url} sent empty by ${form.as}`, async () => {
      const page = await pageAs(form.as);
      await page.setViewportSize(wide);
      await page.goto(`${baseUrl}${form.url}`);
      await page.getByRole('button', { name: form.button, exact: true }).click();
      await page.waitForSelector('.govuk-error-summary');
      expect(await pageProblems(page)).toEqual([]);
    });
  }

  it('the library with its filters opened on a phone', async () => {
    const page = await pageAs('anonymous');
    await page.setViewportSize(narrow);
    await page.goto(`${baseUrl}/stories`);
    await page.locator('details.waymark-filters summary').click();
    expect(await page.locator('#facet-characteristic').isVisible()).toBe(true);
    expect(await narrowProblems(page)).toEqual([]);
  });

  it('a story after a comment is posted', async () => {
    const page = await pageAs('member');
    await page.setViewportSize(wide);
    await page.goto(`${baseUrl}/stories/${world.records.publicStory}`);
    await page.fill(
      '#body',
      'Every route comment: a https://example.org/a-very-long-address-that-must-wrap-on-a-phone',
    );
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForSelector('text=Every route comment');
    expect(await pageProblems(page)).toEqual([]);
  });
});
