// Small helpers every form route shares: the submitted fields as strings, and zod issues as the GOV.UK
// error summary wants them (each linking to its field).
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

export interface FormError {
  href: string;
  text: string;
}

/** The form's fields, with anything that is not a single string (arrays, objects) left out. */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export const issuesToErrors = (issues: readonly z.core.$ZodIssue[]): FormError[] =>
  issues.map((i) => ({ href: `#${String(i.path[0] ?? '')}`, text: i.message }));

export const fieldErrors = (fields: Record<string, string>): FormError[] =>
  Object.entries(fields).map(([name, text]) => ({ href: `#${name}`, text }));

/** Page numbers from a query string: a positive whole number, or 1. */
export const pageNumber = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};
