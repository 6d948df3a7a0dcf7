// The daily housekeeping job: clears sent and given-up email out of the outbox, then runs the daily tasks
// the composition root hands in (such as purging what organisations' retention periods have expired).
import type { Db } from '../db/database.ts';
import { maxAttempts } from '../email/delivery.ts';
import { deleteGivenUpBefore, deleteSentBefore } from '../email/repository.ts';
import type { Log } from '../log.ts';

export type DailyTask = (now: Date) => Promise<unknown>;

/** How long a sent or given-up message stays listed on /admin/email. */
export const keepSentEmailDays = 7;

export async function housekeeping(db: Db, now: Date, dailyTasks: readonly DailyTask[], log: Log): Promise<void> {
  const cutoff = new Date(now.getTime() - keepSentEmailDays * 86_400_000);
  const removed = await deleteSentBefore(db, cutoff);
  if (removed > 0) log.info(`Housekeeping: removed ${removed} sent email older than ${keepSentEmailDays} days.`);
  const givenUp = await deleteGivenUpBefore(db, cutoff, maxAttempts);
  if (givenUp > 0) {
    log.info(`Housekeeping: removed ${givenUp} undeliverable email queued over ${keepSentEmailDays} days ago.`);
  }
  // One failing task must not stop the others; the run still fails afterwards, so pg-boss retries it.
  const failures: unknown[] = [];
  for (const task of dailyTasks) {
    try {
      await task(now);
    } catch (error) {
      failures.push(error);
      log.warn(`Housekeeping: a daily task failed: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} daily task(s) failed`);
}
