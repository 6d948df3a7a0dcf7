// Reading group pages: the list of groups a caller may read, a group's page (its members, its sessions,
// joining), creating a group, scheduling a session, a session's page with its answers and waiting list, and
// its calendar file. A group the caller may not read is the same 404 as one that does not exist.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { limitError, limitedPage, refusedBy } from '../throttles/web.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { feedRoutes } from './feed-routes.ts';
import { invitationRoutes } from './invitation-routes.ts';
import { meetingRoutes } from './meeting-routes.ts';
import { groupPageSize } from './repository.ts';
import {
  answersForm,
  groupForm,
  groupVisibilityNames,
  joinRuleNames,
  moveForm,
  readingListForm,
  rsvpForm,
  rsvpNames,
  sessionForm,
} from './schema.ts';
import { sessionChangeRoutes } from './session-change-routes.ts';

const anyone = () => ({ config: { access: 'public' as const }, schema: { hide: true } });
const signedIn = () => ({ config: { access: 'signed_in' as const }, schema: { hide: true } });

type GroupParams = { Params: { id: string } };
type SessionParams = { Params: { id: string; sessionId: string } };

const notices: Record<string, string> = {
  created: 'Your group is ready. You are its facilitator.',
  joined: 'You have joined the group.',
  requested: 'You have asked to join. A facilitator will let you know.',
  approved: 'They are now a member of the group.',
  listed: 'It is on the reading list.',
  unlisted: 'It is off the reading list.',
  moved: 'The reading list is in its new order.',
  scheduled: 'The session is scheduled.',
  yes: 'You have a place. We look forward to seeing you.',
  waiting:
    'The session is full, so you are on the waiting list. If a place comes up, it is yours and we will email you.',
  maybe: 'Thanks: you said maybe.',
  no: 'Thanks for letting us know you cannot come.',
  closed: 'Answers are closed for this session.',
  agenda: 'The agenda is saved.',
  questions: 'Your question is added. Tick it to put it on the agenda.',
  notes: 'The shared notes are saved.',
  reflection: 'Your reflection is saved. Only you can see it.',
  actions: 'The action is added.',
  opened: 'Answers are open again for this session.',
  changed: 'The session is changed. Everyone who answered has an email, with the calendar file updated.',
  cancelled: 'The session is cancelled. Everyone who answered has been told.',
};

const rsvpRefusals: Record<string, string> = {
  not_member: 'Join the group to answer',
  closed: 'Answers are closed for this session',
  cancelled: 'This session was cancelled',
  past: 'This session has already started',
};

function groupIdOf(request: FastifyRequest<GroupParams>): string {
  if (!isRecordId(request.params.id)) throw notFound();
  return request.params.id;
}

function sessionIdsOf(request: FastifyRequest<SessionParams>) {
  if (!isRecordId(request.params.id) || !isRecordId(request.params.sessionId)) throw notFound();
  return { groupId: request.params.id, sessionId: request.params.sessionId };
}

