// The access matrix: every route of the app, called by every kind of caller, compared with a table written
// by hand of what each caller should get. The table is the product's promise in one place, so it is read
// and changed by people, never derived from the routes' own declarations (that would check the code against
// itself). An allowed caller must get the record itself (each fixture carries a marker string); anyone
// else gets the answer a stranger gets, sees none of it, and a refused state-changing call leaves every
// table exactly as it was. A route without a row here fails the first test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessWorld,
  buildAccessWorld,
  type CallerName,
  callAs,
  callerNames,
  concreteUrl,
  markers,
  type Records,
  spaceSlug,
} from '../support/access-world.ts';
import { groupMarkers } from '../support/access-world-groups.ts';
import { changedTables, snapshotTables } from '../support/table-checksums.ts';

type Callers = readonly CallerName[];

// Named sets of callers. The council is the organisation whose records are at stake.
const councilStaff = ['member', 'line_manager', 'moderator', 'coordinator', 'hr_od', 'org_admin', 'editor'] as const;
const partners = ['partner_member', 'partner_admin'] as const;
/** Everyone with a session. */
const people = callerNames.filter((c) => c !== 'anonymous' && !c.startsWith('token_'));
/** Everyone a browser can be: signed in or not. */
const humans: Callers = ['anonymous', ...people];
const tokens = ['token_own', 'token_other'] as const;
const everyone: Callers = callerNames;
/** The admins of other organisations: each gets the page, about their own organisation. */
const otherAdmins = ['partner_admin', 'unrelated_admin'] as const;
const orgAdmins: Callers = ['org_admin', ...otherAdmins];
/** Who reaches the shared space the council hosts. */
const spaceReach: Callers = [...councilStaff, ...partners];
/** Who runs that space: the host organisation's admins and coordinators. */
const spaceRunners: Callers = ['org_admin', 'coordinator'];
/** The council member owns the drafts, the comment, the token and the recording; her token acts for her. */
const author: Callers = ['member'];
const authorAndToken: Callers = ['member', 'token_own'];
const nobody: Callers = [];

interface Row {
  /** `METHOD /route/pattern`, exactly as the app registers it. */
  route: string;
  /** Callers answered with the record: a GET is 200 (or `status`) and shows `marker`; a state-changing call is allowed. */
  sees: Callers;
  /** Callers answered 200 about their own organisation: the marker must not appear. */
  opens?: Callers;
  marker?: string;
  /** What `sees` get instead of 200; a state-changing row with a status is called for them too. */
  status?: number;
  /** A public route: an anonymous caller it does not show the record to gets 404, not the sign-in page. */
  open?: true;
  /** Other records for the route's parameters than the usual ones. */
  with?: Record<string, keyof Records>;
}

const r = (route: string, sees: Callers, more: Omit<Row, 'route' | 'sees'> = {}): Row => ({ route, sees, ...more });

/**
 * What each caller should get from each route. Everyone outside `sees` and `opens` is refused the way a
 * stranger is: an API token on a page gets 401 (JSON); an anonymous visitor is sent to sign in (303) by a
 * page, gets 401 from the API, or 404 from a public route (`open`); a person gets 404, as for an unknown id.
 */
