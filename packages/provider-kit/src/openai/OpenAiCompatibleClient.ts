import { CortexError, KernelError } from '@cortex-os/kernel';
import {
  type ChatMessage,
  collectModelStream,
  type GenerateResult,
  type ModelResponseFormat,
  type ModelStreamPart,
  type ModelToolChoice,
  type ModelToolDefinition,
} from '@cortex-os/kernel/router';
import { OpenAiError } from '../errors/OpenAiError.js';
import { errorBodyMessage } from '../http/errorBodyMessage.js';
import { fetchWithDeadline, type ProviderHttpProfile } from '../http/fetchWithDeadline.js';
import { readResponseChunks, readResponseText } from '../http/readResponseBody.js';
import type { RequestDeadline } from '../http/RequestDeadline.js';
import { readSseEvents, type SseEvent } from '../sse/readSseEvents.js';
import { OpenAiChatStreamDecoder } from './OpenAiChatStreamDecoder.js';
import { parseOpenAiChatCompletion } from './parseOpenAiChatCompletion.js';
import { restoreStrictParts, restoreStrictResult } from './restoreStrictReply.js';
import { StreamPartQueue } from './StreamPartQueue.js';
import { type OpenAiChatPayload, toOpenAiChatPayload } from './toOpenAiChatPayload.js';

/**
 * Options of {@link createOpenAiCompatibleClient}.
 * @public
 */
export interface CreateOpenAiCompatibleClientOptions {
  /** API root including the version segment, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8080/v1`. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer …`; never logged, never part of an error, `toString` or `toJSON`. */
  readonly apiKey?: string;
  /** Provider name used in error messages and details. */
  readonly providerName: string;
  /** Longest a whole request may take, in ms. Default 120 000. */
  readonly timeoutMs?: number;
  /** Longest a response may stay silent (before headers and between stream chunks), in ms. Default 30 000. */
  readonly streamIdleTimeoutMs?: number;
  /** Extra headers (e.g. `OpenAI-Organization`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The fetch to use; defaults to the global one. */
  readonly fetch?: typeof fetch;
}

/**
 * A chat completion request.
 * @public
 */
export interface OpenAiChatRequest {
  /** Model id sent to the endpoint. */
  readonly model: string;
  /** Sent as `max_tokens`. */
  readonly maxTokens?: number;
  /** Sampling temperature. */
  readonly temperature?: number;
  /** When given, the completion is streamed (SSE) and each content delta is passed here. */
  readonly onToken?: (token: string) => void;
  /** Tools the model may call, sent as `tools: [{ type: 'function', function }]`; an empty list sends none. */
  readonly tools?: readonly ModelToolDefinition[];
  /** Sent as `tool_choice` (a name as `{ type: 'function', function: { name } }`), only with tools. */
  readonly toolChoice?: ModelToolChoice;
  /** Sent as `response_format: { type: 'json_schema', json_schema: { name, description, schema } }`. */
  readonly responseFormat?: ModelResponseFormat;
  /**
   * Sends tools and the response format with `strict: true`, their schemas adapted to OpenAI's
   * strict mode (objects closed, optional properties required and nullable, unsupported keywords
   * dropped); the model's nulls for optional properties are removed from its reply again. A schema
   * strict mode cannot express (an open record) is sent as it is, without `strict`.
   * @defaultValue `false`: schemas are sent exactly as given
   */
  readonly strictSchemas?: boolean;
}

/**
 * Embeddings as returned by the endpoint, in input order.
 * @public
 */
export interface OpenAiEmbeddingsResult {
  /** The model the endpoint says answered (often an alias of the requested one). */
  readonly model: string;
  /** One vector per input, in input order. */
  readonly vectors: Float32Array[];
  /** `usage.prompt_tokens`, when reported. */
  readonly inputTokens?: number;
}

/**
 * A minimal client for the OpenAI-compatible wire format (`/models`, `/embeddings`,
 * `/chat/completions` with SSE streaming), shared by every provider that talks to such an endpoint.
 *
 * @remarks
 * Failures are kernel errors the router understands: `PROVIDER_UNAVAILABLE` when the
 * endpoint cannot be reached, `PROVIDER_REQUEST_FAILED` with `details.status` and
 * `details.retryAfterMs` when it answers with an error. A cancelled call rejects with the
 * signal's reason.
 * @public
 */
