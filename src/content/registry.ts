// The kinds of content this deployment has, built once by the composition root (src/services.ts) from each
// capability's declaration, and handed to the shared parts. Nothing here knows a kind by name.
import type { ContentKind, ScopedKind } from './kind.ts';

export function kindRegistry(kinds: readonly ContentKind[]) {
  const byType = new Map<string, ContentKind>();
  for (const kind of kinds) {
    if (byType.has(kind.type)) throw new Error(`Two kinds of content are called ${kind.type}`);
    byType.set(kind.type, kind);
  }
  const all = [...byType.values()];
  return {
    all: () => all,
    /** The kind stored under this type, or undefined for a type nobody registered (a 404 to callers). */
    get: (type: string) => byType.get(type),
    /** A kind with its own scope and pages, or undefined. */
    scoped(type: string): ScopedKind | undefined {
      const kind = byType.get(type);
      return kind && kind.parent === undefined ? kind : undefined;
    },
    /** Kinds people may comment on and react to. */
    discussed: () => all.filter((k): k is ScopedKind => k.parent === undefined && k.discussed === true),
    /** Kinds readers may report. */
    reported: () => all.filter((k) => k.reported === true),
    /** Kinds reviewed before readers have them. */
    moderated: () =>
      all.filter(
        (k): k is ScopedKind & Required<Pick<ScopedKind, 'moderation'>> => k.parent === undefined && !!k.moderation,
      ),
  };
}

export type KindRegistry = ReturnType<typeof kindRegistry>;
