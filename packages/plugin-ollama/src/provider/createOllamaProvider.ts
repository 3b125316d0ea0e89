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
} from '@cortex-os/kernel/router';
import {
  fetchWithDeadline,
  readResponseChunks,
  readResponseText,
  type ProviderHttpProfile,
  type RequestDeadline,
} from '@cortex-os/provider-kit';
import { OllamaError } from '../errors/OllamaError.js';
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
  /** Default: 0 (Ollama runs on hardware you own). */
  readonly relativeCost?: number;
  /** The fetch to use; defaults to the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * Creates a model provider for Ollama: embeddings (`/api/embed`), chat with NDJSON
 * streaming (`/api/chat`) and health from the model list (`/api/tags`).
 *
 * @remarks
 * Without `baseUrl` the provider reports itself unavailable and every call throws
 * `PROVIDER_UNAVAILABLE`, without opening a connection. Health is unavailable when a
 * configured model is not pulled, naming the `ollama pull` to run.
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

interface ChatLine {
  model?: string;
  message?: { content?: unknown };
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  error?: unknown;
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
      // An oversized NDJSON line passes unchanged: `generate` turns it into an invalid-response error.
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
    const texts = inputs.map((input, index) => {
      if (typeof input === 'string') return input;
      throw new KernelError(
        'PROVIDER_REQUEST_FAILED',
        `Provider "${this.name}" embeds text only; input ${index} is ${input.modality} (${input.mediaType}).`,
        {
          details: { provider: this.name, index, modality: input.modality },
        },
      );
    });
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
    this.#ready();
    const model = options.model ?? this.#models[0];
    if (model === undefined)
      throw new KernelError('PROVIDER_UNAVAILABLE', `Provider "${this.name}" has no generation model configured.`, {
        details: { provider: this.name },
      });
    const modelOptions: Record<string, number> = {};
    if (options.maxTokens !== undefined) modelOptions['num_predict'] = options.maxTokens;
    if (options.temperature !== undefined) modelOptions['temperature'] = options.temperature;
    const stream = options.onToken !== undefined;
    const payload = {
      model,
      messages: messages.map(({ role, content }) => ({ role, content })),
      stream,
      ...(Object.keys(modelOptions).length === 0 ? {} : { options: modelOptions }),
      ...(this.#keepAlive === undefined ? {} : { keep_alive: this.#keepAlive }),
    };
    return this.#request('POST', '/api/chat', payload, options.signal, async (response, deadline) => {
      let text = '';
      let last: ChatLine | undefined;
      for await (const line of readNdjsonLines(readResponseChunks(response.body, deadline), this.#maxLine)) {
        let parsed: ChatLine;
        try {
          parsed = JSON.parse(line) as ChatLine;
        } catch (error) {
          throw this.#invalid('POST /api/chat', `line is not JSON: ${line.slice(0, 200)}`, error);
        }
        if (parsed.error !== undefined) {
          throw new KernelError(
            'PROVIDER_REQUEST_FAILED',
            `Provider "${this.name}" reported an error mid-stream on POST /api/chat: ${String(parsed.error)}`,
            {
              details: { provider: this.name, reason: 'stream-error' },
            },
          );
        }
        const content = parsed.message?.content;
        if (typeof content === 'string' && content !== '') {
          text += content;
          options.onToken?.(content);
        }
        last = parsed;
        if (parsed.done === true) break;
      }
      if (last?.done !== true) {
        const message = `Provider "${this.name}" ended the stream of POST /api/chat before the line with "done": true (${text.length} characters received).`;
        throw new KernelError('PROVIDER_REQUEST_FAILED', message, {
          details: { provider: this.name, reason: 'stream-truncated' },
          cause: new OllamaError('OLLAMA_STREAM_TRUNCATED', message),
        });
      }
      return {
        model: typeof last.model === 'string' ? last.model : model,
        text,
        finishReason: last.done_reason === 'length' ? ('length' as const) : ('stop' as const),
        usage: {
          ...(typeof last.prompt_eval_count === 'number' ? { inputTokens: last.prompt_eval_count } : {}),
          ...(typeof last.eval_count === 'number' ? { outputTokens: last.eval_count } : {}),
        },
      };
    }).catch((error: unknown) => {
      if (CortexError.is(error, 'OLLAMA_RESPONSE_INVALID')) throw this.#invalid('POST /api/chat', error.message, error);
      throw error;
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
      headers:
        payload === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/x-ndjson, application/json', 'content-type': 'application/json' },
      payload,
      signal,
      read,
    });
  }

  #invalid(operation: string, problem: string, cause?: unknown): KernelError {
    const message = `Provider "${this.name}" answered ${operation} with an invalid body: ${problem}.`;
    return new KernelError('PROVIDER_REQUEST_FAILED', message, {
      details: { provider: this.name, reason: 'invalid-response' },
      cause: new OllamaError('OLLAMA_RESPONSE_INVALID', message, cause === undefined ? {} : { cause }),
    });
  }
}
