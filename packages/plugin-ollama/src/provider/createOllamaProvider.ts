import { CortexError, KernelError, toError } from '@cortex-os/kernel';
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
import { collectModelStream } from '@cortex-os/kernel/router';
import {
  fetchWithDeadline,
  readResponseChunks,
  readResponseText,
  type ProviderHttpProfile,
  type RequestDeadline,
  requireTextInputs,
} from '@cortex-os/provider-kit';
import { emulateToolChoice } from '../chat/emulateToolChoice.js';
import { OllamaChatReader } from '../chat/OllamaChatReader.js';
import type { OllamaChatRequestBody } from '../chat/OllamaChatWire.js';
import { toOllamaChatRequest } from '../chat/toOllamaChatRequest.js';
import { invalidOllamaResponse } from '../errors/invalidOllamaResponse.js';
import { OllamaError } from '../errors/OllamaError.js';
import { streamWithDeadline } from '../http/streamWithDeadline.js';
import { readNdjsonLines } from '../ndjson/readNdjsonLines.js';

/**
 * The embedding model an Ollama provider serves.
 * @public
 */
export interface OllamaEmbeddingOptions {
  /** Ollama model name, e.g. `nomic-embed-text` or `mxbai-embed-large:335m`. */
  readonly model: string;
  /** Vector size; every returned vector is checked against it. */
  readonly dimensions: number;
}

/**
 * Options of {@link createOllamaProvider}.
 * @public
 */
export interface CreateOllamaProviderOptions {
  /** Provider name the router reports. Default `ollama`. */
  readonly name?: string;
  /** Ollama's root URL, e.g. `http://127.0.0.1:11434`. Without it the provider is unavailable and never connects. */
  readonly baseUrl?: string;
  /** Embedding model; without it the provider does not embed. */
  readonly embedding?: OllamaEmbeddingOptions;
  /** Chat models; the first is the default. Without any the provider does not generate. */
  readonly generationModels?: readonly string[];
  /** Longest input in tokens, reported to the router. */
  readonly contextLength?: number;
  /** How long Ollama keeps the model loaded after a request (`keep_alive`, e.g. `5m`). */
  readonly keepAlive?: string;
  /** Longest a whole request may take, in ms. Default 300 000 (first use loads the model). */
  readonly timeoutMs?: number;
  /** Longest a response may stay silent, in ms. Default 60 000. */
  readonly streamIdleTimeoutMs?: number;
  /** Longest accepted NDJSON line, in characters. Default 16 MiB. */
  readonly maxLineBytes?: number;
  /**
   * Whether the generation models can call tools, declared to the router (which sends requests
   * with tools only to providers that can). Set `false` for models whose template has no tools
   * (`ollama show <model>` lists `tools` under Capabilities when it has).
   * @defaultValue `true`
   */
  readonly toolCalling?: boolean;
  /** Default: 0 (Ollama runs on hardware you own). */
  readonly relativeCost?: number;
  /** The fetch to use; defaults to the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * Creates a model provider for Ollama: embeddings (`/api/embed`), chat with tool calling,
 * structured output and NDJSON streaming (`/api/chat`: `generate` and `stream`), and health from
 * the model list (`/api/tags`).
 *
 * @remarks
 * Without `baseUrl` the provider reports itself unavailable and every call throws
 * `PROVIDER_UNAVAILABLE`, without opening a connection. Health is unavailable when a
 * configured model is not pulled, naming the `ollama pull` to run.
 *
 * Tools and `responseFormat` schemas are cleaned for Ollama inside the provider; tool-call
 * arguments (objects on the wire) come back as JSON text, with an invented, stable id when the
 * server sends none. Ollama has no `tool_choice`: `none` sends no tools, a named tool is sent
 * alone, and `required` or a named tool answered without that call throws
 * `PROVIDER_REQUEST_FAILED` with an `OLLAMA_TOOL_CHOICE_UNMET` cause.
 * @throws {@link OllamaError} `OLLAMA_OPTIONS_INVALID` for a bad base URL, dimensions or timeouts.
 * @example
 * ```ts
 * const provider = createOllamaProvider({
 *   baseUrl: 'http://127.0.0.1:11434',
 *   embedding: { model: 'nomic-embed-text', dimensions: 768 },
 *   generationModels: ['llama3.2'],
 * });
 * ```
 * @public
 */
export function createOllamaProvider(options: CreateOllamaProviderOptions = {}): ModelProvider {
  return new OllamaProvider(options);
}

const chatHeaders = { accept: 'application/x-ndjson, application/json', 'content-type': 'application/json' };

/** Passes each text delta to `onToken` as it goes by. */
async function* tapText(
  parts: AsyncIterable<ModelStreamPart>,
  onToken: ((token: string) => void) | undefined,
): AsyncGenerator<ModelStreamPart> {
  for await (const part of parts) {
    if (part.type === 'text-delta') onToken?.(part.text);
    yield part;
  }
}

class OllamaProvider implements ModelProvider {
  readonly name: string;
  readonly capabilities: ModelProviderCapabilities;
  readonly #baseUrl: string | undefined;
  readonly #embedding: OllamaEmbeddingOptions | undefined;
  readonly #models: readonly string[];
  readonly #keepAlive: string | undefined;
  readonly #timeoutMs: number;
  readonly #idleMs: number;
  readonly #maxLine: number;
  readonly #fetch: typeof fetch;
  /** How requests to this Ollama are sent and how their failures are worded (used only once `#ready()` passed). */
  readonly #http: ProviderHttpProfile;

