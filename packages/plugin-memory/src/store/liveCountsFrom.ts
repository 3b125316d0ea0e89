import type { MemoryModality } from '../schema/memorySchemas.js';

/** Memories of one kind and modality, counted (a database driver may give the count as a string). */
export interface KindModalityCount {
  readonly kind: string;
  readonly modality: MemoryModality;
  readonly n: number | string;
}

/** The live memories per kind and per modality, each in name order and without empty entries. */
export interface LiveCounts {
  readonly kinds: { kind: string; n: number }[];
  readonly modalities: { modality: MemoryModality; n: number }[];
}

/** Adds `n` to `key`'s entry of `into`. */
function tally(into: Map<string, number>, key: string, n: number): void {
  into.set(key, (into.get(key) ?? 0) + n);
}

/** The non-zero entries of `counts`, in name order. */
function nonZero(counts: Map<string, number>): [string, number][] {
  return [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The live memories from the counts a store keeps (every memory, expired ones included) less the
 * expired ones, both per kind and modality: what `stats()` reports without scanning the memories.
 */
export function liveCountsFrom(kept: Iterable<KindModalityCount>, expired: Iterable<KindModalityCount>): LiveCounts {
  const kinds = new Map<string, number>();
  const modalities = new Map<string, number>();
  for (const [rows, sign] of [
    [kept, 1],
    [expired, -1],
  ] as const)
    for (const { kind, modality, n } of rows) {
      tally(kinds, kind, sign * Number(n));
      tally(modalities, modality, sign * Number(n));
    }
  return {
    kinds: nonZero(kinds).map(([kind, n]) => ({ kind, n })),
    modalities: nonZero(modalities).map(([modality, n]) => ({ modality: modality as MemoryModality, n })),
  };
}
