// What one library item is, as plain data, and the checks on its bibliographic facts (DOI shape, ISBN
// checksum, year range, web address). Pure: the form, the API and BibTeX/RIS imports all use these.

export const itemTypes = ['report', 'paper', 'book', 'guidance', 'dataset', 'video'] as const;
export type ItemType = (typeof itemTypes)[number];

export const itemTypeNames: Record<ItemType, string> = {
  report: 'Report',
  paper: 'Paper',
  book: 'Book',
  guidance: 'Guidance',
  dataset: 'Dataset',
  video: 'Video',
};

export interface Author {
  family: string;
  given: string;
}

/** The bibliographic facts of one work: what imports produce, forms edit and exports write. */
export interface LibraryEntry {
  itemType: ItemType;
  title: string;
  authors: Author[];
  year: number | null;
  /** The journal, or the book a chapter is in. */
  container: string;
  publisher: string;
  doi: string | null;
  isbn: string | null;
  url: string | null;
  /** When a web address was last looked at: YYYY-MM-DD. */
  accessed: string | null;
}

export const minYear = 1800;
export const maxYear = 2100;
export const titleMax = 300;

/** A DOI without its resolver or "doi:" prefix, or null when it does not have a DOI's shape (10.prefix/suffix). */
export function normaliseDoi(value: string): string | null {
  const bare = value
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '');
  return /^10\.\d{4,9}\/\S+$/.test(bare) && bare.length <= 300 ? bare : null;
}

/** An ISBN's digits (X kept for ISBN-10), or null when its length or check digit is wrong. */
export function normaliseIsbn(value: string): string | null {
  const digits = value.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{9}[\dX]$/.test(digits)) {
    const sum = [...digits].reduce((total, ch, i) => total + (ch === 'X' ? 10 : Number(ch)) * (10 - i), 0);
    return sum % 11 === 0 ? digits : null;
  }
  if (/^\d{13}$/.test(digits)) {
    const sum = [...digits].reduce((total, ch, i) => total + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0 ? digits : null;
  }
  return null;
}

/** A web address people can follow (http or https), or null. */
export function normaliseUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length > 2000) return null;
  try {
    const url = new URL(trimmed);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : null;
  } catch {
    return null;
  }
}

/** A calendar date as YYYY-MM-DD, or null when it is not one. */
export function normaliseDate(value: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (y < minYear || y > maxYear) return null;
  return date.toISOString().slice(0, 10);
}

export const yearInRange = (year: number) => Number.isInteger(year) && year >= minYear && year <= maxYear;

/** Authors as a form shows them: one a line, "Family, Given". */
export const authorsAsLines = (authors: readonly Author[]) =>
  authors.map((a) => (a.given ? `${a.family}, ${a.given}` : a.family)).join('\n');

/** "Family, Given" lines back into authors; a line without a comma is a family name (or an organisation). */
export function authorsFromLines(text: string): Author[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const comma = line.indexOf(',');
      return comma < 0
        ? { family: line, given: '' }
        : { family: line.slice(0, comma).trim(), given: line.slice(comma + 1).trim() };
    });
}

/** Authors as one line for pages: "Needham, C. and Mangan, C." is the citation's job; this is names in full. */
export const authorNames = (authors: readonly Author[]) =>
  authors.map((a) => (a.given ? `${a.given} ${a.family}` : a.family)).join(', ');
