import { CortexError, KernelError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  EmbedInput,
  EmbedResult,
  GenerateOptions,
  GenerateResult,
  ModelCallOptions,
  ModelModality,
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
  ModelStreamPart,
} from '@cortex-os/kernel/router';
import { createPythonWorkerBridge, type CreatePythonWorkerBridgeOptions, type PythonWorkerBridge } from '../bridge/PythonWorkerBridge.js';
import { MlxError } from '../errors/MlxError.js';
import type { MlxErrorCode } from '../errors/mlxErrorCatalogue.js';
import { StreamQueue } from './StreamQueue.js';
import { toGenerateResult, toWorkerGenerateParams } from './workerGeneration.js';
import { WorkerReplyReader } from './WorkerReplyReader.js';

/**
 * The embedding model the MLX worker serves (an `mlx-embeddings` model id or path).
 * @public
 */
export interface MlxEmbeddingOptions {
  /** Model id (Hugging Face repo or local path) loaded with `mlx_embeddings.utils.load`. */
  readonly model: string;
  /** Vector size; every returned vector is checked against it. */
  readonly dimensions: number;
  /** Add `image` for a vision-language model (SigLIP / CLIP-like). Default `['text']`. */
  readonly modalities?: readonly ModelModality[];
}

/**
 * What worker mode needs of {@link createMlxProvider}'s options.
 * @internal
 */
export interface MlxWorkerProviderOptions extends CreatePythonWorkerBridgeOptions {
  readonly name?: string;
  readonly embedding?: MlxEmbeddingOptions;
  readonly generationModels?: readonly string[];
  readonly contextLength?: number;
  readonly dangerouslySkipPlatformCheck?: boolean;
  readonly platform?: { readonly os: string; readonly arch: string };
}

interface WorkerHealth {
  available?: boolean;
  reason?: string;
  mlx_version?: string | null;
  metal?: boolean;
  models?: string[];
  python?: string;
  mlx_lm?: string | null;
  mlx_embeddings?: string | null;
}

/**
 * The MLX provider in worker mode: `mlx_lm` and `mlx-embeddings` in a Python worker process.
 * @internal
 */
