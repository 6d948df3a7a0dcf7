// Any member's own organisations: switching the one they work in, the list of theirs, and leaving one.
import type { FastifyInstance } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Principal } from '../access/visibility.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';
import { notice, page } from './pages.ts';
import { roleNames } from './types.ts';

/** Where to go after switching: the same page, unless it names a record of the organisation just left. */
function afterSwitch(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\w\-./]*$/.test(value)) return '/';
  return /[0-9a-f]{8}-[0-9a-f]{4}-/.test(value) ? '/' : value;
}

export function switchingRoutes(app: FastifyInstance, services: Services) {
  const organisations = services.organisations;
  // Switching organisation: roles and what the person sees follow on the next request.
  app.post('/account/organisation', page('signed_in'), async (request, reply) => {
    const caller = callerOf(request.principal);
    const { orgId, returnTo } = formFields(request);
    if (orgId === undefined || !caller.orgIds.includes(orgId)) throw notFound();
    request.session.orgId = orgId;
    return reply.redirect(afterSwitch(returnTo), 303);
  });

  app.get('/account/organisations', page('signed_in'), async (request, reply) => {
    const caller = callerOf(request.principal);
    const names = await organisations.namesOf(caller.orgIds);
    const memberships = await Promise.all(names.map((o) => organisations.member(o.id, caller.personId)));
    return reply.view('organisations/views/yours.njk', {
      organisations: names.map((o, i) => ({
        ...o,
        current: o.id === caller.currentOrgId,
        roles: (memberships[i]?.roles ?? []).filter((r) => r !== 'member').map((r) => roleNames[r]),
      })),
      notice: notice(request.query),
      csrfToken: reply.generateCsrf(),
    });
  });

  /** One of the caller's own organisations, by id; a 404 for anything else. */
  async function ownOrganisation(principal: Principal, orgId: string) {
    const caller = callerOf(principal);
    if (!isRecordId(orgId) || !caller.orgIds.includes(orgId)) throw notFound();
    const org = await organisations.find(orgId);
    if (!org) throw notFound();
    return { caller, org };
  }

  app.get<{ Params: { orgId: string } }>(
    '/account/organisations/:orgId/leave',
    page('signed_in'),
    async (request, reply) => {
      const { caller, org } = await ownOrganisation(request.principal, request.params.orgId);
      const lastAdmin = await organisations.isLastAdmin(org.id, caller.personId);
      return reply.view('organisations/views/leave.njk', { org, lastAdmin, csrfToken: reply.generateCsrf() });
    },
  );

  app.post<{ Params: { orgId: string } }>(
    '/account/organisations/:orgId/leave',
    page('signed_in'),
    async (request, reply) => {
      const { caller, org } = await ownOrganisation(request.principal, request.params.orgId);
      const outcome = await organisations.leave(caller.personId, org.id);
      if (!outcome) throw notFound();
      if (!outcome.ok) {
        reply.status(400);
        return reply.view('organisations/views/leave.njk', {
          org,
          lastAdmin: true,
          errors: formErrors(outcome.problems).errors,
          csrfToken: reply.generateCsrf(),
        });
      }
      if (request.session.orgId === org.id) request.session.orgId = undefined;
      return reply.redirect('/account/organisations?done=left', 303);
    },
  );
}
