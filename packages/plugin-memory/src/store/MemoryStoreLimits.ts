import { MemoryError } from '../errors/MemoryError.js';

/**
 * Protective limits of a long-term store, each sized for typical use; a request over one fails
 * with `MEMORY_LIMIT_EXCEEDED` naming it (nothing is stored), except `responseBytes`, which ends a
 * page early instead.
 * @public
 */
export interface MemoryStoreLimits {
  /** Largest `metadata` of one memory, as UTF-8 JSON bytes. Default 65,536 (64 KiB). */
  readonly metadataBytes: number;
  /** Most keys in one memory's `metadata`, counted at every depth. Default 1,000. */
  readonly metadataKeys: number;
  /** Largest batch of `storeMany` (text, content and metadata bytes of all its memories). Default 268,435,456 (256 MiB, above the largest default content, a 200 MiB video). */
  readonly batchBytes: number;
  /** Most tags in one `filter` of `search` or `list`. Default 64. */
  readonly filterTags: number;
  /** A `list` page (or the hits of a `search`) stops growing past this many bytes of memories; at least one is always returned, and `list` gives a `nextCursor` for the rest. Default 16,777,216 (16 MiB). */
  readonly responseBytes: number;
}

/**
 * The defaults of {@link MemoryStoreLimits}.
 * @public
 */
export const defaultMemoryStoreLimits: MemoryStoreLimits = Object.freeze({
  metadataBytes: 64 * 1024,
  metadataKeys: 1000,
  batchBytes: 256 * 1024 * 1024,
  filterTags: 64,
  responseBytes: 16 * 1024 * 1024,
});

/** The limits with the defaults filled in. */
export function resolveMemoryStoreLimits(limits: Partial<MemoryStoreLimits> = {}): MemoryStoreLimits {
  return { ...defaultMemoryStoreLimits, ...limits };
}

/** The typed error for a value over one of the {@link MemoryStoreLimits}. */
export function memoryLimitExceeded(limit: keyof MemoryStoreLimits, what: string, actual: number, max: number): MemoryError {
  return MemoryError.create(
    'MEMORY_LIMIT_EXCEEDED',
    { what, actual: String(actual), limit, max: String(max) },
    { details: { limit, actual, max } },
  );
}
