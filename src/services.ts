// The services every route may use, built once by the composition root (main.ts) and handed to the app.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { accountsService } from './accounts/service.ts';
import { linkRequestThrottle, signInThrottle } from './accounts/throttle.ts';
import { auditService } from './audit/service.ts';
import type { Db } from './db/database.ts';
import { discussionService } from './discussion/service.ts';
import { type EmailQueued, outbox } from './email/outbox.ts';
import { emailLogService } from './email/service.ts';
import { frameworkService } from './framework/service.ts';
import { invitationsService } from './invitations/service.ts';
import { moderationService } from './moderation/service.ts';
import { organisationsService } from './organisations/service.ts';
import { pairService } from './pair/service.ts';
import { privacyService } from './privacy/service.ts';
import { spacesService } from './spaces/service.ts';
import { secretSealer } from './sso/seal.ts';
import { ssoService } from './sso/service.ts';
import { storyAudioService } from './stories/audio/service.ts';
import { storiesService } from './stories/service.ts';
import { storyTransferService } from './stories/transfer/service.ts';
import { writingService } from './stories/writing/service.ts';
import { taggingService } from './tagging/service.ts';
import type { LimitOverrides } from './throttles/limits.ts';
import { writeThrottles } from './throttles/throttle.ts';

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
  /** Tests only: smaller limits on what sends email or writes for someone (src/throttles/limits.ts). */
  // ssoAllowPrivateIssuers: SSO_ALLOW_PRIVATE_ISSUERS (src/config.ts), which tests on 127.0.0.1 also set.
  options: { limits?: LimitOverrides; ssoAllowPrivateIssuers?: boolean } = {},
) {
  const audit = auditService(db);
  const email = outbox(db, mail.onQueued);
  const discussion = discussionService(db, { email });
  const framework = frameworkService(db);
  const invitations = invitationsService(db, { email, audit });
  return {
    db,
    framework,
    stories: storiesService(db),
    tagging: taggingService(db),
    storyTransfer: storyTransferService(db, { audit }),
    writing: writingService(db, { email, audit }),
    accounts: accountsService(db, { email, audit }),
    signInThrottle: signInThrottle(pool),
    linkRequestThrottle: linkRequestThrottle(pool),
    throttles: writeThrottles(pool, options.limits),
    spaces: spacesService(db, { audit, email }),
    invitations,
    organisations: organisationsService(db, { audit, invitations }),
    privacy: privacyService(db, { audit }),
    pair: pairService(db, { email, framework }),
    storyAudio: storyAudioService(db),
    sso: ssoService(db, {
      audit,
      sealer: secretSealer(secrets.sessionSecret),
      allowPrivateIssuers: options.ssoAllowPrivateIssuers ?? false,
    }),
    discussion,
    moderation: moderationService(db, { email, discussion }),
    audit,
    email,
    emailLog: emailLogService(db, { smtpConfigured: mail.smtpConfigured ?? false }),
  };
}

export type Services = ReturnType<typeof createServices>;
