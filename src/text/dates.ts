// The one way Waymark writes a date or a time, on every page and in every email: "4 December 2026" and
// "4 December 2026 at 8:42pm", in London's time (GMT in winter, BST in summer), as GOV.UK writes them.

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
