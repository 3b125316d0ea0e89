import { createKernel, type Kernel, type Logger } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { openAiPlugin } from '@cortex-os/plugin-openai';

/** Options of {@link assembleLocalOnlyRuntime}. */
export interface LocalOnlyRuntimeOptions {
  readonly logger?: Logger;
  /** A remote OpenAI-compatible endpoint that is configured but must never be used. */
  readonly remote?: { readonly baseUrl: string; readonly apiKey: string };
}

/**
 * A runtime for data that must not leave the host: the router runs with `localOnly`, so a
 * remote provider, even configured and healthy, is never called.
 */
export function assembleLocalOnlyRuntime(options: LocalOnlyRuntimeOptions = {}): Kernel {
  return createKernel({
    plugins: [
      // The remote provider is ranked first on purpose: localOnly alone keeps it out.
      routerPlugin({
        localOnly: true,
        preferLocal: false,
        ...(options.remote === undefined ? {} : { order: ['openai', 'local-hashing'] }),
      }),
      localEmbeddersPlugin(),
      ...(options.remote === undefined
        ? []
        : [
            openAiPlugin({
              baseUrl: options.remote.baseUrl,
              apiKey: options.remote.apiKey,
              locality: 'remote',
              embedding: { model: 'cortex-hashing-v1-384', dimensions: 384 },
            }),
          ]),
    ],
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