  constructor(options: CreateOllamaProviderOptions) {
    this.name = options.name ?? 'ollama';
    const baseUrl = options.baseUrl?.replace(/\/+$/, '');
    if (baseUrl !== undefined && baseUrl !== '') {
      let url: URL | undefined;
      try {
        url = new URL(baseUrl);
      } catch {
        url = undefined;
      }
      if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new OllamaError('OLLAMA_OPTIONS_INVALID', `baseUrl "${baseUrl}" must be an http(s) URL such as "http://127.0.0.1:11434".`);
      }
    }
    const embedding = options.embedding;
    if (embedding !== undefined && !(Number.isInteger(embedding.dimensions) && embedding.dimensions > 0)) {
      throw new OllamaError('OLLAMA_OPTIONS_INVALID', `embedding.dimensions must be a positive integer (got ${embedding.dimensions}).`);
    }
    for (const [name, value] of [
      ['timeoutMs', options.timeoutMs],
      ['streamIdleTimeoutMs', options.streamIdleTimeoutMs],
      ['maxLineBytes', options.maxLineBytes],
    ] as const) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0))
        throw new OllamaError('OLLAMA_OPTIONS_INVALID', `${name} must be a positive number (got ${value}).`);
    }
    this.#baseUrl = baseUrl === '' ? undefined : baseUrl;
    this.#embedding = embedding;
    this.#models = options.generationModels ?? [];
    this.#keepAlive = options.keepAlive;
    this.#timeoutMs = options.timeoutMs ?? 300_000;
    this.#idleMs = options.streamIdleTimeoutMs ?? 60_000;
    this.#maxLine = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.capabilities = {
      operations: [...(embedding === undefined ? [] : (['embed'] as const)), ...(this.#models.length === 0 ? [] : (['generate'] as const))],
      ...(embedding === undefined
        ? {}
        : { embedding: { model: embedding.model, dimensions: embedding.dimensions, modalities: ['text'] as const } }),
      ...(this.#models.length === 0 ? {} : { generationModels: this.#models }),
      ...(options.contextLength === undefined ? {} : { contextLength: options.contextLength }),
      // `/api/chat` takes `tools` and a JSON Schema `format`, and streams NDJSON, for every model;
      // whether a model can call tools depends on its template (`toolCalling: false` says it cannot).
      ...(this.#models.length === 0 ? {} : { tools: options.toolCalling ?? true, structuredOutput: true, streaming: true }),
      locality: 'local',
      relativeCost: options.relativeCost ?? 0,
    };
    this.#http = {
      provider: this.name,
      baseUrl: this.#baseUrl ?? '',
      timeoutMs: this.#timeoutMs,
      idleTimeoutMs: this.#idleMs,
      fetch: this.#fetch,
      unreachableHint: 'is `ollama serve` running?',
      // Ollama answers errors as `{"error": "…"}`; any other JSON body keeps its raw text.
      readErrorBody: (body) => (typeof body['error'] === 'string' ? { message: body['error'] } : {}),
      timeoutCause: (message, details) => new OllamaError('OLLAMA_TIMEOUT', message, { details }),
      streamTruncatedCause: (message, error) => new OllamaError('OLLAMA_STREAM_TRUNCATED', message, { cause: error }),
      // An oversized NDJSON line passes unchanged: the chat reader turns it into an invalid-response error.
      passThrough: (error) => CortexError.is(error, 'OLLAMA_RESPONSE_INVALID'),
    };
  }

  async health(options: ModelCallOptions = {}): Promise<ModelProviderHealth> {
    if (this.#baseUrl === undefined) return { available: false, reason: 'no base URL configured (e.g. baseUrl: "http://127.0.0.1:11434")' };
    let pulled: string[];
    try {
      const body = (await this.#json('GET', '/api/tags', undefined, options.signal)) as {
        models?: Array<{ name?: unknown; model?: unknown }>;
      };
      if (!Array.isArray(body.models)) throw this.#invalid('GET /api/tags', 'expected `models` to be an array');
      pulled = body.models.flatMap((m) => [m.name, m.model]).filter((n): n is string => typeof n === 'string');
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      return { available: false, reason: toError(error).message, details: { baseUrl: this.#baseUrl } };
    }
    const wanted = [...(this.#embedding === undefined ? [] : [this.#embedding.model]), ...this.#models];
    const missing = wanted.filter((model) => !pulled.includes(model) && !pulled.includes(`${model}:latest`));
    const models = [...new Set(pulled)];
    if (missing.length > 0) {
      return {
        available: false,
        reason: `model${missing.length > 1 ? 's' : ''} not pulled: ${missing.join(', ')} (run ${missing.map((m) => `\`ollama pull ${m}\``).join(', ')})`,
        details: { baseUrl: this.#baseUrl, models, missingModels: missing },
      };
    }
    return { available: true, details: { baseUrl: this.#baseUrl, models } };
  }

  async embed(inputs: readonly EmbedInput[], options: ModelCallOptions = {}): Promise<EmbedResult> {
    this.#ready();
    const embedding = this.#embedding;
    if (embedding === undefined)
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no embedding model configured.`, {
        details: { provider: this.name },
      });
    const texts = requireTextInputs(this.name, inputs);
    if (texts.length === 0) return { model: embedding.model, dimensions: embedding.dimensions, vectors: [] };
    const payload = { model: embedding.model, input: texts, ...(this.#keepAlive === undefined ? {} : { keep_alive: this.#keepAlive }) };
    const body = (await this.#json('POST', '/api/embed', payload, options.signal)) as { embeddings?: unknown };
    if (!Array.isArray(body.embeddings) || body.embeddings.length !== texts.length) {
      throw this.#invalid('POST /api/embed', `expected \`embeddings\` with ${texts.length} vectors`);
    }
    const vectors = body.embeddings.map((vector: unknown, index) => {
      if (!Array.isArray(vector) || vector.length !== embedding.dimensions) {
        throw this.#invalid(
          'POST /api/embed',
          `embedding ${index} has ${Array.isArray(vector) ? `${vector.length} dimensions` : 'no vector'}, expected ${embedding.dimensions}`,
        );
      }
      return Float32Array.from(vector as number[]);
    });
    return { model: embedding.model, dimensions: embedding.dimensions, vectors };
  }

  async generate(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<GenerateResult> {
    const { body, reader } = this.#chat(messages, options, options.onToken !== undefined);
    return this.#request('POST', '/api/chat', body, options.signal, async (response, deadline) => {
      const parts = reader.read(readNdjsonLines(readResponseChunks(response.body, deadline), this.#maxLine));
      const reply = await collectModelStream(tapText(parts, options.onToken), this.name);
      return {
        model: reader.model ?? body.model,
        text: reply.text,
        finishReason: reply.finishReason,
        ...(reply.usage === undefined ? {} : { usage: reply.usage }),
        ...(reply.toolCalls.length === 0 ? {} : { toolCalls: reply.toolCalls }),
      };
    });
  }

  async *stream(messages: readonly ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<ModelStreamPart, void, undefined> {
    const { body, reader } = this.#chat(messages, options, true);
    yield* streamWithDeadline(this.#http, {
      method: 'POST',
      path: '/api/chat',
      headers: chatHeaders,
      payload: body,
      signal: options.signal,
      read: (response, deadline) => reader.read(readNdjsonLines(readResponseChunks(response.body, deadline), this.#maxLine)),
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #ready(): void {
    if (this.#baseUrl === undefined) {
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" is unavailable: no base URL configured.`, {
        details: { provider: this.name, reason: 'not-configured' },
      });
    }
  }

  /** The body of one `/api/chat` request and the reader of its answer. */
  #chat(
    messages: readonly ChatMessage[],
    options: GenerateOptions,
    stream: boolean,
  ): { body: OllamaChatRequestBody; reader: OllamaChatReader } {
    this.#ready();
    const model = options.model ?? this.#models[0];
    if (model === undefined)
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no generation model configured.`, {
        details: { provider: this.name },
      });
    const toolChoice = emulateToolChoice(options.tools, options.toolChoice);
    const body = toOllamaChatRequest(messages, options, { model, stream, keepAlive: this.#keepAlive, toolChoice });
    return { body, reader: new OllamaChatReader(this.name, toolChoice) };
  }

  async #json(method: string, path: string, payload: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    return this.#request(method, path, payload, signal, async (response, deadline) => {
      const text = await readResponseText(response.body, deadline);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw this.#invalid(`${method} ${path}`, `body is not JSON: ${text.slice(0, 200)}`, error);
      }
    });
  }

  async #request<T>(
    method: string,
    path: string,
    payload: unknown,
    signal: AbortSignal | undefined,
    read: (response: Response, deadline: RequestDeadline) => Promise<T>,
  ): Promise<T> {
    return fetchWithDeadline(this.#http, {
      method,
      path,
      headers: payload === undefined ? { accept: 'application/json' } : chatHeaders,
      payload,
      signal,
      read,
    });
  }

  #invalid(operation: string, problem: string, cause?: unknown): KernelError {
    return invalidOllamaResponse(this.name, operation, problem, cause);
  }
}
