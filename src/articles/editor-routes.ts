// The editors' pages: an organisation's articles in every state, writing and editing, a preview, scheduling,
// publishing and taking an article back (each after a confirmation page), series, and the revision history
// with the difference between two revisions. Every route is for the `editor` role, and every read and write
// names the organisation the editor works in (currentOrgOf), so another organisation's articles are a 404.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Framework } from '../framework/types.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';
import { articleCoverRoutes } from './cover-routes.ts';
import { presented } from './routes.ts';
import {
  type ArticleInput,
  articleForm,
  articleKindNames,
  articleKinds,
  articleVisibilities,
  articleVisibilityNames,
  scheduleTime,
  seriesForm,
  tagChoices,
  tagGroupNames,
} from './schema.ts';
import { articleStateNames, stateOf } from './service.ts';

const editors = () => ({ config: { access: 'editor' as const }, schema: { hide: true } });

/** A field that may be sent several times (checkboxes) as a list. */
const listOf = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];

/** The form's values as sent, for showing it again. */
function valuesFrom(body: unknown) {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : '');
  return {
    title: text('title'),
    summary: text('summary'),
    body: text('body'),
    kind: text('kind'),
    visibility: text('visibility'),
    seriesId: text('seriesId'),
    tags: listOf(fields.tags),
    authorIds: listOf(fields.authorIds),
    guestName: text('guestName'),
    guestJob: text('guestJob'),
    guestOrg: text('guestOrg'),
  };
}
type FormValues = ReturnType<typeof valuesFrom>;

