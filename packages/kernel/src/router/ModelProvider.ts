import type { ModelResponseFormat } from './ModelResponseFormat.js';
import type { ModelStreamPart } from './ModelStreamPart.js';
import type { ModelToolCall } from './ModelToolCall.js';
import type { ModelToolChoice, ModelToolDefinition } from './ModelToolDefinition.js';

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
  /**
   * False when one call with many inputs costs as much as one call per input: an in-process
   * embedder with no request, no model invocation and no other fixed cost per call. Low-power mode
   * then leaves this provider's embed calls alone instead of merging them, since merging would only
   * delay callers and bunch their work. Default: true (merging saves the per-call cost).
   */
  readonly batchingHelps?: boolean;
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
  /** True when `generate` (and `stream`) honour `tools` and `toolChoice` and return tool calls. */
  readonly tools?: boolean;
  /** True when `generate` (and `stream`) constrain the reply to `responseFormat`'s JSON Schema. */
  readonly structuredOutput?: boolean;
  /** True when the provider implements `stream`; the router streams only through such providers. */
  readonly streaming?: boolean;
  /** Price of 1,000 tokens, where the provider knows it; cost budgets use it. */
  readonly prices?: ModelTokenPrices;
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
 * Price of tokens, per 1,000, in whatever currency the runtime budgets in (the same for every provider).
 * @public
 */
export interface ModelTokenPrices {
  /** Price of 1,000 input (prompt) tokens. */
  readonly inputPer1k: number;
  /** Price of 1,000 output (generated) tokens. */
  readonly outputPer1k: number;
}

/**
 * A chat message sent to a generating model: instructions, the user, the model's earlier
 * replies (with the tools it called), or the result of one of those tool calls.
 * @public
 */
export type ChatMessage = ChatTextMessage | ChatAssistantMessage | ChatToolMessage;

/**
 * Instructions or a user's turn.
 * @public
 */
export interface ChatTextMessage {
  /** Who speaks: instructions or the user. */
  readonly role: 'system' | 'user';
  /** The message text. */
  readonly content: string;
}

/**
 * One of the model's earlier replies, with the tools it asked to call, sent back as history.
 * @public
 */
export interface ChatAssistantMessage {
  /** The model. */
  readonly role: 'assistant';
  /** The reply's text; empty when the model only called tools. */
  readonly content: string;
  /** The tool calls of the reply, exactly as the model made them (ids are matched by tool messages). */
  readonly toolCalls?: readonly ModelToolCall[];
}

/**
 * The result of one tool call, sent back to the model after the assistant message that made it.
 * @public
 */
export interface ChatToolMessage {
  /** A tool's result. */
  readonly role: 'tool';
  /** The `id` of the {@link ModelToolCall} this answers. */
  readonly toolCallId: string;
  /** The result as text (usually JSON); errors are sent as text too, so the model can react. */
  readonly content: string;
}

/**
 * Why a model stopped: it finished, hit `maxTokens`, called tools, or was filtered.
 * @public
 */
export type ModelFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * Tokens a call used, when the provider reports them.
 * @public
 */
export interface ModelUsage {
  /** Tokens of the prompt (messages, tools and schema). */
  readonly inputTokens?: number;
  /** Tokens generated. */
  readonly outputTokens?: number;
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
  /** Tools the model may call; build them from tool definitions with {@link toModelTools}. */
  readonly tools?: readonly ModelToolDefinition[];
  /**
   * Whether and which tools the model must call: `auto` (it decides), `none`, `required` (at
   * least one), or `{ name }` (that one).
   * @defaultValue `auto` when `tools` are given
   */
  readonly toolChoice?: ModelToolChoice;
  /** Constrains the reply to a JSON Schema; check the reply with {@link parseStructuredOutput}. */
  readonly responseFormat?: ModelResponseFormat;
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
  /** `stop` when the model finished, `length` when `maxTokens` cut it off, `tool_calls` when it called tools. */
  readonly finishReason: ModelFinishReason;
  /** Token counts, when the provider reports them. */
  readonly usage?: ModelUsage;
  /** Tools the model asked to call, in its order; arguments are unchecked until {@link parseModelToolCall}. */
  readonly toolCalls?: readonly ModelToolCall[];
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
  /**
   * Streams a reply as typed parts (text deltas, tool-call deltas, then one `finish`); present
   * when `capabilities.streaming` is true. `onToken` is not called: the parts carry the text.
   */
  stream?(messages: readonly ChatMessage[], options?: GenerateOptions): AsyncIterable<ModelStreamPart>;
  /** Releases processes, sockets and memory; called once when the runtime stops. */
  close?(): Promise<void>;
}
