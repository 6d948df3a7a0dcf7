// Answers compressed for clients that accept it (brotli, else gzip): pages, JSON and the stylesheet shrink to
// a fraction. Recordings, zips and other already compressed files are sent as they are, and so is a partial
// answer (a range of a recording). Pages kept in memory carry their own compressed copies (page-cache.ts).
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Text worth compressing; audio, images other than SVG, zips and the like are compressed already. */
const compressible = /^(?:text\/|application\/(?:json|javascript|xml|[\w.-]+\+(?:json|xml))|image\/svg\+xml)/;

/** Register before any route: the plugin adds itself to each route as it is declared. */
export async function setUpCompression(app: FastifyInstance) {
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    customTypes: compressible,
    // Request bodies are never inflated: an upload's limit is the bytes that arrive.
    globalDecompression: false,
    // Whole answers up to 64 KB (a page of search results as JSON, most pages) are compressed in one call
    // rather than through a stream on the thread pool: on a server of one or two cores there is no idle
    // core for the stream to use, and its hops cost about half a millisecond an answer. The plugin's own
    // advice for such servers; its default on two cores is 8 KB.
    syncThreshold: 64 * 1024,
  });
}