const table: Row[] = [
  // Assets, documentation, the framework and the library: anyone in a browser; the API's for programs too.
  r('GET /assets/waymark-:hash.css', humans),
  r('GET /assets/waymark.js', humans),
  r('GET /assets/govuk-frontend.min.js', humans),
  r('GET /assets/autosave.js', humans),
  r('GET /assets/pair.js', humans),
  r('GET /assets/facilitate.js', humans),
  r('GET /assets/recorder.js', humans),
  r('GET /api/openapi.json', everyone),
  r('GET /api/docs', everyone),
  r('GET /', humans),
  r('GET /framework', humans),
  r('GET /framework/characteristics/:key', humans),
  r('GET /framework/roles/:key', humans),
  r('GET /framework/lessons/:key', humans),
  r('GET /stories', humans),
  r('GET /search', humans),
  r('GET /stories/feeds/:characteristic.atom', humans),
  // About Waymark, help, and the statements the law asks for (accessibility, privacy, cookies).
  r('GET /how-it-works', humans),
  r('GET /help', humans),
  r('GET /accessibility', humans),
  r('GET /privacy', humans),
  r('GET /cookies', humans),
  r('GET /api/v1/framework', everyone),
  r('GET /api/v1/stories', everyone),
  // Public: without words every caller gets 400 (a caller refused access would get 401).
  r('GET /api/v1/search', everyone, { status: 400 }),

  // A story's page and API answer: an unpublished or private story is its author's alone. Her token for
  // the council reads it; her token for Open Door Kitchens does not, although she wrote it.
  r('GET /stories/:id', author, { marker: markers.writingDraft, open: true }),
  r('GET /stories/:id', author, { marker: markers.privateStory, open: true, with: { id: 'privateStory' } }),
  r('GET /api/v1/stories/:id', authorAndToken, { marker: markers.writingDraft, open: true }),
  r('GET /api/v1/stories/:id', authorAndToken, {
    marker: markers.privateStory,
    open: true,
    with: { id: 'privateStory' },
  }),
  r('POST /api/v1/stories', [...people, ...tokens]),
  r('PATCH /api/v1/stories/:id', authorAndToken),
  r('POST /api/v1/stories/:id/submit', authorAndToken),
  r('POST /api/v1/stories/suggest-tags', [...people, ...tokens]),

  // Writing: anyone signed in writes; a draft's pages are its author's.
  r('GET /stories/new', people),
  r('POST /stories/new', people),
  r('POST /stories/new/autosave', people),
  r('GET /stories/rescued', people),
  r('POST /stories/rescued', people),
  r('GET /account/stories', people),
  r('GET /stories/:id/edit', author, { marker: markers.writingDraft }),
  r('POST /stories/:id/edit', author),
  r('POST /stories/:id/autosave', author),
  r('GET /stories/:id/submit', author, { marker: markers.writingDraft }),
  r('POST /stories/:id/submit', author),
  r('GET /stories/:id/withdraw', author),
  r('POST /stories/:id/withdraw', author),
  r('GET /stories/:id/delete', author, { marker: markers.writingDraft }),
  r('POST /stories/:id/delete', author),
  r('POST /stories/:id/reopen', author),
  r('POST /stories/:id/people/:personId/ask', author),
  r('GET /stories/:id/people/:personId/anonymise', author, { marker: 'Matrix Person' }),
  r('POST /stories/:id/people/:personId/anonymise', author),
  // Recordings: the author's, while the story is a draft; the recording itself is never public.
  r('GET /stories/:id/audio', author, { marker: markers.toldAloud }),
  r('POST /stories/:id/audio', author),
  r('POST /stories/:id/transcript', author),
  r('GET /stories/:id/audio/remove', author, { marker: markers.toldAloud }),
  r('POST /stories/:id/audio/remove', author),
  r('GET /stories/:id/recording', author, { open: true }),

  // Secret links: an unknown secret is gone (410) for anyone in a browser, whatever they hold.
  r('GET /consent/:secret', humans, { status: 410, open: true }),
  r('POST /consent/:secret', humans, { status: 410, open: true }),
  r('GET /sign-in/link/:secret', humans, { status: 410, open: true }),
  r('POST /sign-in/link/:secret', humans, { status: 410, open: true }),
  r('GET /invitations/:token', humans, { marker: markers.invitation, open: true }),
  r('POST /invitations/:token', humans),

  // Signing in and the account: people's own pages; tokens never reach them.
  r('GET /sign-in', humans),
  r('POST /sign-in', humans),
  r('POST /sign-out', humans),
  r('GET /sign-in/link', humans),
  r('POST /sign-in/link', humans),
  r('GET /sign-in/sso', humans),
  r('POST /sign-in/sso', humans),
  // Without a sign-in in progress the callback has nothing to finish: back to the sign-in page.
  r('GET /sign-in/sso/callback', humans, { status: 303 }),
  // Linking one's own account to the current organisation's provider (only the council has one).
  r('GET /account/sso', people),
  r('POST /account/sso/link', councilStaff),
  r('POST /account/sso/unlink', people),
  r('GET /account', people),
  r('POST /account/sign-out-everywhere', people),
  // Staying signed in when warned that the session is about to end (204, nothing else changes).
  r('POST /account/session/keep', people, { status: 204 }),
  r('GET /account/password', people),
  r('POST /account/password', people),
  r('GET /account/tokens', author, { marker: markers.token, opens: people.filter((c) => c !== 'member') }),
  r('POST /account/tokens', people),
  r('GET /account/tokens/:id/revoke', author, { marker: markers.token }),
  r('POST /account/tokens/:id/revoke', author),
  r('POST /account/organisation', people),
  r('GET /account/organisations', people),
  r('GET /account/organisations/:orgId/leave', councilStaff),
  r('POST /account/organisations/:orgId/leave', councilStaff),
  r('GET /account/notifications', people),
  r('POST /account/notifications', people),
  // Subscriptions: each person's own follows and digest frequency.
  r('GET /account/subscriptions', people),
  r('POST /account/subscriptions', people),
  r('POST /subscriptions/follow', people),
  r('POST /subscriptions/unfollow', people),
  r('GET /api/v1/subscriptions', [...people, ...tokens]),
  r('POST /api/v1/subscriptions', [...people, ...tokens]),
  r('DELETE /api/v1/subscriptions/:type/:target', [...people, ...tokens]),
  // A digest's one-click unsubscribe link (no session needed) and a reader's address subscription: an unknown
  // secret is not found (unsubscribe) or gone (confirmation) for anyone in a browser.
  r('GET /unsubscribe/:token', humans, { status: 404, open: true }),
  r('POST /unsubscribe/:token', humans, { status: 404, open: true }),
  r('GET /articles/subscribe', humans),
  r('POST /articles/subscribe', humans),
  r('GET /articles/subscribe/:secret', humans, { status: 410, open: true }),
  r('POST /articles/subscribe/:secret', humans, { status: 410, open: true }),
  // Notifications: each person's own; opening the member's goes to its story (303). A token reads those of
  // its organisation: her token for Open Door Kitchens gets an empty list.
  r('GET /notifications', author, { marker: markers.notification, opens: people.filter((c) => c !== 'member') }),
  r('GET /notifications/:id', author, { status: 303 }),
  r('POST /notifications/read', people),
  r('GET /api/v1/notifications', authorAndToken, {
    marker: markers.notification,
    opens: [...people.filter((c) => c !== 'member'), 'token_other'],
  }),
  r('POST /api/v1/notifications/read', [...people, ...tokens]),
  r('GET /account/privacy', people),
  r('GET /account/export', people),
  r('POST /account/export', people),
  r('GET /account/delete', people),
  r('POST /account/delete', people),
  r('GET /account/deleted', humans),

  // Running the deployment: platform admins only, and never an organisation's own settings.
  r('GET /admin/people', ['platform_admin'], { marker: markers.sunita }),
  r('GET /admin/people/:id/disable', ['platform_admin'], { marker: markers.sunita }),
  r('POST /admin/people/:id/disable', ['platform_admin']),
  r('GET /admin/people/:id/enable', ['platform_admin'], { marker: markers.sunita }),
  r('POST /admin/people/:id/enable', ['platform_admin']),
  r('GET /admin/organisations', ['platform_admin']),
  r('POST /admin/organisations', ['platform_admin']),
  r('GET /admin/email', ['platform_admin'], { marker: markers.email }),
  r('GET /admin/email/:id', ['platform_admin'], { marker: markers.email }),
  r('GET /admin/sso-domains', ['platform_admin']),
  r('POST /admin/sso-domains', ['platform_admin']),

  // Running an organisation: its admins, each about their own organisation only.
  r('GET /organisation', ['org_admin'], { opens: otherAdmins }),
  r('POST /organisation', orgAdmins),
  r('GET /organisation/sso', ['org_admin'], { marker: markers.ssoIssuer, opens: otherAdmins }),
  r('POST /organisation/sso', orgAdmins),
  r('GET /organisation/sso/remove', ['org_admin'], { marker: markers.ssoIssuer }),
  r('POST /organisation/sso/remove', ['org_admin']),
  r('GET /organisation/invitations', ['org_admin'], { marker: markers.invitation, opens: otherAdmins }),
  r('GET /organisation/invitations/new', orgAdmins),
  r('POST /organisation/invitations', orgAdmins),
  r('POST /organisation/invitations/:id/resend', ['org_admin']),
  r('GET /organisation/invitations/:id/revoke', ['org_admin'], { marker: markers.invitation }),
  r('POST /organisation/invitations/:id/revoke', ['org_admin']),
  r('GET /organisation/import', orgAdmins),
  r('GET /organisation/import/template.csv', orgAdmins),
  r('POST /organisation/import', orgAdmins),
  r('POST /organisation/import/confirm', orgAdmins),
  r('GET /organisation/units', ['org_admin'], { marker: markers.unit, opens: otherAdmins }),
  r('POST /organisation/units', orgAdmins),
  r('GET /organisation/units/:unitId', ['org_admin'], { marker: markers.unit }),
  r('POST /organisation/units/:unitId', ['org_admin']),
  r('GET /organisation/units/:unitId/delete', ['org_admin'], { marker: markers.unit }),
  r('POST /organisation/units/:unitId/delete', ['org_admin']),
  // Members: admins and HR/OD of the council; other organisations' admins see their own people.
  r('GET /organisation/members', ['org_admin', 'hr_od'], { marker: markers.amiraEmail, opens: otherAdmins }),
  r('GET /organisation/members/:personId', ['org_admin', 'hr_od'], { marker: markers.amiraEmail }),
  r('POST /organisation/members/:personId/roles', ['org_admin']),
  r('POST /organisation/members/:personId/placement', ['org_admin']),
  r('GET /organisation/members/:personId/remove', ['org_admin'], { marker: markers.amiraEmail }),
  r('POST /organisation/members/:personId/remove', ['org_admin']),
  r('GET /organisation/audit', ['org_admin'], { marker: markers.audit, opens: otherAdmins }),
  r('GET /organisation/retention', orgAdmins),
  r('POST /organisation/retention', orgAdmins),
  r('GET /team', ['line_manager']),

  // Shared spaces: reached by the organisations in them, run by the host's admins and coordinators.
  r('GET /spaces', people),
  r('GET /api/v1/spaces', [...people, ...tokens]),
  r('GET /spaces/new', [...orgAdmins, 'coordinator']),
  r('POST /spaces/new', [...orgAdmins, 'coordinator']),
  r('GET /spaces/invitations/:id', ['unrelated_member'], { marker: markers.spaceName }),
  r('POST /spaces/invitations/:id', ['unrelated_member']),
  // Platform admins see who belongs to any space (the stories in it stay within their own scope).
  r('GET /spaces/:slug', [...spaceReach, 'platform_admin'], { marker: markers.space }),
  r('POST /spaces/:slug/invitations/organisation', spaceRunners),
  r('POST /spaces/:slug/invitations/person', spaceRunners),
  r('POST /spaces/:slug/invitations/:id/withdraw', spaceRunners),
  r('GET /spaces/:slug/organisations/:orgId/remove', spaceRunners, { marker: markers.spaceName }),
  r('POST /spaces/:slug/organisations/:orgId/remove', spaceRunners),
  r('GET /spaces/:slug/people/:personId/remove', spaceRunners, { marker: markers.ines }),
  r('POST /spaces/:slug/people/:personId/remove', spaceRunners),
  r('GET /spaces/:slug/leave', spaceReach, { marker: markers.spaceName }),
  r('POST /spaces/:slug/leave', spaceReach),

  // Moderation: the council's moderator reviews what is routed to the council (its stories meant for the
  // organisation or a space); a platform moderator reviews what is meant for the public. A colleague's
  // private story is nobody's to review: 404 on every moderation route, as for an unknown id.
  r('GET /moderation', ['moderator'], { marker: markers.waitingStory, opens: ['platform_moderator'] }),
  r('GET /moderation/stories/:id', ['moderator'], { marker: markers.waitingStory }),
  r('GET /moderation/stories/:id/publish', ['moderator'], { marker: markers.waitingStory }),
  r('POST /moderation/stories/:id/publish', ['moderator']),
  r('GET /moderation/stories/:id/request-changes', ['moderator'], { marker: markers.waitingStory }),
  r('POST /moderation/stories/:id/request-changes', ['moderator']),
  r('GET /moderation/stories/:id/reject', ['moderator'], { marker: markers.waitingStory }),
  r('POST /moderation/stories/:id/reject', ['moderator']),
  r('POST /api/v1/moderation/stories/:id/publish', ['moderator']),
  r('POST /api/v1/moderation/stories/:id/request-changes', ['moderator']),
  r('POST /api/v1/moderation/stories/:id/reject', ['moderator']),
  ...[
    'GET /moderation/stories/:id',
    'GET /moderation/stories/:id/publish',
    'POST /moderation/stories/:id/publish',
    'GET /moderation/stories/:id/request-changes',
    'POST /moderation/stories/:id/request-changes',
    'GET /moderation/stories/:id/reject',
    'POST /moderation/stories/:id/reject',
    'POST /api/v1/moderation/stories/:id/publish',
    'POST /api/v1/moderation/stories/:id/request-changes',
    'POST /api/v1/moderation/stories/:id/reject',
  ].map((route) => r(route, nobody, { marker: markers.privateStory, with: { id: 'privateStory' } })),
  r('GET /moderation/reports/:id', ['moderator'], { marker: markers.report }),
  r('POST /moderation/reports/:id/dismiss', ['moderator']),
  r('GET /moderation/reports/:id/remove', ['moderator'], { marker: 'Not another salami slice' }),
  r('POST /moderation/reports/:id/remove', ['moderator']),
  r('GET /moderation/comments/:id/hide', ['platform_moderator'], { marker: markers.comment }),
  r('POST /moderation/comments/:id/hide', ['platform_moderator']),
  // The evidence library: anyone reads what is published in their scope; members suggest; the council's
  // moderators import, edit and review (the waiting suggestion is for signed-in readers, so theirs).
  r('GET /library', humans),
  r('GET /library/export', humans),
  r('GET /api/v1/library', everyone),
  r('GET /library/:id', councilStaff, { marker: markers.libraryItem, open: true }),
  // Its discussion: whoever may read the item comments and says it resonates.
  r('POST /library/:id/comments', councilStaff),
  r('POST /library/:id/resonates', councilStaff),
  r('GET /api/v1/library/:id', [...councilStaff, 'token_own'], { marker: markers.libraryItem, open: true }),
  r('GET /library/new', people),
  r('POST /library/new', people),
  r('GET /library/:id/edit', ['moderator'], { marker: markers.libraryItem }),
  r('POST /library/:id/edit', ['moderator']),
  r('GET /library/import', ['moderator']),
  r('POST /library/import', ['moderator']),
  r('GET /library/import/:id', ['moderator'], { marker: markers.libraryImport }),
  r('POST /library/import/:id', ['moderator']),
  r('GET /moderation/library/:id', ['moderator'], { marker: markers.waitingLibraryItem }),
  r('GET /moderation/library/:id/publish', ['moderator'], { marker: markers.waitingLibraryItem }),
  r('POST /moderation/library/:id/publish', ['moderator']),
  r('GET /moderation/library/:id/request-changes', ['moderator'], { marker: markers.waitingLibraryItem }),
  r('POST /moderation/library/:id/request-changes', ['moderator']),
  r('GET /moderation/library/:id/reject', ['moderator'], { marker: markers.waitingLibraryItem }),
  r('POST /moderation/library/:id/reject', ['moderator']),
  r('POST /api/v1/moderation/library/:id/publish', ['moderator']),
  r('POST /api/v1/moderation/library/:id/request-changes', ['moderator']),
  r('POST /api/v1/moderation/library/:id/reject', ['moderator']),
  // Importing and exporting collections: the council's moderator.
  r('GET /moderation/import', ['moderator']),
  r('POST /moderation/import', ['moderator']),
  r('GET /moderation/import/:id', ['moderator'], { marker: markers.storyImport }),
  r('POST /moderation/import/:id', ['moderator']),
  r('GET /moderation/export', ['moderator']),
  r('GET /moderation/export.json', ['moderator'], { marker: 'Mapping the estate together' }),
  r('GET /moderation/export.zip', ['moderator']),

  // Discussion of a public story: anyone signed in; a comment is edited and deleted by its author.
  r('GET /report/:type/:id', people),
  r('POST /report/:type/:id', people),
  r('POST /stories/:id/comments', people),
  r('POST /stories/:id/resonates', people),
  r('GET /comments/:id/reply', people, { marker: markers.comment }),
  r('GET /comments/:id/edit', author, { marker: markers.comment }),
  r('POST /comments/:id/edit', author),
  r('GET /comments/:id/delete', author, { marker: markers.comment }),
  r('POST /comments/:id/delete', author),

  // The pair exercise: its two partners.
  r('GET /pair', people),
  r('GET /pair/new', people),
  r('POST /pair/new', people),
  r('GET /pair/:id', ['member', 'line_manager']),
  r('GET /pair/:id/turns/:turn/notes', ['member', 'line_manager'], { marker: markers.pairNotes }),
  r('POST /pair/:id/turns/:turn', ['member', 'line_manager']),
  r('POST /pair/:id/turns/:turn/finish', ['member', 'line_manager']),
  r('GET /pair/:id/stop', ['member', 'line_manager']),
  r('POST /pair/:id/stop', ['member', 'line_manager']),

  // Reading groups: the council's group is for the council; the member facilitates it.
  r('GET /groups', humans),
  r('GET /groups/new', people),
  r('POST /groups/new', people),
  r('GET /groups/:id', councilStaff, { marker: groupMarkers.readingGroup, open: true }),
  r('POST /groups/:id/join', councilStaff),
  r('POST /groups/:id/reading-list', author),
  r('POST /groups/:id/reading-list/:itemId/remove', author),
  r('POST /groups/:id/reading-list/:itemId/move', author),
  r('POST /groups/:id/requests/:personId', author),
  // Invitations by email: the facilitator's page; the link lets in only people who may read the group.
  r('GET /groups/:id/invitations', author, { marker: groupMarkers.readingGroup }),
  r('POST /groups/:id/invitations', author),
  r('POST /groups/:id/invitations/:invitationId/withdraw', author),
  // The invitation was sent to the line manager: only its addressee opens it.
  r('GET /group-invitations/:token', ['line_manager'], { marker: groupMarkers.readingGroup }),
  r('POST /group-invitations/:token', ['line_manager']),
  r('GET /groups/:id/sessions/new', author, { marker: groupMarkers.readingGroup }),
  r('POST /groups/:id/sessions/new', author),
  r('GET /groups/:id/sessions/:sessionId', councilStaff, { marker: groupMarkers.groupSession, open: true }),
  r('POST /groups/:id/sessions/:sessionId/rsvp', councilStaff),
  r('POST /groups/:id/sessions/:sessionId/answers', author),
  r('GET /groups/:id/sessions/:sessionId/calendar.ics', councilStaff, {
    marker: groupMarkers.groupSession,
    open: true,
  }),
  r('POST /groups/:id/sessions/:sessionId/agenda', author),
  r('POST /groups/:id/sessions/:sessionId/questions', author),
  r('POST /groups/:id/sessions/:sessionId/notes', author),
  r('POST /groups/:id/sessions/:sessionId/reflection', author),
  r('POST /groups/:id/sessions/:sessionId/actions', author),
  r('GET /groups/:id/sessions/:sessionId/facilitate', author, { marker: groupMarkers.agendaQuestion }),
  r('GET /groups/:id/sessions/:sessionId/edit', author, { marker: groupMarkers.groupSession }),
  r('POST /groups/:id/sessions/:sessionId/edit', author),
  r('POST /groups/:id/sessions/:sessionId/cancel', author),
  r('GET /actions', people),
  // A calendar address is a secret link: whoever holds it gets its owner's sessions (the member's here).
  r('GET /calendar/:secret', humans, { marker: groupMarkers.groupSession, open: true }),
  r('GET /account/calendar', people),
  r('POST /account/calendar', people),
  r('POST /account/calendar/revoke', people),
  r('GET /api/v1/groups', everyone),
  r('GET /api/v1/groups/:id', [...councilStaff, 'token_own'], { marker: groupMarkers.readingGroup, open: true }),
  r('GET /api/v1/groups/:id/sessions/:sessionId', [...councilStaff, 'token_own'], {
    marker: groupMarkers.groupSession,
    open: true,
  }),
  r('POST /api/v1/groups/:id/sessions/:sessionId/rsvp', [...councilStaff, 'token_own']),

  r('GET /api/v1/me', [...people, ...tokens]),

  // Articles: readers get what the kind's readable rule lets them (the council's article is for its people);
  // the council's editor writes, schedules, publishes and revises, and sees the draft.
  r('GET /articles', humans),
  r('GET /articles/feed.atom', humans),
  r('GET /articles/tags/:tag/feed.atom', humans),
  r('GET /articles/series/:id', humans, { marker: markers.articleSeries }),
  r('GET /articles/series/:id/feed.atom', humans, { marker: markers.articleSeries }),
  r('GET /sitemap.xml', humans),
  r('GET /articles/:id', councilStaff, { marker: markers.councilArticle, open: true }),
  r('GET /api/v1/articles', everyone),
  r('GET /api/v1/articles/:id', [...councilStaff, 'token_own'], { marker: markers.councilArticle, open: true }),
  r('POST /api/v1/articles', ['editor']),
  r('PATCH /api/v1/articles/:id', ['editor']),
  r('POST /articles/:id/comments', councilStaff),
  r('POST /articles/:id/resonates', councilStaff),
  r('GET /articles/manage', ['editor'], { marker: markers.draftArticle }),
  r('GET /articles/new', ['editor']),
  r('POST /articles/new', ['editor']),
  r('GET /articles/series/new', ['editor']),
  r('POST /articles/series/new', ['editor']),
  r('GET /articles/:id/edit', ['editor'], { marker: markers.draftArticle }),
  r('POST /articles/:id/edit', ['editor']),
  r('GET /articles/:id/preview', ['editor'], { marker: markers.draftArticle }),
  r('GET /articles/:id/publish', ['editor'], { marker: markers.draftArticle }),
  r('POST /articles/:id/publish', ['editor']),
  r('GET /articles/:id/unpublish', ['editor'], { marker: markers.draftArticle }),
  r('POST /articles/:id/unpublish', ['editor']),
  r('GET /articles/:id/schedule', ['editor'], { marker: markers.draftArticle }),
  r('POST /articles/:id/schedule', ['editor']),
  r('GET /articles/:id/revisions', ['editor'], { marker: markers.draftArticle }),
  r('GET /articles/:id/cover', ['editor'], { marker: markers.draftArticle }),
  r('POST /articles/:id/cover', ['editor']),
  r('GET /articles/:id/cover/remove', ['editor'], { marker: markers.draftArticle }),
  r('POST /articles/:id/cover/remove', ['editor']),
  // A draft's cover image is its editors' until the article is published.
  r('GET /articles/:id/cover.jpg', ['editor'], { open: true }),
  r('GET /articles/:id/revisions/:from/compare/:to', ['editor'], { marker: markers.councilArticle }),
];

