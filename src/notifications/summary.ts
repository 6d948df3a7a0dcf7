// What a notification says, stored without anyone's name: a template in which `{actor}` stands for the person
// whose action it reports, filled with their name as it is when read. Erasing them clears the row's actor_id,
// and the same template then reads "a former member"; nothing stored is rewritten.

/** Stands for the actor in `notificationText`. */
export const actor = Symbol('actor');

/** A summary written with `notificationText`. */
export interface NotificationText {
  readonly template: string;
}

export const formerMember = 'a former member';

// A literal brace is doubled, so a kind's noun can never pose as a place-holder.
const literal = (text: string) => text.replaceAll('{', '{{');

/** `notificationText\`${actor} commented on your ${noun}.\``: every other value is plain text. */
export function notificationText(
  strings: TemplateStringsArray,
  ...values: (string | typeof actor)[]
): NotificationText {
  let template = literal(strings[0] ?? '');
  values.forEach((value, i) => {
    template += value === actor ? '{actor}' : literal(value);
    template += literal(strings[i + 1] ?? '');
  });
  return { template };
}

/** The summary as a person reads it: the actor's current name, or "a former member" once erased. */
export function renderNotification(template: string, actorName: string | null): string {
  const text = template.replace(/\{\{|\{actor\}/g, (token) => (token === '{{' ? '{' : (actorName ?? formerMember)));
  return text.charAt(0).toUpperCase() + text.slice(1);
}
