// Waymark's background jobs on the runner: `email-delivery` (on request whenever a message is queued, and
// every minute as a safety net) and `housekeeping` (daily). The composition root starts and stops them.
import type { Db } from '../db/database.ts';
import { emailDelivery, logMailer, smtpMailer } from '../email/delivery.ts';
import type { Log } from '../log.ts';
import { hasTagModel, rebuildTagModel } from '../tagging/service.ts';
import { type DailyTask, housekeeping } from './housekeeping.ts';
import { startJobRunner } from './runner.ts';

export const emailDeliveryJob = 'email-delivery';
export const housekeepingJob = 'housekeeping';
/** Rebuilds the tag suggestion model from the published stories (daily, and at start when there is none). */
export const tagModelJob = 'tag-model';

export interface JobsOptions {
  db: Db;
  /** The same PostgreSQL the app uses. */
  connectionString: string;
  log: Log;
  /** Unset: messages are written to the log and marked sent. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Run after the outbox is cleared, each day, with the time of the run. */
  dailyTasks?: DailyTask[];
  now?: () => Date;
  pollingIntervalSeconds?: number;
}

export interface Jobs {
  /** Ask for email to be sent soon (the outbox's onQueued). */
  deliverEmailSoon(): void;
  stop(): Promise<void>;
}

export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const now = options.now ?? (() => new Date());
  const mailer = options.smtpUrl ? smtpMailer(options.smtpUrl) : logMailer(options.log);
  const delivery = emailDelivery(options.db, { mailer, from: options.mailFrom, now });
  // Stopping ends a running tag model build at once (pg-boss runs it again later) rather than wait for it.
  const builds = new AbortController();
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
      {
        name: tagModelJob,
        cron: '41 2 * * *',
        run: () =>
          rebuildTagModel(options.db, now(), { signal: builds.signal, connectionString: options.connectionString }),
      },
    ],
  });
  // A new installation has no model yet: build one soon rather than wait for the night.
  if (!(await hasTagModel(options.db))) runner.request(tagModelJob);
  return {
    deliverEmailSoon: () => runner.request(emailDeliveryJob),
    async stop() {
      builds.abort();
      await runner.stop();
      mailer.close();
    },
  };
}