export class MlxWorkerProvider implements ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #platformProblem: string | undefined;
  readonly #embedding: MlxEmbeddingOptions | undefined;
  readonly #models: readonly string[];
  readonly #bridge: PythonWorkerBridge | undefined;

  constructor(options: MlxWorkerProviderOptions) {
    this.name = options.name ?? 'mlx';
    this.#embedding = options.embedding;
    this.#models = options.generationModels ?? [];
    const embedding = options.embedding;
    if (embedding !== undefined && !(Number.isInteger(embedding.dimensions) && embedding.dimensions > 0)) {
      throw new MlxError('MLX_OPTIONS_INVALID', `embedding.dimensions must be a positive integer (got ${embedding.dimensions}).`);
    }
    this.capabilities = {
      operations: [...(embedding === undefined ? [] : (['embed'] as const)), ...(this.#models.length === 0 ? [] : (['generate'] as const))],
      ...(embedding === undefined
        ? {}
        : { embedding: { model: embedding.model, dimensions: embedding.dimensions, modalities: embedding.modalities ?? ['text'] } }),
      ...(this.#models.length === 0 ? {} : { generationModels: this.#models }),
      ...(options.contextLength === undefined ? {} : { contextLength: options.contextLength }),
      // Tool calls come from the chat template and the worker's parser; mlx-lm has no
      // grammar-constrained decoding, so structured output is asked for, never guaranteed.
      ...(this.#models.length === 0 ? {} : { tools: true, streaming: true, structuredOutput: false }),
      locality: 'local',
      relativeCost: 0,
    };
    const os = options.platform?.os ?? process.platform;
    const arch = options.platform?.arch ?? process.arch;
    if (options.dangerouslySkipPlatformCheck !== true && !(os === 'darwin' && arch === 'arm64')) {
      this.#platformProblem = `MLX needs Apple silicon (macOS arm64); this host is ${os}/${arch}`;
    }
    this.#bridge = this.#platformProblem === undefined ? createPythonWorkerBridge(options) : undefined;
  }

  async health(options: ModelCallOptions = {}): Promise<ModelProviderHealth> {
    if (this.#bridge === undefined) return { available: false, reason: this.#platformProblem ?? 'not configured' };
    let info: WorkerHealth;
    try {
      info = await this.#bridge.request<WorkerHealth>('health', {}, options.signal === undefined ? {} : { signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      return { available: false, reason: (error as Error).message };
    }
    const details = {
      mlx_version: info.mlx_version ?? null,
      metal: info.metal === true,
      models: info.models ?? [],
      python: info.python,
      mlx_lm: info.mlx_lm ?? null,
      mlx_embeddings: info.mlx_embeddings ?? null,
    };
    if (info.available !== true) return { available: false, reason: info.reason ?? 'the MLX worker reports itself unavailable', details };
    const missing = [
      ...(this.#models.length > 0 && details.mlx_lm === null ? ['mlx_lm (pip install mlx-lm)'] : []),
      ...(this.#embedding !== undefined && details.mlx_embeddings === null ? ['mlx_embeddings (pip install mlx-embeddings)'] : []),
    ];
    if (missing.length > 0)
      return { available: false, reason: `python module${missing.length > 1 ? 's' : ''} not importable: ${missing.join(', ')}`, details };
    return { available: true, details };
  }

  async embed(inputs: readonly EmbedInput[], options: ModelCallOptions = {}): Promise<EmbedResult> {
    const bridge = this.#ready();
    const embedding = this.#embedding;
    if (embedding === undefined)
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no embedding model configured.`, {
        details: { provider: this.name },
      });
    const modalities = embedding.modalities ?? ['text'];
    const texts: string[] = [];
    const images: string[] = [];
    const order: Array<['text' | 'image', number]> = [];
    inputs.forEach((input, index) => {
      if (typeof input === 'string') {
        order.push(['text', texts.push(input) - 1]);
      } else if (input.modality === 'image' && modalities.includes('image')) {
        order.push(['image', images.push(Buffer.from(input.data).toString('base64')) - 1]);
      } else {
        throw new KernelError(
          'PROVIDER_REQUEST_FAILED',
          `Provider "${this.name}" cannot embed ${input.modality} (input ${index}) with model ${embedding.model}; it embeds ${modalities.join(' and ')}.`,
          {
            details: { provider: this.name, index, modality: input.modality },
          },
        );
      }
    });
    const result = await this.#call(() =>
      bridge.request<{ vectors: number[][] }>(
        'embed',
        { model: embedding.model, texts, images },
        options.signal === undefined ? {} : { signal: options.signal },
      ),
    );
    // The worker answers texts first, then images; put them back in input order.
    const vectors = order.map(([kind, i]) => {
      const vector = result.vectors[kind === 'text' ? i : texts.length + i];
      if (vector === undefined || vector.length !== embedding.dimensions) {
        throw new KernelError(
          'PROVIDER_REQUEST_FAILED',
          `Provider "${this.name}": model ${embedding.model} returned ${vector === undefined ? 'no vector' : `${vector.length} dimensions`}, expected ${embedding.dimensions}.`,
          {
            details: { provider: this.name, reason: 'invalid-response' },
          },
        );
      }
      return Float32Array.from(vector);
    });
    return { model: embedding.model, dimensions: embedding.dimensions, vectors };
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const bridge = this.#ready();
    const model = this.#generationModel(options);
    const { onToken, signal } = options;
    const params = toWorkerGenerateParams(model, messages, options, onToken !== undefined);
    // Tokens are the text outside tool-call markers: the worker holds the calls back.
    const request = { ...(signal === undefined ? {} : { signal }), ...(onToken === undefined ? {} : { onToken }) };
    return this.#call(async () => toGenerateResult(await bridge.request('generate', params, request)));
  }

  /**
   * Streams the reply: text outside tool-call markers as it is generated, each tool call once the
   * worker has parsed it (one delta with all its arguments), then `finish` with usage.
   */
  async *stream(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<ModelStreamPart, void, undefined> {
    const bridge = this.#ready();
    const model = this.#generationModel(options);
    const params = toWorkerGenerateParams(model, messages, options, true);
    const reader = new WorkerReplyReader();
    const queue = new StreamQueue<ModelStreamPart>();
    // Ends the request when the reader finds a malformed message or the caller stops reading.
    const stop = new AbortController();
    const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
    const forward = (read: () => ModelStreamPart[]): void => {
      try {
        for (const part of read()) queue.push(part);
      } catch (error) {
        stop.abort(error);
      }
    };
    const done = this.#call(async () => {
      const raw = await bridge.request('generate', params, {
        signal,
        onToken: (text) => forward(() => reader.token(text)),
        onToolCall: (call) => forward(() => reader.toolCall(call)),
      });
      return reader.finish(raw).parts;
    }).then(
      (parts) => {
        for (const part of parts) queue.push(part);
        queue.end();
      },
      (error: unknown) => queue.fail(error),
    );
    try {
      for await (const part of queue) {
        // Parts already queued are not worth a caller who has given up.
        options.signal?.throwIfAborted();
        yield part;
      }
    } finally {
      stop.abort();
      await done;
    }
  }

  async close(): Promise<void> {
    await this.#bridge?.close();
  }

  #generationModel(options: GenerateOptions): string {
    const model = options.model ?? this.#models[0];
    if (model === undefined)
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no generation model configured.`, {
        details: { provider: this.name },
      });
    return model;
  }

  #ready(): PythonWorkerBridge {
    if (this.#bridge === undefined) {
      const reason = this.#platformProblem ?? 'not configured';
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" is unavailable: ${reason}.`, {
        details: { provider: this.name, reason: 'platform' },
        cause: new MlxError('MLX_PLATFORM_UNSUPPORTED', reason),
      });
    }
    return this.#bridge;
  }

  /** Translates bridge errors to the kernel codes the router understands; keeps the MLX error as cause. */
  async #call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!CortexError.is(error) || !(error.code as string).startsWith('MLX_')) throw error;
      const { code, reason } = routerView[error.code as MlxErrorCode] ?? routerView.MLX_REQUEST_FAILED;
      throw new KernelError(code, `Provider "${this.name}": ${error.message}`, {
        details: { provider: this.name, reason, mlxCode: error.code },
        cause: error,
      });
    }
  }
}