/**
 * Text that only some callers may ever be shown, on any page or API answer, and who they are. Checked on
 * every GET of every caller, so a leak through a list, a count or a neighbouring page is caught too.
 */
const secrets: { text: string; shownTo: Callers; except?: string }[] = [
  { text: markers.writingDraft, shownTo: authorAndToken },
  { text: markers.writingPerson, shownTo: authorAndToken },
  { text: markers.toldAloud, shownTo: authorAndToken },
  { text: markers.privateStory, shownTo: authorAndToken },
  { text: 'Not another salami slice', shownTo: [...councilStaff, 'token_own'] },
  { text: 'Mapping the estate together', shownTo: [...councilStaff, 'token_own'] },
  { text: 'What the partnership learned in its first year', shownTo: [...spaceReach, 'token_own'] },
  { text: 'Six months on the other side', shownTo: [...spaceReach, 'token_own'] },
  { text: 'Plain words for planning', shownTo: [...people, ...tokens] },
  { text: 'The apprentice who asked why', shownTo: [...people, ...tokens] },
  // Waiting for moderation: its author and the moderators it is routed to.
  { text: markers.waitingStory, shownTo: ['coordinator', 'moderator'] },
  { text: 'Soup and a form', shownTo: ['partner_member', 'platform_moderator'] },
  // Whoever holds the invitation's secret link is shown whom it is for.
  { text: markers.invitation, shownTo: ['org_admin'], except: '/invitations/' },
  { text: markers.pairNotes, shownTo: ['member', 'line_manager'] },
  { text: markers.email, shownTo: ['platform_admin'] },
  { text: markers.report, shownTo: ['moderator'] },
  { text: markers.token, shownTo: author },
  { text: markers.audit, shownTo: ['org_admin'] },
  { text: markers.notification, shownTo: authorAndToken },
  { text: markers.councilArticle, shownTo: [...councilStaff, 'token_own'] },
  { text: markers.draftArticle, shownTo: ['editor'] },
  { text: groupMarkers.readingGroup, shownTo: [...councilStaff, 'token_own'], except: '/calendar/' },
  { text: groupMarkers.groupSession, shownTo: [...councilStaff, 'token_own'], except: '/calendar/' },
  // A private reflection: its author's alone, on every page and answer, whoever else runs or reads the group.
  { text: groupMarkers.reflection, shownTo: author },
  { text: groupMarkers.agendaQuestion, shownTo: author },
  // The reading list shows on the group's page, to those who may read the group.
  { text: groupMarkers.readingListNote, shownTo: councilStaff },
];

