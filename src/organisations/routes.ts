// Organisation pages: switching and leaving (any member), settings, units, members and the audit log (its
// admins; HR/OD may read members), a line manager's team, and creating organisations (platform admins).
// The organisation acted on is always the caller's current one; anything else is a 404.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { callerOf, currentOrgOf, mayCall } from '../access/routes.ts';
import type { Principal } from '../access/visibility.ts';
import { auditActions } from '../audit/service.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, fieldErrors, formFields, issuesToErrors, pageNumber } from '../web/forms.ts';
import { newOrganisationForm, placementForm, settingsForm, unitForm } from './schema.ts';
import {
  type AssignableRole,
  assignableRoles,
  roleHints,
  roleNames,
  sectorNames,
  sectors,
  unitKindNames,
  unitKinds,
} from './types.ts';

// Fresh objects per route: Fastify keeps each route's options as its own.
const page = (access: 'signed_in' | 'org_admin' | 'line_manager' | 'platform_admin') => ({
  config: { access },
  schema: { hide: true },
});
const membersReaders = () => ({ config: { access: ['org_admin', 'hr_od'] as const }, schema: { hide: true } });

/** Confirmations after a change, by a fixed code, so nothing from the address is echoed into the page. */
const notices: Record<string, string> = {
  settings: 'The organisation’s details were saved.',
  'unit-added': 'The unit was added.',
  'unit-changed': 'The unit was saved.',
  'unit-deleted': 'The unit was deleted. Anyone who was in it now has no unit.',
  roles: 'The roles were saved.',
  placement: 'The unit and line manager were saved.',
  removed: 'The person was removed from the organisation.',
  left: 'You left the organisation. Your own records stay with you.',
  switched: 'You switched organisation.',
  created: 'The organisation was created, and its first admin was invited by email.',
};

const isUuid = (value: string) => z.uuid().safeParse(value).success;
const membersPageSize = 25;
const auditPageSize = 50;
const organisationsPageSize = 50;

const sectorItems = (selected: string | undefined) =>
  sectors.map((s) => ({ value: s, text: sectorNames[s], selected: s === selected }));

/** Checkbox fields arrive as one string or several; only the roles an admin may give are kept. */
function rolesFrom(value: unknown): AssignableRole[] {
  const given = Array.isArray(value) ? value : [value];
  return assignableRoles.filter((role) => given.includes(role));
}

/** Where to go after switching: the same page, unless it names a record of the organisation just left. */
function afterSwitch(value: unknown): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])[\w\-./]*$/.test(value)) return '/';
  return /[0-9a-f]{8}-[0-9a-f]{4}-/.test(value) ? '/' : value;
}

/**
 * What the layout shows a signed-in person on every page: the organisation they work in, the others they may
 * switch to, and links to what their roles reach. Anonymous visitors and API calls cost no query.
 */
export function setUpOrganisationContext(app: FastifyInstance, services: Services) {
  app.addHook('preHandler', async (request, reply) => {
    const principal = request.principal;
    if (request.person === undefined || principal.kind !== 'person' || reply.locals === undefined) return;
    const organisations = await services.organisations.namesOf(principal.orgIds);
    const links: [string, string][] = [];
    if (mayCall(principal, 'line_manager')) links.push(['/team', 'Your team']);
    if (mayCall(principal, 'org_admin')) links.push(['/organisation', 'Organisation']);
    else if (mayCall(principal, 'hr_od')) links.push(['/organisation/members', 'Members']);
    if (mayCall(principal, ['moderator', 'platform_moderator'])) links.push(['/moderation', 'Moderation']);
    if (principal.platformAdmin) links.push(['/admin/organisations', 'Platform']);
    reply.locals.organisation = {
      current: organisations.find((o) => o.id === principal.currentOrgId),
      all: organisations,
      roles: principal.roles.filter((r) => r !== 'member').map((r) => roleNames[r]),
    };
    reply.locals.organisationLinks = links;
  });
}

