// What makes a password acceptable (OWASP ASVS 5.0, level 2): 8 characters at least, long passphrases
// welcome (up to 128), any characters, pasting allowed, and not one of the common passwords shipped in
// src/accounts/common-passwords.txt nor the person's own email or name.
import { readFileSync } from 'node:fs';

export const passwordLength = { min: 8, max: 128 } as const;

let common: Set<string> | undefined;
/** The list is read once, on first use: a few thousand lines. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0 && !line.startsWith('#')),
  );
  return common;
}

export interface PasswordContext {
  email?: string;
  displayName?: string;
}

/** Why a new password cannot be used, in words for the person choosing it; undefined when it is fine. */
export function passwordProblem(password: string, context: PasswordContext = {}): string | undefined {
  const length = [...password].length;
  if (length === 0) return 'Enter a password';
  if (length < passwordLength.min) return `Password must be at least ${passwordLength.min} characters`;
  if (length > passwordLength.max) return `Password must be ${passwordLength.max} characters or fewer`;
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered) || /^(.)\1+$/.test(password)) {
    return 'That password is too common and easy to guess: choose another, such as three or four unrelated words';
  }
  const personal = [context.email, context.email?.split('@')[0], context.displayName?.replace(/\s+/g, '')]
    .filter((v): v is string => typeof v === 'string' && v.length >= 4)
    .map((v) => v.toLowerCase());
  if (personal.some((v) => lowered.replace(/\s+/g, '') === v || lowered.replace(/[\d\W_]+$/, '') === v)) {
    return 'Password must not be your name or email address';
  }
  return undefined;
}
