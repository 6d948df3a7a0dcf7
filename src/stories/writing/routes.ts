// Writing pages: a plain form for a new story or a draft (with a server-rendered preview), the author's
// list of their stories, submitting, withdrawing and deleting with confirmation, autosave for the script,
// and rescuing a draft posted after the session ended. Consent has its own routes (consent-routes.ts).
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../services.ts';
import { editorPage } from './editor-page.ts';
import { editorRoutes } from './editor-routes.ts';
import { lifecycleRoutes } from './lifecycle-routes.ts';
import { keepTextAfterSessionEnds, rescuedDraftRoutes } from './rescue.ts';

export { fromOwnPage } from './rescue.ts';

export function writingRoutes(services: Services): FastifyPluginAsync {
  return async (app) => {
    // First, so that it covers the write routes below (the error handler and hook belong to this plugin).
    keepTextAfterSessionEnds(app);
    const page = editorPage(services);
    editorRoutes(app, services, page);
    rescuedDraftRoutes(app, services, page);
    lifecycleRoutes(app, services);
  };
}
