// Article pages for readers: the list (filtered by series and tag, a page at a time), one page per article
// (read once, with its Open Graph tags, canonical address and discussion), series pages, the Atom feeds
// (all articles, per series, per tag) and /sitemap.xml. Everything goes through the kind's readable rule.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Feed } from 'feed';
import { anonymous } from '../access/visibility.ts';
import type { ScopedKind } from '../content/kind.ts';
import { recordOf } from '../content/records.ts';
import { isRecordId } from '../db/ids.ts';
import { discussionFor } from '../discussion/routes.ts';
import type { Framework } from '../framework/types.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { pageNumber } from '../web/forms.ts';
import { articleKind } from './kind.ts';
import type { ArticleRow } from './repository.ts';
import { type ArticleKindName, articleKindNames, tagChoices, tagLabel } from './schema.ts';
import { frameworkPages, publicRecords, sitemapXml } from './sitemap.ts';

const feedSize = 50;

/** How an article reads in lists and on its page: labels for its kind and tags, and its byline. */
export function presented(article: ArticleRow, framework: Framework) {
  const names = article.authors.map((a) => a.name);
  const guest = article.guest_name
    ? [article.guest_name, article.guest_job, article.guest_org].filter(Boolean).join(', ')
    : undefined;
  return {
    ...article,
    kindName: articleKindNames[article.article_kind as ArticleKindName] ?? 'Article',
    tagList: article.tags
      .map((value) => ({ value, label: tagLabel(framework, value) }))
      .filter((t): t is { value: string; label: string } => t.label !== undefined),
    byline: guest ? `${guest} (guest)` : names.length > 0 ? names.join(', ') : article.org_name,
    authorNames: names,
  };
}

function pages(current: number, pageCount: number, hrefFor: (page: number) => string) {
  if (pageCount <= 1) return undefined;
  return {
    previous: current > 1 ? { href: hrefFor(current - 1) } : undefined,
    next: current < pageCount ? { href: hrefFor(current + 1) } : undefined,
    items: Array.from({ length: pageCount }, (_, i) => ({
      number: i + 1,
      href: hrefFor(i + 1),
      current: i + 1 === current,
    })),
  };
}

/** Pages kept in memory for anonymous readers (web/page-cache.ts); a scheduled article's time empties them. */
const keptForAnonymous = { config: { access: 'public', pageCache: true }, schema: { hide: true } } as const;