export function groupsRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const groups = services.groups;

    async function newGroupPage(
      request: FastifyRequest,
      reply: FastifyReply,
      values: Record<string, string>,
      errors?: FormError[],
    ) {
      const spaces = await groups.spaceChoices(callerOf(request.principal));
      return reply.view('groups/views/new.njk', {
        values,
        errors,
        spaces,
        visibilityNames: groupVisibilityNames,
        joinRuleNames,
        csrfToken: reply.generateCsrf(),
      });
    }

    async function sessionPage(
      request: FastifyRequest,
      reply: FastifyReply,
      groupId: string,
      sessionId: string,
      extra: { notice?: string; errors?: FormError[]; values?: Record<string, unknown> } = {},
    ) {
      const found = await groups.session(request.principal, groupId, sessionId);
      if (!found) throw notFound();
      const meeting =
        request.principal.kind === 'person' && found.member
          ? await services.meetings.forMember(request.principal, groupId, sessionId)
          : undefined;
      return reply.view('groups/views/session.njk', {
        ...found,
        meeting,
        values: {},
        ...extra,
        rsvpNames,
        csrfToken: request.principal.kind === 'person' ? reply.generateCsrf() : undefined,
      });
    }

    await app.register(meetingRoutes(services, sessionPage));
    await app.register(sessionChangeRoutes(services));
    await app.register(feedRoutes(services));
    await app.register(invitationRoutes(services));

    app.get<{ Querystring: { page?: string } }>('/groups', anyone(), async (request, reply) => {
      const page = pageNumber(request.query.page);
      const result = await groups.list(request.principal, page);
      const pages = Math.max(1, Math.ceil(result.total / groupPageSize));
      return reply.view('groups/views/list.njk', {
        ...result,
        signedIn: request.principal.kind === 'person',
        visibilityNames: groupVisibilityNames,
        previous: page > 1 ? `/groups?page=${page - 1}` : undefined,
        next: page < pages ? `/groups?page=${page + 1}` : undefined,
      });
    });

    app.get('/groups/new', signedIn(), async (request, reply) => {
      currentOrgOf(request.principal);
      return newGroupPage(request, reply, { visibility: 'organisation', joinRule: 'open' });
    });

    app.post('/groups/new', signedIn(), async (request, reply) => {
      const caller = callerOf(request.principal);
      // A group belongs to the organisation the caller is working in; nothing in the form chooses it.
      const orgId = currentOrgOf(request.principal);
      const fields = formFields(request);
      const parsed = groupForm.safeParse(fields);
      let errors: FormError[];
      const refused = parsed.success ? await services.throttles.consume({ readingGroups: caller.personId }) : undefined;
      if (refused) {
        refusedBy(reply, refused);
        return newGroupPage(request, reply, fields, [limitError(refused, 'name')]);
      }
      if (parsed.success) {
        const outcome = await groups.create(caller, orgId, parsed.data);
        if (outcome.ok) return reply.redirect(`/groups/${outcome.value}?done=created`, 303);
        await services.throttles.giveBack({ readingGroups: caller.personId });
        errors = formErrors(outcome.problems).errors;
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return newGroupPage(request, reply, fields, errors);
    });

    async function groupPage(
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: { notice?: string; errors?: FormError[]; values?: Record<string, string> } = {},
    ) {
      const found = await groups.view(request.principal, id);
      if (!found) throw notFound();
      // Following the group's new sessions (src/subscriptions).
      const followButtons = await services.subscriptions.buttons(request.principal, [
        { type: 'group', target: found.group.id, label: found.group.name },
      ]);
      return reply.view('groups/views/group.njk', {
        ...found,
        readingList: await services.readingLists.itemsFor(request.principal, found.group),
        signedIn: request.principal.kind === 'person',
        visibilityNames: groupVisibilityNames,
        values: {},
        ...extra,
        csrfToken: request.principal.kind === 'person' ? reply.generateCsrf() : undefined,
        follow: followButtons && { buttons: followButtons, csrfToken: reply.generateCsrf(), returnTo: `/groups/${id}` },
      });
    }

    app.get<GroupParams & { Querystring: { done?: string } }>('/groups/:id', anyone(), async (request, reply) =>
      groupPage(request, reply, groupIdOf(request), { notice: notices[request.query.done ?? ''] }),
    );

    app.post<GroupParams>('/groups/:id/reading-list', signedIn(), async (request, reply) => {
      const id = groupIdOf(request);
      const caller = callerOf(request.principal);
      // A stranger's 404 comes before anything they sent is read.
      if (!(await groups.facilitated(caller, id))) throw notFound();
      const fields = formFields(request);
      const parsed = readingListForm.safeParse(fields);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await services.readingLists.add(caller, id, {
          link: parsed.data.itemLink,
          note: parsed.data.itemNote,
        });
        if (outcome === 'not_found') throw notFound();
        if (outcome === 'added') return reply.redirect(`/groups/${id}?done=listed#reading-list`, 303);
        errors = formErrors({
          itemLink:
            outcome === 'already_listed'
              ? 'That is already on the reading list'
              : 'Enter the link to a story, article or library item you can read, like one copied from its page',
        }).errors;
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return groupPage(request, reply, id, { errors, values: fields });
    });

    app.post<{ Params: { id: string; itemId: string } }>(
      '/groups/:id/reading-list/:itemId/remove',
      signedIn(),
      async (request, reply) => {
        const { id, itemId } = request.params;
        if (!isRecordId(id) || !isRecordId(itemId)) throw notFound();
        if ((await services.readingLists.remove(callerOf(request.principal), id, itemId)) === 'not_found') {
          throw notFound();
        }
        return reply.redirect(`/groups/${id}?done=unlisted#reading-list`, 303);
      },
    );

    app.post<{ Params: { id: string; itemId: string } }>(
      '/groups/:id/reading-list/:itemId/move',
      signedIn(),
      async (request, reply) => {
        const { id, itemId } = request.params;
        if (!isRecordId(id) || !isRecordId(itemId)) throw notFound();
        const caller = callerOf(request.principal);
        if (!(await groups.facilitated(caller, id))) throw notFound();
        const parsed = moveForm.safeParse(formFields(request));
        if (!parsed.success) {
          reply.status(400);
          return groupPage(request, reply, id, { errors: formErrors(parsed.error.issues).errors });
        }
        const moved = await services.readingLists.move(caller, id, itemId, parsed.data.direction);
        if (moved === 'not_found') throw notFound();
        return reply.redirect(`/groups/${id}?done=moved#item-${itemId}`, 303);
      },
    );

    app.post<GroupParams>('/groups/:id/join', signedIn(), async (request, reply) => {
      const id = groupIdOf(request);
      const caller = callerOf(request.principal);
      const group = await groups.find(caller, id);
      if (!group) throw notFound();
      // A new request emails the facilitators, so it counts; one that asked nobody after all is given back.
      const asking = group.join_rule === 'request' && group.mine === null;
      const refused = asking ? await services.throttles.consume({ groupJoinRequests: caller.personId }) : undefined;
      if (refused) return limitedPage(reply, refused, { href: `/groups/${id}`, text: 'Back to the group' });
      const joined = await groups.join(caller, id);
      if (asking && (joined === 'not_found' || !joined.asked)) {
        await services.throttles.giveBack({ groupJoinRequests: caller.personId });
      }
      if (joined === 'not_found') throw notFound();
      return reply.redirect(`/groups/${id}?done=${joined.outcome}`, 303);
    });

    app.post<{ Params: { id: string; personId: string } }>(
      '/groups/:id/requests/:personId',
      signedIn(),
      async (request, reply) => {
        const { id, personId } = request.params;
        if (!isRecordId(id) || !isRecordId(personId)) throw notFound();
        if ((await groups.approve(callerOf(request.principal), id, personId)) === 'not_found') throw notFound();
        return reply.redirect(`/groups/${id}?done=approved`, 303);
      },
    );

    app.get<GroupParams>('/groups/:id/sessions/new', signedIn(), async (request, reply) => {
      const group = await groups.facilitated(callerOf(request.principal), groupIdOf(request));
      if (!group) throw notFound();
      return reply.view('groups/views/new-session.njk', {
        group,
        values: {},
        action: `/groups/${group.id}/sessions/new`,
        back: `/groups/${group.id}`,
        csrfToken: reply.generateCsrf(),
      });
    });

    app.post<GroupParams>('/groups/:id/sessions/new', signedIn(), async (request, reply) => {
      const id = groupIdOf(request);
      const caller = callerOf(request.principal);
      const group = await groups.facilitated(caller, id);
      if (!group) throw notFound();
      const fields = formFields(request);
      const parsed = sessionForm.safeParse(fields);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await groups.schedule(caller, id, parsed.data);
        if (outcome === 'not_found') throw notFound();
        if (outcome.ok) return reply.redirect(`/groups/${id}/sessions/${outcome.value}?done=scheduled`, 303);
        errors = formErrors(outcome.problems).errors;
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return reply.view('groups/views/new-session.njk', {
        group,
        values: fields,
        errors,
        action: `/groups/${id}/sessions/new`,
        back: `/groups/${id}`,
        csrfToken: reply.generateCsrf(),
      });
    });

    app.get<SessionParams & { Querystring: { done?: string } }>(
      '/groups/:id/sessions/:sessionId',
      anyone(),
      async (request, reply) => {
        const { groupId, sessionId } = sessionIdsOf(request);
        return sessionPage(request, reply, groupId, sessionId, { notice: notices[request.query.done ?? ''] });
      },
    );

    app.post<SessionParams>('/groups/:id/sessions/:sessionId/rsvp', signedIn(), async (request, reply) => {
      const { groupId, sessionId } = sessionIdsOf(request);
      // A stranger's 404 comes before anything they sent is read or counted.
      if (!(await groups.session(request.principal, groupId, sessionId))) throw notFound();
      const parsed = rsvpForm.safeParse(formFields(request));
      if (!parsed.success) {
        reply.status(400);
        return sessionPage(request, reply, groupId, sessionId, { errors: formErrors(parsed.error.issues).errors });
      }
      const caller = callerOf(request.principal);
      const refused = await services.throttles.consume({ sessionAnswers: caller.personId });
      if (refused) {
        refusedBy(reply, refused);
        return sessionPage(request, reply, groupId, sessionId, { errors: [limitError(refused, 'answer')] });
      }
      const outcome = await groups.rsvp(caller, groupId, sessionId, parsed.data.answer);
      if (outcome === 'not_found') throw notFound();
      if (!outcome.ok) {
        await services.throttles.giveBack({ sessionAnswers: caller.personId });
        reply.status(409);
        return sessionPage(request, reply, groupId, sessionId, {
          errors: formErrors({ answer: rsvpRefusals[outcome.reason] ?? 'Your answer could not be saved' }).errors,
        });
      }
      const done = outcome.waiting ? 'waiting' : outcome.answer;
      return reply.redirect(`/groups/${groupId}/sessions/${sessionId}?done=${done}`, 303);
    });

    app.post<SessionParams>('/groups/:id/sessions/:sessionId/answers', signedIn(), async (request, reply) => {
      const { groupId, sessionId } = sessionIdsOf(request);
      // Only a facilitator learns anything about what they sent.
      if (!(await groups.facilitated(callerOf(request.principal), groupId))) throw notFound();
      const parsed = answersForm.safeParse(formFields(request));
      if (!parsed.success) {
        reply.status(400);
        return sessionPage(request, reply, groupId, sessionId, { errors: formErrors(parsed.error.issues).errors });
      }
      const closed = parsed.data.answers === 'closed';
      const outcome = await groups.setRsvpsClosed(callerOf(request.principal), groupId, sessionId, closed);
      if (outcome === 'not_found') throw notFound();
      return reply.redirect(`/groups/${groupId}/sessions/${sessionId}?done=${closed ? 'closed' : 'opened'}`, 303);
    });

    app.get<SessionParams>('/groups/:id/sessions/:sessionId/calendar.ics', anyone(), async (request, reply) => {
      const { groupId, sessionId } = sessionIdsOf(request);
      const calendar = await groups.sessionCalendar(request.principal, groupId, sessionId);
      if (calendar === undefined) throw notFound();
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="session.ics"')
        .header('cache-control', 'private, no-store')
        .send(calendar);
    });
  };
}
