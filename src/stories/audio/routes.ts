// Pages for a story told aloud: add or replace its recording (upload, or record in the browser), write its
// transcript, remove it; and the recording itself for anyone who may read the story.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf } from '../../access/routes.ts';
import { isRecordId } from '../../db/ids.ts';
import type { Services } from '../../services.ts';
import { HttpError, notFound } from '../../web/errors.ts';
import { type FormError, formErrors, formFields } from '../../web/forms.ts';
import { acceptFileForms, type FileFormLimits, receiveFileForm } from '../../web/uploads.ts';
import { type AudioCaller, audioLimits } from './service.ts';

const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });
const wantsJsonReply = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

const recordingForm: FileFormLimits = {
  file: 'recording',
  maxFileBytes: audioLimits.maxBytes,
  limitText: `${audioLimits.maxBytes / 1024 / 1024} MB`,
  fileKind: 'recording',
};

/** How much of a recording is read from the database at a time while it is sent. */
const sliceBytes = 512 * 1024;

/**
 * The one byte range a Range header asks for, within a file of `size` bytes (RFC 9110 section 14): none to
 * send the whole file (no header, another unit, or several ranges, which players never ask for), or
 * 'unsatisfiable' for a range that is malformed or lies outside the file.
 */
export function byteRange(
  header: string | undefined,
  size: number,
): { first: number; last: number } | 'unsatisfiable' | undefined {
  if (!header?.startsWith('bytes=')) return undefined;
  const spec = header.slice('bytes='.length).trim();
  if (spec.includes(',')) return undefined;
  const match = /^(\d*)-(\d*)$/.exec(spec);
  if (!match || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { first: Math.max(0, size - suffix), last: size - 1 };
  }
  const first = Number(match[1]);
  const last = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (first >= size || first > last) return 'unsatisfiable';
  return { first, last };
}

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
    // The recording arrives in a multipart form, read only by the upload route (see web/uploads.ts).
    acceptFileForms(app);

    async function editorPage(
      reply: FastifyReply,
      caller: AudioCaller,
      storyId: string,
      extra: { errors?: FormError[]; notice?: string; transcript?: string } = {},
    ) {
      const found = isRecordId(storyId) ? await audio.forEditing(caller, storyId) : undefined;
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

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/stories/:id/audio',
      signedIn(),
      async (request, reply) =>
        editorPage(reply, callerOf(request.principal), request.params.id, {
          notice: notices[request.query.done ?? ''],
        }),
    );

    // Reached only once the caller, their access and the CSRF token (in the action's query string) are
    // checked; only then is the recording streamed in, to a temporary file within the limit.
    app.post<{ Params: { id: string } }>('/stories/:id/audio', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      if (!isRecordId(request.params.id)) throw notFound();
      // Only someone who may change this story's recording may send one: nobody else's bytes are read.
      if (!(await audio.forEditing(caller, request.params.id))) throw notFound();
      const outcome = await receiveFileForm(request, caller.personId, recordingForm, async ({ fields, file }) => {
        const recorded = Number(fields.recordedSeconds);
        return audio.upload(
          caller,
          request.params.id,
          file ? await readFile(file.path) : Buffer.alloc(0),
          Number.isFinite(recorded) && recorded > 0 ? recorded : undefined,
        );
      }).catch((error: unknown) => {
        if (error instanceof HttpError && error.status === 413) return error;
        throw error;
      });
      if (outcome === 'not_found') throw notFound();
      if (outcome === 'saved') {
        if (wantsJsonReply(request)) return { saved: true };
        return reply.redirect(`/stories/${request.params.id}/audio?done=uploaded`, 303);
      }
      const problem = outcome instanceof HttpError ? (outcome.fields?.recording ?? outcome.message) : outcome.problem;
      reply.status(outcome instanceof HttpError ? outcome.status : 400);
      if (wantsJsonReply(request)) {
        const code = outcome instanceof HttpError ? outcome.code : 'invalid_recording';
        return { error: { code, message: problem, fields: { recording: problem } } };
      }
      return editorPage(reply, caller, request.params.id, { errors: formErrors({ recording: problem }).errors });
    });

    app.post<{ Params: { id: string } }>('/stories/:id/transcript', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      if (!isRecordId(request.params.id)) throw notFound();
      const transcript = formFields(request).transcript ?? '';
      if (transcript.length > audioLimits.maxTranscript) {
        reply.status(400);
        return editorPage(reply, caller, request.params.id, {
          transcript,
          errors: formErrors({ transcript: 'The transcript must be 50,000 characters or fewer' }).errors,
        });
      }
      const outcome = await audio.saveTranscript(caller, request.params.id, transcript);
      if (outcome === 'not_found') throw notFound();
      return reply.redirect(`/stories/${request.params.id}/audio?done=transcript`, 303);
    });

    app.get<{ Params: { id: string } }>('/stories/:id/audio/remove', signedIn(), async (request, reply) => {
      const found = isRecordId(request.params.id)
        ? await audio.forEditing(callerOf(request.principal), request.params.id)
        : undefined;
      if (!found?.audio) throw notFound();
      return reply.view('stories/audio/views/remove.njk', { ...found, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { id: string } }>('/stories/:id/audio/remove', signedIn(), async (request, reply) => {
      const removed =
        isRecordId(request.params.id) && (await audio.remove(callerOf(request.principal), request.params.id));
      if (!removed) throw notFound();
      return reply.redirect(`/stories/${request.params.id}/audio?done=removed`, 303);
    });

    // The recording, for whoever may read the story (its scope and status decide, as for the page). Players
    // ask for parts of it (HTTP range requests) to seek; each part is read from PostgreSQL a slice at a time.
    app.get<{ Params: { id: string } }>(
      '/stories/:id/recording',
      { config: { access: 'public' }, schema: { hide: true } },
      async (request, reply) => {
        if (!isRecordId(request.params.id)) throw notFound();
        const story = await services.stories.find(request.principal, request.params.id);
        const file = story ? await audio.file(request.params.id) : undefined;
        if (!file) throw notFound();
        const size = Number(file.size_bytes);
        reply
          .header('accept-ranges', 'bytes')
          .header('content-type', file.media_type)
          .header('content-disposition', `inline; filename="story-recording.${extensions[file.media_type] ?? 'audio'}"`)
          .header('cache-control', 'private, no-store');
        const range = byteRange(request.headers.range, size);
        if (range === 'unsatisfiable') {
          return reply.status(416).header('content-range', `bytes */${size}`).type('text/plain').send('');
        }
        const { first, last } = range ?? { first: 0, last: size - 1 };
        if (range) reply.status(206).header('content-range', `bytes ${first}-${last}/${size}`);
        reply.header('content-length', String(last - first + 1));
        const slices = (async function* () {
          for (let at = first; at <= last; at += sliceBytes) {
            const bytes = await audio.slice(request.params.id, file.version, at, Math.min(sliceBytes, last - at + 1));
            // Replaced or removed while being sent: end the answer short rather than mix two recordings.
            if (!bytes) throw new Error('the recording changed while it was being sent');
            yield bytes;
          }
        })();
        return reply.send(Readable.from(slices));
      },
    );
  };
}
