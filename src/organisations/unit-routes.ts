// An organisation's units, for its admins: the tree, adding, changing (rename, kind, move) and deleting.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { isRecordId } from '../db/ids.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields } from '../web/forms.ts';
import { notice, page } from './pages.ts';
import { unitForm } from './schema.ts';
import { unitKindNames, unitKinds } from './types.ts';

export function unitRoutes(app: FastifyInstance, services: Services) {
  const organisations = services.organisations;
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
      errors = formErrors(outcome.problems).errors;
    } else {
      errors = formErrors(parsed.error.issues).errors;
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
    const found = isRecordId(unitId) ? await organisations.unit(orgId, unitId) : undefined;
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

  app.post<{ Params: { unitId: string } }>('/organisation/units/:unitId', page('org_admin'), async (request, reply) => {
    const orgId = currentOrgOf(request.principal);
    const { unitId } = request.params;
    if (!isRecordId(unitId)) throw notFound();
    const values = unitValues(formFields(request));
    const parsed = unitForm.safeParse(values);
    let errors: FormError[];
    if (parsed.success) {
      const outcome = await organisations.changeUnit(callerOf(request.principal).personId, orgId, unitId, parsed.data);
      if (!outcome) throw notFound();
      if (outcome.ok) return reply.redirect('/organisation/units?done=unit-changed', 303);
      errors = formErrors(outcome.problems).errors;
    } else {
      errors = formErrors(parsed.error.issues).errors;
    }
    reply.status(400);
    return unitPage(reply, orgId, unitId, { values, errors });
  });

  async function unitToDelete(orgId: string, unitId: string) {
    const found = isRecordId(unitId) ? await organisations.unit(orgId, unitId) : undefined;
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
        errors: formErrors({ delete: Object.values(outcome.problems)[0] ?? '' }).errors,
        csrfToken: reply.generateCsrf(),
      });
    },
  );
}
