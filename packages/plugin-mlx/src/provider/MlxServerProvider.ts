import { KernelError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  ModelCallOptions,
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
} from '@cortex-os/kernel/router';
import { createOpenAiCompatibleClient, isLoopbackUrl, type OpenAiCompatibleClient } from '@cortex-os/provider-kit';

/**
 * What server mode needs of {@link createMlxProvider}'s options.
 * @internal
 */
export interface MlxServerProviderOptions {
  readonly name?: string;
  readonly serverUrl: string;
  readonly generationModels?: readonly string[];
  readonly contextLength?: number;
  readonly requestTimeoutMs?: number;
}

/**
 * The MLX provider in server mode: chat completions from a running `mlx_lm.server`, spoken to
 * through provider-kit's OpenAI-compatible client. It starts no worker and holds no resource.
 * It declares neither `tools` nor `streaming` yet: mlx_lm.server accepts `tools` and answers
 * `tool_calls`, but the client sends and reads neither until provider-kit adds them (issue 16);
 * then this provider passes `tools`/`toolChoice` through and delegates `stream` to the client.
 * @throws `OPENAI_OPTIONS_INVALID` (an `OpenAiError`) for a server URL that is not http(s), or a timeout that is not positive.
 * @internal
 */
export class MlxServerProvider implements ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #client: OpenAiCompatibleClient | undefined;
  readonly #models: readonly string[];

  constructor(options: MlxServerProviderOptions) {
    this.name = options.name ?? 'mlx';
    this.#models = options.generationModels ?? [];
    const serverUrl = options.serverUrl.replace(/\/+$/, '');
    const locality = isLoopbackUrl(serverUrl) ? 'local' : 'remote';
    this.capabilities = {
      operations: this.#models.length === 0 ? [] : ['generate'],
      ...(this.#models.length === 0 ? {} : { generationModels: this.#models }),
      ...(options.contextLength === undefined ? {} : { contextLength: options.contextLength }),
      locality,
      relativeCost: locality === 'local' ? 0 : 1,
    };
    // An empty URL is accepted (e.g. from an unset environment variable) and means "not configured".
    this.#client =
      serverUrl === ''
        ? undefined
        : createOpenAiCompatibleClient({
            baseUrl: serverUrl,
            providerName: this.name,
            ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
          });
  }

  async health(options: ModelCallOptions = {}): Promise<ModelProviderHealth> {
    if (this.#client === undefined) return { available: false, reason: 'no serverUrl configured' };
    let models: string[];
    try {
      models = await this.#client.listModels(options.signal);
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      return { available: false, reason: (error as Error).message, details: { serverUrl: this.#client.baseUrl } };
    }
    const missingModels = this.#models.filter((model) => !models.includes(model));
    return { available: true, details: { serverUrl: this.#client.baseUrl, models: models.length, missingModels } };
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const model = options.model ?? this.#models[0];
    if (this.#client === undefined || model === undefined) {
      const reason = this.#client === undefined ? 'no serverUrl configured' : 'no generation model configured';
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" is unavailable: ${reason}.`, {
        details: { provider: this.name, reason },
      });
    }
    return this.#client.chatCompletion(
      messages,
      {
        model,
        ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(options.onToken === undefined ? {} : { onToken: options.onToken }),
      },
      options.signal,
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  toString(): string {
    return `MlxServerProvider(${this.name}, ${this.#client?.baseUrl ?? 'not configured'})`;
  }
}