let world: AccessWorld;

beforeAll(async () => {
  world = await buildAccessWorld();
});
afterAll(() => world.t.close());

const [methodOf, patternOf] = [
  (row: Row) => row.route.split(' ')[0] ?? '',
  (row: Row) => row.route.split(' ')[1] ?? '',
];
const routeTable = () => world.t.app.routeTable.filter((route) => route.method !== 'HEAD' && route.url !== '/healthz');

type Outcome = { status: number; signIn?: true; json?: true; marker?: 'shown' | 'hidden' };

/** What the table says `caller` gets from `row` at `url`. */
function expected(row: Row, caller: CallerName, url: string): Outcome {
  const api = url.startsWith('/api/');
  const hidden = row.marker ? ({ marker: 'hidden' } as const) : {};
  if (row.sees.includes(caller)) return { status: row.status ?? 200, ...(row.marker ? { marker: 'shown' } : {}) };
  if (row.opens?.includes(caller)) return { status: 200, ...hidden };
  if (caller.startsWith('token_') && !api) return { status: 401, json: true };
  if (caller === 'anonymous' && !row.open) return api ? { status: 401, json: true } : { status: 303, signIn: true };
  return { status: 404, ...hidden, ...(api ? { json: true } : {}) };
}

/** Describes how an answer differs from what was expected, or undefined when it matches. */
function mismatch(
  outcome: Outcome,
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  marker: string | undefined,
): string | undefined {
  if (response.statusCode !== outcome.status) return `${response.statusCode}, expected ${outcome.status}`;
  if (outcome.signIn && !String(response.headers.location).startsWith('/sign-in?returnTo=')) {
    return `sent to ${response.headers.location}, expected the sign-in page`;
  }
  if (outcome.json && typeof safeJson(response.body)?.error?.code !== 'string') return 'no machine-readable error';
  if (marker && outcome.marker === 'shown' && !response.body.includes(marker)) return `"${marker}" not shown`;
  if (marker && outcome.marker === 'hidden' && response.body.includes(marker)) return `"${marker}" shown`;
  return undefined;
}

