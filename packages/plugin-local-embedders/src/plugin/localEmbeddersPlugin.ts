import { z } from 'zod';
import { definePlugin, modelProviderToken, type ModelProvider } from '@cortex-os/kernel';
import { createHashingProvider, type CreateHashingProviderOptions } from '../provider/createHashingProvider.js';
import { createWordVectorProvider, type CreateWordVectorProviderOptions } from '../provider/createWordVectorProvider.js';

/**
 * Options of {@link localEmbeddersPlugin}.
 * @public
 */
export interface LocalEmbeddersPluginOptions {
  /** The hashing provider's options, or `false` to leave it out. Default: on, with defaults. */
  readonly hashing?: CreateHashingProviderOptions | false;
  /** The word-vector provider's options, `true` for defaults, or `false` (default) to leave it out. */
  readonly wordVectors?: CreateWordVectorProviderOptions | boolean;
}

/**
 * Plugin that provides the local embedders on the router's `modelProviderToken`: the hashing
 * provider by default, and the word-vector provider when asked for.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), localEmbeddersPlugin({ wordVectors: true })] });
 * ```
 * @public
 */
export const localEmbeddersPlugin = definePlugin({
  name: 'local-embedders',
  version: '0.1.0',
  description: 'Local embedders that need no download (hashing; word vectors when installed).',
  // Validated by the provider factories themselves.
  options: z.custom<LocalEmbeddersPluginOptions>((value) => typeof value === 'object' && value !== null).default({}),
  provides: { providers: modelProviderToken },
  start({ options }) {
    const providers: ModelProvider[] = [];
    if (options.hashing !== false) providers.push(createHashingProvider(options.hashing ?? {}));
    if (options.wordVectors !== undefined && options.wordVectors !== false) providers.push(createWordVectorProvider(options.wordVectors === true ? {} : options.wordVectors));
    return { providers };
  },
});
