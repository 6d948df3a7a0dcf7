// Reading a page the GOV.UK Frontend macros drew, as a test needs it after a form with mistakes: the error
// summary's links, the fields' own error messages, every id, and what each field shows.

export interface ErrorPage {
  /** The error summary's items, in order. */
  summary: { href: string; text: string }[];
  /** Every field's error message (`<p id="…-error" class="govuk-error-message">`), in order. */
  messages: { id: string; text: string }[];
  ids: Set<string>;
  /**
   * What the fields named `name` show: a text field's or text area's value, a select's chosen option, the
   * checked radios or checkboxes; `undefined` when no visible field has the name (hidden, password, file).
   */
  field(name: string): { values: string[]; options?: string[] } | undefined;
}

const decode = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of an HTML fragment: tags dropped, entities decoded, spaces collapsed. */
const textOf = (html: string) =>
  decode(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

function attributesOf(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
    const name = m[1];
    if (name !== undefined) found[name.toLowerCase()] = decode(m[2] ?? '');
  }
  return found;
}

export function readErrorPage(html: string): ErrorPage {
  const list = /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  const summary = [...list.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decode(m[1] ?? ''),
    text: textOf(m[2] ?? ''),
  }));
  const messages = [...html.matchAll(/<p\b([^>]*class="govuk-error-message[^"]*"[^>]*)>([\s\S]*?)<\/p>/g)].map((m) => ({
    id: attributesOf(m[1] ?? '').id ?? '',
    text: textOf((m[2] ?? '').replace(/<span class="govuk-visually-hidden">[^<]*<\/span>/, '')),
  }));
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decode(m[1] ?? '')));

  function field(name: string) {
    const values: string[] = [];
    let seen = false;
    let options: string[] | undefined;
    for (const m of html.matchAll(/<input\b([^>]*)>/g)) {
      const a = attributesOf(m[1] ?? '');
      if (a.name !== name) continue;
      const type = a.type ?? 'text';
      if (['hidden', 'password', 'file', 'submit'].includes(type)) continue;
      seen = true;
      if (type === 'radio' || type === 'checkbox') {
        if ('checked' in a) values.push(a.value ?? '');
      } else values.push(a.value ?? '');
    }
    for (const m of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      if (attributesOf(m[1] ?? '').name !== name) continue;
      seen = true;
      values.push(decode((m[2] ?? '').replace(/^\n/, '')));
    }
    for (const m of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      if (attributesOf(m[1] ?? '').name !== name) continue;
      seen = true;
      options = [];
      for (const o of (m[2] ?? '').matchAll(/<option\b([^>]*)>/g)) {
        const a = attributesOf(o[1] ?? '');
        options.push(a.value ?? '');
        if ('selected' in a) values.push(a.value ?? '');
      }
    }
    return seen ? { values, ...(options ? { options } : {}) } : undefined;
  }

  return { summary, messages, ids, field };
}
