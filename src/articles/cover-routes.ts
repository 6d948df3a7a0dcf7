// The cover image's pages, for an organisation's editors: upload or replace it with its alt text, or remove it
// after a confirmation; and the image itself, for whoever may read the article. The file arrives in a
// multipart form read only after the caller, their role and the CSRF token are checked (web/uploads.ts).
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { currentOrgOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { HttpError, notFound } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';
import { acceptFileForms, type FileFormLimits, receiveFileForm } from '../web/uploads.ts';
import { coverLimits, coverRule } from './cover.ts';

const editors = () => ({ config: { access: 'editor' as const }, schema: { hide: true } });

const coverForm: FileFormLimits = {
  file: 'cover',
  maxFileBytes: coverLimits.maxBytes,
  limitText: coverLimits.limitText,
  fileKind: 'image',
};

export function articleCoverRoutes(services: Services): FastifyPluginAsync {
  const articles = services.articles;
  return async (app) => {
    acceptFileForms(app);

    async function ownArticle(request: FastifyRequest<{ Params: { id: string } }>) {
      if (!isRecordId(request.params.id)) throw notFound('article');
      const article = await articles.draft(currentOrgOf(request.principal), request.params.id);
      if (!article) throw notFound('article');
      return article;
    }

    const coverPage = (
      reply: FastifyReply,
      article: Awaited<ReturnType<typeof ownArticle>>,
      extra: { alt?: string; problems?: Record<string, string> } = {},
    ) => {
      const { errors, messages } = formErrors(extra.problems ?? {});
      return reply.view('articles/views/cover.njk', {
        article,
        alt: extra.alt ?? article.cover?.alt ?? '',
        errors,
        messages,
        coverRule,
        csrfToken: reply.generateCsrf(),
      });
    };

    app.get<{ Params: { id: string } }>('/articles/:id/cover', editors(), async (request, reply) =>
      coverPage(reply, await ownArticle(request)),
    );

    app.post<{ Params: { id: string } }>('/articles/:id/cover', editors(), async (request, reply) => {
      const article = await ownArticle(request);
      const orgId = currentOrgOf(request.principal);
      let alt = '';
      const outcome = await receiveFileForm(request, orgId, coverForm, async ({ fields, file }) => {
        alt = fields.alt ?? '';
        const bytes = file && file.size > 0 ? await readFile(file.path) : undefined;
        return articles.setCover(orgId, article, { file: bytes, alt });
      }).catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 413) {
          return { ok: false as const, problems: { cover: `The image is too large: choose ${coverRule}` } };
        }
        throw error;
      });
      if (outcome.ok) return reply.redirect(`/articles/${article.id}/preview?done=cover`, 303);
      reply.status(400);
      return coverPage(reply, article, { alt: alt || formFields(request).alt, problems: outcome.problems });
    });

    app.get<{ Params: { id: string } }>('/articles/:id/cover/remove', editors(), async (request, reply) => {
      const article = await ownArticle(request);
      if (!article.cover) throw notFound('cover');
      return reply.view('articles/views/cover-remove.njk', { article, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { id: string } }>('/articles/:id/cover/remove', editors(), async (request, reply) => {
      const article = await ownArticle(request);
      await articles.removeCover(currentOrgOf(request.principal), article.id);
      return reply.redirect(`/articles/${article.id}/preview?done=cover-removed`, 303);
    });

    // The image: for readers of the article, and for its editors before it is published. A public article's
    // cover may be kept by any cache; the address changes with each new image (`?v=`), so it never goes stale.
    app.get<{ Params: { id: string } }>(
      '/articles/:id/cover.jpg',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound('image');
        const principal = request.principal;
        const editorOf =
          principal.kind === 'person' && principal.roles.includes('editor') ? principal.currentOrgId : null;
        const cover = await articles.coverImage(principal, request.params.id, editorOf);
        if (!cover) throw notFound('image');
        const etag = `"${new Date(cover.updated_at).getTime().toString(36)}"`;
        reply
          .type('image/jpeg')
          .header('etag', etag)
          .header('x-content-type-options', 'nosniff')
          // Shared caches may keep only what anyone may read now: a draft's or a scheduled article's cover, seen
          // by its editor, is theirs alone and is not kept.
          .header('cache-control', cover.anyoneReads ? 'public, max-age=86400' : 'private, no-store');
        if (request.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.send(cover.image);
      },
    );
  };
}
