import { createRequire } from 'node:module';
import { z } from 'zod';
import type { PluginFactory, SchemaFits } from '@cortex-os/kernel';
import { defineProviderPlugin } from '@cortex-os/provider-kit';
import type { PythonWorkerLogEntry } from '../bridge/PythonWorkerBridge.js';
import { createMlxProvider, type CreateMlxProviderOptions } from '../provider/createMlxProvider.js';
import type { MlxEmbeddingOptions } from '../provider/MlxWorkerProvider.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** An http(s) URL, or `''` (accepted by the factory, which then reports the server unconfigured). */
const serverUrlSchema = z.union(
  [z.literal(''), z.url({ protocol: /^https?$/, error: 'Invalid URL: expected an http(s) URL such as "http://127.0.0.1:8080/v1"' })],
  {
    error: 'Invalid input: expected an http(s) URL such as "http://127.0.0.1:8080/v1"',
  },
);

const embeddingSchema = z.strictObject({
  model: z.string().min(1),
  dimensions: z.int().positive(),
  modalities: z
    .array(z.enum(['text', 'image', 'audio']))
    .readonly()
    .exactOptional(),
});

const restartBackoffSchema = z.strictObject({
  initialMs: z.int().nonnegative().exactOptional(),
  maxMs: z.int().nonnegative().exactOptional(),
});

const platformSchema = z.strictObject({
  os: z.string().min(1),
  arch: z.string().min(1),
});

const optionsSchema = z
  .strictObject({
    // Worker bridge.
    python: z.string().min(1).exactOptional(),
    script: z.string().min(1).exactOptional(),
    env: z.record(z.string(), z.string()).readonly().exactOptional(),
    maxLineBytes: z.int().positive().exactOptional(),
    requestTimeoutMs: z.int().positive().exactOptional(),
    startTimeoutMs: z.int().positive().exactOptional(),
    concurrency: z.int().positive().exactOptional(),
    restartBackoff: restartBackoffSchema.exactOptional(),
    logger: z
      .custom<(entry: PythonWorkerLogEntry) => void>((value) => typeof value === 'function', {
        error: 'Invalid input: expected a function',
      })
      .exactOptional(),
    // Provider.
    name: z.string().min(1).exactOptional(),
    embedding: embeddingSchema.exactOptional(),
    generationModels: z.array(z.string().min(1)).readonly().exactOptional(),
    contextLength: z.int().positive().exactOptional(),
    serverUrl: serverUrlSchema.exactOptional(),
    dangerouslySkipPlatformCheck: z.boolean().exactOptional(),
    platform: platformSchema.exactOptional(),
  })
  .refine((options) => options.serverUrl === undefined || options.embedding === undefined, {
    path: ['embedding'],
    error:
      'embedding is not available in server mode (serverUrl): mlx_lm.server serves chat completions only; use worker mode for embeddings',
  });

// Compile-time proof that the schemas and the factory's option interfaces have not drifted apart.
true satisfies SchemaFits<CreateMlxProviderOptions, typeof optionsSchema>;
true satisfies SchemaFits<MlxEmbeddingOptions, typeof embeddingSchema>;
true satisfies SchemaFits<NonNullable<CreateMlxProviderOptions['restartBackoff']>, typeof restartBackoffSchema>;
true satisfies SchemaFits<NonNullable<CreateMlxProviderOptions['platform']>, typeof platformSchema>;

/**
 * The options schema of {@link mlxPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const mlxPluginOptions: z.ZodType<CreateMlxProviderOptions, CreateMlxProviderOptions> = optionsSchema;

/**
 * Plugin that provides the MLX provider to the router (through `defineProviderPlugin`); its
 * options are those of {@link createMlxProvider}. Worker stderr and bridge notes go to the
 * plugin's logger unless `logger` is given. The router closes the provider, and so the worker,
 * when the runtime stops.
 *
 * @remarks
 * The options are checked when the runtime is assembled: a wrong type, a bad URL, an unknown
 * key or an embedding model in server mode makes `createKernel` throw `KERNEL_ASSEMBLY_FAILED`
 * naming the field.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), mlxPlugin({ generationModels: ['mlx-community/Llama-3.2-1B-Instruct-4bit'] })] });
 * ```
 * @public
 */
export const mlxPlugin: PluginFactory<z.ZodType<CreateMlxProviderOptions, CreateMlxProviderOptions | undefined>> = defineProviderPlugin({
  name: 'mlx',
  version: packageVersion,
  description: 'MLX model provider on Apple silicon (Python worker bridge or mlx_lm.server).',
  options: mlxPluginOptions.default({}),
  create: (options, { logger }) =>
    createMlxProvider({
      logger: (entry) => logger[entry.level]({ source: entry.source, pid: entry.pid }, entry.message),
      ...options,
    }),
});
