// The services every route may use, built once by the composition root (main.ts) and handed to the app.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { accountsService } from './accounts/service.ts';
import { linkRequestThrottle, signInThrottle } from './accounts/throttle.ts';
import { articleKind } from './articles/kind.ts';
import { articlesService } from './articles/service.ts';
import { auditService } from './audit/service.ts';
import type { ScopedKind } from './content/kind.ts';
import { kindRegistry } from './content/registry.ts';
import { type Db, searchDbBeside } from './db/database.ts';
import { commentKind } from './discussion/kind.ts';
import { discussionService } from './discussion/service.ts';
import { type EmailQueued, outbox } from './email/outbox.ts';
import { emailLogService } from './email/service.ts';
import { frameworkService } from './framework/service.ts';
import { eraseFromGroups } from './groups/erasure.ts';
import { calendarFeedsService } from './groups/feeds.ts';
import { groupInvitationsService } from './groups/invitations.ts';
import { readingGroupKind } from './groups/kind.ts';
import { meetingService } from './groups/meeting.ts';
import { placesService } from './groups/places.ts';
import { questionSetNames, questionsTouching } from './groups/questions.ts';
import { readingListService } from './groups/reading-list.ts';
import { groupsService } from './groups/service.ts';
import { sessionChangesService } from './groups/session-changes.ts';
import { invitationsService } from './invitations/service.ts';
import { libraryItemKind } from './library/kind.ts';
import { libraryService } from './library/service.ts';
import { moderationService } from './moderation/service.ts';
import { notificationsService } from './notifications/service.ts';
import { organisationsService } from './organisations/service.ts';
import { pairService } from './pair/service.ts';
import { exportSectionsFor } from './privacy/sections.ts';
import { privacyService } from './privacy/service.ts';
import { siteSearchService } from './search/service.ts';
import { spacesService } from './spaces/service.ts';
import { secretSealer } from './sso/seal.ts';
import { ssoService } from './sso/service.ts';
import { storyAudioService } from './stories/audio/service.ts';
import { storyKind } from './stories/kind.ts';
import { searchTimeoutMs, storiesService } from './stories/service.ts';
import { storyTransferService } from './stories/transfer/service.ts';
import { writingService } from './stories/writing/service.ts';
import { subscriptionsService } from './subscriptions/service.ts';
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
  // baseUrl: the site's address (BASE_URL), for links in emails.
  // kinds: tests only, kinds of content beyond the built-in ones (a capability lists its own below).
  options: {
    limits?: LimitOverrides;
    ssoAllowPrivateIssuers?: boolean;
    baseUrl?: string;
    kinds?: readonly ScopedKind[];
  } = {},
) {
  const baseUrl = options.baseUrl ?? '';
  const audit = auditService(db);
  const email = outbox(db, mail.onQueued);
  // Every kind of content, each declared in its own folder (src/content/kind.ts says what a kind declares).
  const scopedKinds: ScopedKind[] = [
    storyKind,
    articleKind,
    readingGroupKind,
    libraryItemKind,
    ...(options.kinds ?? []),
  ];
  const kinds = kindRegistry([...scopedKinds, commentKind(() => scopedKinds.filter((k) => k.discussed))]);
  const notifications = notificationsService(db, { kinds });
  const places = placesService({ email, notifications, baseUrl });
  const groupInvitations = groupInvitationsService(db, { email, baseUrl });
  const discussion = discussionService(db, { email, kinds, notifications, baseUrl });
  const framework = frameworkService(db);
  const invitations = invitationsService(db, { email, audit, baseUrl });
  const articles = articlesService(db);
  return {
    db,
    baseUrl,
    kinds,
    notifications,
    framework,
    stories: storiesService(db, { search: searchDbBeside(pool, searchTimeoutMs) }),
    siteSearch: siteSearchService({ kinds, search: searchDbBeside(pool, searchTimeoutMs) }),
    articles,
    subscriptions: subscriptionsService(db, { email, articles, framework, baseUrl }),
    tagging: taggingService(db),
    library: libraryService(db),
    storyTransfer: storyTransferService(db, { audit }),
    writing: writingService(db, { email, audit, baseUrl }),
    accounts: accountsService(db, { email, audit, baseUrl }),
    signInThrottle: signInThrottle(pool),
    linkRequestThrottle: linkRequestThrottle(pool),
    throttles: writeThrottles(pool, options.limits),
    spaces: spacesService(db, { audit, email, baseUrl }),
    invitations,
    organisations: organisationsService(db, { audit, invitations }),
    privacy: privacyService(db, {
      audit,
      sections: exportSectionsFor(() => kinds.discussed()),
      eraseDiscussion: discussion.eraseBy,
      eraseFromGroups: eraseFromGroups(places, groupInvitations),
    }),
    pair: pairService(db, { email, framework, baseUrl }),
    storyAudio: storyAudioService(db),
    sso: ssoService(db, {
      audit,
      sealer: secretSealer(secrets.sessionSecret),
      allowPrivateIssuers: options.ssoAllowPrivateIssuers ?? false,
    }),
    discussion,
    groups: groupsService(db, { email, notifications, places, baseUrl }),
    meetings: meetingService(db),
    sessionChanges: sessionChangesService(db, { email, places, baseUrl }),
    groupInvitations,
    calendarFeeds: calendarFeedsService(db, { baseUrl }),
    readingLists: readingListService(db, { kinds, baseUrl }),
    // The question sets are data; handed in here so the framework's pages need not import upwards.
    groupQuestions: { touching: questionsTouching, setNames: questionSetNames },
    moderation: moderationService(db, { email, discussion, kinds, notifications, baseUrl }),
    audit,
    email,
    emailLog: emailLogService(db, { smtpConfigured: mail.smtpConfigured ?? false }),
  };
}

export type Services = ReturnType<typeof createServices>;