export interface OpenAiCompatibleClient {
  /** API root without a trailing slash. */
  readonly baseUrl: string;
  /** Ids from `GET /models`. */
  listModels(signal?: AbortSignal): Promise<string[]>;
  /** `POST /embeddings`; `dimensions` is checked against every vector, and sent when `sendDimensions` is true. */
  embeddings(
    input: readonly string[],
    request: { readonly model: string; readonly dimensions: number; readonly sendDimensions?: boolean },
    signal?: AbortSignal,
  ): Promise<OpenAiEmbeddingsResult>;
  /**
   * `POST /chat/completions`, streamed when `request.onToken` is given; tool calls (parallel ones
   * too) come back with their arguments as the model wrote them.
   */
  chatCompletion(messages: readonly ChatMessage[], request: OpenAiChatRequest, signal?: AbortSignal): Promise<GenerateResult>;
  /**
   * `POST /chat/completions` with `stream: true` and `stream_options.include_usage`, as typed parts:
   * text deltas and tool-call deltas in the order they arrive, then one `finish` with the usage.
   * Nothing is sent until the first part is asked for; leaving the loop early closes the connection.
   * `request.onToken` is not called.
   */
  streamChatCompletion(
    messages: readonly ChatMessage[],
    request: OpenAiChatRequest,
    signal?: AbortSignal,
  ): AsyncGenerator<ModelStreamPart, void, undefined>;
  /** A loggable description with the API key redacted. */
  toJSON(): Record<string, unknown>;
}

const REDACTED = '[redacted]';

/**
 * Creates an {@link OpenAiCompatibleClient}: the HTTP half of a provider for any endpoint that
 * speaks the OpenAI wire format (OpenAI, mlx_lm.server, vLLM, llama.cpp server, LM Studio).
 * A provider keeps its own name, capabilities and health policy, and delegates the wire to it.
 *
 * @throws {@link OpenAiError} `OPENAI_OPTIONS_INVALID` when the base URL is not http(s) or a timeout is not positive.
 * @example
 * ```ts
 * const client = createOpenAiCompatibleClient({ baseUrl: 'http://127.0.0.1:8080/v1', providerName: 'llama-cpp' });
 * const models = await client.listModels();
 * const answer = await client.chatCompletion([{ role: 'user', content: 'Say hi' }], {
 *   model: models[0] ?? 'default',
 *   onToken: (token) => process.stdout.write(token),
 * });
 * ```
 * @public
 */
export function createOpenAiCompatibleClient(options: CreateOpenAiCompatibleClientOptions): OpenAiCompatibleClient {
  return new Client(options);
}

class Client implements OpenAiCompatibleClient {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #provider: string;
  readonly #timeoutMs: number;
  readonly #idleMs: number;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #fetch: typeof fetch;
  /** How requests are sent and how their failures are worded (with the API key redacted). */
  readonly #http: ProviderHttpProfile;

  constructor(options: CreateOpenAiCompatibleClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new OpenAiError('OPENAI_OPTIONS_INVALID', `baseUrl "${options.baseUrl}" is not a URL; use e.g. "http://127.0.0.1:8080/v1".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OpenAiError('OPENAI_OPTIONS_INVALID', `baseUrl "${options.baseUrl}" must use http or https.`);
    }
    for (const [name, value] of [
      ['timeoutMs', options.timeoutMs],
      ['streamIdleTimeoutMs', options.streamIdleTimeoutMs],
    ] as const) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
        throw new OpenAiError('OPENAI_OPTIONS_INVALID', `${name} must be a positive number of milliseconds (got ${value}).`);
      }
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey === '' ? undefined : options.apiKey;
    this.#provider = options.providerName;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#idleMs = options.streamIdleTimeoutMs ?? 30_000;
    this.#headers = options.headers ?? {};
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#http = {
      provider: this.#provider,
      baseUrl: this.baseUrl,
      timeoutMs: this.#timeoutMs,
      idleTimeoutMs: this.#idleMs,
      fetch: this.#fetch,
      redact: (text) => this.#redact(text),
      readErrorBody: (body) => {
        const error = body['error'];
        const errorType = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['type'] : undefined;
        const errorCode = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['code'] : undefined;
        return {
          message: errorBodyMessage(body),
          details: { ...(typeof errorType === 'string' ? { errorType } : {}), ...(typeof errorCode === 'string' ? { errorCode } : {}) },
        };
      },
      timeoutCause: (message, details) => new OpenAiError('OPENAI_TIMEOUT', message, { details }),
      streamTruncatedCause: (message, error) => new OpenAiError('OPENAI_STREAM_TRUNCATED', message, { cause: error }),
    };
  }

  async listModels(signal?: AbortSignal): Promise<string[]> {
    const body = await this.#json('GET', '/models', undefined, signal);
    const data = (body as { data?: unknown }).data;
    if (!Array.isArray(data)) throw this.#invalid('GET /models', 'expected `data` to be an array');
    return data.map((entry) => String((entry as { id?: unknown }).id));
  }

  async embeddings(
    input: readonly string[],
    request: { readonly model: string; readonly dimensions: number; readonly sendDimensions?: boolean },
    signal?: AbortSignal,
  ): Promise<OpenAiEmbeddingsResult> {
    const payload: Record<string, unknown> = { model: request.model, input };
    if (request.sendDimensions === true) payload['dimensions'] = request.dimensions;
    const body = (await this.#json('POST', '/embeddings', payload, signal)) as {
      data?: unknown;
      model?: unknown;
      usage?: { prompt_tokens?: unknown };
    };
    if (!Array.isArray(body.data) || body.data.length !== input.length) {
      throw this.#invalid('POST /embeddings', `expected \`data\` with ${input.length} embeddings`);
    }
    const vectors: Float32Array[] = new Array<Float32Array>(input.length);
    body.data.forEach((entry: { embedding?: unknown; index?: unknown }, position: number) => {
      const index = typeof entry.index === 'number' ? entry.index : position;
      const embedding = entry.embedding;
      if (!Array.isArray(embedding) || embedding.length !== request.dimensions || index < 0 || index >= input.length) {
        throw this.#invalid(
          'POST /embeddings',
          `embedding ${position} has ${Array.isArray(embedding) ? `${embedding.length} dimensions` : 'no vector'}, expected ${request.dimensions}`,
        );
      }
      vectors[index] = Float32Array.from(embedding as number[]);
    });
    const inputTokens = body.usage?.prompt_tokens;
    return {
      model: typeof body.model === 'string' ? body.model : request.model,
      vectors,
      ...(typeof inputTokens === 'number' ? { inputTokens } : {}),
    };
  }

  async chatCompletion(messages: readonly ChatMessage[], request: OpenAiChatRequest, signal?: AbortSignal): Promise<GenerateResult> {
    const payload = toOpenAiChatPayload(messages, request);
    const onToken = request.onToken;
    if (onToken === undefined) {
      const body = await this.#json('POST', '/chat/completions', payload.body, signal);
      const result = parseOpenAiChatCompletion(body, request.model);
      if (typeof result === 'string') throw this.#invalid('POST /chat/completions', result);
      return restoreStrictResult(result, payload);
    }
    return this.#withResponse('POST', '/chat/completions', streamed(payload), signal, async (response, deadline) => {
      const decoder = new OpenAiChatStreamDecoder(request.model);
      const parts = restoreStrictParts(this.#chatParts(response, deadline, decoder), payload);
      const collected = await collectModelStream(tapText(parts, onToken), this.#provider);
      const { text, toolCalls, finishReason, usage } = collected;
      return {
        model: decoder.model,
        text,
        finishReason,
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
        ...(usage === undefined ? {} : { usage }),
      };
    });
  }

  async *streamChatCompletion(
    messages: readonly ChatMessage[],
    request: OpenAiChatRequest,
    signal?: AbortSignal,
  ): AsyncGenerator<ModelStreamPart, void, undefined> {
    const payload = toOpenAiChatPayload(messages, request);
    const queue = new StreamPartQueue<ModelStreamPart>();
    // Leaving the loop early aborts the request, which closes the connection.
    const left = new AbortController();
    const combined = signal === undefined ? left.signal : AbortSignal.any([signal, left.signal]);
    const reading = this.#withResponse('POST', '/chat/completions', streamed(payload), combined, async (response, deadline) => {
      const decoder = new OpenAiChatStreamDecoder(request.model);
      for await (const part of restoreStrictParts(this.#chatParts(response, deadline, decoder), payload)) queue.push(part);
    }).then(
      () => queue.end(),
      (error: unknown) => queue.fail(error),
    );
    try {
      for (let next = await queue.next(); next.done !== true; next = await queue.next()) yield next.value;
    } finally {
      left.abort(new Error('the stream was closed by its reader'));
      await reading;
    }
  }

  /**
   * The parts of a streamed completion, then its `finish`; checks the stream's end and turns
   * error events, non-JSON events and a stream cut before its finish into kernel errors.
   */
  async *#chatParts(response: Response, deadline: RequestDeadline, decoder: OpenAiChatStreamDecoder): AsyncGenerator<ModelStreamPart> {
    if (response.body === null) throw this.#invalid('POST /chat/completions', 'streamed response has no body');
    let done = false;
    for await (const event of this.#invalidOnOversizedLine(readSseEvents(readResponseChunks(response.body, deadline)))) {
      if (event.data === '[DONE]') {
        done = true;
        break;
      }
      yield* decoder.decode(this.#chunkOf(event));
    }
    if (!done && !decoder.finished) {
      const message = `Provider "${this.#provider}" ended the stream of POST /chat/completions before [DONE] or a finish reason (${decoder.textLength} characters received).`;
      throw new KernelError('PROVIDER_REQUEST_FAILED', message, {
        details: { provider: this.#provider, reason: 'stream-truncated' },
        cause: new OpenAiError('OPENAI_STREAM_TRUNCATED', message),
      });
    }
    yield decoder.end();
  }

  /** One event's chunk object; an error event or data that is not a JSON object fails the stream. */
  #chunkOf(event: SseEvent): Readonly<Record<string, unknown>> {
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch (error) {
      throw this.#invalid('POST /chat/completions', `stream event is not JSON: ${this.#redact(event.data.slice(0, 200))}`, error);
    }
    if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) {
      throw this.#invalid('POST /chat/completions', `stream event is not a JSON object: ${this.#redact(event.data.slice(0, 200))}`);
    }
    const record = chunk as Record<string, unknown>;
    if (record['error'] !== undefined) {
      const message = errorBodyMessage(record) ?? 'unknown error';
      throw new KernelError(
        'PROVIDER_REQUEST_FAILED',
        `Provider "${this.#provider}" reported an error mid-stream on POST /chat/completions: ${this.#redact(message)}`,
        { details: { provider: this.#provider, reason: 'stream-error' } },
      );
    }
    return record;
  }

  /** An event-stream line over the size limit is an invalid response, not a broken connection. */
  async *#invalidOnOversizedLine(events: AsyncGenerator<SseEvent>): AsyncGenerator<SseEvent> {
    try {
      yield* events;
    } catch (error) {
      if (CortexError.is(error, 'OPENAI_RESPONSE_INVALID')) throw this.#invalid('POST /chat/completions', error.message, error);
      throw error;
    }
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, provider: this.#provider, apiKey: this.#apiKey === undefined ? undefined : REDACTED };
  }

  toString(): string {
    return `OpenAiCompatibleClient(${this.#provider}, ${this.baseUrl}${this.#apiKey === undefined ? '' : `, apiKey ${REDACTED}`})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  async #json(method: string, path: string, payload: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    return this.#withResponse(method, path, payload, signal, async (response, deadline) => {
      const text = await readResponseText(response.body, deadline);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw this.#invalid(`${method} ${path}`, `body is not JSON: ${this.#redact(text.slice(0, 200))}`, error);
      }
    });
  }

  /** Sends a request, maps transport and HTTP errors to kernel errors, and hands a 2xx response to `read`. */
  async #withResponse<T>(
    method: string,
    path: string,
    payload: unknown,
    signal: AbortSignal | undefined,
    read: (response: Response, deadline: RequestDeadline) => Promise<T>,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, text/event-stream', ...this.#headers };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.#apiKey !== undefined) headers['authorization'] = `Bearer ${this.#apiKey}`;
    return fetchWithDeadline(this.#http, { method, path, headers, payload, signal, read });
  }

  #invalid(operation: string, problem: string, cause?: unknown): KernelError {
    const message = `Provider "${this.#provider}" answered ${operation} with an invalid body: ${problem}.`;
    return new KernelError('PROVIDER_REQUEST_FAILED', message, {
      details: { provider: this.#provider, reason: 'invalid-response' },
      cause: new OpenAiError('OPENAI_RESPONSE_INVALID', message, cause === undefined ? {} : { cause }),
    });
  }

  /** Removes the API key from any text that may echo it (error bodies, URLs). */
  #redact(text: string): string {
    return this.#apiKey === undefined || this.#apiKey.length < 4 ? text : text.split(this.#apiKey).join(REDACTED);
  }
}

/** Passes the parts on, handing each text delta to `onToken` as it passes. */
async function* tapText(parts: AsyncIterable<ModelStreamPart>, onToken: (token: string) => void): AsyncGenerator<ModelStreamPart> {
  for await (const part of parts) {
    if (part.type === 'text-delta') onToken(part.text);
    yield part;
  }
}

/** The body of a streamed request: `stream: true`, with the usage chunk asked for. */
function streamed(payload: OpenAiChatPayload): Record<string, unknown> {
  return { ...payload.body, stream: true, stream_options: { include_usage: true } };
}
