import type { MemoryRevision } from '../schema/memorySchemas.js';

/** The fields of a memory's earlier state; `expiresAt` null or undefined when it had none. */
export interface MemoryRevisionFields {
  readonly id: string;
  readonly version: number;
  readonly kind: string;
  readonly text: string;
  readonly tags: MemoryRevision['tags'];
  readonly metadata: MemoryRevision['metadata'];
  readonly expiresAt?: number | null | undefined;
  readonly replacedAt: number;
}

/** A history entry of a memory's earlier state. */
export function toMemoryRevision(r: MemoryRevisionFields): MemoryRevision {
  return {
    id: r.id,
    version: r.version,
    kind: r.kind,
    text: r.text,
    tags: r.tags,
    metadata: r.metadata,
    ...(r.expiresAt === null || r.expiresAt === undefined ? {} : { expiresAt: r.expiresAt }),
    replacedAt: r.replacedAt,
  };
}
