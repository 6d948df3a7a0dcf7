// Forms with a file, read only once the caller is known. A multipart body is left unread by its content-type
// parser, so the session, the CSRF token (in the form action's query string, see web/session.ts) and the
// route's access level are all checked before a byte of it is read; the handler then streams the file to a
// temporary file within the route's limit, and at most a few uploads run at once per person and per instance.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError, RateLimited } from './errors.ts';
import { formFields } from './forms.ts';
import { cleanLine, refuseNulIn } from './text.ts';

/**
 * How many uploads may be received at once. Counted in each process (an upload holds a connection and a
 * temporary file on this instance, so this instance's share is what matters); a person's count is per
 * instance too, so behind several instances a person may send a few more.
 */
export const uploadConcurrency = { perPerson: 2, perInstance: 8 } as const;

/** A client that sends nothing for this long is cut off, so a stalled upload does not hold its place. */
const idleMs = 60_000;
/** Room for the form's own boundaries and headers around its fields. */
const formOverhead = 64 * 1024;

/** The request body each multipart request has not yet read, until its handler reads it. */
const unread = new WeakMap<FastifyRequest, Readable>();

/**
 * Lets this plugin's routes take multipart forms, read later with `receiveFileForm`. A request refused before
 * its body is read (no session, a bad CSRF token, no access, too large) closes its connection, so Node does
 * not go on reading a body nobody wants.
 */
export function acceptFileForms(app: FastifyInstance) {
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    unread.set(request, payload);
    done(null, undefined);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (unread.has(request)) reply.header('connection', 'close');
    done(null, payload);
  });
}

export interface FileFormLimits {
  /** The form field that carries the file. */
  file: string;
  /** The largest file accepted, in bytes. */
  maxFileBytes: number;
  /** The largest text field, in bytes (4 KB unless given). */
  maxFieldBytes?: number;
  /** The file limit in words, for the refusal: "25 MB". */
  limitText: string;
  /** What the file is, for the refusal: "recording" ("file" unless given). */
  fileKind?: string;
}

export interface ReceivedFile {
  name: string;
  size: number;
  /** Where the file waits; deleted when the handler's work is done. */
  path: string;
}

export interface FileForm {
  fields: Record<string, string>;
  /** The file, if one was chosen (an empty file input sends a nameless, empty file). */
  file: ReceivedFile | undefined;
}

/** A text field past its limit is named as itself, not as the file. */
const fieldTooLarge = (field: string, maxBytes: number) => {
  const limit = maxBytes >= 1_000_000 ? `${maxBytes / 1_000_000} MB` : `${Math.floor(maxBytes / 1000)} KB`;
  return new HttpError(413, 'payload_too_large', `The field “${field}” is too long: the limit is ${limit}.`, {
    [field]: `This must be ${limit} or shorter`,
  });
};

const tooLarge = (limits: FileFormLimits) =>
  new HttpError(
    413,
    'payload_too_large',
    `The ${limits.fileKind ?? 'file'} is too large: the limit is ${limits.limitText}.`,
    {
      [limits.file]: `The ${limits.fileKind ?? 'file'} must be ${limits.limitText} or smaller`,
    },
  );

const unreadable = () => new HttpError(400, 'invalid_request', 'The form could not be read. Try again.');

/** Places taken now, by person and in all. */
const receiving = new Map<string, number>();
let receivingInAll = 0;

/** How many uploads this instance is receiving now (for tests, which wait for uploads to be under way). */
export const uploadsReceiving = () => receivingInAll;

function takePlace(personId: string): () => void {
  const mine = receiving.get(personId) ?? 0;
  if (mine >= uploadConcurrency.perPerson) {
    throw new RateLimited(
      `You are already sending ${uploadConcurrency.perPerson} files. Wait for one to finish, then try again.`,
      10,
    );
  }
  if (receivingInAll >= uploadConcurrency.perInstance) {
    throw new RateLimited('Waymark is receiving as many files as it can just now. Try again in a minute.', 30);
  }
  receiving.set(personId, mine + 1);
  receivingInAll += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    receivingInAll -= 1;
    const left = (receiving.get(personId) ?? 1) - 1;
    if (left > 0) receiving.set(personId, left);
    else receiving.delete(personId);
  };
}

