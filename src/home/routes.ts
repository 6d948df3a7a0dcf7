// The home page: what Waymark is for, the ten characteristics, and the newest stories the visitor may read.
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { homeService } from './service.ts';

export function homeRoutes(services: Services): FastifyPluginAsync {
  const home = homeService(services);
  return async (app) => {
    app.get('/', { config: { access: 'public', pageCache: true }, schema: { hide: true } }, async (request, reply) => {
      // Signed in, the home is the person's own: "Your Waymark" (home/service.ts).
      if (request.principal.kind === 'person') {
        return reply.view('home/views/dashboard.njk', await home.yourWaymark(request.principal));
      }
      const [framework, latest] = await Promise.all([
        services.framework.current(),
        services.stories.list(request.principal, { page: 1, pageSize: 3 }),
      ]);
      return reply.view('home/views/home.njk', { framework, latest });
    });
  };
}