export function articleEditorRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const articles = services.articles;
    await app.register(articleCoverRoutes(services));

    async function formPage(
      request: FastifyRequest,
      reply: FastifyReply,
      view: { action: string; heading: string; values: Partial<FormValues>; problems?: Record<string, string> },
    ) {
      const orgId = currentOrgOf(request.principal);
      const [framework, series, people] = await Promise.all([
        services.framework.current(),
        articles.seriesOf(orgId),
        articles.editorsOf(orgId),
      ]);
      const { errors, messages } = formErrors(view.problems ?? {});
      const tags = new Set(view.values.tags ?? []);
      const authors = new Set(view.values.authorIds ?? []);
      const choices = tagChoices(framework);
      return reply.view('articles/views/form.njk', {
        ...view,
        errors,
        messages,
        kindItems: articleKinds.map((k) => ({ value: k, text: articleKindNames[k], checked: view.values.kind === k })),
        visibilityItems: articleVisibilities.map((v) => ({
          value: v,
          text: articleVisibilityNames[v],
          checked: view.values.visibility === v,
        })),
        seriesItems: [
          { value: '', text: 'Not part of a series' },
          ...series.map((s) => ({ value: s.id, text: s.title, selected: s.id === view.values.seriesId })),
        ],
        tagGroups: (['characteristic', 'role', 'lesson', 'sector'] as const).map((group) => ({
          group,
          legend: tagGroupNames[group],
          items: choices
            .filter((t) => t.group === group)
            .map((t) => ({ value: t.value, text: t.label, checked: tags.has(t.value) })),
        })),
        authorItems: people.map((p) => ({ value: p.id, text: p.name, checked: authors.has(p.id) })),
        csrfToken: reply.generateCsrf(),
      });
    }

    /** Parses the form; answers the input, or shows the form again with its problems. */
    async function parsed(
      framework: Framework,
      body: unknown,
    ): Promise<{ input?: ArticleInput; values: FormValues; problems?: Record<string, string> }> {
      const values = valuesFrom(body);
      const result = articleForm(framework).safeParse(values);
      if (result.success) return { input: result.data, values };
      return { values, problems: formErrors(result.error.issues).messages };
    }

    /** The organisation's article for this editor, or a 404. */
    async function ownArticle(request: FastifyRequest<{ Params: { id: string } }>) {
      if (!isRecordId(request.params.id)) throw notFound('article');
      const article = await articles.draft(currentOrgOf(request.principal), request.params.id);
      if (!article) throw notFound('article');
      return article;
    }

    app.get('/articles/manage', editors(), async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const [framework, list, series] = await Promise.all([
        services.framework.current(),
        articles.inOrg(orgId),
        articles.seriesOf(orgId),
      ]);
      const now = new Date();
      return reply.view('articles/views/manage.njk', {
        items: list.map((a) => {
          const state = stateOf(a, now);
          return { ...presented(a, framework), state, stateName: articleStateNames[state] };
        }),
        series,
        done: (request.query as Record<string, unknown> | undefined)?.done,
      });
    });

    app.get('/articles/new', editors(), async (request, reply) =>
      formPage(request, reply, {
        action: '/articles/new',
        heading: 'Write an article',
        values: { kind: 'blog_post', visibility: 'organisation', authorIds: [callerOf(request.principal).personId] },
      }),
    );

    app.post('/articles/new', editors(), async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const { input, values, problems } = await parsed(await services.framework.current(), request.body);
      const saved = input ? await articles.create(orgId, callerOf(request.principal).personId, input) : undefined;
      if (saved?.ok) return reply.redirect(`/articles/${saved.id}/preview?done=saved`, 303);
      reply.status(400);
      return formPage(request, reply, {
        action: '/articles/new',
        heading: 'Write an article',
        values,
        problems: saved?.ok === false ? saved.problems : problems,
      });
    });

    app.get<{ Params: { id: string } }>('/articles/:id/edit', editors(), async (request, reply) => {
      const a = await ownArticle(request);
      return formPage(request, reply, {
        action: `/articles/${a.id}/edit`,
        heading: `Edit “${a.title}”`,
        values: {
          title: a.title,
          summary: a.summary,
          body: a.body,
          kind: a.article_kind,
          visibility: a.visibility,
          seriesId: a.series_id ?? '',
          tags: a.tags,
          authorIds: a.authors.map((p) => p.id).filter((id): id is string => id !== null),
          guestName: a.guest_name ?? '',
          guestJob: a.guest_job ?? '',
          guestOrg: a.guest_org ?? '',
        },
      });
    });

    app.post<{ Params: { id: string } }>('/articles/:id/edit', editors(), async (request, reply) => {
      const a = await ownArticle(request);
      const orgId = currentOrgOf(request.principal);
      const { input, values, problems } = await parsed(await services.framework.current(), request.body);
      const saved = input ? await articles.update(orgId, callerOf(request.principal).personId, a.id, input) : undefined;
      if (saved?.ok) return reply.redirect(`/articles/${a.id}/preview?done=saved`, 303);
      reply.status(400);
      return formPage(request, reply, {
        action: `/articles/${a.id}/edit`,
        heading: `Edit “${a.title}”`,
        values,
        problems: saved?.ok === false ? saved.problems : problems,
      });
    });

    app.get<{ Params: { id: string } }>('/articles/:id/preview', editors(), async (request, reply) => {
      const a = await ownArticle(request);
      const framework = await services.framework.current();
      return reply.view('articles/views/preview.njk', {
        article: presented(a, framework),
        html: a.html,
        state: a.state,
        stateName: articleStateNames[a.state],
        done: (request.query as Record<string, unknown> | undefined)?.done,
      });
    });

    // Publishing now, scheduling and taking back: each asks first, on a page of its own.
    for (const action of ['publish', 'unpublish'] as const) {
      app.get<{ Params: { id: string } }>(`/articles/:id/${action}`, editors(), async (request, reply) => {
        const a = await ownArticle(request);
        return reply.view('articles/views/confirm.njk', {
          article: a,
          action,
          state: a.state,
          csrfToken: reply.generateCsrf(),
        });
      });
      app.post<{ Params: { id: string } }>(`/articles/:id/${action}`, editors(), async (request, reply) => {
        const a = await ownArticle(request);
        const orgId = currentOrgOf(request.principal);
        const editorId = callerOf(request.principal).personId;
        if (action === 'publish') await articles.publish(orgId, editorId, a.id);
        else await articles.unpublish(orgId, editorId, a.id);
        return reply.redirect(
          `/articles/${a.id}/preview?done=${action === 'publish' ? 'published' : 'unpublished'}`,
          303,
        );
      });
    }

    app.get<{ Params: { id: string } }>('/articles/:id/schedule', editors(), async (request, reply) => {
      const a = await ownArticle(request);
      return reply.view('articles/views/schedule.njk', { article: a, values: {}, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { id: string } }>('/articles/:id/schedule', editors(), async (request, reply) => {
      const a = await ownArticle(request);
      const fields = formFields(request);
      const when = scheduleTime(fields, new Date());
      if (!when.ok) {
        const { errors, messages } = formErrors(when.problems);
        reply.status(400);
        return reply.view('articles/views/schedule.njk', {
          article: a,
          values: fields,
          errors,
          messages,
          csrfToken: reply.generateCsrf(),
        });
      }
      await articles.schedule(currentOrgOf(request.principal), callerOf(request.principal).personId, a.id, when.at);
      return reply.redirect(`/articles/${a.id}/preview?done=scheduled`, 303);
    });

    app.get<{ Params: { id: string } }>('/articles/:id/revisions', editors(), async (request, reply) => {
      const a = await ownArticle(request);
      const revisions = await articles.revisions(currentOrgOf(request.principal), a.id);
      return reply.view('articles/views/revisions.njk', { article: a, revisions });
    });

    app.get<{ Params: { id: string; from: string; to: string } }>(
      '/articles/:id/revisions/:from/compare/:to',
      editors(),
      async (request, reply) => {
        const a = await ownArticle(request);
        const [from, to] = [request.params.from, request.params.to].map((n) => (/^\d{1,6}$/.test(n) ? Number(n) : NaN));
        const diff =
          Number.isInteger(from) && Number.isInteger(to)
            ? await articles.compare(currentOrgOf(request.principal), a.id, from as number, to as number)
            : undefined;
        if (!diff) throw notFound('revision');
        return reply.view('articles/views/compare.njk', { article: a, diff });
      },
    );

    app.get('/articles/series/new', editors(), async (_request, reply) =>
      reply.view('articles/views/series-form.njk', { values: {}, csrfToken: reply.generateCsrf() }),
    );

    app.post('/articles/series/new', editors(), async (request, reply) => {
      const fields = formFields(request);
      const values = { title: fields.title ?? '', summary: fields.summary ?? '' };
      const result = seriesForm.safeParse(values);
      const id = result.success ? await articles.createSeries(currentOrgOf(request.principal), result.data) : undefined;
      if (id) return reply.redirect('/articles/manage?done=series', 303);
      const { errors, messages } = formErrors(
        result.success ? { title: 'Your organisation already has a series with this title' } : result.error.issues,
      );
      reply.status(400);
      return reply.view('articles/views/series-form.njk', {
        values,
        errors,
        messages,
        csrfToken: reply.generateCsrf(),
      });
    });
  };
}
