// The services every route may use, built once by the composition root (main.ts) and handed to the app.
import type pg from 'pg';
import { accountsService } from './accounts/service.ts';
import { linkRequestThrottle, signInThrottle } from './accounts/throttle.ts';
import { auditService } from './audit/service.ts';
import type { Db } from './db/database.ts';
import { outbox } from './email/outbox.ts';
import { frameworkService } from './framework/service.ts';
import { storiesService } from './stories/service.ts';

export function createServices(db: Db, pool: pg.Pool) {
  const audit = auditService(db);
  const email = outbox(db);
  return {
    db,
    framework: frameworkService(db),
    stories: storiesService(db),
    accounts: accountsService(db, { email, audit }),
    signInThrottle: signInThrottle(pool),
    linkRequestThrottle: linkRequestThrottle(pool),
    audit,
    email,
  };
}

export type Services = ReturnType<typeof createServices>;
