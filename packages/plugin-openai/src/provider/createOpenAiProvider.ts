import { KernelError } from '@cortex-os/kernel';
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
  ModelStreamPart,
} from '@cortex-os/kernel/router';
import {
  createOpenAiCompatibleClient,
  isLoopbackUrl,
  type OpenAiChatRequest,
  type OpenAiCompatibleClient,
  OpenAiError,
  requireTextInputs,
} from '@cortex-os/provider-kit';

/**
 * The public OpenAI API root; without an API key a provider pointed here is unavailable.
 * @public
 */
export const OPENAI_PUBLIC_BASE_URL = 'https://api.openai.com/v1';

/**
 * The embedding model an OpenAI-compatible provider serves.
 * @public
 */
export interface OpenAiEmbeddingOptions {
  /** Model id sent to the endpoint and reported to the router, e.g. `text-embedding-3-small`. */
  readonly model: string;
  /** Vector size; every returned vector is checked against it. */
  readonly dimensions: number;
  /** Send `dimensions` in the request (OpenAI `text-embedding-3-*` can shorten vectors). Default false. */
  readonly sendDimensions?: boolean;
}

/**
 * Options of {@link createOpenAiProvider}.
 * @public
 */
export interface CreateOpenAiProviderOptions {
  /** Provider name the router reports. Default `openai`. */
  readonly name?: string;
  /** API root including `/v1`. Default `https://api.openai.com/v1`; mlx_lm.server, vLLM, llama.cpp and LM Studio serve one too. */
  readonly baseUrl?: string;
  /** Bearer token; required for the public OpenAI API, optional for local servers. Never logged. */
  readonly apiKey?: string;
  /** Embedding model; without it the provider does not embed. */
  readonly embedding?: OpenAiEmbeddingOptions;
  /** Chat models; the first is the default. Without any the provider does not generate. */
  readonly generationModels?: readonly string[];
  /** Longest input in tokens, reported to the router. */
  readonly contextLength?: number;
  /**
   * Whether the chat models call tools (`capabilities.tools`); set `false` for a server or model
   * without function calling, so the router sends tool requests elsewhere.
   * @defaultValue `true` when the provider has generation models
   */
  readonly tools?: boolean;
  /**
   * Whether the chat models honour `response_format: json_schema` (`capabilities.structuredOutput`).
   * @defaultValue `true` when the provider has generation models
   */
  readonly structuredOutput?: boolean;
  /**
   * Whether `stream` is offered to the router (`capabilities.streaming`).
   * @defaultValue `true` when the provider has generation models
   */
  readonly streaming?: boolean;
  /**
   * Send tool and response-format schemas with `strict: true`, adapted to OpenAI's strict mode
   * (objects closed, optional properties required and nullable, unsupported keywords and formats
   * dropped); the nulls the model sends for optional properties are removed from its reply. For
   * the public OpenAI API; many compatible servers ignore or refuse `strict`.
   * @defaultValue `false`: schemas are sent exactly as given
   */
  readonly strictSchemas?: boolean;
  /** Default: `local` when the base URL is loopback, else `remote`. */
  readonly locality?: 'local' | 'remote';
  /** Default: 0 for local endpoints, 1 for remote ones. */
  readonly relativeCost?: number;
  /** Longest a whole request may take, in ms. Default 120 000. */
  readonly timeoutMs?: number;
  /** Longest a response may stay silent, in ms. Default 30 000. */
  readonly streamIdleTimeoutMs?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use; defaults to the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * Creates a model provider for any OpenAI-compatible endpoint: embeddings (`/embeddings`)
 * and chat completions (`/chat/completions`, SSE-streamed when `onToken` is given).
 *
 * @remarks
 * Pointed at the public OpenAI API without an `apiKey`, the provider reports itself
 * unavailable and every call throws `PROVIDER_UNAVAILABLE` — without opening a connection.
 * The key is kept private: it never appears in errors, `toString`, `toJSON` or `util.inspect`.
 * @throws {@link OpenAiError} `OPENAI_OPTIONS_INVALID` for a bad base URL, dimensions or timeouts.
 * @example
 * ```ts
 * const provider = createOpenAiProvider({
 *   apiKey: process.env.OPENAI_API_KEY,
 *   embedding: { model: 'text-embedding-3-small', dimensions: 1536 },
 *   generationModels: ['gpt-4o-mini'],
 * });
 * ```
 * @public
 */
export function createOpenAiProvider(options: CreateOpenAiProviderOptions = {}): ModelProvider {
  return new OpenAiProvider(options);
}

class OpenAiProvider implements ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #client: OpenAiCompatibleClient | undefined;
  readonly #unavailableReason: string | undefined;
  readonly #embedding: OpenAiEmbeddingOptions | undefined;
  readonly #models: readonly string[];
  readonly #strictSchemas: boolean;

