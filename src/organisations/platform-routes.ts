// Platform admins: every organisation on the deployment, and creating one with its first admin invited.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { callerOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { type FormError, formErrors, formFields, pageNumber } from '../web/forms.ts';
import { notice, page, sectorItems } from './pages.ts';
import { newOrganisationForm } from './schema.ts';

const organisationsPageSize = 50;

export function platformRoutes(app: FastifyInstance, services: Services) {
  const organisations = services.organisations;
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
      const outcome = await organisations.create(callerOf(request.principal).personId, parsed.data);
      if (outcome.ok) return reply.redirect('/admin/organisations?done=created', 303);
      errors = formErrors(outcome.problems).errors;
    } else {
      errors = formErrors(parsed.error.issues).errors;
    }
    reply.status(400);
    return adminPage(reply, {}, { values, errors });
  });
}
