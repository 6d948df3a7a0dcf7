import { describe, expect, it } from 'vitest';
import { secretSealer } from './seal.ts';

const sealer = secretSealer('a-session-secret-that-is-long-enough-0123456789');

describe('sealing client secrets', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = sealer.seal('very-secret-value', 'org-1');
    expect(sealed).not.toContain('very-secret-value');
    expect(sealer.open(sealed, 'org-1')).toBe('very-secret-value');
  });

  it('seals the same secret differently each time', () => {
    expect(sealer.seal('x', 'org-1')).not.toBe(sealer.seal('x', 'org-1'));
  });

  it('will not open a value moved to another organisation, altered, or sealed with another key', () => {
    const sealed = sealer.seal('very-secret-value', 'org-1');
    expect(sealer.open(sealed, 'org-2')).toBeUndefined();
    const [v, iv, tag, body = ''] = sealed.split('.');
    const altered = [v, iv, tag, `${body.slice(0, -2)}${body.endsWith('A') ? 'BB' : 'AA'}`].join('.');
    expect(sealer.open(altered, 'org-1')).toBeUndefined();
    expect(secretSealer('another-secret-that-is-long-enough-012345').open(sealed, 'org-1')).toBeUndefined();
    expect(sealer.open('not sealed', 'org-1')).toBeUndefined();
  });
});
