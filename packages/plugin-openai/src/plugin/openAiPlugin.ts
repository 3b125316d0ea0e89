import { z } from 'zod';
import { definePlugin, modelProviderToken } from '@cortex-os/kernel';
import { createOpenAiProvider, type CreateOpenAiProviderOptions } from '../provider/createOpenAiProvider.js';

/**
 * Plugin that provides an OpenAI-compatible provider on the router's `modelProviderToken`;
 * its options are those of {@link createOpenAiProvider}.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), openAiPlugin({ baseUrl: 'http://127.0.0.1:8080/v1', generationModels: ['m'] })] });
 * ```
 * @public
 */
export const openAiPlugin = definePlugin({
  name: 'openai',
  version: '0.1.0',
  description: 'OpenAI-compatible model provider (embeddings, streamed chat completions).',
  // Validated by the provider factory itself (functions such as `fetch` are not data).
  options: z.custom<CreateOpenAiProviderOptions>((value) => typeof value === 'object' && value !== null).default({}),
  provides: { provider: modelProviderToken },
  start: ({ options }) => ({ provider: createOpenAiProvider(options) }),
  // The router also closes providers at stop; closing twice is harmless, and this covers runtimes without a router.
  async stop({ provided }) {
    for (const provider of [provided.provider ?? []].flat()) await provider.close?.();
  },
});
