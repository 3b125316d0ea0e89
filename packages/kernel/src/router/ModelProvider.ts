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
  /** Length of every vector the model produces. */
  readonly dimensions: number;
  /** Input modalities the model can embed. */
  readonly modalities: readonly ModelModality[];
}

/**
 * Declared abilities and costs of a provider.
 * @public
 */
export interface ModelProviderCapabilities {
  /** What the provider can do; the router only routes these operations to it. */
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
  /** True when the provider can serve requests now. */
  readonly available: boolean;
  /** Plain words why the provider is unavailable (e.g. "MLX needs Apple silicon; this host is linux/x64"). */
  readonly reason?: string;
  /** Facts behind the answer (versions, endpoints, hardware) for health output and logs. */
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
  /** Id of the model that produced the vectors. */
  readonly model: string;
  /** Length of each vector. */
  readonly dimensions: number;
  /** One vector per input, in input order. */
  readonly vectors: readonly Float32Array[];
}

/**
 * A chat message sent to a generating model.
 * @public
 */
export interface ChatMessage {
  /** Who speaks: instructions, the user, or the model's earlier replies. */
  readonly role: 'system' | 'user' | 'assistant';
  /** The message text. */
  readonly content: string;
}

/**
 * Options of a generate call; `onToken` receives streamed tokens as they arrive.
 * @public
 */
export interface GenerateOptions extends ModelCallOptions {
  /**
   * Model to generate with.
   * @defaultValue the provider's default (its first generation model)
   */
  readonly model?: string;
  /** Most tokens to generate. */
  readonly maxTokens?: number;
  /** Sampling temperature; 0 for the most deterministic output. */
  readonly temperature?: number;
  /** Receives each token as it is generated, when the provider streams. */
  readonly onToken?: (token: string) => void;
}

/**
 * The full generated text and the model that produced it.
 * @public
 */
export interface GenerateResult {
  /** Id of the model that generated the text. */
  readonly model: string;
  /** The whole generated text. */
  readonly text: string;
  /** `stop` when the model finished, `length` when `maxTokens` cut it off. */
  readonly finishReason: 'stop' | 'length';
  /** Token counts, when the provider reports them. */
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
  /** Unique name within a router, e.g. `mlx`, `ollama`; errors, events and health checks use it. */
  readonly name: string;
  /** What the provider can do and what it costs; read by the router's policies. */
  readonly capabilities: ModelProviderCapabilities;
  /** Whether the provider can serve now, and why not; must not connect when not configured. */
  health(options?: ModelCallOptions): Promise<ModelProviderHealth>;
  /** Embeds inputs with the provider's one embedding model; present when `operations` includes `embed`. */
  embed?(inputs: readonly EmbedInput[], options?: ModelCallOptions): Promise<EmbedResult>;
  /** Generates a reply; present when `operations` includes `generate`. */
  generate?(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<GenerateResult>;
  /** Releases processes, sockets and memory; called once when the runtime stops. */
  close?(): Promise<void>;
}