/**
 * Reads the form's fields and streams its file to a temporary file, then runs `use` and deletes the file.
 * Call it from a handler only: by then the access and CSRF checks have passed. A body declared or found to be
 * larger than the limit is refused with 413 (a declared one before any of it is read); a person already
 * sending `perPerson` files, or an instance receiving `perInstance`, gets 429. A form posted without a file
 * (urlencoded, as by a program) has its fields and no file.
 */
export async function receiveFileForm<T>(
  request: FastifyRequest,
  owner: string,
  limits: FileFormLimits,
  use: (form: FileForm) => Promise<T>,
): Promise<T> {
  const payload = unread.get(request);
  if (!payload) return use({ fields: formFields(request), file: undefined });
  const maxFieldBytes = limits.maxFieldBytes ?? 4096;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxFileBytes + maxFieldBytes + formOverhead) {
    throw tooLarge(limits);
  }
  const release = takePlace(owner);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'waymark-upload-')).catch((error) => {
    release();
    throw error;
  });
  try {
    const form = await streamForm(payload, request, limits, maxFieldBytes, folder);
    unread.delete(request);
    // The NUL guard (web/text.ts) ran before these fields were read: the same rule, here.
    refuseNulIn('body', form.fields);
    return await use(form);
  } finally {
    release();
    await rm(folder, { recursive: true, force: true });
  }
}

function streamForm(
  payload: Readable,
  request: FastifyRequest,
  limits: FileFormLimits,
  maxFieldBytes: number,
  folder: string,
): Promise<FileForm> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: ReceivedFile | undefined;
    let writing: Promise<void> = Promise.resolve();
    let out: ReturnType<typeof createWriteStream> | undefined;
    let failed = false;
    let busboy: BusboyInstance;
    try {
      busboy = Busboy({
        headers: { ...request.headers, 'content-type': String(request.headers['content-type']) },
        limits: { fileSize: limits.maxFileBytes, files: 1, fields: 20, parts: 21, fieldSize: maxFieldBytes },
      });
    } catch {
      reject(unreadable());
      return;
    }
    const idle = setTimeout(
      () => fail(new HttpError(408, 'request_timeout', 'The upload stopped. Try again.')),
      idleMs,
    );
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      clearTimeout(idle);
      // Stop reading: the rest of the body is never read, and the connection closes after the answer.
      payload.unpipe(busboy);
      payload.pause();
      out?.destroy();
      reject(error instanceof HttpError ? error : unreadable());
    };
    payload.on('data', () => idle.refresh());
    payload.on('error', fail);
    payload.on('aborted', () => fail(unreadable()));
    // Closed before its end (the client went away, perhaps while the access checks ran): free the place now.
    payload.on('close', () => {
      if (!payload.readableEnded) fail(unreadable());
    });
    if (payload.destroyed) return fail(unreadable());

    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) return fail(fieldTooLarge(name, limits.maxFieldBytes ?? 4096));
      fields[name] = value;
    });
    busboy.on('file', (name, stream, fileName) => {
      if (name !== limits.file || file !== undefined) {
        stream.resume();
        return;
      }
      // A name is shown on pages and stored: control characters (NUL among them) go, as from any text field.
      const received: ReceivedFile = {
        name: cleanLine(fileName ?? '').trim(),
        size: 0,
        path: path.join(folder, 'file'),
      };
      file = received;
      stream.on('data', (chunk: Buffer) => {
        received.size += chunk.length;
      });
      stream.on('limit', () => fail(tooLarge(limits)));
      const target = createWriteStream(received.path);
      out = target;
      writing = new Promise((done, refuse) => {
        target.on('finish', done);
        target.on('error', refuse);
        stream.pipe(target);
      });
      // A refusal destroys the file being written; its error then has nothing more to say.
      writing.catch(() => {});
    });
    busboy.on('error', fail);
    busboy.on('finish', () => {
      writing.then(() => {
        if (failed) return;
        clearTimeout(idle);
        resolve({ fields, file: file && !(file.size === 0 && file.name === '') ? file : undefined });
      }, fail);
    });
    payload.pipe(busboy);
  });
}
