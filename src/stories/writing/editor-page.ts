// The story form as a page: the values as posted or saved, the choices, the people and what stands in the way
// of submitting, the tagging model's suggestions (each applied with one click) and a preview that is the story
// page itself (stories/views/_story-reading.njk).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import type { Services } from '../../services.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import type { FormError } from '../../web/forms.ts';
import { creditedPartner, readingView } from '../reading.ts';
import { type FormValues, many, namedRowsOf, one, type SuggestedTag } from './form.ts';
import { relationNames, statusNames } from './readiness.ts';

type Choices = Awaited<ReturnType<Services['writing']['formChoices']>>;

export function editorPage(services: Services) {
  const writing = services.writing;

  /**
   * The tagging model's best guesses for the text so far, for the author to consider (never applied for
   * them), each saying whether the form already has it. Too little text gives noise, and a suggestion
   * failure must never cost the author their page.
   */
  async function suggestionsFor(values: FormValues, choices: Choices) {
    const title = one(values, 'title');
    const body = one(values, 'body');
    if (body.trim().length < 80) return undefined;
    try {
      const found = await services.tagging.suggest(`${title}\n\n${body}`);
      const chosen = new Set([one(values, 'primaryCharacteristic'), ...many(values, 'characteristics')]);
      const roles = new Set(many(values, 'roles'));
      const offered = <T extends { key: string; name: string }>(list: T[], key: string) =>
        list.find((x) => x.key === key);
      return [
        ...found.characteristics.slice(0, 3).flatMap((c) => {
          const known = offered(choices.characteristics, c.key);
          return known
            ? [{ kind: 'characteristic', kindName: 'characteristic', ...known, chosen: chosen.has(c.key) }]
            : [];
        }),
        ...found.roles.slice(0, 3).flatMap((r) => {
          const known = offered(choices.roles, r.key);
          return known ? [{ kind: 'role', kindName: 'role', ...known, chosen: roles.has(r.key) }] : [];
        }),
      ];
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
      /** Show the story as readers will see it, from the values as posted. */
      preview?: boolean;
      /** A suggestion the author just applied. */
      applied?: SuggestedTag;
      saved?: string;
    },
  ) {
    const caller = callerOf(request.principal);
    const view = page.storyId ? await writing.forAuthor(caller, page.storyId) : undefined;
    const orgId = view?.story.org_id ?? currentOrgOf(request.principal);
    const choices = await writing.formChoices(caller, orgId);
    const values = page.values;
    const suggestions = await suggestionsFor(values, choices);
    const primary = one(values, 'primaryCharacteristic');
    const appliedName = page.applied
      ? (page.applied.kind === 'role' ? choices.roles : choices.characteristics).find(
          (x) => x.key === page.applied?.key,
        )?.name
      : undefined;
    return reply.view('stories/writing/views/form.njk', {
      values: {
        ...values,
        region: one(values, 'region') || (page.storyId ? '' : choices.organisation.region),
      },
      items: {
        primary: [
          { value: '', text: 'Choose a characteristic' },
          ...choices.characteristics.map((c) => ({ value: c.key, text: c.name, selected: primary === c.key })),
        ],
        others: choices.characteristics.map((c) => ({
          value: c.key,
          text: c.name,
          checked: many(values, 'characteristics').includes(c.key),
        })),
        roles: choices.roles.map((r) => ({
          value: r.key,
          text: r.name,
          checked: many(values, 'roles').includes(r.key),
        })),
        spaces: [
          { value: '', text: 'Choose a space' },
          ...choices.spaces.map((s) => ({ value: s.id, text: s.name, selected: one(values, 'spaceId') === s.id })),
        ],
      },
      // Filled rows only, then three blank ones: a preview or a mistake never adds rows.
      namedRows: namedRowsOf(values),
      choices,
      errors: page.errors,
      fields: page.fields ?? {},
      reading: page.preview
        ? readingView(
            {
              title: one(values, 'title').trim() || 'Untitled story',
              form: one(values, 'form'),
              html: renderMarkdown(one(values, 'body')),
              body: one(values, 'body'),
              primaryCharacteristic: primary,
              characteristics: [primary, ...many(values, 'characteristics')].filter((c) => c !== ''),
              roles: many(values, 'roles'),
              place: one(values, 'place'),
              visibility: one(values, 'visibility'),
              authorName: request.person?.displayName ?? '',
              orgName: choices.organisation.name,
              toldWith: view ? creditedPartner(view.people) : undefined,
              publishedAt: null,
              notYet: 'Not yet: this is a preview',
            },
            choices,
          )
        : undefined,
      // Shown from what was posted, not what is stored: autosave saves it at its next turn.
      unsaved: page.preview === true || page.applied !== undefined || page.errors !== undefined,
      applied: appliedName ? { kind: page.applied?.kind, name: appliedName } : undefined,
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

  return { renderForm };
}

export type EditorPage = ReturnType<typeof editorPage>;
