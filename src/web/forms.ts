// Small helpers every form route shares: the submitted fields as strings, and a form's problems as the GOV.UK
// error summary and the fields' own messages want them: one message per field, the same in both places.
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

export interface FormError {
  href: string;
  text: string;
}

/** What a page shows for a form with mistakes: the error summary's list, and each field's one message. */
export interface FormErrors {
  /** One entry per field, in the order the problems were found, each linking to its field's id. */
  errors: FormError[];
  /** The message shown beside each field, by field id: the same text as its entry in `errors`. */
  messages: Record<string, string>;
}

/** A form's problems: zod's issues, or a service's problems by field id. */
export type FormProblems = readonly z.core.$ZodIssue[] | Readonly<Record<string, string>>;

/** The id of the field an issue belongs to: its first path element unless the form says otherwise. */
export type FieldIdOf = (path: readonly PropertyKey[]) => string;
const firstPathElement: FieldIdOf = (path) => String(path[0] ?? '');

/**
 * The one way a form's problems reach a page: only the first problem of each field is kept, so a field never
 * shows two messages run together, and the summary lists exactly the messages the fields show.
 */
export function formErrors(problems: FormProblems, fieldIdOf: FieldIdOf = firstPathElement): FormErrors {
  const found: [string, string][] = Array.isArray(problems)
    ? (problems as readonly z.core.$ZodIssue[]).map((issue) => [fieldIdOf(issue.path), issue.message])
    : Object.entries(problems);
  const messages: Record<string, string> = {};
  for (const [id, text] of found) messages[id] ??= text;
  return { errors: Object.entries(messages).map(([id, text]) => ({ href: `#${id}`, text })), messages };
}

/** The form's fields, with anything that is not a single string (arrays, objects) left out. */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** Page numbers from a query string: a positive whole number, or 1. */
export const pageNumber = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
};
