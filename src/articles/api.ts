// Articles API: the published articles the caller may read (a page at a time, by series and tag), one article,
// and for an organisation's editors (a session or a token acting for the organisation) creating and changing
// its articles. The organisation, owner and publication are never taken from the body.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { bodyOf, checkBodiesInHandlers, invalidRequest, withinLimits } from '../web/api-writes.ts';
import { apiError, notFound } from '../web/errors.ts';
import type { ArticleRow } from './repository.ts';
import { type ArticleInput, articleForm, articleKinds, articleVisibilities } from './schema.ts';
import { stateOf } from './service.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

const idParams = z.object({ id: z.uuid('Give an article id') });

export const articleResponse = z.object({
  id: z.uuid(),
  url: z.string(),
  kind: z.enum(articleKinds),
  title: z.string(),
  summary: z.string(),
  body: z.string().describe('Markdown'),
  html: z.string(),
  organisation: z.object({ id: z.uuid(), name: z.string() }),
  authors: z.array(z.object({ id: z.uuid().nullable(), name: z.string() })),
  guest: z.object({ name: z.string(), job: z.string().nullable(), organisation: z.string().nullable() }).nullable(),
  series: z.object({ id: z.uuid(), title: z.string() }).nullable(),
  tags: z.array(z.string()),
  visibility: z.string(),
  state: z.enum(['draft', 'scheduled', 'published']),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});

const listQuery = z.object({
  series: z.uuid('Give a series id').optional(),
  tag: z.string().max(200).optional(),
  page: z.coerce.number('Give a page number').int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number('Give a page size').int().min(1).max(100).default(20),
});

const listResponse = z.object({ total: z.number().int(), page: z.number().int(), items: z.array(articleResponse) });

/** The body of a write: every field of the article form (tags are checked against the framework's). */
const articleBody = z.object({
  title: z.string(),
  summary: z.string().optional(),
  body: z.string(),
  kind: z.enum(articleKinds),
  visibility: z.enum(articleVisibilities),
  seriesId: z.uuid().nullable().optional(),
  tags: z.array(z.string()).optional().describe('characteristic:<key>, role:<key>, lesson:<key> or sector:<key>'),
  authorIds: z.array(z.uuid()).optional().describe('editors of the organisation; the caller when left out'),
  guestName: z.string().nullable().optional(),
  guestJob: z.string().nullable().optional(),
  guestOrg: z.string().nullable().optional(),
});

export function presentArticle(a: ArticleRow & { html: string }): z.infer<typeof articleResponse> {
  return {
    id: a.id,
    url: `/articles/${a.id}`,
    kind: a.article_kind as (typeof articleKinds)[number],
    title: a.title,
    summary: a.summary,
    body: a.body,
    html: a.html,
    organisation: { id: a.org_id, name: a.org_name },
    authors: a.authors,
    guest: a.guest_name ? { name: a.guest_name, job: a.guest_job, organisation: a.guest_org } : null,
    series: a.series_id && a.series_title ? { id: a.series_id, title: a.series_title } : null,
    tags: a.tags,
    visibility: a.visibility,
    state: stateOf(a),
    publishedAt: a.published_at ? new Date(a.published_at).toISOString() : null,
    updatedAt: new Date(a.updated_at).toISOString(),
  };
}

export function articlesApi(services: Services): FastifyPluginAsync {
  const articles = services.articles;
  return async (app) => {
    // Bodies are checked in the handlers, after the access rule, so a stranger learns nothing from a 400.
    const api = checkBodiesInHandlers(app);

    /** The body as article input: null fields become empty, then the form's own rules apply. */
    async function inputFrom(body: unknown): Promise<ArticleInput> {
      const d = bodyOf(articleBody, body);
      return bodyOf(articleForm(await services.framework.current()), {
        ...d,
        summary: d.summary ?? '',
        seriesId: d.seriesId ?? '',
        guestName: d.guestName ?? '',
        guestJob: d.guestJob ?? '',
        guestOrg: d.guestOrg ?? '',
      });
    }

    api.get(
      '/articles',
      {
        config: { access: 'public' },
        schema: {
          tags: ['articles'],
          summary: 'The published articles the caller may read, newest first',
          description: 'A scheduled article appears only once its time has come. Filter by series id or tag.',
          querystring: listQuery,
          response: { 200: listResponse, 400: apiError, 401: apiError },
          security,
        },
      },
      async (request) => {
        const { page, pageSize, series, tag } = request.query;
        const { items, total } = await articles.latest(request.principal, {
          seriesId: series,
          tag,
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        return { total, page, items: items.map(presentArticle) };
      },
    );

    api.get(
      '/articles/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['articles'],
          summary: 'One article; 404 when it does not exist, is not yet published, or its scope hides it',
          params: idParams,
          response: { 200: articleResponse, 400: apiError, 401: apiError, 404: apiError },
          security,
        },
      },
      async (request) => {
        const article = await articles.find(request.principal, request.params.id);
        if (!article) throw notFound('article');
        return presentArticle(article);
      },
    );

    api.post(
      '/articles',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['articles'],
          summary: 'Write a draft article in the organisation the caller edits for (a token: the one it acts for)',
          body: articleBody,
          response: { 201: articleResponse, 400: apiError, 401: apiError, 404: apiError, 429: apiError },
          security,
        },
      },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const orgId = currentOrgOf(request.principal);
        const input = await inputFrom(request.body);
        await withinLimits(services.throttles, { apiArticles: caller.personId });
        const saved = await articles.create(orgId, caller.personId, input);
        if (!saved.ok) throw invalidRequest(saved.problems);
        const article = await articles.draft(orgId, saved.id);
        if (!article) throw notFound('article');
        return reply.status(201).send(presentArticle(article));
      },
    );

    api.patch(
      '/articles/:id',
      {
        config: { access: 'editor' },
        schema: {
          tags: ['articles'],
          summary: 'Change one of the organisation’s articles; fields left out keep their value',
          description: 'Saving a published or scheduled article keeps a revision.',
          params: idParams,
          body: articleBody.partial(),
          response: { 200: articleResponse, 400: apiError, 401: apiError, 404: apiError, 429: apiError },
          security,
        },
      },
      async (request) => {
        const caller = callerOf(request.principal);
        const orgId = currentOrgOf(request.principal);
        const current = await articles.draft(orgId, request.params.id);
        if (!current) throw notFound('article');
        const changes = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as object;
        const input = await inputFrom({
          title: current.title,
          summary: current.summary,
          body: current.body,
          kind: current.article_kind,
          visibility: current.visibility,
          seriesId: current.series_id,
          tags: current.tags,
          authorIds: current.authors.map((p) => p.id).filter((id): id is string => id !== null),
          guestName: current.guest_name,
          guestJob: current.guest_job,
          guestOrg: current.guest_org,
          ...changes,
        });
        await withinLimits(services.throttles, { apiArticles: caller.personId });
        const saved = await articles.update(orgId, caller.personId, current.id, input);
        if (!saved) throw notFound('article');
        if (!saved.ok) throw invalidRequest(saved.problems);
        const article = await articles.draft(orgId, current.id);
        if (!article) throw notFound('article');
        return presentArticle(article);
      },
    );
  };
}
