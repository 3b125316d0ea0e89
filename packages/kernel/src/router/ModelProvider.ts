/**
 * What a model provider can do: the router reads this to decide who may serve a request.
 * @public
 */
export type ModelOperation = 'embed' | 'generate';

/**
 * Input modalities a provider can embed.
 * @public
 */
export type ModelModality = 'text' | 'image' | 'audio';

/**
 * The one embedding model a provider serves. Vectors of different models never mix,
 * so the router only falls back between providers with the same `model` id.
 * @public
 */
export interface EmbeddingCapability {
  /** Stable model id, e.g. `hashing-384` or `mlx-community/bge-small-en-v1.5`. */
  readonly model: string;
  readonly dimensions: number;
  readonly modalities: readonly ModelModality[];
}

/**
 * Declared abilities and costs of a provider.
 * @public
 */
export interface ModelProviderCapabilities {
  readonly operations: readonly ModelOperation[];
  /** Present when `operations` includes `embed`. */
  readonly embedding?: EmbeddingCapability;
  /** Models this provider can generate with; the first is its default. */
  readonly generationModels?: readonly string[];
  /** Longest input, in tokens, the provider accepts. */
  readonly contextLength?: number;
  /** `local` providers never send data off the host; `localOnly` policies use only these. */
  readonly locality: 'local' | 'remote';
  /** Relative cost per request; 0 for free local models. Compared against cost ceilings. */
  readonly relativeCost: number;
}

/**
 * A provider's answer to "can you serve now?", with the reason when it cannot.
 * @public
 */
export interface ModelProviderHealth {
  readonly available: boolean;
  /** Plain words why the provider is unavailable (e.g. "MLX needs Apple silicon; this host is linux/x64"). */
  readonly reason?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * One input to embed: text, or bytes of an image or audio clip with their media type.
 * @public
 */
export type EmbedInput = string | { readonly modality: 'image' | 'audio'; readonly data: Uint8Array; readonly mediaType: string };

/**
 * Options every provider call accepts.
 * @public
 */
export interface ModelCallOptions {
  /** Cancels the call; providers must stop work and reject promptly. */
  readonly signal?: AbortSignal;
}

/**
 * Embedding vectors, one per input, all from `model`.
 * @public
 */
export interface EmbedResult {
  readonly model: string;
  readonly dimensions: number;
  readonly vectors: readonly Float32Array[];
}

/**
 * A chat message sent to a generating model.
 * @public
 */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/**
 * Options of a generate call; `onToken` receives streamed tokens as they arrive.
 * @public
 */
export interface GenerateOptions extends ModelCallOptions {
  readonly model?: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly onToken?: (token: string) => void;
}

/**
 * The full generated text and the model that produced it.
 * @public
 */
export interface GenerateResult {
  readonly model: string;
  readonly text: string;
  readonly finishReason: 'stop' | 'length';
  readonly usage?: { readonly inputTokens?: number; readonly outputTokens?: number };
}

/**
 * A model provider (MLX, Ollama, OpenAI-compatible, local embedders…) as the router sees it.
 *
 * @remarks
 * Providers throw {@link KernelError} `PROVIDER_UNAVAILABLE` when they cannot serve and
 * `PROVIDER_REQUEST_FAILED` (with `details.status` and `details.retryAfterMs` where known)
 * when the model answered with an error. A provider that is not configured must report
 * itself unavailable from `health()` without opening a connection.
 * @public
 */
export interface ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  health(options?: ModelCallOptions): Promise<ModelProviderHealth>;
  embed?(inputs: readonly EmbedInput[], options?: ModelCallOptions): Promise<EmbedResult>;
  generate?(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<GenerateResult>;
  /** Releases processes, sockets and memory; called once when the runtime stops. */
  close?(): Promise<void>;
}
