// Sealing a single sign-on client secret at rest: AES-256-GCM with a key derived (HKDF) from the deployment's
// session secret, bound to the organisation, so a copied database row is useless without the secret.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SecretSealer {
  /** `context` (the organisation's id) must be given again to open it: a sealed value cannot be moved. */
  seal(plain: string, context: string): string;
  /** The plain text, or undefined when the value was sealed with another key or context, or altered. */
  open(sealed: string, context: string): string | undefined;
}

const version = 'v1';

export function secretSealer(rootSecret: string): SecretSealer {
  // A key of its own, so sessions and sealed secrets never share key material directly.
  const key = Buffer.from(hkdfSync('sha256', rootSecret, 'waymark', 'sso client secret v1', 32));
  return {
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [version, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== version || iv === undefined || tag === undefined || body === undefined) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
