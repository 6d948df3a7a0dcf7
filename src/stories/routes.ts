// Story pages: the library (search with facets), one page per story (as stories/reading.ts shows it, with the
// stories beside it), and an Atom feed per characteristic.
import type { FastifyPluginAsync } from 'fastify';
import { Feed } from 'feed';
import { z } from 'zod';
import { recordOf } from '../content/records.ts';
import { isRecordId } from '../db/ids.ts';
import { discussionFor } from '../discussion/routes.ts';
import { characteristicKeys } from '../framework/types.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { storyKind } from './kind.ts';
import { formNames, libraryView } from './presenter.ts';
import { readingView } from './reading.ts';
import { lenientStoryListQuery, type StoryListQuery, searchWordsLimit, storyListQuery } from './schema.ts';
import { SearchTooBroad, type StoriesService } from './service.ts';

/** What the library shows when a search was stopped at its time limit: no results, the query kept. */
function tooBroadPage(query: StoryListQuery): Awaited<ReturnType<StoriesService['search']>> {
  const q = query.q?.trim() || undefined;
  return {
    q,
    sort: query.sort ?? (q ? 'relevance' : 'newest'),
    total: 0,
    approximate: false,
    page: query.page,
    pageSize: query.pageSize,
    pageCount: 1,
    facets: undefined,
    organisationNames: {},
    items: [],
  };
}

export function storiesRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/stories',
      { config: { access: 'public', pageCache: true }, schema: { hide: true } },
      async (request, reply) => {
        // A malformed filter or page number is dropped (the page says so) rather than shown as an error.
        const { query, ignored } = lenientStoryListQuery(request.query);
        const words = (request.query as Record<string, unknown> | undefined)?.q;
        if (ignored.includes('q') && typeof words === 'string') {
          // Words too long to search for: the reader is told so, and keeps as much of them as the box holds.
          const kept = words.slice(0, searchWordsLimit);
          const problem = storyListQuery.shape.q.safeParse(words).error?.issues[0]?.message;
          return reply.status(400).view('stories/views/library.njk', {
            ...libraryView(
              tooBroadPage({ ...query, q: kept }),
              { ...query, q: kept },
              await services.framework.current(),
              ignored.filter((name) => name !== 'q'),
            ),
            qError: problem ?? 'Enter fewer search words',
          });
        }
        const [framework, result] = await Promise.all([
          services.framework.current(),
          services.stories.search(request.principal, query).catch((err: unknown) => {
            if (err instanceof SearchTooBroad) return undefined;
            throw err;
          }),
        ]);
        if (!result) {
          // Not a failure of ours: the reader keeps their words and is asked to narrow them.
          return reply.status(422).view('stories/views/library.njk', {
            ...libraryView(tooBroadPage(query), query, framework, ignored),
            tooBroad: true,
          });
        }
        return reply.view('stories/views/library.njk', libraryView(result, query, framework, ignored));
      },
    );

    app.get<{ Params: { characteristic: string } }>(
      '/stories/feeds/:characteristic.atom',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        const key = z.enum(characteristicKeys).safeParse(request.params.characteristic);
        if (!key.success) throw notFound('feed');
        const [characteristic, entries] = await Promise.all([
          services.framework.characteristic(key.data),
          services.stories.feed(key.data),
        ]);
        if (!characteristic) throw notFound('feed');
        const base = app.baseUrl;
        // An entry is updated when it last changed, or when it was published if that is later; the feed is
        // as new as its newest entry (an empty feed never changed), so a reader polling it sees no false news.
        const dated = entries.map((e) => ({
          ...e,
          updated: e.updated_at > (e.published_at ?? e.updated_at) ? e.updated_at : (e.published_at ?? e.updated_at),
        }));
        const newest = dated.reduce((latest, e) => (e.updated > latest ? e.updated : latest), new Date(0));
        const feed = new Feed({
          id: `${base}/stories/feeds/${key.data}.atom`,
          title: `Waymark stories: ${characteristic.name}`,
          description: characteristic.summary,
          link: `${base}/stories?characteristic=${key.data}`,
          feedLinks: { atom: `${base}/stories/feeds/${key.data}.atom` },
          updated: newest,
          generator: 'Waymark',
          copyright: 'Each story belongs to the people who told it.',
        });
        for (const e of dated) {
          feed.addItem({
            title: e.title,
            id: `${base}/stories/${e.id}`,
            link: `${base}/stories/${e.id}`,
            date: e.updated,
            published: e.published_at ?? e.updated_at,
            description: e.summary,
            content: e.html,
            author: [{ name: `${e.author_name}, ${e.org_name}` }],
          });
        }
        return reply.type('application/atom+xml; charset=utf-8').send(feed.atom1());
      },
    );

    app.get<{ Params: { id: string } }>(
      '/stories/:id',
      { config: { access: 'public', pageCache: true }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound('story');
        const story = await services.stories.find(request.principal, request.params.id);
        if (!story) throw notFound('story');
        // Everything else depends only on the story, read once here: side by side. Only a published story
        // is discussed (its authors also open it before then).
        const [framework, nearby, discussion] = await Promise.all([
          services.framework.current(),
          services.stories.nearby(request.principal, story),
          story.status === storyKind.published
            ? discussionFor(services, request, reply, recordOf(storyKind, story))
            : undefined,
        ]);
        const named = <T extends { form: string }>(list: T[]) =>
          list.map((r) => ({ ...r, formName: formNames[r.form as keyof typeof formNames] ?? r.form }));
        return reply.view('stories/views/story.njk', {
          story,
          reading: readingView(
            {
              title: story.title,
              form: story.form,
              html: story.html,
              body: story.body,
              primaryCharacteristic: story.primary_characteristic,
              characteristics: story.characteristics,
              roles: story.roles,
              place: story.place,
              visibility: story.visibility,
              authorName: story.author_name,
              orgName: story.org_name,
              toldWith: story.told_with_name ?? undefined,
              publishedAt: story.status === 'published' ? story.published_at : null,
              notYet: `Not yet: ${(storyKind.moderation?.statusNames?.[story.status] ?? story.status).toLowerCase()}`,
            },
            framework,
          ),
          byAuthor: named(nearby.byAuthor),
          related: named(nearby.related),
          // Comments and reactions (src/discussion): shown by discussion/views/_comments.njk.
          discussion,
        });
      },
    );
  };
}