const safeJson = (body: string): { error?: { code?: unknown } } | undefined => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};

const urlOf = (row: Row) => {
  const url = concreteUrl(patternOf(row), world.records, row.with);
  if (url === undefined) throw new Error(`${row.route}: no record for its parameters in test/support/access-world.ts`);
  return url;
};

describe('the callers of the matrix', () => {
  /**
   * Each caller's organisations and roles there (a role comes with a plain membership, as in the demo), as
   * the API reports them, and whether they reach the shared space.
   */
  const claims: Record<Exclude<CallerName, 'anonymous'>, [orgs: Record<string, string[]>, inSpace: boolean]> = {
    member: [{ 'northshire-county-council': ['member'], 'open-door-kitchens': ['member'] }, true],
    line_manager: [{ 'northshire-county-council': ['member', 'line_manager'] }, true],
    moderator: [{ 'northshire-county-council': ['member', 'moderator'] }, true],
    coordinator: [{ 'northshire-county-council': ['member', 'coordinator'] }, true],
    hr_od: [{ 'northshire-county-council': ['member', 'hr_od'] }, true],
    org_admin: [{ 'northshire-county-council': ['member', 'org_admin'] }, true],
    editor: [{ 'northshire-county-council': ['member', 'editor'] }, true],
    platform_admin: [{ 'open-door-kitchens': ['member'] }, false],
    platform_moderator: [{ 'open-door-kitchens': ['member'] }, false],
    partner_member: [{ 'kelbridge-wellbeing-network': ['member'] }, true],
    partner_admin: [{ 'kelbridge-wellbeing-network': ['member', 'org_admin'] }, true],
    unrelated_member: [{ 'northshire-fire-rescue': ['member'] }, false],
    unrelated_admin: [{ 'northshire-fire-rescue': ['org_admin'] }, false],
    just_left: [{ 'kelbridge-city-council': ['member'] }, false],
    token_own: [{ 'northshire-county-council': ['member'] }, true],
    token_other: [{ 'open-door-kitchens': ['member'] }, false],
  };

  it('are who the table takes them for', async () => {
    for (const caller of world.callers) {
      const me = await callAs(world.t, caller, 'GET', '/api/v1/me');
      const spaces = await callAs(world.t, caller, 'GET', '/api/v1/spaces');
      if (caller.name === 'anonymous') {
        expect([me.statusCode, spaces.statusCode]).toEqual([401, 401]);
        continue;
      }
      const [orgs, inSpace] = claims[caller.name];
      const held = Object.fromEntries(
        (me.json().organisations as { slug: string; roles: string[] }[]).map((o) => [o.slug, o.roles.sort()]),
      );
      const want = Object.fromEntries(Object.entries(orgs).map(([slug, roles]) => [slug, [...roles].sort()]));
      expect(held, caller.name).toEqual(want);
      expect(spaces.body.includes(spaceSlug), `${caller.name} in the space`).toBe(inSpace);
    }
  });
});

