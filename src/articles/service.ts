// Articles: the blog's use-cases. Readers list and read what the kind's readable rule lets them; an
// organisation's editors write, schedule, publish and take back its articles, keep series, and read the
// revision history. Services never see a request: routes pass the caller and the organisation they act in.
import type { Principal } from '../access/visibility.ts';
import type { Db } from '../db/database.ts';
import { isRecordId } from '../db/ids.ts';
import { markdownToText, renderMarkdown } from '../text/markdown.ts';
import { coverLimits, prepareCover } from './cover.ts';
import { diffCounts, wordDiff } from './diff.ts';
import {
  type ArticleRow,
  coverImage,
  editorsOf,
  findInOrg,
  findReadable,
  findSeries,
  insertArticle,
  insertSeries,
  type ListFilter,
  listInOrg,
  listReadable,
  nextPublicArticleAt,
  readableSeries,
  readableTags,
  removeCover,
  revisionsOf,
  saveCover,
  seriesBelongs,
  seriesInOrg,
  setPublication,
  updateArticle,
} from './repository.ts';
import type { ArticleInput, SeriesInput } from './schema.ts';

/** Where an article stands, as its editors see it: scheduled is published with its time still to come. */
export type ArticleState = 'draft' | 'scheduled' | 'published';
export const articleStateNames: Record<ArticleState, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  published: 'Published',
};

export function stateOf(article: Pick<ArticleRow, 'status' | 'published_at'>, now = new Date()): ArticleState {
  if (article.status !== 'published' || !article.published_at) return 'draft';
  return new Date(article.published_at).getTime() > now.getTime() ? 'scheduled' : 'published';
}

export type Saved = { ok: true; id: string } | { ok: false; problems: Record<string, string> };

export const pageSize = 20;

