import { createKernel, type Kernel, type Logger } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { createHashingEmbedder, localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { mlxPlugin } from '@cortex-os/plugin-mlx';
import { ollamaPlugin } from '@cortex-os/plugin-ollama';
import { openAiPlugin } from '@cortex-os/plugin-openai';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin } from '@cortex-os/plugin-http';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { notesPlugin } from './notesPlugin.js';

/** Where remote model providers are, when the host has them; unset means "not configured". */
export interface DemoProviderSettings {
  readonly ollamaBaseUrl?: string;
  readonly openAiBaseUrl?: string;
  readonly openAiApiKey?: string;
}

/** Options of {@link assembleRuntime}. */
export interface AssembleRuntimeOptions {
  readonly logger?: Logger;
  /** Folder of the embedded memory store (SQLite). */
  readonly dataDir: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
  readonly providers?: DemoProviderSettings;
}

/**
 * The demo runtime, all on embedded defaults: one HTTP server on 127.0.0.1 (health probes,
 * tools over REST, metrics), memory on an embedded SQLite file, MLX ▸ Ollama ▸ OpenAI ▸ local
 * embedders behind the policy router, and a small notes plugin. Providers that are not configured report themselves unavailable without
 * opening a connection, so on a bare machine the local embedders serve.
 */
export function assembleRuntime(options: AssembleRuntimeOptions): Kernel {
  const settings = options.providers ?? {};
  return createKernel({
    plugins: [
      httpPlugin({ host: '127.0.0.1', port: options.port ?? 0 }),
      healthPlugin(),
      // Memory is pinned to the local embedder's model, so its index never depends on a remote model.
      memoryPlugin({ dataDir: options.dataDir, embedding: { model: createHashingEmbedder().model } }),
      notesPlugin(),
      routerPlugin({ order: ['mlx', 'ollama', 'openai', 'local-hashing'], preferLocal: false, retry: false }),
      mlxPlugin({
        embedding: { model: 'mlx-community/bge-small-en-v1.5', dimensions: 384 },
        generationModels: ['mlx-community/Llama-3.2-1B-Instruct-4bit'],
      }),
      ollamaPlugin({
        ...(settings.ollamaBaseUrl === undefined ? {} : { baseUrl: settings.ollamaBaseUrl }),
        embedding: { model: 'nomic-embed-text', dimensions: 768 },
        generationModels: ['llama3.2'],
      }),
      openAiPlugin({
        ...(settings.openAiBaseUrl === undefined ? {} : { baseUrl: settings.openAiBaseUrl }),
        ...(settings.openAiApiKey === undefined ? {} : { apiKey: settings.openAiApiKey }),
        embedding: { model: 'text-embedding-3-small', dimensions: 1536 },
        generationModels: ['gpt-4o-mini'],
      }),
      localEmbeddersPlugin(),
    ],
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}
