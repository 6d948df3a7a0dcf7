// Pair exercise pages: start one with a colleague, take the two turns (typing, or dictating where the
// browser can), and finish each turn with a first draft for its storyteller. Only the two partners reach a
// session; anyone else gets the same 404 as for a page that does not exist.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { promptKeys, prompts, turnMinutes } from './prompts.ts';
import type { PairCaller } from './repository.ts';
import { finishForm, notesForm, startForm, turnParam } from './schema.ts';

const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });

const notices: Record<string, string> = {
  started: 'The exercise has started. Your partner has an email with a link to it.',
  saved: 'Notes saved.',
  'turn-finished': 'The first turn is finished and its draft is ready. Now swap: the interviewer tells their story.',
  finished: 'Both turns are finished. Each of you has a first draft to rewrite and own.',
  abandoned: 'The exercise was stopped. Notes from unfinished turns were deleted.',
};

/** A session id and turn number from the address, or the 404 a stranger would get. */
function turnOf(request: FastifyRequest<{ Params: { id: string; turn: string } }>): { id: string; turn: 1 | 2 } {
  const turn = turnParam.safeParse(request.params.turn);
  if (!isRecordId(request.params.id) || !turn.success) throw notFound();
  return { id: request.params.id, turn: turn.data as 1 | 2 };
}

const wantsJsonReply = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

