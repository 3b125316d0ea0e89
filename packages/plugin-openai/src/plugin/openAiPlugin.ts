import { createRequire } from 'node:module';
import { z } from 'zod';
import type { PluginFactory, SchemaFits } from '@cortex-os/kernel';
import { defineProviderPlugin } from '@cortex-os/provider-kit';
import { createOpenAiProvider, type CreateOpenAiProviderOptions, type OpenAiEmbeddingOptions } from '../provider/createOpenAiProvider.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** An http(s) URL, or `''` (the factory reads it as "not configured"). */
const baseUrlSchema = z.union(
  [z.literal(''), z.url({ protocol: /^https?$/, error: 'Invalid URL: expected an http(s) URL such as "http://127.0.0.1:8080/v1"' })],
  {
    error: 'Invalid input: expected an http(s) URL such as "http://127.0.0.1:8080/v1"',
  },
);

const embeddingSchema = z.strictObject({
  model: z.string().min(1),
  dimensions: z.int().positive(),
  sendDimensions: z.boolean().exactOptional(),
});

const optionsSchema = z.strictObject({
  name: z.string().min(1).exactOptional(),
  baseUrl: baseUrlSchema.exactOptional(),
  // zod names the field, never its value, so a wrongly typed API key does not leak into errors or logs.
  apiKey: z.string().exactOptional(),
  embedding: embeddingSchema.exactOptional(),
  generationModels: z.array(z.string().min(1)).readonly().exactOptional(),
  contextLength: z.int().positive().exactOptional(),
  tools: z.boolean().exactOptional(),
  structuredOutput: z.boolean().exactOptional(),
  streaming: z.boolean().exactOptional(),
  strictSchemas: z.boolean().exactOptional(),
  locality: z.enum(['local', 'remote']).exactOptional(),
  relativeCost: z.number().nonnegative().exactOptional(),
  timeoutMs: z.int().positive().exactOptional(),
  streamIdleTimeoutMs: z.int().positive().exactOptional(),
  headers: z.record(z.string(), z.string()).readonly().exactOptional(),
  fetch: z.custom<typeof fetch>((value) => typeof value === 'function', { error: 'Invalid input: expected a function' }).exactOptional(),
});

// Compile-time proof that the schemas and the factory's option interfaces have not drifted apart.
true satisfies SchemaFits<CreateOpenAiProviderOptions, typeof optionsSchema>;
true satisfies SchemaFits<OpenAiEmbeddingOptions, typeof embeddingSchema>;

/**
 * The options schema of {@link openAiPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const openAiPluginOptions: z.ZodType<CreateOpenAiProviderOptions, CreateOpenAiProviderOptions> = optionsSchema;

/**
 * Plugin that provides an OpenAI-compatible provider to the router (through
 * `defineProviderPlugin`); its options are those of {@link createOpenAiProvider}. The router
 * closes the provider when the runtime stops.
 *
 * @remarks
 * The options are checked when the runtime is assembled: a wrong type, a bad URL or an unknown
 * key makes `createKernel` throw `KERNEL_ASSEMBLY_FAILED` naming the field (never its value,
 * so an API key does not end up in an error).
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), openAiPlugin({ baseUrl: 'http://127.0.0.1:8080/v1', generationModels: ['m'] })] });
 * ```
 * @public
 */
export const openAiPlugin: PluginFactory<z.ZodType<CreateOpenAiProviderOptions, CreateOpenAiProviderOptions | undefined>> =
  defineProviderPlugin({
    name: 'openai',
    version: packageVersion,
    description: 'OpenAI-compatible model provider (embeddings, chat completions with tool calls, structured output and streaming).',
    options: openAiPluginOptions.default({}),
    create: (options) => createOpenAiProvider(options),
  });
