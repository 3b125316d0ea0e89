import { z } from 'zod';
import { definePlugin, modelProviderToken } from '@cortex-os/kernel';
import { createOllamaProvider, type CreateOllamaProviderOptions } from '../provider/createOllamaProvider.js';

/**
 * Plugin that provides an Ollama provider on the router's `modelProviderToken`;
 * its options are those of {@link createOllamaProvider}.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), ollamaPlugin({ baseUrl: 'http://127.0.0.1:11434', generationModels: ['llama3.2'] })] });
 * ```
 * @public
 */
export const ollamaPlugin = definePlugin({
  name: 'ollama',
  version: '0.1.0',
  description: 'Ollama model provider (embeddings, NDJSON-streamed chat, health from the model list).',
  // Validated by the provider factory itself (functions such as `fetch` are not data).
  options: z.custom<CreateOllamaProviderOptions>((value) => typeof value === 'object' && value !== null).default({}),
  provides: { provider: modelProviderToken },
  start: ({ options }) => ({ provider: createOllamaProvider(options) }),
  // The router also closes providers at stop; closing twice is harmless, and this covers runtimes without a router.
  async stop({ provided }) {
    for (const provider of [provided.provider ?? []].flat()) await provider.close?.();
  },
});
