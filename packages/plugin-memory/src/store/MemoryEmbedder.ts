import type { EmbedResult } from '@cortex-os/kernel';

/**
 * Turns texts into vectors: one vector per text, all of one model. In a runtime this is the
 * kernel's policy router; in tests a deterministic local embedder.
 * @public
 */
export type MemoryEmbedder = (texts: readonly string[], options?: { readonly signal?: AbortSignal }) => Promise<EmbedResult>;
