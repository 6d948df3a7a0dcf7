import type { Services } from '../../services.ts';
import { type FormError, formErrors } from '../../web/forms.ts';
import { type DraftInput, draftInput } from './schema.ts';

/** The form as posted: single fields as strings, repeated ones (checkboxes, people rows) as lists. */
export type FormValues = Record<string, string | string[]>;

declare module 'fastify' {
  interface Session {
    /** Text posted after the session ended, kept until the person signs in again and decides what to do. */
    rescuedDraft?: { storyId: string | null; values: FormValues; at: number };
  }
}

const singleFields = [
  'title',
  'form',
  'body',
  'primaryCharacteristic',
  'place',
  'region',
  'visibility',
  'spaceId',
  'transcript',
  'toldWithName',
  'toldWithEmail',
  'subjectName',
  'subjectEmail',
] as const;
const listFields = ['characteristics', 'roles', 'namedName', 'namedEmail'] as const;

/** Only the fields the form has, so nothing else posted is ever kept or stored. */
export function formValuesOf(body: unknown): FormValues {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values: FormValues = {};
  const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
  for (const f of singleFields) values[f] = str(raw[f]).replace(/\r\n/g, '\n');
  for (const f of listFields) {
    const v = raw[f];
    values[f] = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  }
  return values;
}

export const one = (values: FormValues, name: string) => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};
export const many = (values: FormValues, name: string) => {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? [v] : [];
};

const personOf = (name: string, email: string) =>
  name.trim() === '' && email.trim() === '' ? null : { name, email: email.trim() === '' ? null : email };

/** The form's values as the draft schema wants them. */
export function draftFromValues(values: FormValues) {
  const names = many(values, 'namedName');
  const emails = many(values, 'namedEmail');
  const named = names
    .map((name, i) => personOf(name, emails[i] ?? ''))
    .filter((p): p is NonNullable<typeof p> => p !== null);
  return {
    title: one(values, 'title'),
    form: one(values, 'form') || undefined,
    body: one(values, 'body'),
    primaryCharacteristic: one(values, 'primaryCharacteristic') || undefined,
    characteristics: many(values, 'characteristics'),
    roles: many(values, 'roles'),
    place: one(values, 'place'),
    region: one(values, 'region'),
    visibility: one(values, 'visibility') || undefined,
    spaceId: one(values, 'visibility') === 'space' ? one(values, 'spaceId') || null : null,
    transcript: one(values, 'transcript'),
    toldWith: personOf(one(values, 'toldWithName'), one(values, 'toldWithEmail')),
    subject: personOf(one(values, 'subjectName'), one(values, 'subjectEmail')),
    named,
  };
}

/** Where each problem is fixed on the page (people rows are numbered by their place among filled rows). */
function fieldIdOf(path: readonly PropertyKey[]): string {
  const [first, second, third] = path.map(String);
  if (first === 'toldWith' || first === 'subject') return `${first}${second === 'email' ? 'Email' : 'Name'}`;
  if (first === 'named') return `named${third === 'email' ? 'Email' : 'Name'}-${second ?? 0}`;
  return first ?? 'title';
}

export function parseDraft(
  values: FormValues,
): { ok: true; input: DraftInput } | { ok: false; errors: FormError[]; fields: Record<string, string> } {
  const parsed = draftInput.safeParse(draftFromValues(values));
  if (parsed.success) return { ok: true, input: parsed.data };
  const { errors, messages } = formErrors(parsed.error.issues, fieldIdOf);
  return { ok: false, errors, fields: messages };
}

/** The form's values from a stored story and its people, for the edit page. */
export function valuesOfStory(
  story: NonNullable<Awaited<ReturnType<Services['writing']['forAuthor']>>>['story'],
  people: NonNullable<Awaited<ReturnType<Services['writing']['forAuthor']>>>['people'],
): FormValues {
  const toldWith = people.find((p) => p.relation === 'told_with');
  const subject = people.find((p) => p.relation === 'subject');
  const named = people.filter((p) => p.relation === 'named');
  return {
    title: story.title,
    form: story.form,
    body: story.body,
    primaryCharacteristic: story.primary_characteristic,
    characteristics: story.characteristics.filter((c) => c !== story.primary_characteristic),
    roles: story.roles,
    place: story.place,
    region: story.region,
    visibility: story.visibility,
    spaceId: story.space_id ?? '',
    transcript: story.transcript,
    toldWithName: toldWith?.name ?? '',
    toldWithEmail: toldWith?.email ?? '',
    subjectName: subject?.name ?? '',
    subjectEmail: subject?.email ?? '',
    namedName: named.map((p) => p.name),
    namedEmail: named.map((p) => p.email ?? ''),
  };
}

/** A suggested tag, as the form's one-click button names it: `characteristic:<key>` or `role:<key>`. */
export interface SuggestedTag {
  kind: 'characteristic' | 'role';
  key: string;
}

/** A posted suggestion button's value, if it names a tag the form offers; anything else is ignored. */
export function suggestedTagOf(
  value: unknown,
  known: { characteristics: readonly { key: string }[]; roles: readonly { key: string }[] },
): SuggestedTag | undefined {
  if (typeof value !== 'string') return undefined;
  const [kind, key, ...rest] = value.split(':');
  if (rest.length > 0 || key === undefined) return undefined;
  if (kind === 'characteristic' && known.characteristics.some((c) => c.key === key)) return { kind, key };
  if (kind === 'role' && known.roles.some((r) => r.key === key)) return { kind, key };
  return undefined;
}

/**
 * The form with a suggested tag ticked, everything else as typed: a characteristic becomes the main one when
 * none is chosen yet, and is ticked among the others otherwise; a role is ticked.
 */
export function withSuggestion(values: FormValues, tag: SuggestedTag): FormValues {
  if (tag.kind === 'role') {
    const roles = many(values, 'roles');
    return roles.includes(tag.key) ? values : { ...values, roles: [...roles, tag.key] };
  }
  const primary = one(values, 'primaryCharacteristic');
  if (primary === '') return { ...values, primaryCharacteristic: tag.key };
  const others = many(values, 'characteristics');
  if (primary === tag.key || others.includes(tag.key)) return values;
  return { ...values, characteristics: [...others, tag.key] };
}

/**
 * The named people's rows as the form shows them: the filled ones in order (so a problem's field id,
 * numbered among filled rows, is its row), then `blank` empty rows to add more without JavaScript.
 */
export function namedRowsOf(values: FormValues, blank = 3): { name: string; email: string }[] {
  const emails = many(values, 'namedEmail');
  const filled = many(values, 'namedName')
    .map((name, i) => ({ name, email: emails[i] ?? '' }))
    .filter((row) => row.name.trim() !== '' || row.email.trim() !== '');
  return [...filled, ...Array.from({ length: blank }, () => ({ name: '', email: '' }))];
}
