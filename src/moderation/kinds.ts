// How moderation names a kind's records in pages and links: its review address and its statuses in words.
import type { ScopedKind } from '../content/kind.ts';

/** Content named by a request: its kind's type and its id. */
export interface ContentRef {
  type: string;
  id: string;
}

/** Where a moderator reviews a record of a moderated kind: under /moderation, at the kind's own path. */
export const reviewUrl = (kind: ScopedKind, id: string) => `/moderation${kind.url(id)}`;

/** How a status reads to a moderator: the kind's own name for it, or the stored value in words. */
export function statusName(kind: ScopedKind, status: string) {
  const named = kind.moderation?.statusNames?.[status];
  if (named) return named;
  const words = status.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
