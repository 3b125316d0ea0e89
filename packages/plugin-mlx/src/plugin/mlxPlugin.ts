import { z } from 'zod';
import { definePlugin, modelProviderToken } from '@cortex-os/kernel';
import { createMlxProvider, type CreateMlxProviderOptions } from '../provider/createMlxProvider.js';

/**
 * Plugin that provides the MLX provider on the router's `modelProviderToken`; its options are
 * those of {@link createMlxProvider}. Worker stderr and bridge notes go to the plugin's logger
 * unless `logger` is given. The worker is closed when the runtime stops.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), mlxPlugin({ generationModels: ['mlx-community/Llama-3.2-1B-Instruct-4bit'] })] });
 * ```
 * @public
 */
export const mlxPlugin = definePlugin({
  name: 'mlx',
  version: '0.1.0',
  description: 'MLX model provider on Apple silicon (Python worker bridge or mlx_lm.server).',
  // Validated by the provider factory itself (functions such as `logger` are not data).
  options: z.custom<CreateMlxProviderOptions>((value) => typeof value === 'object' && value !== null).default({}),
  provides: { provider: modelProviderToken },
  start: ({ options, logger }) => ({
    provider: createMlxProvider({
      logger: (entry) => logger[entry.level]({ source: entry.source, pid: entry.pid }, entry.message),
      ...options,
    }),
  }),
  // The router also closes providers at stop; closing twice is harmless, and this covers runtimes without a router.
  async stop({ provided }) {
    for (const provider of [provided.provider ?? []].flat()) await provider.close?.();
  },
});
