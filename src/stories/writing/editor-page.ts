// The story form as a page: the values as posted or saved, the choices, the people and what stands in the way
// of submitting, the tagging model's suggestions and a server-rendered preview.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import type { Services } from '../../services.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import type { FormError } from '../../web/forms.ts';
import { type FormValues, many, one } from './form.ts';
import { relationNames, statusNames } from './readiness.ts';

export function editorPage(services: Services) {
  const writing = services.writing;

  /**
   * The tagging model's best guesses for the text so far, named, for the author to consider (never applied
   * for them). Too little text gives noise, and a suggestion failure must never cost the author their page.
   */
  async function suggestionsFor(title: string, body: string, choices: Awaited<ReturnType<typeof writing.formChoices>>) {
    if (body.trim().length < 80) return undefined;
    try {
      const found = await services.tagging.suggest(`${title}\n\n${body}`);
      const name = (list: { key: string; name: string }[], key: string) => list.find((x) => x.key === key)?.name ?? key;
      return {
        characteristics: found.characteristics.slice(0, 3).map((c) => name(choices.characteristics, c.key)),
        roles: found.roles.slice(0, 3).map((r) => name(choices.roles, r.key)),
      };
    } catch {
      return undefined;
    }
  }

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    page: {
      values: FormValues;
      storyId?: string;
      errors?: FormError[];
      fields?: Record<string, string>;
      preview?: string;
      saved?: string;
    },
  ) {
    const caller = callerOf(request.principal);
    const view = page.storyId ? await writing.forAuthor(caller, page.storyId) : undefined;
    const orgId = view?.story.org_id ?? currentOrgOf(request.principal);
    const choices = await writing.formChoices(caller, orgId);
    const suggestions = await suggestionsFor(one(page.values, 'title'), one(page.values, 'body'), choices);
    const named = many(page.values, 'namedName');
    const namedEmails = many(page.values, 'namedEmail');
    // Room for three more people without JavaScript; more can be added after saving.
    const rows = [...named.map((n, i) => ({ name: n, email: namedEmails[i] ?? '' }))];
    for (let i = 0; i < 3; i++) rows.push({ name: '', email: '' });
    return reply.view('stories/writing/views/form.njk', {
      values: {
        ...page.values,
        region: one(page.values, 'region') || (page.storyId ? '' : choices.organisation.region),
      },
      items: {
        primary: [
          { value: '', text: 'Choose a characteristic' },
          ...choices.characteristics.map((c) => ({
            value: c.key,
            text: c.name,
            selected: one(page.values, 'primaryCharacteristic') === c.key,
          })),
        ],
        others: choices.characteristics.map((c) => ({
          value: c.key,
          text: c.name,
          checked: many(page.values, 'characteristics').includes(c.key),
        })),
        roles: choices.roles.map((r) => ({
          value: r.key,
          text: r.name,
          checked: many(page.values, 'roles').includes(r.key),
        })),
        spaces: [
          { value: '', text: 'Choose a space' },
          ...choices.spaces.map((s) => ({
            value: s.id,
            text: s.name,
            selected: one(page.values, 'spaceId') === s.id,
          })),
        ],
      },
      namedRows: rows,
      choices,
      errors: page.errors,
      fields: page.fields ?? {},
      preview: page.preview,
      saved: page.saved,
      story: view?.story,
      people: view?.people
        .filter((p) => p.relation !== 'author')
        .map((p) => ({
          ...p,
          relationName: relationNames[p.relation],
          approved: view.approvedNow(p),
        })),
      missing: view?.missing,
      audio: view?.audio ?? false,
      reason: view?.reason,
      statusName: view ? statusNames[view.story.status] : undefined,
      suggestions,
      rescued: request.session.rescuedDraft !== undefined,
      action: page.storyId ? `/stories/${page.storyId}/edit` : '/stories/new',
      autosaveUrl: page.storyId ? `/stories/${page.storyId}/autosave` : '/stories/new/autosave',
      csrfToken: reply.generateCsrf(),
    });
  }

  const previewOf = (values: FormValues) => renderMarkdown(one(values, 'body'));

  return { renderForm, previewOf };
}

export type EditorPage = ReturnType<typeof editorPage>;