/**
 * What the router sees of each MLX code: unavailable (fall back, the host lacks MLX) or a failed
 * request, and the reason it logs. A table over every code, so a new code cannot go unmapped.
 */
const routerView: Readonly<
  Record<MlxErrorCode, { readonly code: 'PROVIDER_UNAVAILABLE' | 'PROVIDER_REQUEST_FAILED'; readonly reason: string }>
> = {
  MLX_OPTIONS_INVALID: { code: 'PROVIDER_REQUEST_FAILED', reason: 'worker-error' },
  MLX_PLATFORM_UNSUPPORTED: { code: 'PROVIDER_REQUEST_FAILED', reason: 'worker-error' },
  MLX_PYTHON_NOT_FOUND: { code: 'PROVIDER_UNAVAILABLE', reason: 'worker-error' },
  MLX_MODULE_MISSING: { code: 'PROVIDER_UNAVAILABLE', reason: 'worker-error' },
  MLX_WORKER_CLOSED: { code: 'PROVIDER_UNAVAILABLE', reason: 'worker-error' },
  MLX_WORKER_CRASHED: { code: 'PROVIDER_REQUEST_FAILED', reason: 'worker-crashed' },
  MLX_WORKER_TIMEOUT: { code: 'PROVIDER_REQUEST_FAILED', reason: 'timeout' },
  MLX_LINE_TOO_LONG: { code: 'PROVIDER_REQUEST_FAILED', reason: 'line-too-long' },
  MLX_PROTOCOL_ERROR: { code: 'PROVIDER_REQUEST_FAILED', reason: 'worker-error' },
  MLX_REQUEST_FAILED: { code: 'PROVIDER_REQUEST_FAILED', reason: 'worker-error' },
};