export function pairRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const pair = services.pair;

    const characteristics = async () =>
      (await services.framework.current()).characteristics.map((c) => ({ key: c.key, name: c.name }));

    async function sessionPage(
      reply: FastifyReply,
      caller: PairCaller,
      id: string,
      extra: { values?: Record<string, string>; errors?: FormError[]; notice?: string } = {},
    ) {
      const found = isRecordId(id) ? await pair.view(caller, id) : undefined;
      if (!found) throw notFound();
      const current = found.current;
      const values =
        extra.values ??
        (current
          ? Object.fromEntries([...promptKeys, 'characteristic'].map((k) => [k, String(current[k as 'tips'] ?? '')]))
          : {});
      return reply.view('pair/views/session.njk', {
        ...found,
        personId: caller.personId,
        values,
        prompts: promptKeys.map((key) => ({ key, ...prompts[key] })),
        characteristics: await characteristics(),
        turnMinutes,
        errors: extra.errors,
        notice: extra.notice,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get<{ Querystring: { page?: string; done?: string } }>('/pair', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      const page = pageNumber(request.query.page);
      const result = await pair.list(caller, page);
      const pageCount = Math.max(1, Math.ceil(result.total / 20));
      return reply.view('pair/views/list.njk', {
        ...result,
        personId: caller.personId,
        mayStart: caller.currentOrgId !== null,
        notice: notices[request.query.done ?? ''],
        previous: page > 1 ? `/pair?page=${page - 1}` : undefined,
        next: page < pageCount ? `/pair?page=${page + 1}` : undefined,
      });
    });

    app.get('/pair/new', signedIn(), async (request, reply) => {
      currentOrgOf(request.principal);
      return reply.view('pair/views/new.njk', {
        values: { mode: 'together', first: 'me' },
        csrfToken: reply.generateCsrf(),
      });
    });

    app.post('/pair/new', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      // The exercise happens in the organisation the caller is working in; nothing in the form chooses it.
      const orgId = currentOrgOf(request.principal);
      const fields = formFields(request);
      const values = { partnerEmail: fields.partnerEmail ?? '', mode: fields.mode ?? '', first: fields.first ?? '' };
      const parsed = startForm.safeParse(values);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await pair.start(caller.personId, orgId, parsed.data);
        if (outcome.ok) return reply.redirect(`/pair/${outcome.value}?done=started`, 303);
        errors = formErrors(outcome.problems).errors;
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return reply.view('pair/views/new.njk', { values, errors, csrfToken: reply.generateCsrf() });
    });

    app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
      '/pair/:id',
      signedIn(),
      async (request, reply) =>
        sessionPage(reply, callerOf(request.principal), request.params.id, {
          notice: notices[request.query.done ?? ''],
        }),
    );

    // The notes of a turn as JSON, for the partner's screen to follow along.
    app.get<{ Params: { id: string; turn: string } }>(
      '/pair/:id/turns/:turn/notes',
      signedIn(),
      async (request, reply) => {
        const { id, turn } = turnOf(request);
        const found = await pair.view(callerOf(request.principal), id);
        const target = found?.session.turns.find((t) => t.turn === turn);
        if (!found || !target) throw notFound();
        reply.header('cache-control', 'no-store');
        return {
          status: found.session.status,
          currentTurn: found.session.current_turn,
          finished: target.finished_at !== null,
          savedAt: target.notes_saved_at?.toISOString() ?? null,
          characteristic: target.characteristic,
          notes: Object.fromEntries(promptKeys.map((k) => [k, target[k]])),
        };
      },
    );

    app.post<{ Params: { id: string; turn: string } }>('/pair/:id/turns/:turn', signedIn(), async (request, reply) => {
      const { id, turn } = turnOf(request);
      const caller = callerOf(request.principal);
      const fields = formFields(request);
      const parsed = notesForm.safeParse(fields);
      if (!parsed.success) {
        if (wantsJsonReply(request)) {
          return reply.status(400).send({
            error: {
              code: 'invalid_notes',
              message: 'The notes could not be saved',
              fields: formErrors(parsed.error.issues).errors,
            },
          });
        }
        reply.status(400);
        return sessionPage(reply, caller, id, { values: fields, errors: formErrors(parsed.error.issues).errors });
      }
      const outcome = await pair.save(caller, id, turn, parsed.data);
      if (outcome === 'not_found') throw notFound();
      if (wantsJsonReply(request)) {
        if (outcome === 'closed') {
          return reply
            .status(409)
            .send({ error: { code: 'turn_closed', message: 'This turn can no longer be changed' } });
        }
        return { savedAt: new Date().toISOString() };
      }
      if (outcome === 'closed') {
        reply.status(409);
        return sessionPage(reply, caller, id, {
          errors: formErrors({ notes: 'This turn can no longer be changed here' }).errors,
        });
      }
      return reply.redirect(`/pair/${id}?done=saved#notes`, 303);
    });

    app.post<{ Params: { id: string; turn: string } }>(
      '/pair/:id/turns/:turn/finish',
      signedIn(),
      async (request, reply) => {
        const { id, turn } = turnOf(request);
        const caller = callerOf(request.principal);
        const fields = formFields(request);
        const parsed = finishForm.safeParse(fields);
        let errors: FormError[];
        if (parsed.success) {
          const outcome = await pair.finish(caller, id, turn, parsed.data);
          if (outcome === 'not_found') throw notFound();
          if (outcome === 'closed') return reply.redirect(`/pair/${id}`, 303);
          if (outcome.ok) return reply.redirect(`/pair/${id}?done=${turn === 1 ? 'turn-finished' : 'finished'}`, 303);
          errors = formErrors(outcome.problems).errors;
        } else {
          errors = formErrors(parsed.error.issues).errors;
        }
        reply.status(400);
        return sessionPage(reply, caller, id, { values: fields, errors });
      },
    );

    app.get<{ Params: { id: string } }>('/pair/:id/stop', signedIn(), async (request, reply) => {
      const found = isRecordId(request.params.id)
        ? await pair.view(callerOf(request.principal), request.params.id)
        : undefined;
      if (found?.session.status !== 'active') throw notFound();
      return reply.view('pair/views/stop.njk', { ...found, csrfToken: reply.generateCsrf() });
    });

    app.post<{ Params: { id: string } }>('/pair/:id/stop', signedIn(), async (request, reply) => {
      const stopped =
        isRecordId(request.params.id) && (await pair.abandon(callerOf(request.principal), request.params.id));
      if (!stopped) throw notFound();
      return reply.redirect('/pair?done=abandoned', 303);
    });
  };
}
