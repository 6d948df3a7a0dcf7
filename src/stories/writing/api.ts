// Stories API, writing side: create a draft, change your own draft, submit it for moderation. A token acts
// for its organisation; organisation, status, authorship and publication are never taken from the body.
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { callerOf, currentOrgOf } from '../../access/routes.ts';
import type { Services } from '../../services.ts';
import { bodyOf, checkBodiesInHandlers, invalidRequest, withinLimits } from '../../web/api-writes.ts';
import { apiError, HttpError, notFound } from '../../web/errors.ts';
import { storyIdParams } from '../schema.ts';
import { apiStoryCreate, apiStoryPatch, type DraftInput, draftInput, writtenStory } from './schema.ts';

const security: Record<string, string[]>[] = [{}, { bearer: [] }];

type View = NonNullable<Awaited<ReturnType<Services['writing']['forAuthor']>>>;

export function presentWrittenStory(view: View): z.infer<typeof writtenStory> {
  const { story, people } = view;
  return {
    id: story.id,
    title: story.title,
    form: story.form,
    body: story.body,
    primaryCharacteristic: story.primary_characteristic,
    characteristics: story.characteristics,
    roles: story.roles,
    place: story.place,
    region: story.region,
    visibility: story.visibility,
    spaceId: story.space_id,
    transcript: story.transcript,
    status: story.status,
    people: people.map((p) => ({
      id: p.id,
      relation: p.relation,
      name: p.name,
      consent: p.consent,
      approved: p.relation === 'subject' && view.approvedNow(p),
    })),
    createdAt: story.created_at.toISOString(),
    updatedAt: story.updated_at.toISOString(),
    submittedAt: story.submitted_at?.toISOString() ?? null,
  };
}

/** The stored story as draft input, so a PATCH changes only what it names. */
function inputOf(view: View): Record<string, unknown> {
  const { story, people } = view;
  const person = (relation: string) => {
    const p = people.find((q) => q.relation === relation);
    return p ? { name: p.name, email: p.email } : null;
  };
  return {
    title: story.title,
    form: story.form,
    body: story.body,
    primaryCharacteristic: story.primary_characteristic,
    characteristics: story.characteristics,
    roles: story.roles,
    place: story.place,
    region: story.region,
    visibility: story.visibility,
    spaceId: story.space_id,
    transcript: story.transcript,
    toldWith: person('told_with'),
    subject: person('subject'),
    named: people.filter((p) => p.relation === 'named').map((p) => ({ name: p.name, email: p.email })),
  };
}

function validDraft(candidate: Record<string, unknown>): DraftInput {
  const withEmails = {
    ...candidate,
    toldWith: candidate.toldWith ? { email: null, ...(candidate.toldWith as object) } : null,
    subject: candidate.subject ? { email: null, ...(candidate.subject as object) } : null,
    named: ((candidate.named as object[] | undefined) ?? []).map((p) => ({ email: null, ...p })),
    region: candidate.region ?? '',
  };
  return bodyOf(draftInput, withEmails);
}

export function writingApi(services: Services): FastifyPluginAsync {
  const writing = services.writing;
  return async (app) => {
    // Bodies are checked in the handlers, after the access rule, so a stranger learns nothing from a 400.
    const api = checkBodiesInHandlers(app);

    api.post(
      '/stories',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['stories'],
          summary: 'Create a draft story in the caller’s current organisation (a token: the one it acts for)',
          body: apiStoryCreate,
          response: { 201: writtenStory, 400: apiError, 401: apiError, 404: apiError, 429: apiError },
          security,
        },
      },
      async (request, reply) => {
        const caller = callerOf(request.principal);
        const orgId = currentOrgOf(request.principal);
        const input = validDraft(bodyOf(apiStoryCreate, request.body));
        const problems = writing.checkInput(caller, input);
        if (Object.keys(problems).length > 0) throw invalidRequest(problems);
        await withinLimits(services.throttles, { apiStories: caller.personId });
        const id = await writing.create(caller, orgId, input);
        const view = await writing.forAuthor(caller, id);
        if (!view) throw notFound('story');
        return reply.status(201).send(presentWrittenStory(view));
      },
    );

    api.patch(
      '/stories/:id',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['stories'],
          summary: 'Change your own draft (or a story sent back for changes); 404 for stories you cannot edit',
          params: storyIdParams,
          body: apiStoryPatch,
          response: { 200: writtenStory, 400: apiError, 401: apiError, 404: apiError, 409: apiError },
          security,
        },
      },
      async (request) => {
        const caller = callerOf(request.principal);
        const view = await writing.forAuthor(caller, request.params.id);
        if (!view) throw notFound('story');
        const patch = bodyOf(apiStoryPatch, request.body);
        if (!view.editable)
          throw new HttpError(409, 'not_editable', `The story is ${view.story.status}: it cannot be changed now.`);
        const input = validDraft({ ...inputOf(view), ...patch });
        // With the story: one left behind in an organisation its author has left stays private.
        const problems = writing.checkInput(caller, input, view);
        if (Object.keys(problems).length > 0) throw invalidRequest(problems);
        await writing.update(caller, view.story.id, input);
        const after = await writing.forAuthor(caller, view.story.id);
        if (!after) throw notFound('story');
        return presentWrittenStory(after);
      },
    );

    api.post(
      '/stories/:id/submit',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['stories'],
          summary: 'Submit your draft for moderation; 409 with what is missing (consent, transcript...) if not ready',
          params: storyIdParams,
          response: { 200: writtenStory, 401: apiError, 404: apiError, 409: apiError },
          security,
        },
      },
      async (request) => {
        const caller = callerOf(request.principal);
        const result = await writing.submit(caller, request.params.id);
        if (result.outcome === 'not_found') throw notFound('story');
        if (result.outcome === 'not_allowed') {
          throw new HttpError(409, 'invalid_status', `A story that is ${result.status} cannot be submitted.`);
        }
        if (result.outcome === 'not_ready') {
          throw new HttpError(
            409,
            'not_ready',
            'The story is not ready for moderation.',
            Object.fromEntries(result.missing.map((m) => [m.field, m.text])),
          );
        }
        const view = await writing.forAuthor(caller, request.params.id);
        if (!view) throw notFound('story');
        return presentWrittenStory(view);
      },
    );
  };
}
