import { requireTextInputs } from '@cortex-os/provider-kit';
import type { EmbedResult, ModelCallOptions, ModelProvider, EmbedInput } from '@cortex-os/kernel/router';
import { createHashingEmbedder, type CreateHashingEmbedderOptions } from '../hashing/HashingEmbedder.js';

/**
 * Options of {@link createHashingProvider}.
 * @public
 */
export interface CreateHashingProviderOptions extends CreateHashingEmbedderOptions {
  /** Provider name the router reports. Default `local-hashing`. */
  readonly name?: string;
}

/**
 * Creates a model provider around the hashing embedder: always available, local, free.
 *
 * @remarks
 * It embeds text only and never generates. Aborted calls reject with the signal's reason.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_OPTIONS_INVALID` for out-of-range options.
 * @example
 * ```ts
 * const provider = createHashingProvider();
 * const { vectors } = await provider.embed!(['hello world']);
 * ```
 * @public
 */
export function createHashingProvider(options: CreateHashingProviderOptions = {}): ModelProvider {
  const { name = 'local-hashing', ...embedderOptions } = options;
  const embedder = createHashingEmbedder(embedderOptions);
  return {
    name,
    capabilities: {
      operations: ['embed'],
      // In-process and per input: one call with many texts costs as much as many calls, so
      // low-power mode must not merge calls (it would only delay them).
      embedding: { model: embedder.model, dimensions: embedder.dimensions, modalities: ['text'], batchingHelps: false },
      locality: 'local',
      relativeCost: 0,
    },
    health: () => Promise.resolve({ available: true, details: { model: embedder.model } }),
    embed(inputs: readonly EmbedInput[], callOptions: ModelCallOptions = {}): Promise<EmbedResult> {
      try {
        callOptions.signal?.throwIfAborted();
        const texts = requireTextInputs(name, inputs);
        const vectors = texts.map((text) => embedder.embed(text));
        return Promise.resolve({ model: embedder.model, dimensions: embedder.dimensions, vectors });
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
  };
}
