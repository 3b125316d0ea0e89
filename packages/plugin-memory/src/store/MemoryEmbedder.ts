import type { EmbedInput, EmbedResult, ModelModality } from '@cortex-os/kernel/router';

/**
 * Turns inputs into vectors: one vector per input, all of one model. Inputs are texts, or the
 * bytes of an image or audio memory when the embedder's model embeds that modality (see
 * `modalities`). In a runtime this is the kernel's policy router; in tests a deterministic
 * local embedder. A plain `(texts) => …` function is a text-only embedder.
 * @public
 */
export interface MemoryEmbedder {
  /** Embeds `inputs` with one model: one vector per input, in order; `signal` cancels the call. */
  (inputs: readonly EmbedInput[], options?: { readonly signal?: AbortSignal }): Promise<EmbedResult>;
  /**
   * The input modalities the embedder's model embeds, read before every write. Image and audio
   * memories of a listed modality are embedded from their bytes; every other memory from its
   * text. Absent: the store's `embedModalities` option, else `['text']`.
   */
  readonly modalities?: readonly ModelModality[];
}
