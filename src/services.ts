// The services every route may use, built once by the composition root (main.ts) and handed to the app.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { accountsService } from './accounts/service.ts';
import { linkRequestThrottle, signInThrottle } from './accounts/throttle.ts';
import { auditService } from './audit/service.ts';
import type { Db } from './db/database.ts';
import { type EmailQueued, outbox } from './email/outbox.ts';
import { emailLogService } from './email/service.ts';
import { frameworkService } from './framework/service.ts';
import { invitationsService } from './invitations/service.ts';
import { organisationsService } from './organisations/service.ts';
import { privacyService } from './privacy/service.ts';
import { spacesService } from './spaces/service.ts';
import { secretSealer } from './sso/seal.ts';
import { ssoService } from './sso/service.ts';
import { storiesService } from './stories/service.ts';

/** Secrets the services derive keys from; tests may leave them out and get a random one for the process. */
export interface ServiceSecrets {
  /** The session secret: also the root of the key that seals single sign-on client secrets at rest. */
  sessionSecret: string;
}

const processSecrets: ServiceSecrets = { sessionSecret: randomBytes(32).toString('hex') };

/** How queued email leaves: the job runner's nudge (none when jobs are not running), and whether SMTP is set. */
export interface MailSettings {
  onQueued?: EmailQueued;
  smtpConfigured?: boolean;
}

export function createServices(
  db: Db,
  pool: pg.Pool,
  secrets: ServiceSecrets = processSecrets,
  mail: MailSettings = {},
) {
  const audit = auditService(db);
  const email = outbox(db, mail.onQueued);
  return {
    db,
    framework: frameworkService(db),
    stories: storiesService(db),
    accounts: accountsService(db, { email, audit }),
    signInThrottle: signInThrottle(pool),
    linkRequestThrottle: linkRequestThrottle(pool),
    spaces: spacesService(db, { audit, email }),
    invitations: invitationsService(db, { email, audit }),
    organisations: organisationsService(db, { audit }),
    privacy: privacyService(db, { audit }),
    sso: ssoService(db, { audit, sealer: secretSealer(secrets.sessionSecret) }),
    audit,
    email,
    emailLog: emailLogService(db, { smtpConfigured: mail.smtpConfigured ?? false }),
  };
}

export type Services = ReturnType<typeof createServices>;
