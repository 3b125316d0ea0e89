import type { ModelModality } from '@cortex-os/kernel/router';
import type { MemoryContentPolicy } from '../media/validateMemoryContent.js';
import type { MemoryEmbedder } from './MemoryEmbedder.js';
import type { MemoryStoreLimits } from './MemoryStoreLimits.js';

/**
 * Options every memory store takes (SQLite, PostgreSQL, the short-term tier).
 * @public
 */
export interface MemoryStoreCommonOptions {
  /** Embeds memory texts and queries; without it the store is keyword-only. The short-term tier should use its long-term store's embedder. */
  readonly embed?: MemoryEmbedder;
  /**
   * The input modalities `embed`'s model embeds, when the embedder does not say itself
   * (`embed.modalities`, which wins); default `['text']`. Image and audio memories of a listed
   * modality are embedded from their bytes, every other memory from its text.
   */
  readonly embedModalities?: readonly ModelModality[];
  /** Clock, epoch milliseconds (inject one in tests). */
  readonly now?: () => number;
  /** Content size limits and allow-list of non-text memories. */
  readonly contentPolicy?: MemoryContentPolicy;
  /** Words dropped from the keyword index and from keyword queries (default: a short English list). A persistent store re-indexes the words on open when it changes. */
  readonly stopWords?: ReadonlySet<string>;
  /** Protective limits (metadata size and keys, batch bytes, tags per filter, response bytes); each defaults as {@link MemoryStoreLimits} says. */
  readonly limits?: Partial<MemoryStoreLimits>;
  /**
   * Weights of the normalised semantic and keyword scores of a `hybrid` search that gives no
   * `weights` of its own (default `{ semantic: 0.6, keyword: 0.4 }`); each finite and ≥ 0, not
   * both 0, else creating the store fails with `MEMORY_INPUT_INVALID`. Only their ratio matters.
   * A tiered store given them applies them to both tiers.
   */
  readonly searchWeights?: { readonly semantic: number; readonly keyword: number };
}
