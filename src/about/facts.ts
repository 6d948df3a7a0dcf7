// What the public pages about Waymark state as fact: how long things last and are kept, read from the
// constants the code itself runs on, so the privacy notice, cookies page and help cannot drift from it.

import { signInLinkLifetimeMs } from '../accounts/service.ts';
import { signInLimits } from '../accounts/throttle.ts';
import { invitationLifetimeMs } from '../invitations/service.ts';
import { keepSentEmailDays } from '../jobs/housekeeping.ts';
import { retentionLimits } from '../privacy/schema.ts';
import { expiredSignInLinksKeptMs } from '../privacy/service.ts';
import { importKeepDays } from '../stories/transfer/service.ts';
import { consentLinkLifetimeMs } from '../stories/writing/consent-service.ts';
import { sessionCookieNames, sessionLimits } from '../web/session.ts';

const minuteMs = 60 * 1000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A period as people say it: "30 minutes", "12 hours", "14 days", "1 day"; in the largest whole unit. */
export function durationText(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`not a period: ${ms}`);
  // A single day reads as the sign-in messages say it: "24 hours".
  if (ms % dayMs === 0 && ms > dayMs) return count(ms / dayMs, 'day');
  if (ms % hourMs === 0) return count(ms / hourMs, 'hour');
  if (ms % minuteMs === 0) return count(ms / minuteMs, 'minute');
  return count(Math.ceil(ms / 1000), 'second');
}

/** The session cookie this deployment sets: `__Host-` prefixed behind https (see web/session.ts). */
export const sessionCookieFor = (baseUrl: string) =>
  baseUrl.startsWith('https://') ? sessionCookieNames[0] : sessionCookieNames[1];

/** Every period the about pages name, as text. */
export const periods = {
  sessionIdle: durationText(sessionLimits.idleMs),
  sessionLongest: durationText(sessionLimits.absoluteMs),
  signInLink: durationText(signInLinkLifetimeMs),
  invitation: durationText(invitationLifetimeMs),
  consentLink: durationText(consentLinkLifetimeMs),
  sentEmail: durationText(keepSentEmailDays * dayMs),
  unconfirmedImport: durationText(importKeepDays * dayMs),
  signInLock: durationText(signInLimits.accountLockSeconds * 1000),
  addressLock: durationText(signInLimits.addressLockSeconds * 1000),
  /** How long a sign-in link is kept after it stopped working (privacy/service.ts, purgeExpired). */
  signInLinkKept: durationText(expiredSignInLinksKeptMs),
} as const;

/** The numbers the pages name. */
export const limits = {
  failedSignIns: signInLimits.consecutivePerAccountAndAddress,
  failedSignInsPerAddress: signInLimits.perAddressPerDay,
  retentionMinDays: retentionLimits.min,
  retentionMaxDays: retentionLimits.max,
} as const;
