// Writing pages: a plain form for a new story or a draft (with a server-rendered preview), the author's
// list of their stories, submitting, withdrawing and deleting with confirmation, autosave for the script,
// and rescuing a draft posted after the session ended. Consent has its own routes (consent-routes.ts).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import { isRecordId } from '../../db/ids.ts';
import type { Services } from '../../services.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { notFound } from '../../web/errors.ts';
import type { FormError } from '../../web/forms.ts';
import { sessionExpired } from '../../web/session.ts';
import { type FormValues, formValuesOf, many, one, parseDraft, valuesOfStory } from './form.ts';
import { leftBehindNote, relationNames, statusNames } from './service.ts';

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

export function writingRoutes(services: Services): FastifyPluginAsync {
  const writing = services.writing;

  return async (app) => {
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

    /**
     * The tagging model's best guesses for the text so far, named, for the author to consider (never applied
     * for them). Too little text gives noise, and a suggestion failure must never cost the author their page.
     */
    async function suggestionsFor(
      title: string,
      body: string,
      choices: Awaited<ReturnType<typeof writing.formChoices>>,
    ) {
      if (body.trim().length < 80) return undefined;
      try {
        const found = await services.tagging.suggest(`${title}\n\n${body}`);
        const name = (list: { key: string; name: string }[], key: string) =>
          list.find((x) => x.key === key)?.name ?? key;
        return {
          characteristics: found.characteristics.slice(0, 3).map((c) => name(choices.characteristics, c.key)),
          roles: found.roles.slice(0, 3).map((r) => name(choices.roles, r.key)),
        };
      } catch {
        return undefined;
      }
    }

    async function renderForm(
      request: FastifyRequest,
      reply: FastifyReply,
      page: {
        values: FormValues;
        storyId?: string;
        errors?: FormError[];
        fields?: Record<string, string>;
        preview?: string;
        saved?: string;
      },
    ) {
      const caller = callerOf(request.principal);
      const view = page.storyId ? await writing.forAuthor(caller, page.storyId) : undefined;
      const orgId = view?.story.org_id ?? currentOrgOf(request.principal);
      const choices = await writing.formChoices(caller, orgId);
      const suggestions = await suggestionsFor(one(page.values, 'title'), one(page.values, 'body'), choices);
      const named = many(page.values, 'namedName');
      const namedEmails = many(page.values, 'namedEmail');
      // Room for three more people without JavaScript; more can be added after saving.
      const rows = [...named.map((n, i) => ({ name: n, email: namedEmails[i] ?? '' }))];
      for (let i = 0; i < 3; i++) rows.push({ name: '', email: '' });
      return reply.view('stories/writing/views/form.njk', {
        values: {
          ...page.values,
          region: one(page.values, 'region') || (page.storyId ? '' : choices.organisation.region),
        },
        items: {
          primary: [
            { value: '', text: 'Choose a characteristic' },
            ...choices.characteristics.map((c) => ({
              value: c.key,
              text: c.name,
              selected: one(page.values, 'primaryCharacteristic') === c.key,
            })),
          ],
          others: choices.characteristics.map((c) => ({
            value: c.key,
            text: c.name,
            checked: many(page.values, 'characteristics').includes(c.key),
          })),
          roles: choices.roles.map((r) => ({
            value: r.key,
            text: r.name,
            checked: many(page.values, 'roles').includes(r.key),
          })),
          spaces: [
            { value: '', text: 'Choose a space' },
            ...choices.spaces.map((s) => ({
              value: s.id,
              text: s.name,
              selected: one(page.values, 'spaceId') === s.id,
            })),
          ],
        },
        namedRows: rows,
        choices,
        errors: page.errors,
        fields: page.fields ?? {},
        preview: page.preview,
        saved: page.saved,
        story: view?.story,
        people: view?.people
          .filter((p) => p.relation !== 'author')
          .map((p) => ({
            ...p,
            relationName: relationNames[p.relation],
            approved: view.approvedNow(p),
          })),
        missing: view?.missing,
        audio: view?.audio ?? false,
        reason: view?.reason,
        statusName: view ? statusNames[view.story.status] : undefined,
        suggestions,
        rescued: request.session.rescuedDraft !== undefined,
        action: page.storyId ? `/stories/${page.storyId}/edit` : '/stories/new',
        autosaveUrl: page.storyId ? `/stories/${page.storyId}/autosave` : '/stories/new/autosave',
        csrfToken: reply.generateCsrf(),
      });
    }

    const previewOf = (values: FormValues) => renderMarkdown(one(values, 'body'));

    app.get('/stories/new', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
      currentOrgOf(request.principal);
      return renderForm(request, reply, { values: { form: 'personal-narrative', visibility: 'private' } });
    });

    app.post('/stories/new', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
      const caller = callerOf(request.principal);
      const orgId = currentOrgOf(request.principal);
      const values = formValuesOf(request.body);
      const action = (request.body as { action?: string }).action;
      if (action === 'preview') return renderForm(request, reply, { values, preview: previewOf(values) });
      const parsed = parseDraft(values);
      const problems = parsed.ok ? writing.checkInput(caller, parsed.input) : {};
      if (!parsed.ok || Object.keys(problems).length > 0) {
        const fields = parsed.ok ? problems : parsed.fields;
        reply.status(400);
        return renderForm(request, reply, {
          values,
          fields,
          errors: Object.entries(fields).map(([id, text]) => ({ href: `#${id}`, text })),
        });
      }
      const id = await writing.create(caller, orgId, parsed.input);
      return reply.redirect(action === 'submit' ? `/stories/${id}/submit` : `/stories/${id}/edit?saved=1`, 303);
    });

    app.get<{ Params: { id: string }; Querystring: { saved?: string; sent?: string; anonymised?: string } }>(
      '/stories/:id/edit',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
        if (!view) throw notFound('story');
        const note =
          request.query.saved === '1'
            ? 'Your draft is saved.'
            : request.query.sent === '1'
              ? 'We emailed the link asking for consent.'
              : request.query.anonymised === '1'
                ? 'The person is anonymised.'
                : undefined;
        return renderForm(request, reply, {
          values: valuesOfStory(view.story, view.people),
          storyId: view.story.id,
          ...(note ? { saved: note } : {}),
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/stories/:id/edit',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const view = await writing.forAuthor(caller, request.params.id);
        if (!view) throw notFound('story');
        const values = formValuesOf(request.body);
        const action = (request.body as { action?: string }).action;
        const storyId = view.story.id;
        if (action === 'preview') return renderForm(request, reply, { values, storyId, preview: previewOf(values) });
        if (!view.editable) {
          reply.status(409);
          return renderForm(request, reply, {
            values,
            storyId,
            errors: [
              {
                href: '#title',
                text: `This story is ${statusNames[view.story.status]?.toLowerCase()}: it cannot be changed now`,
              },
            ],
          });
        }
        const parsed = parseDraft(values);
        const problems = parsed.ok ? writing.checkInput(caller, parsed.input, view) : {};
        if (!parsed.ok || Object.keys(problems).length > 0) {
          const fields = parsed.ok ? problems : parsed.fields;
          reply.status(400);
          return renderForm(request, reply, {
            values,
            storyId,
            fields,
            errors: Object.entries(fields).map(([id, text]) => ({ href: `#${id}`, text })),
          });
        }
        await writing.update(caller, storyId, parsed.input);
        return reply.redirect(
          action === 'submit' ? `/stories/${storyId}/submit` : `/stories/${storyId}/edit?saved=1`,
          303,
        );
      },
    );

    // Autosave, for the script: JSON answers, the same validation as the form.
    async function autosave(
      request: FastifyRequest,
      reply: FastifyReply,
      story: { id: string; left: boolean } | undefined,
    ) {
      const caller = callerOf(request.principal);
      const values = formValuesOf(request.body);
      const parsed = parseDraft(values);
      const problems = parsed.ok ? writing.checkInput(caller, parsed.input, story) : {};
      if (!parsed.ok || Object.keys(problems).length > 0) {
        return reply.status(400).send({
          error: {
            code: 'invalid_request',
            message: 'Not saved yet: the draft needs a title and a primary characteristic.',
            fields: parsed.ok ? problems : parsed.fields,
          },
        });
      }
      const now = new Date();
      let id = story?.id;
      if (id === undefined) {
        id = await writing.create(caller, currentOrgOf(request.principal), parsed.input, now);
      } else {
        const outcome = await writing.update(caller, id, parsed.input, now);
        if (outcome === 'not_found') throw notFound('story');
        if (outcome === 'not_editable') {
          return reply.status(409).send({
            error: { code: 'not_editable', message: 'This story cannot be changed while it is not a draft.' },
          });
        }
        if (outcome === 'stays_private') {
          return reply.status(400).send({
            error: { code: 'invalid_request', message: leftBehindNote, fields: { visibility: leftBehindNote } },
          });
        }
      }
      return reply.send({
        id,
        savedAt: now.toISOString(),
        editUrl: `/stories/${id}/edit`,
        autosaveUrl: `/stories/${id}/autosave`,
      });
    }

    app.post('/stories/new/autosave', { config: { access: 'signed_in' }, schema: { hide: true } }, (request, reply) =>
      autosave(request, reply, undefined),
    );
    app.post<{ Params: { id: string } }>(
      '/stories/:id/autosave',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
        if (!view) throw notFound('story');
        return autosave(request, reply, { id: view.story.id, left: view.left });
      },
    );

    // Text kept from a post after the session ended, offered back after signing in again.
    app.get('/stories/rescued', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
      const rescued = request.session.rescuedDraft;
      return reply.view('stories/writing/views/rescued.njk', {
        rescued: rescued && { ...rescued, title: one(rescued.values, 'title'), body: one(rescued.values, 'body') },
        csrfToken: reply.generateCsrf(),
      });
    });

    app.post(
      '/stories/rescued',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
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
            errors: Object.entries(fields).map(([id, text]) => ({ href: `#${id}`, text })),
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
      },
    );

    app.get<{ Querystring: Record<string, string | undefined> }>(
      '/account/stories',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const notices: Record<string, string> = {
          submitted: 'Your story is submitted. A moderator will read it; you will hear by email.',
          withdrawn: 'Your story is withdrawn.',
          deleted: 'Your draft is deleted.',
        };
        const notice = Object.keys(notices).find((k) => request.query[k] === '1');
        const stories = await writing.mine(callerOf(request.principal));
        const groups = Object.entries(statusNames)
          .map(([status, name]) => ({ status, name, stories: stories.filter((s) => s.status === status) }))
          .filter((g) => g.stories.length > 0);
        return reply.view('stories/writing/views/mine.njk', {
          groups,
          total: stories.length,
          rescued: request.session.rescuedDraft !== undefined,
          notice: notice ? notices[notice] : undefined,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.get<{ Params: { id: string } }>(
      '/stories/:id/submit',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
        if (!view) throw notFound('story');
        return reply.view('stories/writing/views/submit.njk', {
          story: view.story,
          missing: view.missing,
          allowed: view.story.status === 'draft' || view.story.status === 'changes_requested',
          statusName: statusNames[view.story.status],
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/stories/:id/submit',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const result = await writing.submit(caller, request.params.id);
        if (result.outcome === 'not_found') throw notFound('story');
        if (result.outcome === 'submitted') return reply.redirect('/account/stories?submitted=1', 303);
        const view = await writing.forAuthor(caller, request.params.id);
        if (!view) throw notFound('story');
        reply.status(result.outcome === 'not_ready' ? 400 : 409);
        return reply.view('stories/writing/views/submit.njk', {
          story: view.story,
          missing: view.missing,
          allowed: view.story.status === 'draft' || view.story.status === 'changes_requested',
          statusName: statusNames[view.story.status],
          failed: true,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    // Withdrawing and deleting: a confirmation page, then the POST.
    const confirmations = {
      withdraw: {
        title: 'Withdraw this story?',
        text: 'Readers will no longer see it and moderators will not review it. You can reopen it as a draft later.',
        button: 'Withdraw story',
      },
      delete: {
        title: 'Delete this draft?',
        text: 'The draft and everyone named in it are deleted for good. This cannot be undone.',
        button: 'Delete draft',
      },
    } as const;

    for (const kind of ['withdraw', 'delete'] as const) {
      app.get<{ Params: { id: string } }>(
        `/stories/:id/${kind}`,
        { config: { access: 'signed_in' }, schema: { hide: true } },
        async (request, reply) => {
          const view = await writing.forAuthor(callerOf(request.principal), request.params.id);
          if (!view) throw notFound('story');
          return reply.view('stories/writing/views/confirm.njk', {
            story: view.story,
            kind,
            ...confirmations[kind],
            allowed:
              kind === 'delete'
                ? view.deletable
                : view.story.status === 'submitted' || view.story.status === 'published',
            statusName: statusNames[view.story.status],
            csrfToken: reply.generateCsrf(),
          });
        },
      );
      app.post<{ Params: { id: string } }>(
        `/stories/:id/${kind}`,
        { config: { access: 'signed_in' }, schema: { hide: true } },
        async (request, reply) => {
          const caller = callerOf(request.principal);
          const outcome =
            kind === 'delete'
              ? await writing.deleteDraft(caller, request.params.id)
              : await writing.withdraw(caller, request.params.id);
          if (outcome === 'not_found') throw notFound('story');
          if (outcome === 'not_allowed') return reply.redirect(`/stories/${request.params.id}/${kind}`, 303);
          return reply.redirect(`/account/stories?${kind === 'delete' ? 'deleted' : 'withdrawn'}=1`, 303);
        },
      );
    }

    app.post<{ Params: { id: string } }>(
      '/stories/:id/reopen',
      { config: { access: 'signed_in' }, schema: { hide: true } },
      async (request, reply) => {
        const outcome = await writing.reopen(callerOf(request.principal), request.params.id);
        if (outcome === 'not_found') throw notFound('story');
        return reply.redirect(outcome === 'reopened' ? `/stories/${request.params.id}/edit` : '/account/stories', 303);
      },
    );
  };
}
