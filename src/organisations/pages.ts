// What the organisation pages share: their access declarations, the confirmations shown after a change, and
// the sector choices.
import { sectorNames, sectors } from './types.ts';

// Fresh objects per route: Fastify keeps each route's options as its own.
export const page = (access: 'signed_in' | 'org_admin' | 'line_manager' | 'platform_admin') => ({
  config: { access },
  schema: { hide: true },
});
export const membersReaders = () => ({ config: { access: ['org_admin', 'hr_od'] as const }, schema: { hide: true } });

/** Confirmations after a change, by a fixed code, so nothing from the address is echoed into the page. */
const notices: Record<string, string> = {
  settings: 'The organisation’s details were saved.',
  'unit-added': 'The unit was added.',
  'unit-changed': 'The unit was saved.',
  'unit-deleted': 'The unit was deleted. Anyone who was in it now has no unit.',
  roles: 'The roles were saved.',
  placement: 'The unit and line manager were saved.',
  removed: 'The person was removed from the organisation.',
  left: 'You left the organisation. Your own records stay with you.',
  switched: 'You switched organisation.',
  created: 'The organisation was created, and its first admin was invited by email.',
};

/** The confirmation a page was sent back with (`?done=`), if it is one of ours. */
export const notice = (query: unknown) => notices[String((query as { done?: unknown } | undefined)?.done ?? '')];

export const sectorItems = (selected: string | undefined) =>
  sectors.map((s) => ({ value: s, text: sectorNames[s], selected: s === selected }));
