// The secrets in subscription emails. An unsubscribe link's secret is an HMAC of the recipient under the
// session secret, so every digest to a person carries the same link without keeping the secret anywhere:
// only its SHA-256 is stored, to find the person when the link is used. A confirmation link is random.
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const unsubscribeSecret = (sessionSecret: string, recipient: string) =>
  createHmac('sha256', sessionSecret).update(`waymark-unsubscribe:${recipient}`).digest('base64url');

export const randomSecret = () => randomBytes(32).toString('base64url');

export const hashOf = (secret: string) => createHash('sha256').update(secret).digest();

/** A link secret's shape (32 bytes, base64url), checked before any lookup. */
export const isLinkSecret = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/** RFC 8058: the link in the header, and the header that says a POST to it unsubscribes at once. */
export function unsubscribeHeaders(baseUrl: string, secret: string) {
  return {
    'List-Unsubscribe': `<${baseUrl}/unsubscribe/${secret}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  } as const;
}
