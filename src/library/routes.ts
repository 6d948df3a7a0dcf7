// The evidence library's pages: the library (search, filters, selection and export), an item with its
// references, suggesting an item (members), editing one and importing pasted BibTeX or RIS (moderators).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { inReach, reachOf } from '../access/policies/index.ts';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import type { Principal, Visibility } from '../access/visibility.ts';
import { recordOf } from '../content/records.ts';
import { isRecordId } from '../db/ids.ts';
import { discussionFor } from '../discussion/routes.ts';
import { framework } from '../framework/data.ts';
import type { Services } from '../services.ts';
import { renderMarkdown } from '../text/markdown.ts';
import type { Refusal } from '../throttles/throttle.ts';
import { limitError, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, pageNumber } from '../web/forms.ts';
import { type ExportFormat, exportFiles, exportFormatNames, exportFormats } from './citations.ts';
import { authorsAsLines, itemTypes } from './entry.ts';
import { libraryItemKind } from './kind.ts';
import type { ItemRow, LibraryQuery } from './repository.ts';
import { confirmForm, entryFromForm, importForm, itemForm, type LibraryQueryInput, libraryQuery } from './schema.ts';
import { libraryPageSize } from './service.ts';
import { libraryLabels } from './words.ts';

const views = 'library/views';

export function queryOf(input: LibraryQueryInput): LibraryQuery {
  return {
    words: input.q ?? '',
    type: input.type ?? null,
    lesson: input.lesson ?? null,
    characteristic: input.characteristic ?? null,
    role: input.role ?? null,
    ...(input.id && input.id.length > 0 ? { ids: input.id } : {}),
  };
}

/** The form's values from a stored item, for the edit page. */
const valuesOf = (row: ItemRow) => ({
  itemType: row.item_type,
  title: row.title,
  authors: authorsAsLines(row.authors),
  year: row.year === null ? '' : String(row.year),
  container: row.container,
  publisher: row.publisher,
  doi: row.doi ?? '',
  isbn: row.isbn ?? '',
  url: row.url ?? '',
  accessed: row.accessed ?? '',
  summary: row.summary,
  lessons: row.lessons,
  characteristics: row.characteristics,
  roles: row.roles,
  visibility: row.visibility,
});

const emptyValues = { visibility: 'public', lessons: [], characteristics: [], roles: [] };

/** What was sent, for the form to show again: a group of checkboxes is always a list. */
const valuesFromBody = (body: Record<string, unknown>) => {
  const list = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : []);
  return {
    ...emptyValues,
    ...body,
    lessons: list(body.lessons),
    characteristics: list(body.characteristics),
    roles: list(body.roles),
  };
};

const formPage = (extra: Record<string, unknown>) => ({
  ...libraryLabels,
  itemTypes,
  lessons: framework.lessons,
  characteristics: framework.characteristics,
  roles: framework.roles,
  ...extra,
});