export function articlesRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const base = () => app.baseUrl;

    async function sendFeed(
      reply: FastifyReply,
      options: { path: string; title: string; description: string; link: string; seriesId?: string; tag?: string },
    ) {
      const { items } = await services.articles.latest(anonymous, {
        seriesId: options.seriesId,
        tag: options.tag,
        limit: feedSize,
      });
      // An entry is updated when it last changed or when it was published, whichever is later; the feed is as
      // new as its newest entry, so a reader polling it sees no false news (an empty feed never changed).
      const dated = items.map((a) => {
        const published = a.published_at ?? a.updated_at;
        return { ...a, published, updated: a.updated_at > published ? a.updated_at : published };
      });
      const newest = dated.reduce((latest, a) => (a.updated > latest ? a.updated : latest), new Date(0));
      const feed = new Feed({
        id: `${base()}${options.path}`,
        title: options.title,
        description: options.description,
        link: `${base()}${options.link}`,
        feedLinks: { atom: `${base()}${options.path}` },
        updated: newest,
        generator: 'Waymark',
        copyright: 'Each article belongs to its authors and their organisation.',
      });
      for (const a of dated) {
        feed.addItem({
          title: a.title,
          id: `${base()}/articles/${a.id}`,
          link: `${base()}/articles/${a.id}`,
          date: a.updated,
          published: a.published,
          description: a.summary || undefined,
          content: a.html,
          author: (a.guest_name ? [a.guest_name] : a.authors.map((p) => p.name)).map((name) => ({
            name: `${name}, ${a.org_name}`,
          })),
        });
      }
      return reply.type('application/atom+xml; charset=utf-8').send(feed.atom1());
    }

    app.get('/articles', keptForAnonymous, async (request, reply) => {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const framework = await services.framework.current();
      const tags = new Set(tagChoices(framework).map((t) => t.value));
      const seriesId = typeof query.series === 'string' && isRecordId(query.series) ? query.series : undefined;
      const tag = typeof query.tag === 'string' && tags.has(query.tag) ? query.tag : undefined;
      const page = pageNumber(query.page);
      const [result, [series, tagCounts], followTag] = await Promise.all([
        services.articles.list(request.principal, { seriesId, tag, page }),
        services.articles.filters(request.principal),
        // A tag's page offers a signed-in reader to follow the tag (src/subscriptions).
        tag
          ? services.subscriptions.buttons(request.principal, [
              { type: 'tag', target: tag, label: tagLabel(framework, tag) ?? tag },
            ])
          : undefined,
      ]);
      const hrefFor = (n: number) => {
        const params = new URLSearchParams();
        if (seriesId) params.set('series', seriesId);
        if (tag) params.set('tag', tag);
        if (n > 1) params.set('page', String(n));
        const qs = params.toString();
        return qs ? `/articles?${qs}` : '/articles';
      };
      return reply.view('articles/views/list.njk', {
        items: result.items.map((a) => presented(a, framework)),
        total: result.total,
        page: result.page,
        pages: pages(result.page, result.pageCount, hrefFor),
        seriesId,
        tag,
        tagName: tag ? tagLabel(framework, tag) : undefined,
        seriesName: series.find((s) => s.id === seriesId)?.title,
        seriesOptions: [
          { value: '', text: 'All series' },
          ...series.map((s) => ({ value: s.id, text: `${s.title} (${s.count})`, selected: s.id === seriesId })),
        ],
        tagOptions: [
          { value: '', text: 'All tags' },
          ...tagCounts
            .map((t) => ({ value: t.tag, label: tagLabel(framework, t.tag), count: t.count }))
            .filter((t) => t.label !== undefined)
            .map((t) => ({ value: t.value, text: `${t.label} (${t.count})`, selected: t.value === tag })),
        ],
        editor: request.principal.kind === 'person' && request.principal.roles.includes('editor'),
        follow: followTag && { buttons: followTag, csrfToken: reply.generateCsrf(), returnTo: hrefFor(result.page) },
      });
    });

    app.get('/articles/feed.atom', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      sendFeed(reply, {
        path: '/articles/feed.atom',
        title: 'Waymark articles',
        description: 'Blog posts, research summaries, guest columns and event write-ups.',
        link: '/articles',
      }),
    );

    app.get<{ Params: { id: string } }>(
      '/articles/series/:id/feed.atom',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound('feed');
        const series = await services.articles.series(anonymous, request.params.id, null);
        if (!series) throw notFound('feed');
        return sendFeed(reply, {
          path: `/articles/series/${series.id}/feed.atom`,
          title: `Waymark articles: ${series.title}`,
          description: series.summary || `Articles in the series “${series.title}”.`,
          link: `/articles/series/${series.id}`,
          seriesId: series.id,
        });
      },
    );

    app.get<{ Params: { tag: string } }>(
      '/articles/tags/:tag/feed.atom',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        const label = tagLabel(await services.framework.current(), request.params.tag);
        if (!label) throw notFound('feed');
        return sendFeed(reply, {
          path: `/articles/tags/${encodeURIComponent(request.params.tag)}/feed.atom`,
          title: `Waymark articles: ${label}`,
          description: `Articles tagged “${label}”.`,
          link: `/articles?tag=${encodeURIComponent(request.params.tag)}`,
          tag: request.params.tag,
        });
      },
    );

    app.get<{ Params: { id: string } }>('/articles/series/:id', keptForAnonymous, async (request, reply) => {
      if (!isRecordId(request.params.id)) throw notFound('series');
      const principal = request.principal;
      const editorOf =
        principal.kind === 'person' && principal.roles.includes('editor') ? principal.currentOrgId : null;
      const series = await services.articles.series(principal, request.params.id, editorOf);
      if (!series) throw notFound('series');
      const page = pageNumber((request.query as Record<string, unknown> | undefined)?.page);
      const [framework, result, followSeries] = await Promise.all([
        services.framework.current(),
        services.articles.list(principal, { seriesId: series.id, page }),
        services.subscriptions.buttons(principal, [{ type: 'series', target: series.id, label: series.title }]),
      ]);
      return reply.view('articles/views/series.njk', {
        series,
        items: result.items.map((a) => presented(a, framework)),
        total: result.total,
        pages: pages(result.page, result.pageCount, (n) => `/articles/series/${series.id}${n > 1 ? `?page=${n}` : ''}`),
        follow: followSeries && {
          buttons: followSeries,
          csrfToken: reply.generateCsrf(),
          returnTo: `/articles/series/${series.id}`,
        },
      });
    });

    app.get<{ Params: { id: string } }>('/articles/:id', keptForAnonymous, async (request, reply) => {
      if (!isRecordId(request.params.id)) throw notFound('article');
      const article = await services.articles.find(request.principal, request.params.id);
      if (!article) throw notFound('article');
      // Read once above; the rest depends only on it, side by side.
      const [framework, discussion, followable] = await Promise.all([
        services.framework.current(),
        discussionFor(services, request, reply, recordOf(articleKind, article)),
        // Its series and its authors with an account may be followed (src/subscriptions).
        services.subscriptions.buttons(request.principal, [
          ...(article.series_id && article.series_title
            ? [{ type: 'series' as const, target: article.series_id, label: article.series_title }]
            : []),
          ...article.authors.flatMap((a) => (a.id ? [{ type: 'author' as const, target: a.id, label: a.name }] : [])),
        ]),
      ]);
      const canonical = `${base()}/articles/${article.id}`;
      return reply.view('articles/views/article.njk', {
        article: presented(article, framework),
        html: article.html,
        canonical,
        openGraph: {
          title: article.title,
          description: article.description,
          url: canonical,
          siteName: 'Waymark',
          publishedTime: article.published_at?.toISOString(),
        },
        discussion,
        follow: followable && {
          buttons: followable,
          csrfToken: discussion?.csrfToken ?? reply.generateCsrf(),
          returnTo: `/articles/${article.id}`,
        },
        editor:
          request.principal.kind === 'person' &&
          request.principal.roles.includes('editor') &&
          request.principal.currentOrgId === article.org_id,
      });
    });

    app.get('/sitemap.xml', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
      const scoped = services.kinds.all().filter((k): k is ScopedKind => k.parent === undefined);
      const [framework, records] = await Promise.all([
        services.framework.current(),
        publicRecords(services.db, scoped, base()),
      ]);
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(sitemapXml([...frameworkPages(framework, base()), ...records]));
    });
  };
}
