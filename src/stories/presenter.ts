// The wire format of stories: built field by field, so no database column leaks into the API.
import type { z } from 'zod';
import type { Framework } from '../framework/types.ts';
import { type Sector, sectorNames, sectors } from '../organisations/types.ts';
import type { StoryListQuery, storyListResponse, storyResponse } from './schema.ts';
import { type FacetName, facetNames } from './search.ts';
import { facetEntries, type StoriesService } from './service.ts';
import { storyForms } from './types.ts';

type Page = Awaited<ReturnType<StoriesService['search']>>;
type Story = NonNullable<Awaited<ReturnType<StoriesService['find']>>>;

export function presentStoryPage(page: Page): z.infer<typeof storyListResponse> {
  return {
    total: page.total,
    approximate: page.approximate,
    page: page.page,
    pageSize: page.pageSize,
    items: page.items.map((s) => ({
      id: s.id,
      title: s.title,
      form: s.form,
      characteristics: s.characteristics,
      roles: s.roles,
      excerpt: s.excerpt,
      publishedAt: s.published_at?.toISOString() ?? null,
    })),
    facets: page.facets ?? {
      characteristic: {},
      role: {},
      form: {},
      sector: {},
      region: {},
      organisation: {},
    },
  };
}

export function presentStory(s: Story): z.infer<typeof storyResponse> {
  return {
    id: s.id,
    title: s.title,
    form: s.form,
    primaryCharacteristic: s.primary_characteristic,
    characteristics: s.characteristics,
    roles: s.roles,
    body: s.body,
    place: s.place,
    sector: s.sector,
    region: s.region,
    status: s.status,
    organisation: { name: s.org_name, sector: s.org_sector },
    author: s.author_name,
    visibility: s.visibility,
    publishedAt: s.published_at?.toISOString() ?? null,
  };
}

export const formNames = {
  profile: 'Profile',
  'personal-narrative': 'Personal narrative',
  quote: 'Quote',
  'flash-fiction': 'Flash fiction',
} as const;

export const scopeNames = {
  public: 'Public',
  signed_in: 'Everyone signed in',
  space: 'Shared space',
  organisation: 'Your organisation',
  private: 'Only you',
} as const;

const facetLegends: Record<FacetName, string> = {
  characteristic: 'Characteristic',
  role: 'Role',
  form: 'Form',
  sector: 'Sector',
  region: 'Region',
  organisation: 'Organisation',
};

/** Long facets (organisations, regions) show their largest values; selected ones always stay. */
const facetLimit = 12;

/** The library's address for a query, with some of it changed: filters survive paging and sorting. */
export function libraryHref(query: StoryListQuery, change: Partial<StoryListQuery> = {}): string {
  const merged = { ...query, ...change };
  const params = new URLSearchParams();
  if (merged.q) params.append('q', merged.q);
  for (const f of facetNames) for (const v of merged[f]) params.append(f, v);
  if (merged.sort) params.append('sort', merged.sort);
  if (merged.pageSize !== 20) params.append('pageSize', String(merged.pageSize));
  if (merged.page > 1) params.append('page', String(merged.page));
  const s = params.toString();
  return s ? `/stories?${s}` : '/stories';
}

const number = new Intl.NumberFormat('en-GB');

export function libraryView(page: Page, query: StoryListQuery, framework: Framework, ignored: string[]) {
  const orgNames = new Map(Object.entries(page.organisationNames));
  const nameOf: Record<FacetName, (key: string) => string> = {
    characteristic: (k) => framework.characteristics.find((c) => c.key === k)?.name ?? k,
    role: (k) => framework.roles.find((r) => r.key === k)?.name ?? k,
    form: (k) => formNames[k as keyof typeof formNames] ?? k,
    sector: (k) => sectorNames[k as Sector] ?? k,
    region: (k) => k,
    organisation: (k) => orgNames.get(k) ?? k,
  };
  const about = page.approximate ? 'about ' : '';
  const vocabulary: Partial<Record<FacetName, readonly string[]>> = {
    characteristic: framework.characteristics.map((c) => c.key),
    role: framework.roles.map((r) => r.key),
    form: storyForms,
    sector: sectors,
  };
  const facets = facetNames.map((f) => {
    const entries = facetEntries(page.facets?.[f] ?? {}, query[f], vocabulary[f]);
    const shown = entries.filter((e, i) => i < facetLimit || e.selected);
    return {
      name: f,
      legend: facetLegends[f],
      selectedCount: query[f].length,
      items: shown.map((e) => ({
        value: e.key,
        text: `${nameOf[f](e.key)} (${about}${number.format(e.count)})`,
        checked: e.selected,
      })),
    };
  });
  const chosen = facetNames.flatMap((f) =>
    query[f].map((v) => ({
      text: `${facetLegends[f]}: ${nameOf[f](v)}`,
      href: libraryHref(query, { [f]: query[f].filter((x) => x !== v), page: 1 }),
    })),
  );
  const pages =
    page.pageCount > 1
      ? {
          previous: page.page > 1 ? { href: libraryHref(query, { page: page.page - 1 }) } : undefined,
          next: page.page < page.pageCount ? { href: libraryHref(query, { page: page.page + 1 }) } : undefined,
          items: pageNumbers(page.page, page.pageCount).map((n) =>
            n === null
              ? { ellipsis: true }
              : { number: n, href: libraryHref(query, { page: n }), current: n === page.page },
          ),
        }
      : undefined;
  const count = `${about}${number.format(page.total)} ${page.total === 1 ? 'story' : 'stories'}`;
  const single = query.characteristic.length === 1 ? query.characteristic[0] : undefined;
  return {
    result: page,
    q: page.q ?? '',
    sort: page.sort,
    count,
    facets,
    chosen,
    ignored: ignored.length > 0,
    pages,
    clearHref: page.q ? libraryHref({ ...query, page: 1 }, emptyFilters) : '/stories',
    sortItems: [
      { value: 'relevance', text: 'Most relevant', selected: page.sort === 'relevance' },
      { value: 'newest', text: 'Newest', selected: page.sort === 'newest' },
    ],
    hasQuery: Boolean(page.q),
    beyondLastPage: page.items.length === 0 && page.total > 0,
    firstPageHref: libraryHref(query, { page: 1 }),
    feed: single ? { href: `/stories/feeds/${single}.atom`, name: nameOf.characteristic(single) } : undefined,
    names: Object.fromEntries(framework.characteristics.map((c) => [c.key, c.name])),
    formNames,
  };
}

const emptyFilters = { characteristic: [], role: [], form: [], sector: [], region: [], organisation: [] };

/** 1 … 4 5 6 … 20: the first, the last and the neighbours of the current page. */
function pageNumbers(current: number, last: number): (number | null)[] {
  const wanted = [...new Set([1, current - 1, current, current + 1, last])]
    .filter((n) => n >= 1 && n <= last)
    .sort((a, b) => a - b);
  return wanted.flatMap((n, i) => (i > 0 && n - (wanted[i - 1] as number) > 1 ? [null, n] : [n]));
}
