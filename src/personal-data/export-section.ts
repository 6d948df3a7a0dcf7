// What one part of a person's data export is. Each feature that keeps personal data writes its own section
// in its own folder; src/privacy gathers them (privacy/sections.ts). Below every feature, so any may import it.
import type { Db } from '../db/database.ts';

/**
 * One part of the export. `collect` returns plain JSON-ready data about the person `userId`.
 *
 * Rules every section keeps (tested by scanning a real export):
 * - Never a password hash, token or link hash, session id, CSRF secret, sealed client secret or any other
 *   secret, even a hashed one.
 * - Nobody else's personal data beyond the names needed to make sense of a record (an organisation's
 *   name, a line manager's or inviter's name). Never anyone else's email address.
 * - Feedback (when it exists) appears only as it does in the person's own reports: aggregated by rater
 *   group under the same anonymity threshold, never a rater's identity, email, or individual answers
 *   that the report itself would suppress. Feedback the person gave to others is exported as given,
 *   without the other person's results.
 * - Records other people own (their stories, their plans) are not the person's data, even when the person
 *   can read them.
 */
export interface ExportSection {
  /** The key in the export file, in camelCase. */
  key: string;
  /** One plain sentence for the person: what this section holds. */
  describe: string;
  collect(db: Db, userId: string): Promise<unknown>;
}

/** A date as the export writes it. */
export const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);