describe('the access matrix', () => {
  it('has a row for every route, and every row names a route', () => {
    const routes = new Set(routeTable().map((route) => `${route.method} ${route.url}`));
    const rows = new Set(table.map((row) => row.route));
    expect(
      [...routes].filter((route) => !rows.has(route)),
      'routes without a row in the table',
    ).toEqual([]);
    expect(
      [...rows].filter((row) => !routes.has(row)),
      'rows for routes that no longer exist',
    ).toEqual([]);
    for (const row of table) expect(() => urlOf(row), row.route).not.toThrow();
  });

  it('answers every GET as the table says, for every caller, and shows each record only to its callers', async () => {
    const failures: string[] = [];
    for (const row of table.filter((row) => methodOf(row) === 'GET')) {
      const url = urlOf(row);
      for (const caller of world.callers) {
        const response = await callAs(world.t, caller, 'GET', url);
        const where = `${caller.name} GET ${url} (${row.route})`;
        const wrong = mismatch(expected(row, caller.name, url), response, row.marker);
        if (wrong) failures.push(`${where}: ${wrong}`);
        for (const secret of secrets) {
          if (secret.except && url.startsWith(secret.except)) continue;
          if (!secret.shownTo.includes(caller.name) && response.body.includes(secret.text)) {
            failures.push(`${where}: leaks "${secret.text}"`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every state-changing call as the table says, and a refused call changes no table', async () => {
    const db = world.t.database.db;
    const failures: string[] = [];
    for (const row of table.filter((row) => methodOf(row) !== 'GET')) {
      const url = urlOf(row);
      // Allowed calls act (they are tested with their features); only refusals, and rows with a fixed
      // answer for everyone (an unknown secret), are made here.
      const callers = world.callers.filter((c) => !row.sees.includes(c.name) || row.status !== undefined);
      const before = await snapshotTables(db);
      for (const caller of callers) {
        const response = await callAs(world.t, caller, methodOf(row), url);
        const wrong = mismatch(expected(row, caller.name, url), response, undefined);
        if (wrong) failures.push(`${caller.name} ${methodOf(row)} ${url} (${row.route}): ${wrong}`);
      }
      const changed = changedTables(before, await snapshotTables(db));
      if (changed.length > 0) failures.push(`${row.route} refused to ${callers.map((c) => c.name)} changed ${changed}`);
    }
    expect(failures).toEqual([]);
  });
});

/**
 * Every published demo story, by who may read it. `public` reaches everyone, `signed_in` every person and
 * token; `council` and `space` are the council's people (and its members' token for it), the space adds
 * its partner; a `private` story is its author's (the council member's).
 */
const storyAudience = {
  public: everyone,
  signed_in: [...people, ...tokens],
  council: [...councilStaff, 'token_own'],
  space: [...spaceReach, 'token_own'],
  private: authorAndToken,
} satisfies Record<string, Callers>;
const demoStories: Record<string, keyof typeof storyAudience> = {
  'the-library-that-stayed-open': 'public',
  'knowing-the-back-lanes': 'public',
  'carers-at-the-table': 'public',
  'the-complaint-that-changed-the-form': 'public',
  'social-value-in-the-small-print': 'public',
  'selling-our-training': 'public',
  'the-facilitator-in-the-room': 'public',
  'plain-words-for-planning': 'signed_in',
  'from-the-shop-floor-to-the-town-hall': 'public',
  'a-secondment-to-the-charity': 'space',
  'the-supervision-i-nearly-skipped': 'public',
  'learning-circle-on-a-wednesday': 'public',
  'the-shared-van': 'public',
  'not-salami-slicing': 'council',
  'the-pop-up-clinic': 'public',
  'the-apprentice-who-asked-why': 'signed_in',
  'stepping-back-so-others-step-up': 'public',
  'leadership-without-a-title': 'public',
  'permission-to-cross-the-corridor': 'public',
  'the-laptop-that-arrived-on-day-one': 'public',
  'what-the-partnership-learned': 'space',
  'notes-for-myself-on-a-hard-day': 'private',
  'mapping-the-estate-together': 'council',
  'the-fire-officer-and-the-falls-team': 'signed_in',
  'the-beat-meeting-in-the-launderette': 'public',
  'the-person-in-front-of-the-desk': 'signed_in',
  'number-forty-one': 'public',
  'twenty-three-languages-and-one-noticeboard': 'public',
  'a-lettings-agency-of-our-own': 'public',
  'one-mower-three-parishes': 'public',
  'item-seven': 'public',
  'the-rota-that-lets-me-stay': 'public',
  'who-sits-on-the-interview-panel': 'council',
  'who-chairs-the-partnership': 'space',
  'diners-on-the-board': 'public',
  'handover-at-seven': 'signed_in',
  'after-the-inquest': 'public',
  'nobody-is-a-caseload': 'public',
  'fifteen-minutes-is-not-a-visit': 'public',
};

describe('stories in the matrix', () => {
  let published: { id: string; slug: string }[] = [];
  beforeAll(async () => {
    published = await world.t.database.db
      .selectFrom('stories')
      .select(['id', 'slug'])
      .where('status', '=', 'published')
      .orderBy('slug')
      .execute();
  });
  const readers = (slug: string): Callers => storyAudience[demoStories[slug] ?? 'private'];

  it('knows every published story', () => {
    expect(published.map((s) => s.slug)).toEqual(Object.keys(demoStories).sort());
  });

  it('shows each story, on its page and in the API, exactly to the callers the table names', async () => {
    const failures: string[] = [];
    for (const story of published) {
      for (const caller of world.callers) {
        for (const url of [`/stories/${story.id}`, `/api/v1/stories/${story.id}`]) {
          const reads = readers(story.slug).includes(caller.name);
          const want = caller.token && !url.startsWith('/api/') ? 401 : reads ? 200 : 404;
          const response = await callAs(world.t, caller, 'GET', url);
          if (response.statusCode !== want) {
            failures.push(`${caller.name} GET ${url} (${story.slug}): ${response.statusCode}, expected ${want}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists, in the library and the API, exactly the stories each caller may read', async () => {
    const failures: string[] = [];
    for (const caller of world.callers) {
      const expectedIds = published.filter((s) => readers(s.slug).includes(caller.name)).map((s) => s.id);
      const api = await callAs(world.t, caller, 'GET', '/api/v1/stories?pageSize=100');
      if (api.statusCode !== 200) {
        failures.push(`${caller.name} API list: ${api.statusCode}`);
        continue;
      }
      const listed = (api.json().items as { id: string }[]).map((s) => s.id);
      const missing = published.filter((s) => expectedIds.includes(s.id) && !listed.includes(s.id));
      const extra = published.filter((s) => !expectedIds.includes(s.id) && listed.includes(s.id));
      for (const s of missing) failures.push(`${caller.name} API list lacks ${s.slug}`);
      for (const s of extra) failures.push(`${caller.name} API list shows ${s.slug}`);
      if (api.json().total !== expectedIds.length) failures.push(`${caller.name} API total ${api.json().total}`);
      if (caller.token) continue;
      const page = await callAs(world.t, caller, 'GET', '/stories?pageSize=100');
      for (const s of published) {
        if (page.body.includes(`/stories/${s.id}"`) !== expectedIds.includes(s.id)) {
          failures.push(`${caller.name} /stories ${expectedIds.includes(s.id) ? 'lacks' : 'shows'} ${s.slug}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
