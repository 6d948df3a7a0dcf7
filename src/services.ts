// The services every route may use, built once by the composition root (main.ts) and handed to the app.
import { accountsService } from './accounts/service.ts';
import type { Db } from './db/database.ts';
import { frameworkService } from './framework/service.ts';
import { storiesService } from './stories/service.ts';

export function createServices(db: Db) {
  return {
    db,
    framework: frameworkService(db),
    stories: storiesService(db),
    accounts: accountsService(db),
  };
}

export type Services = ReturnType<typeof createServices>;
