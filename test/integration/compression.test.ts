// Pages, JSON and assets are compressed for a client that accepts it (brotli first, else gzip), pages kept in
// memory included; fingerprinted assets may be cached for ever, the others only for a while.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

const decoded = (response: Awaited<ReturnType<typeof get>>) => {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString('utf8');
  return response.rawPayload.toString('utf8');
};

describe('compression', () => {
  it('sends pages brotli- or gzip-compressed as the client prefers, the same page as uncompressed', async () => {
    for (const url of ['/', '/framework', '/stories']) {
      const plain = await get(url);
      expect(plain.statusCode, url).toBe(200);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      const html = plain.body;
      expect(html, url).toContain('</html>');

      const br = await get(url, 'gzip, deflate, br');
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(String(br.headers.vary), url).toMatch(/accept-encoding/i);
      expect(br.rawPayload.length, url).toBeLessThan(html.length / 3);
      expect(decoded(br), url).toBe(html);

      const gzip = await get(url, 'gzip');
      expect(gzip.headers['content-encoding'], url).toBe('gzip');
      expect(decoded(gzip), url).toBe(html);

      // Refusing brotli outright is honoured.
      expect((await get(url, 'br;q=0, gzip')).headers['content-encoding'], url).toBe('gzip');
      expect((await get(url, 'identity')).headers['content-encoding'], url).toBeUndefined();
    }
  });

  it('compresses pages answered from memory too', async () => {
    const url = '/framework';
    const first = await get(url, 'br');
    const again = await get(url, 'br');
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(again.headers['content-encoding']).toBe('br');
    expect(String(again.headers.vary)).toMatch(/accept-encoding/i);
    expect(decoded(again)).toBe(decoded(first));
    const gzip = await get(url, 'gzip');
    expect(gzip.headers['x-page-cache']).toBe('hit');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toBe(decoded(first));
    const plain = await get(url);
    expect(plain.headers['x-page-cache']).toBe('hit');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(decoded(first));
  });

  it('compresses the API', async () => {
    const json = await get('/api/v1/framework', 'br');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-encoding']).toBe('br');
    expect(JSON.parse(decoded(json))).toEqual((await get('/api/v1/framework')).json());
  });
});

describe('assets', () => {
  it('are compressed, and only fingerprinted ones are cached for ever', async () => {
    const pages = ['/', '/framework', '/sign-in'];
    const assets = new Set<string>();
    for (const page of pages) {
      for (const [, href] of (await get(page)).body.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) {
        assets.add(href as string);
      }
    }
    const stylesheet = [...assets].find((a) => /^\/assets\/waymark-[0-9a-f]+\.css$/.test(a));
    expect(stylesheet).toBeDefined();
    expect(assets.size).toBeGreaterThan(1);
    for (const asset of assets) {
      const plain = await get(asset);
      expect(plain.statusCode, asset).toBe(200);
      const br = await get(asset, 'br, gzip');
      expect(br.headers['content-encoding'], asset).toBe('br');
      expect(decoded(br), asset).toBe(plain.body);
      const caching = String(br.headers['cache-control']);
      // A name with a hash of the content in it changes whenever the content does.
      if (/-[0-9a-f]{8,}\.\w+$/.test(asset)) {
        expect(caching, asset).toBe('public, max-age=31536000, immutable');
      } else {
        expect(caching, asset).toMatch(/^public, max-age=\d+$/);
        expect(caching, asset).not.toContain('immutable');
      }
    }
    // The stylesheet is the largest: about 117 KB, sent as a small fraction of that.
    const css = await get(stylesheet as string, 'br');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(decoded(css).length).toBeGreaterThan(100_000);
    expect(css.rawPayload.length).toBeLessThan(30_000);
  });
});
