// Every request Waymark makes to an identity provider goes through here, so that an organisation admin cannot
// point it at the deployment's own network (server-side request forgery): hosts that resolve to loopback,
// private, link-local, unique-local, unspecified or reserved addresses (or IPv6 forms that carry one) are
// refused, checked again at connect time. Redirects are never followed.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/** Addresses that are not the public internet. IPv4-mapped IPv6 forms are matched by the IPv4 rules. */
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", including the unspecified address
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud metadata services live
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking, often used inside networks
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the old IPv4-compatible forms
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  // Prefixes that carry an IPv4 address inside, which a gateway may deliver to a private one: NAT64 (well-known
  // and local-use), 6to4 and Teredo.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['2001::', 32],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fe80::', 10],
  ['fec0::', 10], // the old site-local addresses
  ['fc00::', 7],
  ['ff00::', 8],
] as const) {
  notPublic.addSubnet(network, prefix, 'ipv6');
}

export const isPublicAddress = (address: string) => {
  const family = isIP(address);
  return family !== 0 && !notPublic.check(address, family === 6 ? 'ipv6' : 'ipv4');
};

export class PrivateAddressError extends Error {
  constructor(host: string) {
    super(`${host} is not on the public internet`);
    this.name = 'PrivateAddressError';
  }
}

/** A URL's host without the brackets URL keeps around an IPv6 literal. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

function resolveAll(host: string): Promise<LookupAddress[]> {
  if (isIP(host)) return Promise.resolve([{ address: host, family: isIP(host) }]);
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}

/** Refuses a URL whose host is, or resolves to (any of its addresses), somewhere other than the public internet. */
export async function assertPublicUrl(url: URL): Promise<void> {
  const host = hostOf(url);
  const addresses = await resolveAll(host);
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
    throw new PrivateAddressError(host);
  }
}

/**
 * The same check inside the connection's own name lookup, so a name that resolves to a public address when
 * checked and a private one a moment later (DNS rebinding) still cannot reach the private one.
 */
export const publicOnlyLookup = ((
  hostname: string,
  options: LookupAllOptions | Record<string, unknown>,
  callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
) => {
  dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
      return callback(new PrivateAddressError(hostname), []);
    }
    if ((options as { all?: boolean }).all) return callback(null, addresses);
    const first = addresses[0] as LookupAddress;
    return callback(null, first.address, first.family);
  });
}) as unknown as typeof dnsLookup;

/** Discovery documents, tokens and user details are small: a provider answering more is refused. */
const maxResponseBytes = 1024 * 1024;

type FetchOptions = { method: string; headers: Record<string, string>; body?: unknown; signal?: AbortSignal };

function bodyBytes(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new TypeError('Waymark sends identity providers only text or form bodies');
}

/**
 * A fetch for openid-client's `customFetch`: checks the address, then makes the request with the checking
 * lookup. When private addresses are allowed (SSO_ALLOW_PRIVATE_ISSUERS, and tests) it is plain fetch.
 */
export function providerFetch(allowPrivate: boolean) {
  return async (input: string, options: FetchOptions): Promise<Response> => {
    if (allowPrivate) return fetch(input, { ...options, redirect: 'manual' } as RequestInit);
    const url = new URL(input);
    await assertPublicUrl(url);
    const body = bodyBytes(options.body);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: options.method,
          headers: {
            ...options.headers,
            'accept-encoding': 'identity',
            ...(body ? { 'content-length': String(body.length) } : {}),
          },
          lookup: publicOnlyLookup,
          signal: options.signal,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxResponseBytes) request.destroy(new Error('The provider’s answer is too large'));
            else chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
                headers.append(name, v);
            }
            const status = response.statusCode ?? 502;
            const empty = status === 204 || status === 304 || options.method === 'HEAD';
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  };
}
