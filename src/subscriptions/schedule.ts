// When a person's digest is due (pure): immediate digests go at every run of the job (every few minutes),
// daily ones once after 07:00 London time each day, weekly ones once after 07:00 on Mondays. A run that was
// missed is made up by the next one, because "due" means "not considered since the latest slot".
import { londonToInstant, londonWallClock } from '../text/dates.ts';

export const frequencies = ['immediate', 'daily', 'weekly', 'off'] as const;
export type Frequency = (typeof frequencies)[number];
export const frequencyNames: Record<Frequency, string> = {
  immediate: 'As soon as something is published',
  daily: 'Once a day, at 7am',
  weekly: 'Once a week, on Monday at 7am',
  off: 'Never: stop sending me emails about what I follow',
};
export const defaultFrequency: Frequency = 'weekly';
/** However long digests were off or late, nothing older than this goes out. */
export const lookBackMs = 8 * 86_400_000;
/** At most this many of each kind in one message; the rest wait for the next. */
export const itemsPerDigest = 30;

const dayMs = 86_400_000;
export const digestHour = '07:00';

/** The London calendar date `days` before `date` ("2026-12-05"). */
function daysBefore(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - days * dayMs).toISOString().slice(0, 10);
}

function at7(date: string): Date {
  const at = londonToInstant(date, digestHour);
  // 7am is never in the hour the clocks skip (1am to 2am).
  if (!at.ok) throw new Error(`no 7am on ${date}`);
  return at.at;
}

/** The latest daily or weekly slot at or before `now`: 07:00 London, on a Monday for weekly. */
export function latestSlot(frequency: 'daily' | 'weekly', now: Date): Date {
  const { date, time } = londonWallClock(now);
  let day = time >= digestHour ? date : daysBefore(date, 1);
  if (frequency === 'weekly') {
    // getUTCDay of the date itself: 0 is Sunday, 1 Monday.
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    day = daysBefore(day, (weekday + 6) % 7);
  }
  return at7(day);
}

/** Whether a digest is due now, given when this person's digests were last considered (or they started). */
export function digestDue(frequency: Frequency, lastConsidered: Date, now: Date): boolean {
  if (frequency === 'off') return false;
  if (frequency === 'immediate') return true;
  return lastConsidered < latestSlot(frequency, now);
}