export function articlesService(db: Db) {
  /** Authors must be the organisation's editors; the series must be the organisation's own. */
  async function problemsWith(orgId: string, input: ArticleInput): Promise<Record<string, string>> {
    const problems: Record<string, string> = {};
    if (input.seriesId && (!isRecordId(input.seriesId) || !(await seriesBelongs(db, orgId, input.seriesId)))) {
      problems.seriesId = 'Select a series from the list';
    }
    if (input.authorIds.length > 0) {
      const editors = new Set((await editorsOf(db, orgId)).map((e) => e.id));
      if (!input.authorIds.every((id) => editors.has(id))) problems.authorIds = 'Select authors from the list';
    }
    return problems;
  }

  return {
    async list(principal: Principal, filter: { seriesId?: string; tag?: string; page: number }) {
      const query: ListFilter = { ...filter, limit: pageSize, offset: (filter.page - 1) * pageSize };
      const { items, total } = await listReadable(db, principal, query);
      return { items, total, page: filter.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
    },
    /** For feeds and the API: readable articles, newest first, with their HTML. */
    async latest(principal: Principal, filter: { seriesId?: string; tag?: string; limit: number; offset?: number }) {
      const { items, total } = await listReadable(db, principal, { ...filter, offset: filter.offset ?? 0 });
      return { items: items.map((a) => ({ ...a, html: renderMarkdown(a.body) })), total };
    },
    async find(principal: Principal, id: string) {
      const article = await findReadable(db, principal, id);
      return article && { ...article, html: renderMarkdown(article.body), description: describe(article) };
    },
    /** When the next public article scheduled for later appears, or null (page-cache.ts). */
    nextPublication: () => nextPublicArticleAt(db),
    filters: (principal: Principal) => Promise.all([readableSeries(db, principal), readableTags(db, principal)]),
    series: (principal: Principal, id: string, editorOf: string | null) => findSeries(db, principal, id, editorOf),

    // Editors: every call names the organisation the editor works in; nothing reaches another's articles.
    inOrg: (orgId: string) => listInOrg(db, orgId),
    async draft(orgId: string, id: string) {
      const article = await findInOrg(db, orgId, id);
      return article && { ...article, html: renderMarkdown(article.body), state: stateOf(article) };
    },
    editorsOf: (orgId: string) => editorsOf(db, orgId),
    seriesOf: (orgId: string) => seriesInOrg(db, orgId),
    async create(orgId: string, editorId: string, input: ArticleInput): Promise<Saved> {
      const problems = await problemsWith(orgId, input);
      if (Object.keys(problems).length > 0) return { ok: false, problems };
      const authors = input.authorIds.length > 0 ? input.authorIds : [editorId];
      return { ok: true, id: await insertArticle(db, orgId, editorId, { ...input, authorIds: authors }) };
    },
    async update(orgId: string, editorId: string, id: string, input: ArticleInput): Promise<Saved | undefined> {
      const problems = await problemsWith(orgId, input);
      if (Object.keys(problems).length > 0) return { ok: false, problems };
      return (await updateArticle(db, orgId, id, editorId, input)) ? { ok: true, id } : undefined;
    },
    publish: (orgId: string, editorId: string, id: string) => setPublication(db, orgId, id, editorId, 'now'),
    schedule: (orgId: string, editorId: string, id: string, at: Date) => setPublication(db, orgId, id, editorId, at),
    unpublish: (orgId: string, editorId: string, id: string) => setPublication(db, orgId, id, editorId, null),
    revisions: (orgId: string, id: string) => revisionsOf(db, orgId, id),
    /** The difference between two of an article's revisions, or undefined when either is missing. */
    async compare(orgId: string, id: string, from: number, to: number) {
      const revisions = await revisionsOf(db, orgId, id);
      const [a, b] = [revisions.find((r) => r.number === from), revisions.find((r) => r.number === to)];
      if (!a || !b) return undefined;
      const body = wordDiff(a.body, b.body);
      return {
        from: a,
        to: b,
        title: wordDiff(a.title, b.title),
        summary: wordDiff(a.summary, b.summary),
        body,
        counts: diffCounts([...wordDiff(a.title, b.title), ...wordDiff(a.summary, b.summary), ...body]),
      };
    },
    createSeries: (orgId: string, input: SeriesInput) => insertSeries(db, orgId, input),
    /** The cover's bytes for a reader of the article, or for its organisation's editors. */
    coverImage: (principal: Principal, id: string, editorOf: string | null) => coverImage(db, principal, id, editorOf),
    /**
     * Sets the cover's image and alt text, or only its alt text when no new file is sent. The alt text is
     * required: a cover says what it shows to people who cannot see it.
     */
    async setCover(
      orgId: string,
      article: Pick<ArticleRow, 'id' | 'cover'>,
      sent: { file: Buffer | undefined; alt: string },
    ): Promise<{ ok: true } | { ok: false; problems: Record<string, string> }> {
      const problems: Record<string, string> = {};
      const alt = sent.alt.replace(/\s+/g, ' ').trim();
      if (!sent.file && !article.cover) problems.cover = 'Choose an image: a JPEG, PNG or WebP image of 5 MB or less';
      if (alt === '') problems.alt = 'Describe the image for people who cannot see it';
      else if (alt.length > coverLimits.altMax)
        problems.alt = `Description must be ${coverLimits.altMax} characters or fewer`;
      const prepared = sent.file ? await prepareCover(sent.file) : undefined;
      if (prepared && !prepared.ok) problems.cover = prepared.problem;
      if (Object.keys(problems).length > 0) return { ok: false, problems };
      await saveCover(db, orgId, article.id, {
        alt,
        image: prepared?.ok ? { image: prepared.image, width: prepared.width, height: prepared.height } : undefined,
      });
      return { ok: true };
    },
    removeCover: (orgId: string, id: string) => removeCover(db, orgId, id),
  };
}

/** The sentence shown in link previews: the summary, or the opening of the article as plain text. */
function describe(article: Pick<ArticleRow, 'summary' | 'body'>): string {
  if (article.summary) return article.summary;
  const text = markdownToText(article.body).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199).trimEnd()}…` : text;
}

export type ArticlesService = ReturnType<typeof articlesService>;
