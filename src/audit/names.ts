// People in the audit log, by id: a summary is stored as a template whose place-holders stand for the
// event's subject (and a second person where it names two), and is filled with their names when read.
// Erasing an account clears the ids (the foreign keys set them to null), so the same entry then reads
// "a former member" without any summary being rewritten.
import type { Db } from '../db/database.ts';
import { formerMember as formerMemberName } from '../db/people.ts';

/** A person named in a summary. */
export interface Mention {
  readonly personId: string;
}

/** Names a person in `auditText`: the log shows their display name as it is when read. */
export const mention = (personId: string): Mention => ({ personId });

/** A summary that names up to two people, written with `auditText`. */
export interface AuditText {
  readonly template: string;
  readonly people: readonly string[];
}

const placeholders = ['{subject}', '{second_subject}'] as const;
export const formerMember = 'a former member';

// A literal brace is doubled, so text an admin or author typed (a unit's name, a story's title) can
// never pose as a place-holder.
const literal = (text: string) => text.replaceAll('{', '{{');

/**
 * `auditText\`Changed ${mention(id)}’s roles from ${before} to ${after}.\``: every other value is plain text.
 * At most two people; the same person mentioned twice is one place-holder.
 */
export function auditText(strings: TemplateStringsArray, ...values: (string | number | Mention)[]): AuditText {
  const people: string[] = [];
  let template = literal(strings[0] ?? '');
  values.forEach((value, i) => {
    if (typeof value === 'object') {
      let index = people.indexOf(value.personId);
      if (index < 0) index = people.push(value.personId) - 1;
      const placeholder = placeholders[index];
      if (!placeholder) throw new Error('An audit summary names at most two people');
      template += placeholder;
    } else {
      template += literal(String(value));
    }
    template += literal(strings[i + 1] ?? '');
  });
  return { template, people };
}

/** What the audit_events row holds for a summary: the template and the people's ids. */
export function storedSummary(summary: string | AuditText) {
  if (typeof summary === 'string') return { template: literal(summary), subjectId: null, secondSubjectId: null };
  return {
    template: summary.template,
    subjectId: summary.people[0] ?? null,
    secondSubjectId: summary.people[1] ?? null,
  };
}

/** Fills a stored summary with the people's current names, or "a former member" for someone erased. */
export function renderSummary(
  template: string,
  names: { subject: string | null; secondSubject: string | null },
): string {
  const text = template.replace(/\{\{|\{subject\}|\{second_subject\}/g, (token) => {
    if (token === '{{') return '{';
    return (token === '{subject}' ? names.subject : names.secondSubject) ?? formerMember;
  });
  // "{subject} left the organisation." starts a sentence with whatever name fills it.
  return template.startsWith('{subject}') || template.startsWith('{second_subject}')
    ? text.charAt(0).toUpperCase() + text.slice(1)
    : text;
}

/** The audit events with the names of the people they refer to; callers add `where` and order. */
export function auditEvents(db: Db) {
  return db
    .selectFrom('audit_events')
    .leftJoin('users as actor', 'actor.id', 'audit_events.actor_id')
    .leftJoin('users as subject', 'subject.id', 'audit_events.subject_id')
    .leftJoin('users as second_subject', 'second_subject.id', 'audit_events.second_subject_id')
    .select([
      'audit_events.id',
      'audit_events.org_id',
      'audit_events.at',
      'audit_events.action',
      'audit_events.summary',
      'audit_events.by_person',
      'actor.display_name as actor_name',
      'subject.display_name as subject_name',
      'second_subject.display_name as second_subject_name',
    ]);
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof auditEvents>['execute']>>[number];

/** An event as people read it: who did it ("Former member" once erased, null for Waymark itself) and what. */
export function namedEvent(row: AuditRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    at: row.at,
    action: row.action,
    actorName: row.actor_name ?? (row.by_person ? formerMemberName : null),
    summary: renderSummary(row.summary, { subject: row.subject_name, secondSubject: row.second_subject_name }),
  };
}
