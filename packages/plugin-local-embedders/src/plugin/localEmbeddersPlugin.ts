import { createRequire } from 'node:module';
import { z } from 'zod';
import type { PluginFactory, SchemaFits } from '@cortex-os/kernel';
import type { ModelProvider } from '@cortex-os/kernel/router';
import { defineProviderPlugin } from '@cortex-os/provider-kit';
import type { HashingEmbedderWeights } from '../hashing/HashingEmbedder.js';
import { createHashingProvider, type CreateHashingProviderOptions } from '../provider/createHashingProvider.js';
import { createWordVectorProvider, type CreateWordVectorProviderOptions } from '../provider/createWordVectorProvider.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

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

const charNgramsSchema = z
  .strictObject({ min: z.int().min(1).max(8), max: z.int().min(1).max(8) })
  .refine(({ min, max }) => min <= max, { path: ['max'], error: 'Invalid input: max must be at least min' });

const weightsSchema = z
  .strictObject({
    words: z.number().nonnegative().exactOptional(),
    wordBigrams: z.number().nonnegative().exactOptional(),
    charNgrams: z.number().nonnegative().exactOptional(),
  })
  .refine((w) => !(w.words === 0 && w.wordBigrams === 0 && w.charNgrams === 0), {
    error: 'Invalid input: at least one weight must be above 0',
  });

const hashingSchema = z.strictObject({
  name: z.string().min(1).exactOptional(),
  dimensions: z.int().min(8).max(65_536).exactOptional(),
  charNgrams: charNgramsSchema.exactOptional(),
  weights: weightsSchema.exactOptional(),
  lowercase: z.boolean().exactOptional(),
});

const wordVectorsSchema = z.strictObject({
  name: z.string().min(1).exactOptional(),
  vectorsPath: z.string().min(1).exactOptional(),
  cacheDir: z.string().min(1).exactOptional(),
  maxWords: z.int().positive().exactOptional(),
  sifA: z.number().positive().exactOptional(),
});

const optionsSchema = z.strictObject({
  hashing: z
    .union([z.literal(false), hashingSchema], { error: 'Invalid input: expected false or the hashing provider options (an object)' })
    .exactOptional(),
  wordVectors: z
    .union([z.boolean(), wordVectorsSchema], { error: 'Invalid input: expected a boolean or the word-vector provider options (an object)' })
    .exactOptional(),
});

// Compile-time proof that the schemas and the factories' option interfaces have not drifted apart.
true satisfies SchemaFits<LocalEmbeddersPluginOptions, typeof optionsSchema>;
true satisfies SchemaFits<CreateHashingProviderOptions, typeof hashingSchema>;
true satisfies SchemaFits<NonNullable<CreateHashingProviderOptions['charNgrams']>, typeof charNgramsSchema>;
true satisfies SchemaFits<HashingEmbedderWeights, typeof weightsSchema>;
true satisfies SchemaFits<CreateWordVectorProviderOptions, typeof wordVectorsSchema>;

/**
 * The options schema of {@link localEmbeddersPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const localEmbeddersPluginOptions: z.ZodType<LocalEmbeddersPluginOptions, LocalEmbeddersPluginOptions> = optionsSchema;

/**
 * Plugin that provides the local embedders to the router (through `defineProviderPlugin`): the
 * hashing provider by default, and the word-vector provider when asked for.
 *
 * @remarks
 * The options are checked when the runtime is assembled: a wrong type, an out-of-range value or
 * an unknown key makes `createKernel` throw `KERNEL_ASSEMBLY_FAILED` naming the field.
 * @example
 * ```ts
 * createKernel({ plugins: [routerPlugin(), localEmbeddersPlugin({ wordVectors: true })] });
 * ```
 * @public
 */
export const localEmbeddersPlugin: PluginFactory<z.ZodType<LocalEmbeddersPluginOptions, LocalEmbeddersPluginOptions | undefined>> =
  defineProviderPlugin({
    name: 'local-embedders',
    version: packageVersion,
    description: 'Local embedders that need no download (hashing; word vectors when installed).',
    options: localEmbeddersPluginOptions.default({}),
    create(options) {
      const providers: ModelProvider[] = [];
      if (options.hashing !== false) providers.push(createHashingProvider(options.hashing ?? {}));
      if (options.wordVectors !== undefined && options.wordVectors !== false)
        providers.push(createWordVectorProvider(options.wordVectors === true ? {} : options.wordVectors));
      return providers;
    },
  });
