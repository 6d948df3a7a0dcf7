// An organisation's admins: its settings, and its audit log newest first.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import { auditActions } from '../audit/service.ts';
import type { Services } from '../services.ts';
import { notFound } from '../web/errors.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { notice, page, sectorItems } from './pages.ts';
import { settingsForm } from './schema.ts';

const auditPageSize = 50;

export function settingsRoutes(app: FastifyInstance, services: Services) {
  const organisations = services.organisations;
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
      return settingsPage(reply, orgId, { values, errors: formErrors(parsed.error.issues).errors });
    }
    await organisations.updateSettings(callerOf(request.principal).personId, orgId, parsed.data);
    return reply.redirect('/organisation?done=settings', 303);
  });

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
}
