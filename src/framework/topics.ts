// What a characteristic, role or lesson page joins: the evidence, stories and articles tagged with it and the
// reading-group questions that touch it. Each part is read as the caller through its own kind's service (so
// each reader sees only what that kind's readable rule lets them), side by side, a few newest items each.
import type { Principal } from '../access/visibility.ts';
import type { Services } from '../services.ts';
import type { Characteristic, Lesson, Role } from './types.ts';

/** How many items each section shows; "See all" leads to the section's own list page for the rest. */
export const itemsPerSection = 3;

export interface TopicItem {
  title: string;
  href: string;
  /** A short line under the title: who published it, or who wrote it and when. */
  detail: string;
  date: Date | null;
}

export interface TopicSection {
  items: TopicItem[];
  total: number;
  /** The total as readers see it: "1,250". */
  totalText: string;
  /** True when the total is an estimate (a very common tag among many stories). */
  approximate: boolean;
  /** The list page filtered the same way. */
  seeAll: string;
}

export interface TopicQuestion {
  key: string;
  text: string;
  setName: string;
}

/** What the page reads for a topic: the filters each list page takes, and what the questions touch. */
interface TopicFilters {
  stories: { characteristic: Characteristic['key'][]; role: string[] };
  articleTag: string;
  library: { characteristic: string | null; lesson: string | null; role: string | null };
  questions?: { characteristic?: string; lesson?: string };
}

export type TopicSources = Pick<Services, 'stories' | 'articles' | 'library' | 'groupQuestions'>;

const query = (params: [string, string][]) => new URLSearchParams(params).toString();

const authorsLine = (authors: { family: string; given: string }[]) =>
  authors.length === 0
    ? ''
    : authors.length <= 2
      ? authors.map((a) => a.family || a.given).join(' and ')
      : `${authors[0]?.family || authors[0]?.given} and others`;

export function topicPages(sources: TopicSources) {
  async function read(principal: Principal, filters: TopicFilters) {
    const { characteristic, lesson, role } = filters.library;
    const [stories, articles, evidence] = await Promise.all([
      sources.stories.search(
        principal,
        {
          characteristic: filters.stories.characteristic,
          role: filters.stories.role,
          form: [],
          sector: [],
          region: [],
          organisation: [],
          page: 1,
          pageSize: itemsPerSection,
        },
        { facets: false },
      ),
      sources.articles.latest(principal, { tag: filters.articleTag, limit: itemsPerSection }),
      sources.library.search(principal, { words: '', type: null, characteristic, lesson, role }, 1, itemsPerSection),
    ]);
    const storyParams: [string, string][] = [
      ...filters.stories.characteristic.map((c): [string, string] => ['characteristic', c]),
      ...filters.stories.role.map((r): [string, string] => ['role', r]),
    ];
    const libraryParams = Object.entries(filters.library).filter((e): e is [string, string] => e[1] !== null);
    const questions = filters.questions
      ? sources.groupQuestions.touching(filters.questions).map((q) => ({
          key: q.key,
          text: q.text,
          setName: sources.groupQuestions.setNames[q.set],
        }))
      : undefined;
    return {
      evidence: {
        items: evidence.items.map((i) => ({
          title: i.title,
          href: `/library/${i.id}`,
          detail: [authorsLine(i.authors), i.year ?? ''].filter(Boolean).join(', '),
          date: null,
        })),
        total: evidence.total,
        totalText: evidence.total.toLocaleString('en-GB'),
        approximate: false,
        seeAll: `/library?${query(libraryParams)}`,
      },
      stories: {
        items: stories.items.map((s) => ({
          title: s.title,
          href: `/stories/${s.id}`,
          detail: s.org_name,
          date: s.published_at,
        })),
        total: stories.total,
        totalText: stories.total.toLocaleString('en-GB'),
        approximate: stories.approximate,
        seeAll: `/stories?${query(storyParams)}`,
      },
      articles: {
        items: articles.items.map((a) => ({
          title: a.title,
          href: `/articles/${a.id}`,
          detail: a.guest_name ?? a.org_name,
          date: a.published_at,
        })),
        total: articles.total,
        totalText: articles.total.toLocaleString('en-GB'),
        approximate: false,
        seeAll: `/articles?${query([['tag', filters.articleTag]])}`,
      },
      questions,
    } satisfies Record<string, TopicSection | TopicQuestion[] | undefined>;
  }

  return {
    characteristic: (principal: Principal, c: Characteristic) =>
      read(principal, {
        stories: { characteristic: [c.key], role: [] },
        articleTag: `characteristic:${c.key}`,
        library: { characteristic: c.key, lesson: null, role: null },
        questions: { characteristic: c.key },
      }),
    role: (principal: Principal, r: Role) =>
      read(principal, {
        stories: { characteristic: [], role: [r.key] },
        articleTag: `role:${r.key}`,
        library: { characteristic: null, lesson: null, role: r.key },
      }),
    /** Stories carry characteristics, not lessons: a lesson's stories are those about what it bears on. */
    lesson: (principal: Principal, l: Lesson) =>
      read(principal, {
        stories: { characteristic: l.characteristics, role: [] },
        articleTag: `lesson:${l.key}`,
        library: { characteristic: null, lesson: l.key, role: null },
        questions: { lesson: l.key },
      }),
  };
}

export type TopicPages = ReturnType<typeof topicPages>;
