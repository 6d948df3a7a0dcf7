// An organisation's people: HR/OD read its members, admins change their roles and places and remove them, and
// a line manager sees their team.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callerOf, currentOrgOf, mayCall } from '../access/routes.ts';
import type { Principal } from '../access/visibility.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { membersReaders, notice, page } from './pages.ts';
import { placementForm } from './schema.ts';
import { type AssignableRole, assignableRoles, roleHints, roleNames } from './types.ts';

const membersPageSize = 25;

/** Checkbox fields arrive as one string or several; only the roles an admin may give are kept. */
function rolesFrom(value: unknown): AssignableRole[] {
  const given = Array.isArray(value) ? value : [value];
  return assignableRoles.filter((role) => given.includes(role));
}

export function memberRoutes(app: FastifyInstance, services: Services) {
  const organisations = services.organisations;
  // Members: HR/OD read, admins change roles and places, and remove people.
  app.get<{ Querystring: { q?: string; page?: string; done?: string } }>(
    '/organisation/members',
    membersReaders(),
    async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const search = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, 200) : '';
      const current = pageNumber(request.query.page);
      const { items, total } = await organisations.members(orgId, search, current, membersPageSize);
      const link = (p: number) =>
        `/organisation/members?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(p) })}`;
      return reply.view('organisations/views/members.njk', {
        members: items.map((m) => ({
          ...m,
          roleNames: m.roles.filter((r) => r !== 'member').map((r) => roleNames[r]),
        })),
        total,
        search,
        page: current,
        mayChange: mayCall(request.principal, 'org_admin'),
        notice: notice(request.query),
        previous: current > 1 ? link(current - 1) : undefined,
        next: current * membersPageSize < total ? link(current + 1) : undefined,
      });
    },
  );

  async function memberPage(
    reply: FastifyReply,
    principal: Principal,
    personId: string,
    extra: { errors?: FormError[]; values?: Record<string, unknown>; notice?: string } = {},
  ) {
    const orgId = currentOrgOf(principal);
    const member = isRecordId(personId) ? await organisations.member(orgId, personId) : undefined;
    if (!member) throw notFound();
    const mayChange = mayCall(principal, 'org_admin');
    const choices = mayChange ? await organisations.placementChoices(orgId, member.id) : undefined;
    const values = extra.values ?? {};
    const roles = (values.roles as string[] | undefined) ?? member.roles;
    const unitId = (values.unitId as string | undefined) ?? member.unit_id ?? '';
    const managerId = (values.managerId as string | undefined) ?? member.manager_id ?? '';
    return reply.view('organisations/views/member.njk', {
      member: {
        ...member,
        roleNames: member.roles.filter((r) => r !== 'member').map((r) => roleNames[r]),
      },
      isSelf: member.id === callerOf(principal).personId,
      mayChange,
      roleItems: assignableRoles.map((r) => ({
        value: r,
        text: roleNames[r],
        hint: { text: roleHints[r] },
        checked: roles.includes(r),
      })),
      unitItems: choices && [
        { value: '', text: 'No unit', selected: !unitId },
        ...choices.units.map((u) => ({ value: u.id, text: u.path, selected: u.id === unitId })),
      ],
      managerItems: choices && [
        { value: '', text: 'No line manager', selected: !managerId },
        ...choices.managers.map((m) => ({
          value: m.id,
          text: `${m.display_name} (${m.email})`,
          selected: m.id === managerId,
        })),
      ],
      errors: extra.errors,
      notice: extra.notice,
      csrfToken: reply.generateCsrf(),
    });
  }

  app.get<{ Params: { personId: string }; Querystring: { done?: string } }>(
    '/organisation/members/:personId',
    membersReaders(),
    async (request, reply) =>
      memberPage(reply, request.principal, request.params.personId, { notice: notice(request.query) }),
  );

  app.post<{ Params: { personId: string } }>(
    '/organisation/members/:personId/roles',
    page('org_admin'),
    async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const { personId } = request.params;
      if (!isRecordId(personId)) throw notFound();
      // Only the five checkboxes are read: any other field (org_id, member, platform_admin) is ignored.
      const roles = rolesFrom((request.body as Record<string, unknown> | undefined)?.roles);
      const outcome = await organisations.setRoles(callerOf(request.principal).personId, orgId, personId, roles);
      if (!outcome) throw notFound();
      if (outcome.ok) return reply.redirect(`/organisation/members/${personId}?done=roles`, 303);
      reply.status(400);
      return memberPage(reply, request.principal, personId, {
        errors: formErrors(outcome.problems).errors,
        values: { roles },
      });
    },
  );

  app.post<{ Params: { personId: string } }>(
    '/organisation/members/:personId/placement',
    page('org_admin'),
    async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const { personId } = request.params;
      if (!isRecordId(personId)) throw notFound();
      const fields = formFields(request);
      const values = { unitId: fields.unitId ?? '', managerId: fields.managerId ?? '' };
      const parsed = placementForm.safeParse(values);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await organisations.setPlacement(
          callerOf(request.principal).personId,
          orgId,
          personId,
          parsed.data,
        );
        if (!outcome) throw notFound();
        if (outcome.ok) return reply.redirect(`/organisation/members/${personId}?done=placement`, 303);
        errors = formErrors(outcome.problems).errors;
      } else {
        errors = formErrors(parsed.error.issues).errors;
      }
      reply.status(400);
      return memberPage(reply, request.principal, personId, { errors, values });
    },
  );

  /** Someone else in the caller's current organisation, by id; a 404 for anyone else (or oneself). */
  async function memberToRemove(principal: Principal, personId: string) {
    const orgId = currentOrgOf(principal);
    if (!isRecordId(personId) || personId === callerOf(principal).personId) throw notFound();
    const member = await organisations.member(orgId, personId);
    if (!member) throw notFound();
    return { orgId, member, lastAdmin: await organisations.isLastAdmin(orgId, personId) };
  }

  app.get<{ Params: { personId: string } }>(
    '/organisation/members/:personId/remove',
    page('org_admin'),
    async (request, reply) => {
      const { member, lastAdmin } = await memberToRemove(request.principal, request.params.personId);
      return reply.view('organisations/views/member-remove.njk', {
        member,
        lastAdmin,
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  app.post<{ Params: { personId: string } }>(
    '/organisation/members/:personId/remove',
    page('org_admin'),
    async (request, reply) => {
      const { orgId, member } = await memberToRemove(request.principal, request.params.personId);
      const outcome = await organisations.remove(callerOf(request.principal).personId, orgId, member.id);
      if (!outcome) throw notFound();
      if (outcome.ok) return reply.redirect('/organisation/members?done=removed', 303);
      reply.status(400);
      return reply.view('organisations/views/member-remove.njk', {
        member,
        lastAdmin: true,
        errors: formErrors(outcome.problems).errors,
        csrfToken: reply.generateCsrf(),
      });
    },
  );

  // A line manager's team in the organisation they work in.
  app.get('/team', page('line_manager'), async (request, reply) => {
    const people = await organisations.team(request.principal);
    return reply.view('organisations/views/team.njk', { people });
  });
}
