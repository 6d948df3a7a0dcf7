// Every limit on what sends email or writes for someone, in one table: how many, over what window, and per
// what. Sign-in's own limits sit with sign-in (src/accounts/throttle.ts); the README lists both.

export interface Limit {
  /** What one point is, as a sentence starts: "Consent requests are limited to…". */
  what: string;
  /** Whose count it is, as the sentence ends: "…for each author". */
  per: string;
  points: number;
  durationSeconds: number;
}

const minute = 60;
const hour = 60 * minute;
const day = 24 * hour;

export const writeLimits = {
  consentRequestsPerAuthorHour: {
    what: 'Consent requests',
    per: 'for each author',
    points: 30,
    durationSeconds: hour,
  },
  consentRequestsPerAuthorDay: { what: 'Consent requests', per: 'for each author', points: 100, durationSeconds: day },
  // Room to ask the most people a story can name (32) once, and a few of them again.
  consentRequestsPerStoryDay: { what: 'Consent requests', per: 'for each story', points: 40, durationSeconds: day },
  comments: { what: 'Comments and replies', per: 'for each person', points: 30, durationSeconds: hour },
  reports: { what: 'Reports', per: 'for each person', points: 10, durationSeconds: hour },
  reactions: { what: '“This resonates” clicks', per: 'for each person', points: 60, durationSeconds: hour },
  apiStories: { what: 'Stories created through the API', per: 'for each person', points: 30, durationSeconds: hour },
  apiArticles: {
    what: 'Articles created or changed through the API',
    per: 'for each editor',
    points: 120,
    durationSeconds: hour,
  },
  tagSuggestions: { what: 'Tag suggestions', per: 'for each person', points: 300, durationSeconds: hour },
  // One staff import may invite up to 2,000 people; each person invited counts.
  organisationInvitations: {
    what: 'Invitations to join an organisation',
    per: 'for each organisation',
    points: 5000,
    durationSeconds: day,
  },
  spaceInvitations: {
    what: 'Invitations to a space',
    per: 'for each person inviting',
    points: 50,
    durationSeconds: day,
  },
  librarySuggestions: { what: 'Library suggestions', per: 'for each person', points: 30, durationSeconds: hour },
  libraryImports: { what: 'Library imports', per: 'for each person', points: 20, durationSeconds: hour },
  readingGroups: { what: 'Reading groups started', per: 'for each person', points: 20, durationSeconds: day },
  // Each request emails the group's facilitators.
  groupJoinRequests: {
    what: 'Requests to join reading groups',
    per: 'for each person',
    points: 20,
    durationSeconds: day,
  },
  groupInvitations: { what: 'Invitations to reading groups', per: 'for each person', points: 50, durationSeconds: day },
  // An answer that gives up a place emails the next person waiting.
  // Changing or cancelling a session emails everyone who answered it.
  sessionChanges: {
    what: 'Changes to reading group sessions',
    per: 'for each person',
    points: 30,
    durationSeconds: day,
  },
  sessionAnswers: {
    what: 'Answers to reading group sessions',
    per: 'for each person',
    points: 60,
    durationSeconds: hour,
  },
  // Each request to subscribe by address may send a confirmation email.
  articleSubscriptionsPerAddress: {
    what: 'Requests to get new articles by email',
    per: 'for each address',
    points: 3,
    durationSeconds: day,
  },
  articleSubscriptionsPerNetwork: {
    what: 'Requests to get new articles by email',
    per: 'from each network address',
    points: 20,
    durationSeconds: hour,
  },
  follows: { what: 'Follows', per: 'for each person', points: 200, durationSeconds: hour },
  ssoStarts: {
    what: 'Single sign-on attempts',
    per: 'from each network address',
    points: 30,
    durationSeconds: 10 * minute,
  },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof writeLimits;

/** Tests make limits smaller (or windows shorter) in code; nothing in the environment changes them. */
export type LimitOverrides = Partial<Record<LimitName, Partial<Pick<Limit, 'points' | 'durationSeconds'>>>>;

/** "an hour", "a day", "every 10 minutes". */
export function windowText(seconds: number): string {
  if (seconds === day) return 'a day';
  if (seconds === hour) return 'an hour';
  if (seconds % day === 0) return `every ${seconds / day} days`;
  if (seconds % hour === 0) return `every ${seconds / hour} hours`;
  if (seconds % minute === 0) return `every ${seconds / minute} minutes`;
  return `every ${seconds} seconds`;
}

/** How long to wait, rounded up to what a person reads: seconds, minutes or hours. */
export function waitText(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds < minute) return plural(seconds, 'second');
  if (seconds < 2 * hour) return plural(Math.ceil(seconds / minute), 'minute');
  return plural(Math.ceil(seconds / hour), 'hour');
}

/** What the caller reads when refused: what is limited, to how many, and when to try again. */
export const refusalText = (limit: Limit, retryAfterSeconds: number) =>
  `${limit.what} are limited to ${limit.points.toLocaleString('en-GB')} ${windowText(limit.durationSeconds)} ${limit.per}. Try again in ${waitText(retryAfterSeconds)}.`;
