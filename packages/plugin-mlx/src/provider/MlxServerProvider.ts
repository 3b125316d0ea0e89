import { KernelError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  GenerateOptions,
  GenerateResult,
  ModelCallOptions,
  ModelProvider,
  ModelProviderCapabilities,
  ModelProviderHealth,
  ModelStreamPart,
} from '@cortex-os/kernel/router';
import { createOpenAiCompatibleClient, isLoopbackUrl, type OpenAiCompatibleClient } from '@cortex-os/provider-kit';
import { toServerChatRequest } from './toServerChatRequest.js';
import { withFormatInstruction } from './withFormatInstruction.js';

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
 * With generation models it declares `tools` and `streaming` (mlx_lm.server renders `tools`
 * with the model's chat template and answers parsed `tool_calls`, streamed each call whole) and
 * not `structuredOutput`: mlx_lm.server reads no `response_format`, so a direct call with one
 * asks for the schema in the system message, as worker mode does. `toolChoice` is steered as in
 * worker mode (`none` offers no tools, a name only that tool), since the server ignores it.
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
      // No grammar-constrained decoding in mlx-lm: structured output is asked for, never guaranteed.
      ...(this.#models.length === 0 ? {} : { tools: true, streaming: true, structuredOutput: false }),
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
    // The contract has `stream` only where `capabilities.streaming` is declared: hide it otherwise.
    if (this.capabilities.streaming !== true) Object.defineProperty(this, 'stream', { value: undefined });
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
    const { client, model } = this.#ready(options);
    return client.chatCompletion(
      withFormatInstruction(messages, options.responseFormat),
      toServerChatRequest(model, options),
      options.signal,
    );
  }

  /**
   * Streams the reply as typed parts (`POST /chat/completions` with `stream: true` and the usage
   * chunk asked for): text deltas, each tool call as mlx_lm.server sends it (whole, in one
   * delta), then `finish` with usage. Unavailable and HTTP errors are thrown when the first part
   * is asked for; leaving the loop early closes the connection.
   */
  async *stream(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<ModelStreamPart, void, undefined> {
    const { client, model } = this.#ready(options);
    const { onToken: _onToken, ...rest } = options;
    yield* client.streamChatCompletion(
      withFormatInstruction(messages, options.responseFormat),
      toServerChatRequest(model, rest),
      options.signal,
    );
  }

  /** The client and the model for a call, or `PROVIDER_UNAVAILABLE` saying which is missing. */
  #ready(options: GenerateOptions): { readonly client: OpenAiCompatibleClient; readonly model: string } {
    const model = options.model ?? this.#models[0];
    if (this.#client === undefined || model === undefined) {
      const reason = this.#client === undefined ? 'no serverUrl configured' : 'no generation model configured';
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" is unavailable: ${reason}.`, {
        details: { provider: this.name, reason },
      });
    }
    return { client: this.#client, model };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  toString(): string {
    return `MlxServerProvider(${this.name}, ${this.#client?.baseUrl ?? 'not configured'})`;
  }
}
