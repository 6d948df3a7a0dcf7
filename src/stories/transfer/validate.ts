// Checks one story read from a file, field by field, and names every problem for the preview.
import { type Visibility, visibilities } from '../../access/visibility.ts';
import { framework } from '../../framework/data.ts';
import { type Sector, sectors } from '../../organisations/types.ts';
import { type ConsentState, consentStates, type StoryForm, storyForms } from '../types.ts';
import {
  type ParsedItem,
  type TransferPerson,
  type TransferRelation,
  transferLimits,
  transferRelations,
} from './transfer-story.ts';

const characteristicKeys = new Set<string>(framework.characteristics.map((c) => c.key));
const roleKeys = new Set(framework.roles.map((r) => r.key));

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): unknown[] | undefined =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
const quoted = (v: unknown) => `“${String(v).slice(0, 60)}”`;

/** Checks one story's fields and names every problem; the story is returned only when there are none. */
export function validateStory(raw: unknown, source: string, bodyFromFile?: string): ParsedItem {
  const problems: string[] = [];
  if (!isRecord(raw))
    return { source, title: '', story: null, problems: ['This is not a story: expected an object with named fields.'] };
  const text = (key: string, max: number, required: boolean, label: string): string => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push(`The ${label} is missing.`);
      return '';
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      problems.push(`The ${label} must be text.`);
      return '';
    }
    const s = String(v).trim();
    if (s.length > max) problems.push(`The ${label} is longer than ${max} characters.`);
    return s;
  };

  const title = text('title', transferLimits.maxTitle, true, 'title');
  const body = bodyFromFile !== undefined ? bodyFromFile.trim() : text('body', transferLimits.maxBody, true, 'body');
  if (bodyFromFile !== undefined) {
    if (body === '') problems.push('The story has no text after its front matter.');
    if (body.length > transferLimits.maxBody)
      problems.push(`The text is longer than ${transferLimits.maxBody} characters.`);
  }
  const form = raw.form;
  if (form === undefined) problems.push(`The form is missing: use one of ${storyForms.join(', ')}.`);
  else if (!storyForms.includes(form as StoryForm))
    problems.push(`Unknown form ${quoted(form)}: use one of ${storyForms.join(', ')}.`);

  const primary = raw.primary;
  if (primary === undefined || primary === '') problems.push('The primary characteristic is missing.');
  else if (typeof primary !== 'string' || !characteristicKeys.has(primary))
    problems.push(`Unknown primary characteristic ${quoted(primary)}.`);
  const characteristics = listOf(raw.characteristics);
  if (!characteristics) problems.push('Characteristics must be a list of keys.');
  for (const c of characteristics ?? []) {
    if (typeof c !== 'string' || !characteristicKeys.has(c)) problems.push(`Unknown characteristic key ${quoted(c)}.`);
  }
  const roles = listOf(raw.roles);
  if (!roles) problems.push('Roles must be a list of keys.');
  for (const r of roles ?? []) {
    if (typeof r !== 'string' || !roleKeys.has(r)) problems.push(`Unknown role key ${quoted(r)}.`);
  }

  const visibility = raw.visibility ?? 'organisation';
  if (!visibilities.includes(visibility as Visibility))
    problems.push(`Unknown visibility ${quoted(visibility)}: use one of ${visibilities.join(', ')}.`);
  const space = raw.space === undefined || raw.space === null ? undefined : String(raw.space);
  if (visibility === 'space' && !space) problems.push('A story shared with a space needs the space’s slug in “space”.');
  const sector = raw.sector;
  if (sector !== undefined && sector !== null && !sectors.includes(sector as Sector))
    problems.push(`Unknown sector ${quoted(sector)}.`);
  const place = text('place', transferLimits.maxPlace, false, 'place');
  const region = text('region', transferLimits.maxPlace, false, 'region');
  const transcript = text('transcript', transferLimits.maxTranscript, false, 'transcript');
  let publishedAt: string | undefined;
  if (raw.publishedAt !== undefined && raw.publishedAt !== null) {
    const when = new Date(raw.publishedAt as string);
    if (Number.isNaN(when.getTime())) problems.push(`The publication date ${quoted(raw.publishedAt)} is not a date.`);
    else publishedAt = when.toISOString();
  }

  const people: TransferPerson[] = [];
  const peopleList = listOf(raw.people);
  if (!peopleList) problems.push('People must be a list.');
  else if (peopleList.length > transferLimits.maxPeople)
    problems.push(`More than ${transferLimits.maxPeople} people are named.`);
  for (const [i, p] of (peopleList ?? []).entries()) {
    const which = `Person ${i + 1}`;
    if (!isRecord(p)) {
      problems.push(`${which} must have a name, a relation and a consent state.`);
      continue;
    }
    const name = typeof p.name === 'string' ? p.name.trim() : '';
    if (name === '') problems.push(`${which} has no name.`);
    else if (name.length > transferLimits.maxName) problems.push(`${which}’s name is too long.`);
    const relation = p.relation ?? 'named';
    if (!transferRelations.includes(relation as TransferRelation))
      problems.push(`${which} has an unknown relation ${quoted(relation)}: use ${transferRelations.join(', ')}.`);
    const consent = p.consent ?? 'not_asked';
    if (!consentStates.includes(consent as ConsentState))
      problems.push(`${which} has an unknown consent state ${quoted(consent)}: use ${consentStates.join(', ')}.`);
    const email = typeof p.email === 'string' && p.email.trim() !== '' ? p.email.trim() : undefined;
    if (email !== undefined && (email.length > 320 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      problems.push(`${which}’s email address is not valid.`);
    people.push({
      name,
      relation: relation as TransferRelation,
      consent: consent as ConsentState,
      ...(email ? { email } : {}),
    });
  }

  if (problems.length > 0) return { source, title, story: null, problems };
  const keys = [...new Set([primary as string, ...((characteristics ?? []) as string[])])];
  return {
    source,
    title,
    problems,
    story: {
      title,
      form: form as StoryForm,
      primary: primary as string,
      characteristics: keys,
      roles: [...new Set((roles ?? []) as string[])],
      place,
      region,
      ...(sector ? { sector: sector as Sector } : {}),
      visibility: visibility as Visibility,
      ...(visibility === 'space' && space ? { space } : {}),
      people,
      transcript,
      ...(publishedAt ? { publishedAt } : {}),
      body,
    },
  };
}
