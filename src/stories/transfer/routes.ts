// Moderators import and export collections of stories (JSON, or a zip of Markdown files with front matter).
// Upload, preview every problem, then confirm; nothing is written before. The organisation acted on is
// always the moderator's current one, and the moderator becomes the author of what they import.
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import { isRecordId } from '../../db/ids.ts';
import { framework } from '../../framework/data.ts';
import type { Services } from '../../services.ts';
import { HttpError, notFound } from '../../web/errors.ts';
import { formErrors, formFields, pageNumber } from '../../web/forms.ts';
import { acceptFileForms, type FileFormLimits, receiveFileForm } from '../../web/uploads.ts';
import { formNames } from '../presenter.ts';
import { transferLimits } from './format.ts';
import { clearedOutcome } from './service.ts';

const views = 'stories/transfer/views';
/** Stories per page of the preview; confirming still imports every story without problems. */
const previewPageSize = 100;
const collectionForm: FileFormLimits = {
  file: 'file',
  maxFileBytes: transferLimits.maxBytes,
  limitText: `${transferLimits.maxBytes / 1024 / 1024} MB`,
};

const downloadName = (format: 'json' | 'zip', now: Date) =>
  `waymark-stories-${now.toISOString().slice(0, 10)}.${format}`;

export function storyTransferRoutes(services: Services): FastifyPluginAsync {
  const transfer = services.storyTransfer;
  return async (app) => {
    // Files arrive as multipart/form-data, read only by the upload route once the caller is known (see
    // web/uploads.ts).
    acceptFileForms(app);

    const uploadPage = async (orgId: string, extra: Record<string, unknown> = {}) => ({
      imports: await transfer.recent(orgId),
      characteristics: framework.characteristics,
      roles: framework.roles,
      maxStories: transferLimits.maxStories,
      ...extra,
    });

    app.get('/moderation/import', { config: { access: 'moderator' }, schema: { hide: true } }, async (request, reply) =>
      reply.view(
        `${views}/import.njk`,
        await uploadPage(currentOrgOf(request.principal), { csrfToken: reply.generateCsrf() }),
      ),
    );

    app.post(
      '/moderation/import',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const personId = callerOf(request.principal).personId;
        const refuse = async (text: string) =>
          reply.view(
            `${views}/import.njk`,
            await uploadPage(orgId, { errors: formErrors({ file: text }).errors, csrfToken: reply.generateCsrf() }),
          );
        try {
          // Only the file is read: organisation, author and status never come from the form or the file.
          const id = await receiveFileForm(request, personId, collectionForm, async ({ file }) =>
            file ? transfer.upload(personId, orgId, file.name || 'upload', await readFile(file.path)) : undefined,
          );
          if (id) return reply.redirect(`/moderation/import/${id}`, 303);
          reply.status(400);
          return refuse('Select a .json or .zip file');
        } catch (error) {
          if (!(error instanceof HttpError) || error.status !== 413) throw error;
          reply.status(413);
          return refuse(error.fields?.file ?? error.message);
        }
      },
    );

    async function importOf(request: FastifyRequest<{ Params: { id: string } }>) {
      if (!isRecordId(request.params.id)) throw notFound();
      const found = await transfer.find(currentOrgOf(request.principal), request.params.id);
      if (!found) throw notFound();
      return found;
    }

    app.get<{ Params: { id: string }; Querystring: { page?: string } }>(
      '/moderation/import/:id',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await importOf(request);
        const items = found.parsed.items;
        const importable = items.filter((i) => i.story !== null).length;
        const pageCount = Math.max(1, Math.ceil(items.length / previewPageSize));
        const page = Math.min(pageNumber(request.query.page), pageCount);
        const link = (p: number) => `/moderation/import/${found.id}?page=${p}`;
        const shown = items.slice((page - 1) * previewPageSize, page * previewPageSize);
        const platformModerator = callerOf(request.principal).platformModerator === true;
        return reply.view(`${views}/preview.njk`, {
          upload: found,
          parsed: found.parsed,
          items: shown,
          total: items.length,
          first: (page - 1) * previewPageSize + 1,
          last: Math.min(items.length, page * previewPageSize),
          previous: page > 1 ? link(page - 1) : undefined,
          next: page < pageCount ? link(page + 1) : undefined,
          importable,
          // What "already cleared" would do to each story on this page, so the moderator knows before confirming.
          onClear: shown.map((i) => (i.story ? clearedOutcome(i.story, platformModerator) : undefined)),
          platformModerator,
          withProblems: items.length - importable,
          characteristicNames: Object.fromEntries(framework.characteristics.map((c) => [c.key, c.name])),
          formNames,
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      '/moderation/import/:id',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const found = await importOf(request);
        const fields = formFields(request);
        const caller = callerOf(request.principal);
        const outcome = await transfer.confirm(
          // Whether clearance may publish public stories depends on the caller, never on the form.
          { id: caller.personId, platformModerator: caller.platformModerator === true },
          currentOrgOf(request.principal),
          found.id,
          fields.cleared === 'yes',
          new Date(),
        );
        if (!outcome) throw notFound();
        return reply.redirect(`/moderation/import/${found.id}`, 303);
      },
    );

    app.get(
      '/moderation/export',
      { config: { access: 'moderator' }, schema: { hide: true } },
      async (request, reply) => {
        const stories = await transfer.collection(request.principal, currentOrgOf(request.principal));
        return reply.view(`${views}/export.njk`, { count: stories.length });
      },
    );

    for (const format of ['json', 'zip'] as const) {
      app.get(
        `/moderation/export.${format}`,
        { config: { access: 'moderator' }, schema: { hide: true } },
        async (request, reply) => {
          const file = await transfer.exportFile(
            callerOf(request.principal).personId,
            request.principal,
            currentOrgOf(request.principal),
            format,
          );
          return reply
            .type(format === 'json' ? 'application/json; charset=utf-8' : 'application/zip')
            .header('content-disposition', `attachment; filename="${downloadName(format, new Date())}"`)
            .header('cache-control', 'no-store')
            .send(format === 'json' ? file.content : Buffer.from(file.content));
        },
      );
    }
  };
}