  constructor(options: CreateOpenAiProviderOptions) {
    this.name = options.name ?? 'openai';
    const baseUrl = (options.baseUrl ?? OPENAI_PUBLIC_BASE_URL).replace(/\/+$/, '');
    const embedding = options.embedding;
    if (embedding !== undefined && !(Number.isInteger(embedding.dimensions) && embedding.dimensions > 0)) {
      throw new OpenAiError('OPENAI_OPTIONS_INVALID', `embedding.dimensions must be a positive integer (got ${embedding.dimensions}).`);
    }
    this.#embedding = embedding;
    this.#models = options.generationModels ?? [];
    this.#strictSchemas = options.strictSchemas ?? false;
    const local = isLoopbackUrl(baseUrl);
    const locality = options.locality ?? (local ? 'local' : 'remote');
    this.capabilities = {
      operations: [...(embedding === undefined ? [] : (['embed'] as const)), ...(this.#models.length === 0 ? [] : (['generate'] as const))],
      ...(embedding === undefined
        ? {}
        : { embedding: { model: embedding.model, dimensions: embedding.dimensions, modalities: ['text'] as const } }),
      ...(this.#models.length === 0 ? {} : generationCapabilities(this.#models, options)),
      ...(options.contextLength === undefined ? {} : { contextLength: options.contextLength }),
      locality,
      relativeCost: options.relativeCost ?? (locality === 'local' ? 0 : 1),
    };
    if (baseUrl === '') {
      this.#unavailableReason = 'no base URL configured';
    } else if (baseUrl === OPENAI_PUBLIC_BASE_URL && (options.apiKey === undefined || options.apiKey === '')) {
      this.#unavailableReason = `no API key configured for ${OPENAI_PUBLIC_BASE_URL}`;
    }
    this.#client =
      this.#unavailableReason === undefined
        ? createOpenAiCompatibleClient({
            baseUrl,
            providerName: this.name,
            ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
            ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
            ...(options.streamIdleTimeoutMs === undefined ? {} : { streamIdleTimeoutMs: options.streamIdleTimeoutMs }),
            ...(options.headers === undefined ? {} : { headers: options.headers }),
            ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
          })
        : undefined;
    // The contract has `stream` only where `capabilities.streaming` is declared: hide it otherwise.
    if (this.capabilities.streaming !== true) Object.defineProperty(this, 'stream', { value: undefined });
  }

  async health(options: ModelCallOptions = {}): Promise<ModelProviderHealth> {
    if (this.#client === undefined) return { available: false, reason: this.#unavailableReason ?? 'not configured' };
    let models: string[];
    try {
      models = await this.#client.listModels(options.signal);
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      const status = (error as KernelError).details?.['status'];
      const reason = status === 401 || status === 403 ? `API key rejected (${String(status)})` : (error as Error).message;
      return { available: false, reason, details: { baseUrl: this.#client.baseUrl, ...(status === undefined ? {} : { status }) } };
    }
    const wanted = [...(this.#embedding === undefined ? [] : [this.#embedding.model]), ...this.#models];
    const missingModels = wanted.filter((model) => !models.includes(model));
    return { available: true, details: { baseUrl: this.#client.baseUrl, models: models.length, missingModels } };
  }

  async embed(inputs: readonly EmbedInput[], options: ModelCallOptions = {}): Promise<EmbedResult> {
    const client = this.#ready();
    const embedding = this.#embedding;
    if (embedding === undefined) {
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no embedding model configured.`, {
        details: { provider: this.name },
      });
    }
    const texts = requireTextInputs(this.name, inputs);
    if (texts.length === 0) return { model: embedding.model, dimensions: embedding.dimensions, vectors: [] };
    const result = await client.embeddings(texts, embedding, options.signal);
    // Report the configured id: servers often answer with an alias, and the router pins on ours.
    return { model: embedding.model, dimensions: embedding.dimensions, vectors: result.vectors };
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const client = this.#ready();
    return client.chatCompletion(messages, this.#chatRequest(options), options.signal);
  }

  /**
   * Streams the reply as typed parts: `POST /chat/completions` with `stream: true` and the usage
   * chunk asked for. Unavailable and HTTP errors are thrown when the first part is asked for.
   */
  async *stream(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<ModelStreamPart, void, undefined> {
    const client = this.#ready();
    const { onToken: _onToken, ...rest } = options;
    yield* client.streamChatCompletion(messages, this.#chatRequest(rest), options.signal);
  }

  /** The client request for kernel options: the model (or the default), limits, tools and format. */
  #chatRequest(options: GenerateOptions): OpenAiChatRequest {
    const model = options.model ?? this.#models[0];
    if (model === undefined) {
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no generation model configured.`, {
        details: { provider: this.name },
      });
    }
    const { maxTokens, temperature, onToken, tools, toolChoice, responseFormat } = options;
    return {
      model,
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(temperature === undefined ? {} : { temperature }),
      ...(onToken === undefined ? {} : { onToken }),
      ...(tools === undefined ? {} : { tools }),
      ...(toolChoice === undefined ? {} : { toolChoice }),
      ...(responseFormat === undefined ? {} : { responseFormat }),
      ...(this.#strictSchemas ? { strictSchemas: true } : {}),
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, capabilities: this.capabilities, client: this.#client?.toJSON(), unavailableReason: this.#unavailableReason };
  }

  toString(): string {
    return `OpenAiProvider(${this.name}, ${this.#client?.toString() ?? this.#unavailableReason ?? ''})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #ready(): OpenAiCompatibleClient {
    if (this.#client === undefined) {
      throw new KernelError(
        'PROVIDER_UNAVAILABLE',
        `Provider "${this.name}" is unavailable: ${this.#unavailableReason ?? 'not configured'}.`,
        {
          details: { provider: this.name, reason: this.#unavailableReason },
        },
      );
    }
    return this.#client;
  }
}

/** What a provider with chat models declares: the models, and tools, structured output and streaming unless turned off. */
function generationCapabilities(
  models: readonly string[],
  options: CreateOpenAiProviderOptions,
): Pick<ModelProviderCapabilities, 'generationModels' | 'tools' | 'structuredOutput' | 'streaming'> {
  return {
    generationModels: models,
    tools: options.tools ?? true,
    structuredOutput: options.structuredOutput ?? true,
    streaming: options.streaming ?? true,
  };
}
