// The floor under a kept page: a bare Node HTTP server answering every request with the exact bytes and
// headers Waymark sent for one page (SOURCE, read once, uncompressed). `npm run bench` loads it beside the page
// itself, so the figure shows how much of the gap to hello-world is the page's size rather than Waymark.
import http from 'node:http';

const source = process.env.SOURCE;
if (!source) throw new Error('SOURCE must name the page to copy');
// The second answer, from memory: the first may be the one that renders and keeps the page.
const read = () => fetch(source, { headers: { 'accept-encoding': 'identity' } });
await (await read()).arrayBuffer();
const response = await read();
if (response.status !== 200 || response.headers.get('x-page-cache') !== 'hit') {
  throw new Error(`${source}: ${response.status}, not a page kept in memory`);
}
const body = Buffer.from(await response.arrayBuffer());
// What Node sets for itself on every answer is left to it; everything else is sent as Waymark sent it.
const ownHeaders = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const headers = [...response.headers].filter(([name]) => !ownHeaders.has(name)).flat();

const server = http.createServer((_request, reply) => {
  reply.writeHead(200, headers);
  reply.end(body);
});
// Fastify's keep-alive time, as Waymark announces it.
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
