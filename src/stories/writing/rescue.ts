// Never losing a draft: a form posted after the session ended (or reached its limit) is kept in the new
// anonymous session, and /stories/rescued offers the text back after signing in again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import { isRecordId } from '../../db/ids.ts';
import type { Services } from '../../services.ts';
import { formErrors } from '../../web/forms.ts';
import { sessionExpired } from '../../web/session.ts';
import type { EditorPage } from './editor-page.ts';
import { formValuesOf, one, parseDraft } from './form.ts';

const rescueRoutes = new Set(['/stories/new', '/stories/:id/edit', '/stories/new/autosave', '/stories/:id/autosave']);
const isAutosave = (request: FastifyRequest) => request.routeOptions.url?.endsWith('/autosave') ?? false;
const rescuePage = '/sign-in?returnTo=%2Fstories%2Frescued';

/**
 * Keeps what was posted after the session ended in the new, anonymous session (its key survives the next
 * sign-in) and sends the person to sign in; afterwards /stories/rescued offers the text back.
 */
function rescue(request: FastifyRequest, reply: FastifyReply) {
  const params = request.params as { id?: string };
  request.session.personId = undefined;
  request.session.signedInAt = undefined;
  // A story id that cannot name a story is dropped: the text is then offered back as a new draft.
  const storyId = params.id !== undefined && isRecordId(params.id) ? params.id : null;
  request.session.rescuedDraft = { storyId, values: formValuesOf(request.body), at: Date.now() };
  if (isAutosave(request)) {
    return reply.status(401).send({
      error: {
        code: 'session_expired',
        message: 'You were signed out. Your text is kept: sign in again to save it.',
        signIn: rescuePage,
      },
    });
  }
  return reply.redirect(rescuePage, 303);
}

const csrfErrors = new Set(['FST_CSRF_MISSING_SECRET', 'FST_CSRF_INVALID_TOKEN']);

/**
 * Whether the browser says the post came from one of this site's own pages. Only such a post may be rescued:
 * a page elsewhere could otherwise post its own text here, have it kept in a fresh session (replacing the
 * visitor's cookie) and offered to whoever signs in next as "your" text. Browsers set these headers
 * themselves; a script on another site cannot. `Sec-Fetch-Site` decides when present, else the `Origin`
 * (or, lacking it, the `Referer`) must be this site. A post with none of them is not rescued.
 */
export function fromOwnPage(request: FastifyRequest, baseUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const source = request.headers.origin ?? request.headers.referer;
  if (typeof source !== 'string') return false;
  try {
    return new URL(source).origin === new URL(baseUrl).origin;
  } catch {
    // `Origin: null` (sandboxed frames, some redirects) and anything unreadable are not this site.
    return false;
  }
}

/** Catches the posts to rescue on the writing plugin's own routes (`app` is that plugin). */
export function keepTextAfterSessionEnds(app: FastifyInstance) {
  // A form posted after the session ended fails the CSRF check (its secret left with the session):
  // rather than lose the text, keep it. Everything else goes to the app's own error handling.
  app.setErrorHandler((error, request, reply) => {
    const code = (error as { code?: string }).code;
    if (
      code !== undefined &&
      csrfErrors.has(code) &&
      rescueRoutes.has(request.routeOptions.url ?? '') &&
      request.session?.personId === undefined &&
      request.body &&
      fromOwnPage(request, app.baseUrl)
    ) {
      return rescue(request, reply);
    }
    throw error;
  });
  // The same when the session reached its absolute limit: it is about to be ended, so keep the text first.
  app.addHook('preValidation', async (request, reply) => {
    if (!rescueRoutes.has(request.routeOptions.url ?? '') || request.method !== 'POST') return;
    if (request.headers.authorization || request.session?.personId === undefined) return;
    if (sessionExpired(request.session.signedInAt) && fromOwnPage(request, app.baseUrl)) {
      return rescue(request, reply);
    }
  });
}

export function rescuedDraftRoutes(app: FastifyInstance, services: Services, { renderForm }: EditorPage) {
  const writing = services.writing;

  // Text kept from a post after the session ended, offered back after signing in again.
  app.get('/stories/rescued', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
    const rescued = request.session.rescuedDraft;
    return reply.view('stories/writing/views/rescued.njk', {
      rescued: rescued && { ...rescued, title: one(rescued.values, 'title'), body: one(rescued.values, 'body') },
      csrfToken: reply.generateCsrf(),
    });
  });

  app.post('/stories/rescued', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
    const caller = callerOf(request.principal);
    const rescued = request.session.rescuedDraft;
    if (!rescued) return reply.redirect('/stories/rescued', 303);
    if ((request.body as { action?: string }).action === 'discard') {
      request.session.rescuedDraft = undefined;
      return reply.redirect('/account/stories', 303);
    }
    const parsed = parseDraft(rescued.values);
    const target = rescued.storyId ? await writing.forAuthor(caller, rescued.storyId) : undefined;
    if (
      !parsed.ok ||
      Object.keys(writing.checkInput(caller, parsed.input, target)).length > 0 ||
      (target && !target.editable)
    ) {
      // Not a valid draft as it stands: open it in the form, every word kept, for the person to finish.
      request.session.rescuedDraft = undefined;
      reply.status(400);
      const fields = parsed.ok ? {} : parsed.fields;
      return renderForm(request, reply, {
        values: rescued.values,
        ...(target?.editable ? { storyId: target.story.id } : {}),
        fields,
        errors: formErrors(fields).errors,
      });
    }
    let id: string;
    if (target) {
      await writing.update(caller, target.story.id, parsed.input);
      id = target.story.id;
    } else {
      id = await writing.create(caller, currentOrgOf(request.principal), parsed.input);
    }
    request.session.rescuedDraft = undefined;
    return reply.redirect(`/stories/${id}/edit?saved=1`, 303);
  });
}
