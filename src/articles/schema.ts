// What the article forms and the articles API accept: the words an article's columns store, with their labels,
// the tags an article may carry (from the framework and the sectors), and the zod schemas of the forms.
import { z } from 'zod';
import type { Framework } from '../framework/types.ts';
import { type Sector, sectorNames, sectors } from '../organisations/types.ts';
import { londonToInstant, skippedTimeMessage } from '../text/dates.ts';
import { multilineText, plainText } from '../web/text.ts';

export const articleKinds = ['blog_post', 'research_summary', 'guest_column', 'event_write_up'] as const;
export type ArticleKindName = (typeof articleKinds)[number];
export const articleKindNames: Record<ArticleKindName, string> = {
  blog_post: 'Blog post',
  research_summary: 'Research summary',
  guest_column: 'Guest column',
  event_write_up: 'Event write-up',
};

/** Who may read an article: an organisation's articles go to its people, everyone signed in, or everyone. */
export const articleVisibilities = ['organisation', 'signed_in', 'public'] as const;
export const articleVisibilityNames: Record<(typeof articleVisibilities)[number], string> = {
  organisation: 'People in your organisation',
  signed_in: 'Everyone signed in to Waymark',
  public: 'Everyone, including people who are not signed in',
};

/** A tag: `characteristic:<key>`, `role:<key>`, `lesson:<key>` or `sector:<key>`, with what readers see. */
export interface TagChoice {
  value: string;
  label: string;
  group: 'characteristic' | 'role' | 'lesson' | 'sector';
}

export const tagGroupNames: Record<TagChoice['group'], string> = {
  characteristic: 'Characteristics',
  role: 'Roles',
  lesson: 'Lessons',
  sector: 'Sectors',
};

/** Every tag an article may carry under the current framework, in the order the form lists them. */
export function tagChoices(framework: Framework): TagChoice[] {
  return [
    ...framework.characteristics.map((c) => ({
      value: `characteristic:${c.key}`,
      label: c.name,
      group: 'characteristic' as const,
    })),
    ...framework.roles.map((r) => ({ value: `role:${r.key}`, label: r.name, group: 'role' as const })),
    ...framework.lessons.map((l) => ({
      value: `lesson:${l.key}`,
      label: `Lesson ${l.number}: ${l.title}`,
      group: 'lesson' as const,
    })),
    ...sectors.map((s: Sector) => ({ value: `sector:${s}`, label: sectorNames[s], group: 'sector' as const })),
  ];
}

/** A tag's label, or undefined for a tag the framework no longer has. */
export const tagLabel = (framework: Framework, value: string) =>
  tagChoices(framework).find((t) => t.value === value)?.label;

const optionalLine = (max: number, message: string) =>
  plainText({ max: [max, message] }).transform((v) => (v === '' ? null : v));

/** The article form and the API's body: only what an editor may set (never the organisation or the owner). */
export function articleForm(framework: Framework) {
  const tags = new Set(tagChoices(framework).map((t) => t.value));
  return z
    .object({
      title: plainText({ min: [1, 'Enter a title'], max: [200, 'Title must be 200 characters or fewer'] }),
      summary: plainText({ max: [500, 'Summary must be 500 characters or fewer'] }).default(''),
      body: multilineText({
        min: [1, 'Enter the article'],
        max: [100_000, 'The article must be 100,000 characters or fewer'],
      }),
      kind: z.enum(articleKinds, 'Select what kind of article this is'),
      visibility: z.enum(articleVisibilities, 'Select who can read the article'),
      seriesId: z
        .string()
        .default('')
        .transform((v) => (v === '' ? null : v)),
      tags: z
        .array(z.string())
        .default([])
        .refine((list) => list.every((t) => tags.has(t)), 'Select tags from the list')
        .transform((list) => [...new Set(list)]),
      authorIds: z.array(z.string()).default([]),
      guestName: optionalLine(200, 'Guest’s name must be 200 characters or fewer').default(null),
      guestJob: optionalLine(200, 'Guest’s job must be 200 characters or fewer').default(null),
      guestOrg: optionalLine(200, 'Guest’s organisation must be 200 characters or fewer').default(null),
    })
    .refine((a) => a.guestName !== null || (a.guestJob === null && a.guestOrg === null), {
      path: ['guestName'],
      message: 'Enter the guest’s name, or leave their job and organisation blank',
    })
    .refine((a) => a.kind !== 'guest_column' || a.guestName !== null, {
      path: ['guestName'],
      message: 'Enter the guest’s name: a guest column has a guest byline',
    });
}
export type ArticleInput = z.infer<ReturnType<typeof articleForm>>;

export const seriesForm = z.object({
  title: plainText({ min: [1, 'Enter a title for the series'], max: [200, 'Title must be 200 characters or fewer'] }),
  summary: multilineText({ trim: true, max: [2000, 'Summary must be 2,000 characters or fewer'] }).default(''),
});
export type SeriesInput = z.infer<typeof seriesForm>;

/**
 * When to publish, as the schedule form sends it: a day, month, year and a time in London. Answers a Date, or
 * problems by field. `now` is passed in so tests can fix the clock.
 */
export function scheduleTime(
  fields: Record<string, string>,
  now: Date,
): { ok: true; at: Date } | { ok: false; problems: Record<string, string> } {
  const [day, month, year] = ['day', 'month', 'year'].map((k) => (fields[k] ?? '').trim());
  const time = (fields.time ?? '').trim();
  if (!day || !month || !year)
    return { ok: false, problems: { 'publish-date': 'Enter the date to publish the article' } };
  if (![day, month, year].every((v) => /^\d{1,4}$/.test(v))) {
    return { ok: false, problems: { 'publish-date': 'Date to publish must be a real date, like 27 3 2027' } };
  }
  const timeMatch = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!timeMatch) return { ok: false, problems: { time: 'Enter a time in 24-hour form, like 09:30 or 17:00' } };
  const date = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  // Noon is on every day's clock, so this asks only whether the day exists.
  if (Number(year) < 2000 || !londonToInstant(date, '12:00').ok) {
    return { ok: false, problems: { 'publish-date': 'Date to publish must be a real date, like 27 3 2027' } };
  }
  if (Number(timeMatch[1]) > 23 || Number(timeMatch[2]) > 59) {
    return { ok: false, problems: { time: 'Enter a time in 24-hour form, like 09:30 or 17:00' } };
  }
  const london = londonToInstant(date, `${timeMatch[1]}:${timeMatch[2]}`);
  if (!london.ok) return { ok: false, problems: { time: skippedTimeMessage('Time to publish') } };
  const at = london.at;
  if (at.getTime() <= now.getTime()) {
    return { ok: false, problems: { 'publish-date': 'Date and time to publish must be in the future' } };
  }
  return { ok: true, at };
}
