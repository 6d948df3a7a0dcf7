// The one way Waymark writes a date or a time, on every page and in every email: "4 December 2026" and
// "4 December 2026 at 8:42pm", in London's time (GMT in winter, BST in summer), as GOV.UK writes them; and
// the way back, from a date and time entered on London's clock to an instant (sessions, scheduled articles).

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

function partsOf(value: Date) {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of londonParts.formatToParts(value)) parts[part.type] = part.value;
  return parts;
}

const asDate = (value: Date | string | number) => (value instanceof Date ? value : new Date(value));

/** "4 December 2026": the day in London. */
export function dateText(value: Date | string | number): string {
  const p = partsOf(asDate(value));
  return `${p.day} ${p.month} ${p.year}`;
}

/** "4 December 2026 at 8:42pm": midnight is "12:00am", noon "12:00pm". */
export function dateTimeText(value: Date | string | number): string {
  const p = partsOf(asDate(value));
  return `${p.day} ${p.month} ${p.year} at ${p.hour}:${p.minute}${(p.dayPeriod ?? '').toLowerCase()}`;
}

/** "8:42pm" on its own, for something that happened today. */
export function timeText(value: Date | string | number): string {
  const p = partsOf(asDate(value));
  return `${p.hour}:${p.minute}${(p.dayPeriod ?? '').toLowerCase()}`;
}

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** London's date ("2027-03-28") and time ("09:30") at an instant. */
export function londonWallClock(at: Date): { date: string; time: string } {
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of wallClock.formatToParts(at)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

export type LondonTime = { ok: true; at: Date } | { ok: false; problem: 'invalid' | 'skipped' };

/**
 * The instant a London date and time names. London is on GMT or BST, so the instant is the wall time less
 * nothing or one hour; each candidate is checked by reading it back. In the hour the clocks go forward
 * (the last Sunday of March, 1:00am to 1:59am) no instant matches: `skipped`. In the hour they go back (the
 * last Sunday of October, 1:00am to 1:59am) two match, and the first (still BST) is the one meant.
 */
export function londonToInstant(date: string, time: string): LondonTime {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!d || !t) return { ok: false, problem: 'invalid' };
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1) return { ok: false, problem: 'invalid' };
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March: a day the month does not have is not a date.
  if (new Date(asUtc).getUTCDate() !== day) return { ok: false, problem: 'invalid' };
  const wanted = `${date} ${String(hour).padStart(2, '0')}:${t[2]}`;
  for (const offsetHours of [1, 0]) {
    const at = new Date(asUtc - offsetHours * 3_600_000);
    const back = londonWallClock(at);
    if (`${back.date} ${back.time}` === wanted) return { ok: true, at };
  }
  return { ok: false, problem: 'skipped' };
}

/** What a form says of a time the clocks skip, the same for every form that takes a London time. */
export const skippedTimeMessage = (field: string) =>
  `${field} falls in the hour the clocks go forward: choose a time before 1am or from 2am`;
