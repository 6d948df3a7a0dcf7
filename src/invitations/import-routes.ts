// Importing a staff list (CSV) into the admin's current organisation: upload or paste, preview, confirm.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { callerOf, currentOrgOf } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { limitedPage } from '../throttles/web.ts';
import { HttpError } from '../web/errors.ts';
import { formErrors, formFields } from '../web/forms.ts';
import { acceptFileForms, type FileFormLimits, receiveFileForm } from '../web/uploads.ts';
import { type ImportPlan, importLimits, templateCsv } from './csv.ts';
import { roleNames } from './service.ts';

const views = 'invitations/views';

/** A fingerprint of what a preview promised, so confirming acts only on what the admin saw. */
const planDigest = (plan: ImportPlan) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        plan.rows.map((r) => [r.line, r.email.toLowerCase(), r.action, r.role, r.unitId, r.managerEmail]),
        plan.bad.map((b) => b.line),
      ]),
    )
    .digest('base64url');

/**
 * A staff list arrives as multipart/form-data, read only by the upload route once the caller is known (see
 * web/uploads.ts). Pasted text has room above the limit, so the preview can say what is wrong with it.
 */
const staffListForm: FileFormLimits = {
  file: 'file',
  maxFileBytes: importLimits.maxBytes,
  maxFieldBytes: 2 * importLimits.maxBytes,
  limitText: `${importLimits.maxBytes / 1_000_000} MB`,
};

export function staffImportRoutes(services: Services): FastifyPluginAsync {
  const invitations = services.invitations;
  return async (app) => {
    // Content-type parsers are scoped to the plugin: the upload below needs this one here.
    acceptFileForms(app);

    // Importing a staff list: upload or paste, preview every row, then confirm. Nothing is written before.
    app.get(
      '/organisation/import',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) =>
        reply.view(`${views}/import.njk`, {
          orgName: await invitations.organisationName(currentOrgOf(request.principal)),
          units: await invitations.units(currentOrgOf(request.principal)),
          maxRows: importLimits.maxRows,
          csrfToken: reply.generateCsrf(),
        }),
    );

    app.get(
      '/organisation/import/template.csv',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (_request, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="waymark-staff-template.csv"')
          .send(templateCsv),
    );

    const previewPage = (plan: ImportPlan, csv: string, extra: Record<string, unknown> = {}) => ({
      plan,
      csv,
      digest: planDigest(plan),
      rows: plan.rows.map((r) => ({ ...r, roleName: roleNames[r.role] })),
      importable: plan.counts.invite,
      ...extra,
    });

    app.post(
      '/organisation/import',
      { config: { access: 'org_admin' }, schema: { hide: true } },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const importPage = async (status: number, csv: string, text: string) =>
          reply.status(status).view(`${views}/import.njk`, {
            orgName: await invitations.organisationName(orgId),
            units: await invitations.units(orgId),
            maxRows: importLimits.maxRows,
            values: { csv },
            errors: formErrors({ file: text }).errors,
            csrfToken: reply.generateCsrf(),
          });
        let received: { fields: Record<string, string>; uploaded: string };
        try {
          received = await receiveFileForm(
            request,
            callerOf(request.principal).personId,
            staffListForm,
            async (form) => ({
              fields: form.fields,
              uploaded: form.file ? await readFile(form.file.path, 'utf8') : '',
            }),
          );
        } catch (error) {
          if (!(error instanceof HttpError) || error.status !== 413) throw error;
          return importPage(413, '', error.fields?.file ?? error.message);
        }
        const { fields, uploaded } = received;
        const text = uploaded.trim() ? uploaded : (fields.csv ?? '');
        if (text.trim() === '')
          return importPage(400, fields.csv ?? '', 'Select a CSV file, or paste the list into the box');
        const plan = await invitations.previewImport(orgId, text);
        if (plan.fileProblems.length > 0) reply.status(400);
        return reply.view(`${views}/import-preview.njk`, previewPage(plan, text, { csrfToken: reply.generateCsrf() }));
      },
    );

    app.post(
      '/organisation/import/confirm',
      { config: { access: 'org_admin' }, schema: { hide: true }, bodyLimit: 4 * importLimits.maxBytes },
      async (request, reply) => {
        const orgId = currentOrgOf(request.principal);
        const fields = formFields(request);
        const text = fields.csv ?? '';
        // Checked again now: the organisation may have changed since the preview.
        const plan = await invitations.previewImport(orgId, text);
        if (plan.fileProblems.length > 0 || plan.counts.invite === 0 || planDigest(plan) !== fields.digest) {
          reply.status(409);
          return reply.view(
            `${views}/import-preview.njk`,
            previewPage(plan, text, { changed: true, csrfToken: reply.generateCsrf() }),
          );
        }
        // Each person invited counts: the import goes ahead whole, or not at all.
        const refused = await services.throttles.consume({ organisationInvitations: orgId }, plan.counts.invite);
        if (refused)
          return limitedPage(reply, refused, { href: '/organisation/import', text: 'Back to the staff import' });
        const result = await invitations.confirmImport(callerOf(request.principal).personId, orgId, text);
        return reply.view(`${views}/import-done.njk`, { counts: result.plan.counts });
      },
    );
  };
}
