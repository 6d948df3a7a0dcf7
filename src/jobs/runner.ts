// The job runner: pg-boss on Waymark's own PostgreSQL (its tables live in the `pgboss` schema). Every
// instance runs one; pg-boss hands each job to exactly one of them and keeps one copy of each timetable.
import { PgBoss } from 'pg-boss';
import type { Log } from '../log.ts';

export interface Job {
  /** The queue's name in pg-boss. */
  name: string;
  /** When the job also runs on a timetable: a cron expression, in UTC. */
  cron?: string;
  run(): Promise<unknown>;
}

export interface JobRunnerOptions {
  connectionString: string;
  jobs: Job[];
  log: Log;
  /** Where pg-boss keeps its tables. */
  schema?: string;
  /** How often an idle worker looks for work (pg-boss's default is 2 seconds). */
  pollingIntervalSeconds?: number;
}

/**
 * Every queue's settings. A run's instance says it is alive every `heartbeatSeconds / 2`; a run not heard of
 * for `heartbeatSeconds` (its instance frozen, or cut off from the database) is failed by whichever instance
 * supervises next (every `superviseSeconds`) and tried again after `retryDelay`, so one stuck instance holds
 * up a job (all email, for delivery) for half a minute at most, not for the `expireInSeconds` a run may take.
 */
const queueSettings = { retryLimit: 2, retryDelay: 10, expireInSeconds: 900, heartbeatSeconds: 10 };
const superviseSeconds = 10;

export interface JobRunner {
  /**
   * Asks for a run of a job soon. At most one run waits at a time (the `stately` policy), so a burst of
   * requests makes one run, and a request during a run makes one more after it.
   */
  request(name: string): void;
  /** Stops taking jobs, lets the running ones finish, and closes pg-boss's connections. */
  stop(): Promise<void>;
}

export async function startJobRunner(options: JobRunnerOptions): Promise<JobRunner> {
  const { log } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: options.schema ?? 'pgboss',
    // One connection is enough to poll a few queues and record results (the jobs use Waymark's own pool),
    // and each PostgreSQL connection kept open costs about 20 MB.
    max: 1,
    application_name: 'waymark-jobs',
    // Runs whose heartbeat stopped are failed by the queue's monitor, which runs at most this often.
    superviseIntervalSeconds: superviseSeconds,
    monitorIntervalSeconds: superviseSeconds,
  });
  // pg-boss reports connection trouble as events; without a listener an 'error' event would end the process.
  boss.on('error', (error) => log.warn(`Background jobs: ${error.message}`));
  await boss.start();
  const known = new Set<string>();
  try {
    for (const job of options.jobs) {
      // Idempotent: every instance declares the same queues and timetables at start-up; a queue made by an
      // older Waymark takes today's settings.
      await boss.createQueue(job.name, { policy: 'stately', ...queueSettings });
      await boss.updateQueue(job.name, queueSettings);
      await boss.work(
        job.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (batch: unknown[]) => {
          for (const _ of batch) {
            try {
              await job.run();
            } catch (error) {
              // pg-boss retries the run; the log says why it failed.
              log.warn(`Background job ${job.name} failed: ${(error as Error).message}`);
              throw error;
            }
          }
        },
      );
      if (job.cron) await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
      known.add(job.name);
    }
  } catch (error) {
    await boss.stop({ graceful: false });
    throw error;
  }

  const pending = new Set<Promise<unknown>>();
  let stopping: Promise<void> | undefined;
  return {
    request(name) {
      if (!known.has(name)) throw new Error(`No job is called ${name}.`);
      if (stopping) return;
      // A second's grace, so the transaction that asked (a message queued inside it) has committed.
      const sent = boss
        .send(name, null, { startAfter: 1 })
        .catch((error: Error) => log.warn(`Could not ask for a run of ${name}: ${error.message}`))
        .finally(() => pending.delete(sent));
      pending.add(sent);
    },
    stop() {
      stopping ??= (async () => {
        await Promise.allSettled(pending);
        await boss.stop({ graceful: true, timeout: 20_000 });
      })();
      return stopping;
    },
  };
}
