// What a person's data export holds: each feature that keeps personal data writes its own section in its
// own folder (typed by src/personal-data/export-section.ts); this list gathers them for the export and the
// privacy page.

import { apiTokensSection, profileSection, sessionsSection } from '../accounts/export.ts';
import { articlesSection } from '../articles/export.ts';
import { auditEventsSection } from '../audit/export.ts';
import type { ScopedKind } from '../content/kind.ts';
import { discussionSection } from '../discussion/export.ts';
import { emailSection } from '../email/export.ts';
import { readingGroupsSection } from '../groups/export.ts';
import { invitationsSection } from '../invitations/export.ts';
import { librarySection } from '../library/export.ts';
import { notificationsSection } from '../notifications/export.ts';
import { organisationsSection } from '../organisations/export.ts';
import { pairSection } from '../pair/export.ts';
import type { ExportSection } from '../personal-data/export-section.ts';
import { spacesSection } from '../spaces/export.ts';
import { identitiesSection } from '../sso/export.ts';
import { recordingsSection } from '../stories/audio/export.ts';
import { storiesSection } from '../stories/export.ts';
import { storyImportsSection } from '../stories/transfer/export-section.ts';
import { subscriptionsSection } from '../subscriptions/export.ts';

export type { ExportSection } from '../personal-data/export-section.ts';

/**
 * Every section, in the order the export and the privacy page show them (the discussion's for the kinds of
 * content people discuss, which the composition root passes in). A feature that keeps personal
 * data (feedback, development plans, exchanges, the journal) writes its section in its own folder, keeping
 * the rules in `ExportSection`'s comment, and adds it here; the integration test then scans its output for
 * secrets like every other's.
 */
export const exportSectionsFor = (discussed: () => readonly ScopedKind[]): readonly ExportSection[] => [
  profileSection,
  organisationsSection,
  spacesSection,
  storiesSection,
  articlesSection,
  sessionsSection,
  apiTokensSection,
  identitiesSection,
  invitationsSection,
  auditEventsSection,
  emailSection,
  pairSection,
  readingGroupsSection,
  recordingsSection,
  discussionSection(discussed),
  notificationsSection,
  storyImportsSection,
  librarySection,
  subscriptionsSection,
];