export function libraryRoutes(services: Services): FastifyPluginAsync {
  const library = services.library;
  return async (app) => {
    app.get('/library', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const parsed = libraryQuery.safeParse(request.query);
      const input = parsed.success ? parsed.data : {};
      const page = pageNumber(input.page);
      const query = queryOf({ ...input, id: undefined });
      const result = await library.search(request.principal, query, page);
      const pageCount = Math.max(1, Math.ceil(result.total / libraryPageSize));
      const params = new URLSearchParams();
      for (const key of ['q', 'type', 'lesson', 'characteristic', 'role'] as const) {
        const value = input[key];
        if (value) params.set(key, value);
      }
      const link = (p: number) => `/library?${new URLSearchParams([...params, ['page', String(p)]])}`;
      return reply.view(`${views}/library.njk`, {
        ...formPage({}),
        query: input,
        invalid: !parsed.success,
        result,
        first: (page - 1) * libraryPageSize + 1,
        previous: page > 1 ? link(page - 1) : undefined,
        next: page < pageCount ? link(page + 1) : undefined,
        exportAll: params.toString(),
        exportFormats,
        exportFormatNames,
        canSuggest: request.principal.kind === 'person',
        isModerator: request.principal.kind === 'person' && request.principal.roles.includes('moderator'),
      });
    });

    // A selection (ticked items) or a whole search, as a download in one format.
    app.get('/library/export', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const parsed = libraryQuery.safeParse(request.query);
      if (!parsed.success) throw notFound();
      const format: ExportFormat = parsed.data.format ?? 'bibtex';
      const { text } = await library.export(request.principal, queryOf(parsed.data), format);
      const file = exportFiles[format];
      return reply
        .header('content-type', file.type)
        .header('content-disposition', `attachment; filename="waymark-library-${format}.${file.extension}"`)
        .header('cache-control', 'private, no-store')
        .send(text);
    });

    // The refusal comes back as data, and the page is sent by the handler's own return: an async helper that
    // returned the reply would hand its caller a thenable that settles, empty, once the answer is sent.
    const refusedPage = (reply: FastifyReply, refused: Refusal, values: Record<string, unknown>) =>
      refusedBy(reply, refused).view(
        `${views}/item-form.njk`,
        formPage({
          values,
          errors: [limitError(refused, 'title')],
          messages: {},
          action: '/library/new',
          csrfToken: reply.generateCsrf(),
        }),
      );

    app.get('/library/new', { config: { access: 'signed_in' }, schema: { hide: true } }, async (_request, reply) =>
      reply.view(
        `${views}/item-form.njk`,
        formPage({ values: emptyValues, action: '/library/new', csrfToken: reply.generateCsrf() }),
      ),
    );

    app.post('/library/new', { config: { access: 'signed_in' }, schema: { hide: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = valuesFromBody(body);
      const show = (problems: Parameters<typeof formErrors>[0]) =>
        reply.status(400).view(
          `${views}/item-form.njk`,
          formPage({
            values,
            ...formErrors(problems),
            action: '/library/new',
            csrfToken: reply.generateCsrf(),
          }),
        );
      const parsed = itemForm.safeParse(body);
      if (!parsed.success) return show(parsed.error.issues);
      const orgId = currentOrgOf(request.principal);
      const personId = callerOf(request.principal).personId;
      const { entry, extras } = entryFromForm(parsed.data);
      const duplicate = await library.duplicate(orgId, entry);
      if (duplicate) return show(duplicate);
      const refused = await services.throttles.consume({ librarySuggestions: personId });
      if (refused) return refusedPage(reply, refused, values);
      await library.suggest(personId, orgId, entry, extras, new Date());
      return reply.view(`${views}/suggested.njk`, { title: entry.title });
    });

    app.get('/library/import', { config: { access: 'moderator' }, schema: { hide: true } }, async (_request, reply) =>
      reply.view(`${views}/import.njk`, { values: { format: 'bibtex' }, csrfToken: reply.generateCsrf() }),
    );

    app.post('/library/import', { config: { access: 'moderator' }, schema: { hide: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = importForm.safeParse(body);
      const personId = callerOf(request.principal).personId;
      if (!parsed.success) {
        return reply.status(400).view(`${views}/import.njk`, {
          values: body,
          ...formErrors(parsed.error.issues),
          csrfToken: reply.generateCsrf(),
        });
      }
      const refused = await services.throttles.consume({ libraryImports: personId });
      if (refused) {
        return refusedBy(reply, refused).view(`${views}/import.njk`, {
          values: body,
          errors: [limitError(refused, 'text')],
          messages: {},
          csrfToken: reply.generateCsrf(),
        });
      }
      const id = await library.preview(personId, currentOrgOf(request.principal), parsed.data.format, parsed.data.text);
      return reply.redirect(`/library/import/${id}`, 303);
    });

    const importOf = async (orgId: string, id: string) => {
      if (!isRecordId(id)) throw notFound();
      const found = await library.findImport(orgId, id);
      if (!found) throw notFound();
      return found;
    };

    const previewPage = (found: Awaited<ReturnType<typeof importOf>>, extra: Record<string, unknown>) => {
      const entries = found.parsed.entries;
      return {
        ...libraryLabels,
        upload: found,
        entries,
        importable: entries.filter((e) => e.entry !== null).length,
        withProblems: entries.filter((e) => e.entry === null).length,
        values: { visibility: 'signed_in' },
        ...extra,
      };
    };

    app.get<{ Params: { id: string } }>(
      '/library/import/:id',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await importOf(currentOrgOf(request.principal), request.params.id);
        return reply.view(`${views}/preview.njk`, previewPage(found, { csrfToken: reply.generateCsrf() }));
      },
    );

    app.post<{ Params: { id: string } }>(
      '/library/import/:id',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const found = await importOf(orgId, request.params.id);
        const parsed = confirmForm.safeParse(request.body ?? {});
        if (!parsed.success) {
          return reply
            .status(400)
            .view(
              `${views}/preview.njk`,
              previewPage(found, { ...formErrors(parsed.error.issues), values: {}, csrfToken: reply.generateCsrf() }),
            );
        }
        const extras = { summary: '', lessons: [], characteristics: [], roles: [], visibility: parsed.data.visibility };
        const personId = callerOf(request.principal).personId;
        await library.confirm(request.principal, personId, orgId, found.id, extras, new Date());
        return reply.redirect(`/library/import/${found.id}`, 303);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/library/:id',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound('library item');
        const found = await library.item(request.principal, request.params.id);
        if (!found) throw notFound('library item');
        const orgId = request.principal.kind === 'person' ? request.principal.currentOrgId : null;
        // The item is read once above and passed on to its discussion.
        const discussion = await discussionFor(services, request, reply, recordOf(libraryItemKind, found.row));
        return reply.view(`${views}/item.njk`, {
          ...libraryLabels,
          ...found,
          discussion,
          summaryHtml: renderMarkdown(found.row.summary),
          lessons: framework.lessons,
          characteristics: framework.characteristics,
          roles: framework.roles,
          mayEdit:
            request.principal.kind === 'person' &&
            request.principal.roles.includes('moderator') &&
            orgId === found.row.org_id,
        });
      },
    );

    // A moderator edits only what they could review: a public item is the platform moderators' (the shared
    // rule of who reviews what, `inReach`), so an organisation's moderator cannot change it unreviewed.
    const editable = async (principal: Principal, id: string) => {
      if (!isRecordId(id)) throw notFound('library item');
      const row = await library.itemInOrg(currentOrgOf(principal), id);
      if (!row || !inReach(reachOf(principal), { orgId: row.org_id, visibility: row.visibility as Visibility })) {
        throw notFound('library item');
      }
      return row;
    };

    app.get<{ Params: { id: string } }>(
      '/library/:id/edit',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const row = await editable(request.principal, request.params.id);
        return reply.view(
          `${views}/item-form.njk`,
          formPage({
            values: valuesOf(row),
            editing: row,
            action: `/library/${row.id}/edit`,
            csrfToken: reply.generateCsrf(),
          }),
        );
      },
    );

    app.post<{ Params: { id: string } }>(
      '/library/:id/edit',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const row = await editable(request.principal, request.params.id);
        // Who may read it is decided by its review, never by an edit.
        const body = { ...((request.body ?? {}) as Record<string, unknown>), visibility: row.visibility };
        const values = valuesFromBody(body);
        const show = (problems: Parameters<typeof formErrors>[0]) =>
          reply.status(400).view(
            `${views}/item-form.njk`,
            formPage({
              values,
              editing: row,
              ...formErrors(problems),
              action: `/library/${row.id}/edit`,
              csrfToken: reply.generateCsrf(),
            }),
          );
        const parsed = itemForm.safeParse(body);
        if (!parsed.success) return show(parsed.error.issues);
        const { entry, extras } = entryFromForm(parsed.data);
        const duplicate = await library.duplicate(orgId, entry, row.id);
        if (duplicate) return show(duplicate);
        const { visibility: _kept, ...rest } = extras;
        await library.edit(orgId, row.id, entry, rest, new Date());
        return reply.redirect(row.status === 'published' ? `/library/${row.id}` : `/moderation/library/${row.id}`, 303);
      },
    );
  };
}
