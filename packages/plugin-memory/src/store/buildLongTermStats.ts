import type {
  MemoryIndexState,
  MemoryKeywordIndexState,
  MemoryModality,
  MemoryStats,
  MemoryStorageHealth,
} from '../schema/memorySchemas.js';

/** What a long-term store counted for {@link buildLongTermStats}. */
export interface LongTermStatsCounts {
  /** Live memories per kind (counts may come from the driver as strings). */
  readonly kinds: Iterable<{ readonly kind: string; readonly n: number | string }>;
  /** Live memories per modality. */
  readonly modalities: Iterable<{ readonly modality: MemoryModality; readonly n: number | string }>;
  readonly sizeBytes: number;
  readonly embedding: { readonly model: string; readonly dimensions: number } | undefined;
  readonly index: MemoryIndexState;
  /** The in-process keyword index (stores that keep one). */
  readonly keywordIndex?: MemoryKeywordIndexState;
  /** Whether the store can write and save its derived files (stores that know). */
  readonly storage?: MemoryStorageHealth;
}

/** The stats of a long-term store (every memory in tier `ltm`) from its per-kind and per-modality counts. */
export function buildLongTermStats(counts: LongTermStatsCounts): MemoryStats {
  const byKind: Record<string, number> = {};
  for (const r of counts.kinds) byKind[r.kind] = Number(r.n);
  const byModality: Record<MemoryModality, number> = { text: 0, image: 0, audio: 0, video: 0 };
  for (const r of counts.modalities) byModality[r.modality] = Number(r.n);
  const total = Object.values(byModality).reduce((a, b) => a + b, 0);
  return {
    total,
    byKind,
    byModality,
    byTier: { stm: 0, ltm: total },
    sizeBytes: counts.sizeBytes,
    embedding: counts.embedding === undefined ? undefined : { ...counts.embedding },
    index: counts.index,
    ...(counts.keywordIndex === undefined ? {} : { keywordIndex: counts.keywordIndex }),
    ...(counts.storage === undefined ? {} : { storage: counts.storage }),
  };
}