export function organisationsRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    const organisations = services.organisations;
    const notice = (query: unknown) => notices[String((query as { done?: unknown } | undefined)?.done ?? '')];

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
      if (!isUuid(orgId) || !caller.orgIds.includes(orgId)) throw notFound();
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
            errors: fieldErrors(outcome.problems),
            csrfToken: reply.generateCsrf(),
          });
        }
        if (request.session.orgId === org.id) request.session.orgId = undefined;
        return reply.redirect('/account/organisations?done=left', 303);
      },
    );

    // Settings, and the admin's way into everything else about the organisation.
    async function settingsPage(
      reply: FastifyReply,
      orgId: string,
      extra: { values?: Record<string, string>; errors?: FormError[]; notice?: string },
    ) {
      const org = await organisations.find(orgId);
      if (!org) throw notFound();
      const values = extra.values ?? { name: org.name, sector: org.sector, region: org.region };
      return reply.view('organisations/views/settings.njk', {
        org,
        values,
        sectors: sectorItems(values.sector),
        errors: extra.errors,
        notice: extra.notice,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get('/organisation', page('org_admin'), async (request, reply) =>
      settingsPage(reply, currentOrgOf(request.principal), { notice: notice(request.query) }),
    );

    app.post('/organisation', page('org_admin'), async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const fields = formFields(request);
      const values = { name: fields.name ?? '', sector: fields.sector ?? '', region: fields.region ?? '' };
      const parsed = settingsForm.safeParse(values);
      if (!parsed.success) {
        reply.status(400);
        return settingsPage(reply, orgId, { values, errors: issuesToErrors(parsed.error.issues) });
      }
      await organisations.updateSettings(callerOf(request.principal).personId, orgId, parsed.data);
      return reply.redirect('/organisation?done=settings', 303);
    });

    // Units: the tree, adding, changing (rename, kind, move) and deleting.
    const kindItems = (selected: string | undefined) =>
      unitKinds.map((k) => ({ value: k, text: unitKindNames[k], checked: k === selected }));
    const parentItems = (units: { id: string; path: string }[], selected: string | undefined) => [
      { value: '', text: 'At the top (no parent unit)', selected: !selected },
      ...units.map((u) => ({ value: u.id, text: u.path, selected: u.id === selected })),
    ];

    async function unitsPage(
      reply: FastifyReply,
      orgId: string,
      extra: { values?: Record<string, string>; errors?: FormError[]; notice?: string },
    ) {
      const units = await organisations.units(orgId);
      const values = extra.values ?? {};
      return reply.view('organisations/views/units.njk', {
        units,
        values,
        kinds: kindItems(values.kind),
        parents: parentItems(units, values.parentId),
        errors: extra.errors,
        notice: extra.notice,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get('/organisation/units', page('org_admin'), async (request, reply) =>
      unitsPage(reply, currentOrgOf(request.principal), { notice: notice(request.query) }),
    );

    const unitValues = (fields: Record<string, string>) => ({
      name: fields.name ?? '',
      kind: fields.kind ?? '',
      parentId: fields.parentId ?? '',
    });

    app.post('/organisation/units', page('org_admin'), async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const values = unitValues(formFields(request));
      const parsed = unitForm.safeParse(values);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await organisations.addUnit(callerOf(request.principal).personId, orgId, parsed.data);
        if (outcome.ok) return reply.redirect('/organisation/units?done=unit-added', 303);
        errors = fieldErrors(outcome.problems);
      } else {
        errors = issuesToErrors(parsed.error.issues);
      }
      reply.status(400);
      return unitsPage(reply, orgId, { values, errors });
    });

    async function unitPage(
      reply: FastifyReply,
      orgId: string,
      unitId: string,
      extra: { values?: Record<string, string>; errors?: FormError[] },
    ) {
      const found = isUuid(unitId) ? await organisations.unit(orgId, unitId) : undefined;
      if (!found) throw notFound();
      const { unit, parents } = found;
      const values = extra.values ?? { name: unit.name, kind: unit.kind, parentId: unit.parent_id ?? '' };
      return reply.view('organisations/views/unit.njk', {
        unit,
        values,
        kinds: kindItems(values.kind),
        parents: parentItems(parents, values.parentId),
        errors: extra.errors,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get<{ Params: { unitId: string } }>('/organisation/units/:unitId', page('org_admin'), async (request, reply) =>
      unitPage(reply, currentOrgOf(request.principal), request.params.unitId, {}),
    );

    app.post<{ Params: { unitId: string } }>(
      '/organisation/units/:unitId',
      page('org_admin'),
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const { unitId } = request.params;
        if (!isUuid(unitId)) throw notFound();
        const values = unitValues(formFields(request));
        const parsed = unitForm.safeParse(values);
        let errors: FormError[];
        if (parsed.success) {
          const outcome = await organisations.changeUnit(
            callerOf(request.principal).personId,
            orgId,
            unitId,
            parsed.data,
          );
          if (!outcome) throw notFound();
          if (outcome.ok) return reply.redirect('/organisation/units?done=unit-changed', 303);
          errors = fieldErrors(outcome.problems);
        } else {
          errors = issuesToErrors(parsed.error.issues);
        }
        reply.status(400);
        return unitPage(reply, orgId, unitId, { values, errors });
      },
    );

    async function unitToDelete(orgId: string, unitId: string) {
      const found = isUuid(unitId) ? await organisations.unit(orgId, unitId) : undefined;
      if (!found) throw notFound();
      return found.unit;
    }

    app.get<{ Params: { unitId: string } }>(
      '/organisation/units/:unitId/delete',
      page('org_admin'),
      async (request, reply) => {
        const unit = await unitToDelete(currentOrgOf(request.principal), request.params.unitId);
        return reply.view('organisations/views/unit-delete.njk', { unit, csrfToken: reply.generateCsrf() });
      },
    );

    app.post<{ Params: { unitId: string } }>(
      '/organisation/units/:unitId/delete',
      page('org_admin'),
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const unit = await unitToDelete(orgId, request.params.unitId);
        const outcome = await organisations.deleteUnit(callerOf(request.principal).personId, orgId, unit.id);
        if (!outcome) throw notFound();
        if (outcome.ok) return reply.redirect('/organisation/units?done=unit-deleted', 303);
        reply.status(400);
        return reply.view('organisations/views/unit-delete.njk', {
          unit,
          errors: [{ href: '#delete', text: Object.values(outcome.problems)[0] ?? '' }],
          csrfToken: reply.generateCsrf(),
        });
      },
    );

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
      const member = isUuid(personId) ? await organisations.member(orgId, personId) : undefined;
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
        if (!isUuid(personId)) throw notFound();
        // Only the five checkboxes are read: any other field (org_id, member, platform_admin) is ignored.
        const roles = rolesFrom((request.body as Record<string, unknown> | undefined)?.roles);
        const outcome = await organisations.setRoles(callerOf(request.principal).personId, orgId, personId, roles);
        if (!outcome) throw notFound();
        if (outcome.ok) return reply.redirect(`/organisation/members/${personId}?done=roles`, 303);
        reply.status(400);
        return memberPage(reply, request.principal, personId, {
          errors: fieldErrors(outcome.problems),
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
        if (!isUuid(personId)) throw notFound();
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
          errors = fieldErrors(outcome.problems);
        } else {
          errors = issuesToErrors(parsed.error.issues);
        }
        reply.status(400);
        return memberPage(reply, request.principal, personId, { errors, values });
      },
    );

    /** Someone else in the caller's current organisation, by id; a 404 for anyone else (or oneself). */
    async function memberToRemove(principal: Principal, personId: string) {
      const orgId = currentOrgOf(principal);
      if (!isUuid(personId) || personId === callerOf(principal).personId) throw notFound();
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
          errors: fieldErrors(outcome.problems),
          csrfToken: reply.generateCsrf(),
        });
      },
    );

    // The audit log, newest first.
    app.get<{ Querystring: { page?: string } }>('/organisation/audit', page('org_admin'), async (request, reply) => {
      const orgId = currentOrgOf(request.principal);
      const current = pageNumber(request.query.page);
      const { items, total } = await services.audit.page(orgId, current, auditPageSize);
      const link = (p: number) => `/organisation/audit?page=${p}`;
      return reply.view('organisations/views/audit.njk', {
        events: items.map((e) => ({
          ...e,
          actionName: auditActions[e.action as keyof typeof auditActions] ?? e.action,
        })),
        total,
        page: current,
        previous: current > 1 ? link(current - 1) : undefined,
        next: current * auditPageSize < total ? link(current + 1) : undefined,
      });
    });

    // A line manager's team in the organisation they work in.
    app.get('/team', page('line_manager'), async (request, reply) => {
      const caller = callerOf(request.principal);
      const people = await organisations.team(currentOrgOf(request.principal), caller.personId);
      return reply.view('organisations/views/team.njk', { people });
    });

    // Platform admins: every organisation on the deployment, and creating one.
    async function adminPage(
      reply: FastifyReply,
      query: unknown,
      extra: { values?: Record<string, string>; errors?: FormError[] } = {},
    ) {
      const current = pageNumber((query as { page?: string } | undefined)?.page);
      const { items, total } = await organisations.organisations(current, organisationsPageSize);
      const values = extra.values ?? {};
      const link = (p: number) => `/admin/organisations?page=${p}`;
      return reply.view('organisations/views/admin.njk', {
        organisations: items,
        total,
        values,
        sectors: [{ value: '', text: 'Choose a sector', selected: !values.sector }, ...sectorItems(values.sector)],
        errors: extra.errors,
        notice: extra.errors ? undefined : notice(query),
        previous: current > 1 ? link(current - 1) : undefined,
        next: current * organisationsPageSize < total ? link(current + 1) : undefined,
        csrfToken: reply.generateCsrf(),
      });
    }

    app.get('/admin/organisations', page('platform_admin'), async (request, reply) => adminPage(reply, request.query));

    app.post('/admin/organisations', page('platform_admin'), async (request, reply) => {
      const fields = formFields(request);
      const values = {
        slug: fields.slug ?? '',
        name: fields.name ?? '',
        sector: fields.sector ?? '',
        region: fields.region ?? '',
        adminName: fields.adminName ?? '',
        adminEmail: fields.adminEmail ?? '',
      };
      const parsed = newOrganisationForm.safeParse(values);
      let errors: FormError[];
      if (parsed.success) {
        const outcome = await organisations.create(callerOf(request.principal).personId, parsed.data, app.baseUrl);
        if (outcome.ok) return reply.redirect('/admin/organisations?done=created', 303);
        errors = fieldErrors(outcome.problems);
      } else {
        errors = issuesToErrors(parsed.error.issues);
      }
      reply.status(400);
      return adminPage(reply, {}, { values, errors });
    });
  };
}
