import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordLength, passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('accepts long passphrases with any characters, including spaces and emoji', () => {
    expect(passwordProblem('kettle lighthouse orchard')).toBeUndefined();
    expect(passwordProblem('ça-marche-très-bien')).toBeUndefined();
    expect(passwordProblem('🦊🦊 fox den 🦊🦊')).toBeUndefined();
    expect(passwordProblem(`${'x'.repeat(63)}y`)).toBeUndefined();
  });

  it('refuses passwords that are too short or too long, counting characters not bytes', () => {
    expect(passwordProblem('')).toBe('Enter a password');
    expect(passwordProblem('a1b2c3d')).toBe('Password must be at least 8 characters');
    expect(passwordProblem(`${'é'.repeat(7)}z`)).toBeUndefined();
    expect(passwordProblem('ab'.repeat(65))).toBe(`Password must be ${passwordLength.max} characters or fewer`);
  });

  it('refuses common passwords from the shipped list, whatever their case', () => {
    for (const common of ['password', 'Password123', 'QWERTY123', '12345678', 'iloveyou1', 'Summer2024', 'aaaaaaaa']) {
      expect(passwordProblem(common), common).toMatch(/too common/);
    }
  });

  it("refuses the person's own email or name", () => {
    const context = { email: 'amira.okafor@example.org', displayName: 'Amira Okafor' };
    expect(passwordProblem('amira.okafor@example.org', context)).toMatch(/name or email/);
    expect(passwordProblem('AmiraOkafor2026!', context)).toMatch(/name or email/);
    expect(passwordProblem('amira okafor walks the fells', context)).toBeUndefined();
  });

  it('never throws, and accepts every long enough random string of distinct characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 0, maxLength: 200 }), (s) => {
        const problem = passwordProblem(s);
        expect(problem === undefined || typeof problem === 'string').toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.uuid(), (u) => {
        expect(passwordProblem(u)).toBeUndefined();
      }),
    );
  });
});
