// Organisation pages: switching and leaving (any member), settings, units, members and the audit log (its
// admins; HR/OD may read members), a line manager's team, and creating organisations (platform admins).
// The organisation acted on is always the caller's current one; anything else is a 404. Each area's pages
// are in their own file; this one registers them and puts the organisation in every page's header.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { mayCall } from '../access/routes.ts';
import type { Services } from '../services.ts';
import { memberRoutes } from './member-routes.ts';
import { platformRoutes } from './platform-routes.ts';
import { settingsRoutes } from './settings-routes.ts';
import { switchingRoutes } from './switching-routes.ts';
import { roleNames } from './types.ts';
import { unitRoutes } from './unit-routes.ts';

/**
 * What the layout shows a signed-in person on every page: the organisation they work in, the others they may
 * switch to, and links to what their roles reach. Anonymous visitors and API calls cost no query.
 */
export function setUpOrganisationContext(app: FastifyInstance) {
  app.addHook('preHandler', async (request, reply) => {
    const principal = request.principal;
    if (request.person === undefined || principal.kind !== 'person' || reply.locals === undefined) return;
    // Read with the caller (access/principal.ts): the header costs no query of its own.
    const organisations = request.person.organisations.filter((o) => principal.orgIds.includes(o.id));
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
    switchingRoutes(app, services);
    settingsRoutes(app, services);
    unitRoutes(app, services);
    memberRoutes(app, services);
    platformRoutes(app, services);
  };
}
