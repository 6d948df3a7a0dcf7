// Waymark's background jobs on the runner: `email-delivery` (on request whenever a message is queued, and
// every minute as a safety net), `housekeeping` (daily), `tag-model` (nightly) and `digests` (every 5 minutes,
// src/subscriptions). The composition root builds the services they run (`jobServices`) and starts and stops
// them; the jobs build nothing of their own.
import type { Db } from '../db/database.ts';
import { emailDelivery, logMailer, smtpMailer } from '../email/delivery.ts';
import { outbox } from '../email/outbox.ts';
import { frameworkService } from '../framework/service.ts';
import type { Log } from '../log.ts';
import { digestService } from '../subscriptions/digests.ts';
import { hasTagModel, rebuildTagModel } from '../tagging/service.ts';
import { type DailyTask, housekeeping } from './housekeeping.ts';
import { startJobRunner } from './runner.ts';

export const emailDeliveryJob = 'email-delivery';
export const housekeepingJob = 'housekeeping';
/** Rebuilds the tag suggestion model from the published stories (daily, and at start when there is none). */
export const tagModelJob = 'tag-model';
/** Subscriptions' digests: every 5 minutes for immediate ones; daily and weekly ones when their 7am has passed. */
export const digestsJob = 'digests';

/** What the jobs run, built once by the composition root and handed in. */
export interface JobServices {
  /** Sends the email waiting in the outbox. */
  delivery: { deliver(): Promise<unknown> };
  /** The tag suggestion model: whether one exists yet, and a fresh build that `signal` stops. */
  tagModel: { exists(): Promise<boolean>; rebuild(now: Date, signal: AbortSignal): Promise<unknown> };
  /** Queues the digests that are due (src/subscriptions/digests.ts); absent when no digests are configured. */
  digests?: { run(now: Date): Promise<{ sent: number }> };
  /** Lets go of what the services hold open (the SMTP connections); the jobs call it when they stop. */
  close(): void;
}

export interface JobServicesOptions {
  /** The same PostgreSQL the app uses: tag model builds read and save in a process of their own. */
  connectionString: string;
  log: Log;
  /** Unset: messages are written to the log and marked sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** What digests need: the session secret their unsubscribe links derive from, and the site's address. */
  digests?: { sessionSecret: string; baseUrl: string };
  now?: () => Date;
}

/** The services the jobs run, for the composition root (src/main.ts) to build once. */
export function jobServices(db: Db, options: JobServicesOptions): JobServices {
  const mailer = options.smtpUrl ? smtpMailer(options.smtpUrl) : logMailer(options.log);
  return {
    delivery: emailDelivery(db, { mailer, from: options.mailFrom, now: options.now }),
    tagModel: {
      exists: () => hasTagModel(db),
      rebuild: (now, signal) => rebuildTagModel(db, now, { signal, connectionString: options.connectionString }),
    },
    digests:
      options.digests && digestService(db, { email: outbox(db), framework: frameworkService(db), ...options.digests }),
    close: () => mailer.close(),
  };
}

export interface JobsOptions {
  /** Housekeeping clears old email out of the outbox. */
  db: Db;
  /** The same PostgreSQL the app uses. */
  connectionString: string;
  log: Log;
  services: JobServices;
  /** Run after the outbox is cleared, each day, with the time of the run. */
  dailyTasks?: DailyTask[];
  now?: () => Date;
  pollingIntervalSeconds?: number;
}

export interface Jobs {
  /** Ask for email to be sent soon (the outbox's onQueued). */
  deliverEmailSoon(): void;
  /** Stops the runner, then closes the services it was handed. */
  stop(): Promise<void>;
}

export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const now = options.now ?? (() => new Date());
  const { delivery, tagModel, digests } = options.services;
  // Stopping ends a running tag model build at once (pg-boss runs it again later) rather than wait for it.
  const builds = new AbortController();
  // Set once the runner exists: a digest run asks for delivery straight after it.
  let deliverSoon = () => {};
  const runner = await startJobRunner({
    connectionString: options.connectionString,
    log: options.log,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    jobs: [
      { name: emailDeliveryJob, cron: '* * * * *', run: () => delivery.deliver() },
      // 03:17 UTC: a quiet hour, off the hour when other systems' jobs pile up.
      {
        name: housekeepingJob,
        cron: '17 3 * * *',
        run: () => housekeeping(options.db, now(), options.dailyTasks ?? [], options.log),
      },
      // 02:41 UTC, before housekeeping: a day's newly published stories join the model overnight.
      { name: tagModelJob, cron: '41 2 * * *', run: () => tagModel.rebuild(now(), builds.signal) },
      // Every 5 minutes: immediate digests at each run, daily and weekly ones once their 7am has passed. What
      // it queued is then sent at once rather than at the next minute's delivery.
      ...(digests
        ? [
            {
              name: digestsJob,
              cron: '*/5 * * * *',
              run: async () => {
                // Only a run that queued something asks for a delivery: most runs find nothing new.
                if ((await digests.run(now())).sent > 0) deliverSoon();
              },
            },
          ]
        : []),
    ],
  });
  deliverSoon = () => runner.request(emailDeliveryJob);
  // A new installation has no model yet: build one soon rather than wait for the night.
  if (!(await tagModel.exists())) runner.request(tagModelJob);
  return {
    deliverEmailSoon: () => runner.request(emailDeliveryJob),
    async stop() {
      builds.abort();
      await runner.stop();
      options.services.close();
    },
  };
}
