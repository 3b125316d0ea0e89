import type { ModelProvider } from '@cortex-os/kernel/router';
import type { CreatePythonWorkerBridgeOptions } from '../bridge/PythonWorkerBridge.js';
import { MlxError } from '../errors/MlxError.js';
import { MlxServerProvider } from './MlxServerProvider.js';
import { type MlxEmbeddingOptions, MlxWorkerProvider } from './MlxWorkerProvider.js';

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
