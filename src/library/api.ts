// The library's API: search the published items the caller may read, and one item, as JSON or (by
// `?format=` or the Accept header) as BibTeX, RIS, CSL-JSON or formatted APA or Harvard references.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../services.ts';
import { apiError, notFound } from '../web/errors.ts';
import { type ExportFormat, exportFiles, writeEntries } from './citations.ts';
import { entryOf, type ItemRow } from './repository.ts';
import { queryOf } from './routes.ts';
import { apiLibraryItem, apiLibraryList, libraryQuery } from './schema.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

const present = (row: ItemRow, baseUrl: string): z.infer<typeof apiLibraryItem> => ({
  id: row.id,
  url: `${baseUrl}/library/${row.id}`,
  type: row.item_type,
  title: row.title,
  authors: row.authors,
  year: row.year,
  container: row.container,
  publisher: row.publisher,
  doi: row.doi,
  isbn: row.isbn,
  link: row.url,
  accessed: row.accessed,
  summary: row.summary,
  lessons: row.lessons,
  characteristics: row.characteristics,
  roles: row.roles,
  publishedAt: row.published_at ? new Date(row.published_at).toISOString() : null,
});

/** What the Accept header asks for, when it names one of the formats (DOI content negotiation's names). */
export function acceptedFormat(accept: string | undefined): ExportFormat | undefined {
  const value = (accept ?? '').toLowerCase();
  if (value.includes('application/x-bibtex')) return 'bibtex';
  if (value.includes('application/x-research-info-systems')) return 'ris';
  if (value.includes('application/vnd.citationstyles.csl+json')) return 'csl-json';
  if (value.includes('text/x-bibliography')) return /style=harvard/.test(value) ? 'harvard' : 'apa';
  return undefined;
}

const formatOf = (request: FastifyRequest, query: { format?: ExportFormat | undefined }) =>
  query.format ?? acceptedFormat(request.headers.accept);

// A Buffer is sent as it is: the JSON schema's serialiser never touches it.
const sendAs = (reply: FastifyReply, format: ExportFormat, text: string) =>
  reply.type(exportFiles[format].type).header('vary', 'Accept').send(Buffer.from(text, 'utf8'));

const formatsText =
  'JSON by default; `?format=bibtex|ris|csl-json|apa|harvard`, or an Accept header of application/x-bibtex, application/x-research-info-systems, application/vnd.citationstyles.csl+json or text/x-bibliography; style=apa (or harvard), answers that format instead.';

export function libraryApi(services: Services): FastifyPluginAsync {
  return async (app) => {
    const api = app.withTypeProvider<ZodTypeProvider>();
    api.get(
      '/library',
      {
        config: { access: 'public' },
        schema: {
          tags: ['library'],
          summary: 'Search the published library items the caller may read (20 a page)',
          description: `q takes words; type, lesson, characteristic and role filter; id (repeated) picks items. ${formatsText} A format answers every match, up to 1,000.`,
          querystring: libraryQuery,
          response: { 200: apiLibraryList, 400: apiError, 401: apiError },
          security,
        },
      },
      async (request, reply) => {
        const query = queryOf(request.query);
        const format = formatOf(request, request.query);
        if (format)
          return sendAs(reply, format, (await services.library.export(request.principal, query, format)).text);
        const page = request.query.page ?? 1;
        const result = await services.library.search(request.principal, query, page);
        return { total: result.total, page, items: result.items.map((r) => present(r, services.baseUrl)) };
      },
    );
    api.get(
      '/library/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['library'],
          summary: 'One library item; 404 when it does not exist, is not published or its scope hides it',
          description: formatsText,
          params: z.object({ id: z.uuid() }),
          querystring: libraryQuery.pick({ format: true }),
          response: { 200: apiLibraryItem, 400: apiError, 401: apiError, 404: apiError },
          security,
        },
      },
      async (request, reply) => {
        const found = await services.library.item(request.principal, request.params.id);
        if (!found) throw notFound('library item');
        const format = formatOf(request, request.query);
        if (format)
          return sendAs(reply, format, writeEntries(format, [{ id: found.row.id, entry: entryOf(found.row) }]));
        return present(found.row, services.baseUrl);
      },
    );
  };
}
