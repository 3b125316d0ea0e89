import { CortexError, KernelError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  EmbedInput,
  EmbedResult,
  GenerateOptions,
  GenerateResult,
  ModelCallOptions,
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
  ModelModality,
} from '@cortex-os/kernel/router';
import { createPythonWorkerBridge, type CreatePythonWorkerBridgeOptions, type PythonWorkerBridge } from '../bridge/PythonWorkerBridge.js';
import { MlxError } from '../errors/MlxError.js';
import type { MlxErrorCode } from '../errors/mlxErrorCatalogue.js';
import { MlxServerProvider } from './MlxServerProvider.js';

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
 * Options of {@link createMlxProvider}.
 * @public
 */
export interface CreateMlxProviderOptions extends CreatePythonWorkerBridgeOptions {
  /** Provider name the router reports. Default `mlx`. */
  readonly name?: string;
  /** Embedding model; without it the provider does not embed (worker mode only). */
  readonly embedding?: MlxEmbeddingOptions;
  /** `mlx_lm` model ids or paths; the first is the default. */
  readonly generationModels?: readonly string[];
  /** Longest input in tokens, reported to the router. */
  readonly contextLength?: number;
  /**
   * Server mode: the API root of a running `mlx_lm.server` (e.g. `http://127.0.0.1:8080/v1`).
   * The provider then speaks HTTP through `@cortex-os/provider-kit`'s OpenAI-compatible client
   * and starts no worker.
   */
  readonly serverUrl?: string;
  /**
   * Run the worker on any platform (for test doubles of the `mlx` modules). Default false:
   * off Apple silicon the provider reports itself unavailable without starting Python.
   */
  readonly dangerouslySkipPlatformCheck?: boolean;
  /** The host platform, for tests. Default `process.platform` / `process.arch`. */
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
 * Creates the MLX model provider: a Python worker running `mlx_lm` (generate, streamed) and
 * `mlx-embeddings` (embed), or — with `serverUrl` — a running `mlx_lm.server`.
 *
 * @remarks
 * Off Apple silicon, `health()` says so plainly (e.g. "MLX needs Apple silicon (macOS arm64);
 * this host is linux/x64") and calls throw `PROVIDER_UNAVAILABLE` without starting Python, so
 * the router falls back. When Python or the `mlx` module is missing, health names the cause.
 * @throws {@link MlxError} `MLX_OPTIONS_INVALID` for invalid limits, or embedding options in server
 * mode; `OPENAI_OPTIONS_INVALID` (from `@cortex-os/provider-kit`) for a `serverUrl` that is not http(s).
 * @example
 * ```ts
 * const provider = createMlxProvider({ generationModels: ['mlx-community/Llama-3.2-1B-Instruct-4bit'] });
 * console.log(await provider.health());
 * ```
 * @public
 */
export function createMlxProvider(options: CreateMlxProviderOptions = {}): ModelProvider {
  if (options.serverUrl !== undefined) {
    if (options.embedding !== undefined) {
      throw new MlxError(
        'MLX_OPTIONS_INVALID',
        'embedding is not available in server mode: mlx_lm.server serves chat completions only; use worker mode for embeddings.',
      );
    }
    return new MlxServerProvider({ ...options, serverUrl: options.serverUrl });
  }
  return new MlxWorkerProvider(options);
}

class MlxWorkerProvider implements ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #platformProblem: string | undefined;
  readonly #embedding: MlxEmbeddingOptions | undefined;
  readonly #models: readonly string[];
  readonly #bridge: PythonWorkerBridge | undefined;

  constructor(options: CreateMlxProviderOptions) {
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
    const model = options.model ?? this.#models[0];
    if (model === undefined)
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no generation model configured.`, {
        details: { provider: this.name },
      });
    const result = await this.#call(() =>
      bridge.request<{
        model: string;
        text: string;
        finish_reason: string;
        prompt_tokens?: number | null;
        generation_tokens?: number | null;
      }>(
        'generate',
        {
          model,
          messages: messages.map(({ role, content }) => ({ role, content })),
          stream: options.onToken !== undefined,
          ...(options.maxTokens === undefined ? {} : { max_tokens: options.maxTokens }),
          ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        },
        {
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          ...(options.onToken === undefined ? {} : { onToken: options.onToken }),
        },
      ),
    );
    return {
      model: result.model,
      text: result.text,
      finishReason: result.finish_reason === 'length' ? 'length' : 'stop',
      usage: {
        ...(typeof result.prompt_tokens === 'number' ? { inputTokens: result.prompt_tokens } : {}),
        ...(typeof result.generation_tokens === 'number' ? { outputTokens: result.generation_tokens } : {}),
      },
    };
  }

  async close(): Promise<void> {
    await this.#bridge?.close();
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
