// Pages for a story told aloud: add or replace its recording (upload, or record in the browser), write its
// transcript, remove it; and the recording itself for anyone who may read the story.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../../access/routes.ts';
import type { Services } from '../../services.ts';
import { notFound } from '../../web/errors.ts';
import { type FormError, formFields } from '../../web/forms.ts';
import { acceptFileForms, uploadedFile } from '../../web/uploads.ts';
import { type AudioCaller, audioLimits } from './service.ts';

const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });
const here = path.dirname(fileURLToPath(import.meta.url));
const isUuid = (value: string) => z.uuid().safeParse(value).success;
const wantsJsonReply = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

const notices: Record<string, string> = {
  uploaded: 'The recording was saved. Write or check its transcript before you submit the story.',
  transcript: 'The transcript was saved.',
  removed: 'The recording was removed.',
};

const extensions: Record<string, string> = {
  'audio/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/wav': 'wav',
};

export function storyAudioRoutes(services: Services): FastifyPluginAsync {
  const audio = services.storyAudio;
  return async (app) => {
    // The recording arrives in a multipart form (see web/uploads.ts).
    acceptFileForms(app, audioLimits.maxBytes + 256 * 1024);

    async function editorPage(
      reply: FastifyReply,
      caller: AudioCaller,
      storyId: string,
      extra: { errors?: FormError[]; notice?: string; transcript?: string } = {},
    ) {
      const found = isUuid(storyId) ? await audio.forEditing(caller, storyId) : undefined;
      if (!found) throw notFound();
      return reply.view('stories/audio/views/audio.njk', {
        ...found,
        transcript: extra.transcript ?? found.story.transcript,
        errors: extra.errors,
        notice: extra.notice,
        maxMegabytes: audioLimits.maxBytes / 1024 / 1024,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get('/assets/recorder.js', { config: { access: 'public' }, schema: { hide: true } }, (_request, reply) =>
      reply.header('cache-control', 'public, max-age=3600').sendFile('recorder.js', path.join(here, 'assets')),
    );

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/stories/:id/audio',
      signedIn(),
      async (request, reply) =>
        editorPage(reply, callerOf(request.principal), request.params.id, {
          notice: notices[request.query.done ?? ''],
        }),
    );

    app.post<{ Params: { id: string } }>('/stories/:id/audio', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      if (!isUuid(request.params.id)) throw notFound();
      const bytes = uploadedFile(request, 'recording')?.bytes ?? Buffer.alloc(0);
      const recorded = Number(formFields(request).recordedSeconds);
      const outcome = await audio.upload(
        caller,
        request.params.id,
        bytes,
        Number.isFinite(recorded) && recorded > 0 ? recorded : undefined,
      );
      if (outcome === 'not_found') throw notFound();
      if (outcome === 'saved') {
        if (wantsJsonReply(request)) return { saved: true };
        return reply.redirect(`/stories/${request.params.id}/audio?done=uploaded`, 303);
      }
      reply.status(400);
      if (wantsJsonReply(request)) {
        return {
          error: { code: 'invalid_recording', message: outcome.problem, fields: { recording: outcome.problem } },
        };
      }
      return editorPage(reply, caller, request.params.id, {
        errors: [{ href: '#recording', text: outcome.problem }],
      });
    });

    app.post<{ Params: { id: string } }>('/stories/:id/transcript', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      if (!isUuid(request.params.id)) throw notFound();
      const transcript = formFields(request).transcript ?? '';
      if (transcript.length > audioLimits.maxTranscript) {
        reply.status(400);
        return editorPage(reply, caller, request.params.id, {
          transcript,
          errors: [{ href: '#transcript', text: 'The transcript must be 50,000 characters or fewer' }],
        });
      }
      const outcome = await audio.saveTranscript(caller, request.params.id, transcript);
      if (outcome === 'not_found') throw notFound();
      return reply.redirect(`/stories/${request.params.id}/audio?done=transcript`, 303);
    });

    app.get<{ Params: { id: string } }>('/stories/:id/audio/remove', signedIn(), async (request, reply) => {
      const found = isUuid(request.params.id)
        ? await audio.forEditing(callerOf(request.principal), request.params.id)
        : undefined;
      if (!found?.audio) throw notFound();
      return reply.view('stories/audio/views/remove.njk', { ...found, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { id: string } }>('/stories/:id/audio/remove', signedIn(), async (request, reply) => {
      const removed = isUuid(request.params.id) && (await audio.remove(callerOf(request.principal), request.params.id));
      if (!removed) throw notFound();
      return reply.redirect(`/stories/${request.params.id}/audio?done=removed`, 303);
    });

    // The recording, for whoever may read the story (its scope and status decide, as for the page).
    app.get<{ Params: { id: string } }>(
      '/stories/:id/recording',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isUuid(request.params.id)) throw notFound();
        const story = await services.stories.find(request.principal, request.params.id);
        const file = story ? await audio.file(request.params.id) : undefined;
        if (!file) throw notFound();
        return reply
          .header('content-type', file.media_type)
          .header('content-length', String(file.size_bytes))
          .header('content-disposition', `inline; filename="story-recording.${extensions[file.media_type] ?? 'audio'}"`)
          .header('cache-control', 'private, no-store')
          .send(file.bytes);
      },
    );
  };
}
