// The answer a space use-case gives a form: a value, or what went wrong by field name.

/** What went wrong with a form, by field name: shown next to the field. */
export type Problems = Record<string, string>;

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; problems: Problems };
export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const problem = (field: string, text: string): Outcome<never> => ({ ok: false, problems: { [field]: text } });
