import { createRequire } from 'node:module';
import { z } from 'zod';
import type { PluginFactory, SchemaFits } from '@cortex-os/kernel';
import { defineProviderPlugin } from '@cortex-os/provider-kit';
import { createOllamaProvider, type CreateOllamaProviderOptions, type OllamaEmbeddingOptions } from '../provider/createOllamaProvider.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** An http(s) URL, or `''` (the factory reads it as "not configured"). */
const baseUrlSchema = z.union(
  [z.literal(''), z.url({ protocol: /^https?$/, error: 'Invalid URL: expected an http(s) URL such as "http://127.0.0.1:11434"' })],
  {
    error: 'Invalid input: expected an http(s) URL such as "http://127.0.0.1:11434"',
  },
);

const embeddingSchema = z.strictObject({
  model: z.string().min(1),
  dimensions: z.int().positive(),
});

const optionsSchema = z.strictObject({
  name: z.string().min(1).exactOptional(),
  baseUrl: baseUrlSchema.exactOptional(),
  embedding: embeddingSchema.exactOptional(),
  generationModels: z.array(z.string().min(1)).readonly().exactOptional(),
  contextLength: z.int().positive().exactOptional(),
  keepAlive: z.string().min(1).exactOptional(),
  timeoutMs: z.int().positive().exactOptional(),
  streamIdleTimeoutMs: z.int().positive().exactOptional(),
  maxLineBytes: z.int().positive().exactOptional(),
  toolCalling: z.boolean().exactOptional(),
  relativeCost: z.number().nonnegative().exactOptional(),
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', { error: 'Invalid input: expected a function' }).exactOptional(),
});

// Compile-time proof that the schemas and the factory's option interfaces have not drifted apart.
true satisfies SchemaFits<CreateOllamaProviderOptions, typeof optionsSchema>;
true satisfies SchemaFits<OllamaEmbeddingOptions, typeof embeddingSchema>;

/**
 * The options schema of {@link ollamaPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const ollamaPluginOptions: z.ZodType<CreateOllamaProviderOptions, CreateOllamaProviderOptions> = optionsSchema;

/**
 * Plugin that provides an Ollama provider to the router (through `defineProviderPlugin`);
 * its options are those of {@link createOllamaProvider}. The router closes the provider when
 * the runtime stops.
 *
 * @remarks
 * The options are checked when the runtime is assembled: a wrong type, a bad URL or an unknown
 * key makes `createKernel` throw `KERNEL_ASSEMBLY_FAILED` naming the field.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), ollamaPlugin({ baseUrl: 'http://127.0.0.1:11434', generationModels: ['llama3.2'] })] });
 * ```
 * @public
 */
export const ollamaPlugin: PluginFactory<z.ZodType<CreateOllamaProviderOptions, CreateOllamaProviderOptions | undefined>> =
  defineProviderPlugin({
    name: 'ollama',
    version: packageVersion,
    description: 'Ollama model provider (embeddings, chat with tool calling, structured output and streaming, health from the model list).',
    options: ollamaPluginOptions.default({}),
    create: (options) => createOllamaProvider(options),
  });
