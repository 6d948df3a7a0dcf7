// Forms with a file. multipart/form-data is parsed whole, within the route's size limit, by a content-type
// parser scoped to the plugin that asks for it, rather than streamed by @fastify/multipart: the CSRF check runs
// in preValidation, before any route, and must read the form's `_csrf` field.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** Lets this plugin's routes take multipart forms: text fields as strings, files as `UploadedFile`s. */
export function acceptFileForms(app: FastifyInstance, bodyLimit: number) {
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit },
    async (request: FastifyRequest, body: Buffer) => {
      let form: FormData;
      try {
        form = await new Response(new Uint8Array(body), {
          headers: { 'content-type': String(request.headers['content-type']) },
        }).formData();
      } catch {
        throw new HttpError(400, 'invalid_request', 'The form could not be read. Try again.');
      }
      const fields: Record<string, string | UploadedFile> = {};
      for (const [key, value] of form) {
        fields[key] =
          typeof value === 'string' ? value : { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) };
      }
      return fields;
    },
  );
}

/** The file sent in a form field, if one was chosen (an empty file input sends a nameless, empty file). */
export function uploadedFile(request: FastifyRequest, field: string): UploadedFile | undefined {
  const value = (request.body as Record<string, unknown> | undefined)?.[field];
  if (typeof value !== 'object' || value === null || !Buffer.isBuffer((value as UploadedFile).bytes)) return undefined;
  const file = value as UploadedFile;
  return file.bytes.length === 0 && file.name === '' ? undefined : file;
}
