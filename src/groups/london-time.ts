// A session's time as people enter it (a date and a time on London's clock) and as PostgreSQL stores it (an
// instant). Pure: no I/O, so the clock changes are tested on their own.

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
