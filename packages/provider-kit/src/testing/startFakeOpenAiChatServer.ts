import { KernelError } from '@cortex-os/kernel';
import { type CheckedOpenAiChatBody, checkOpenAiChatRequest, type FakeOpenAiRejection } from './checkOpenAiChatRequest.js';
import { renderFakeOpenAiChunks, renderFakeOpenAiCompletion } from './renderFakeOpenAiReply.js';
import { sendJson } from './sendJson.js';
import { sendSse } from './sendSse.js';
import { startTestHttpServer, type TestHttpServerRequest } from './startTestHttpServer.js';

/**
 * A tool call in a fake reply, with its arguments exactly as the fake sends them (so a test can
 * send text that is not JSON).
 * @public
 */
export interface FakeOpenAiToolCall {
  /** The call's id (`call_…`). */
  readonly id: string;
  /** The called function's name. */
  readonly name: string;
  /** The arguments' JSON text, sent as it is. */
  readonly arguments: string;
}

/**
 * One scripted answer of the fake: rendered as a `chat.completion`, or as SSE chunks when the
 * request streams.
 * @public
 */
export interface FakeOpenAiReply {
  /** The message content; `null` on the wire when absent and the reply calls tools. */
  readonly text?: string;
  /** Tool calls (several are parallel calls), in order. */
  readonly toolCalls?: readonly FakeOpenAiToolCall[];
  /**
   * The wire `finish_reason`, sent as it is (so a test can send one OpenAI never does).
   * @defaultValue `tool_calls` when the reply calls tools, else `stop`
   */
  readonly finishReason?: string;
  /** Token counts, sent as `usage` (and in the usage chunk when the request asks for it). */
  readonly usage?: { readonly inputTokens?: number; readonly outputTokens?: number };
  /**
   * Streaming: characters per content piece and per arguments piece.
   * @defaultValue `8`
   */
  readonly chunkSize?: number;
  /** Streaming: send the calls' argument pieces in turn (after every call's head) instead of one call after another. */
  readonly interleaveToolCalls?: boolean;
  /** Streaming: write the SSE body in pieces of this many characters, so events straddle network writes. */
  readonly sseChunkSize?: number;
}

/**
 * A chat request the fake accepted, its body checked.
 * @public
 */
export interface FakeOpenAiChatRequest {
  /** The request body, parsed. */
  readonly body: Readonly<Record<string, unknown>>;
  /** True when the request asked for SSE. */
  readonly stream: boolean;
  /** The request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * A request the fake refused, with what it answered.
 * @public
 */
export interface FakeOpenAiRejectedRequest extends FakeOpenAiRejection {
  /** The path requested. */
  readonly url: string;
  /** The raw body received. */
  readonly body: string;
}

/**
 * Options of {@link startFakeOpenAiChatServer}.
 * @public
 */
export interface StartFakeOpenAiChatServerOptions {
  /** The answer to every accepted chat request: a reply, or a function of the request that returns one. */
  readonly reply: FakeOpenAiReply | ((request: FakeOpenAiChatRequest) => FakeOpenAiReply);
  /**
   * Model ids `GET /v1/models` lists.
   * @defaultValue `['fake-model']`
   */
  readonly models?: readonly string[];
}

/**
 * A fake of the OpenAI Chat Completions API on 127.0.0.1; `await using` closes it.
 * @public
 */
export interface FakeOpenAiChatServer extends AsyncDisposable {
  /** The API root to hand to a client: `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** Chat requests accepted, oldest first. */
  readonly requests: readonly FakeOpenAiChatRequest[];
  /** Requests refused with a 400 (or 404 for an unknown path), oldest first. */
  readonly rejections: readonly FakeOpenAiRejectedRequest[];
}

/** Routes one request: the model list, a chat completion, or a 404 in OpenAI's error shape. */
function answer(
  options: StartFakeOpenAiChatServerOptions,
  state: { requests: FakeOpenAiChatRequest[]; rejections: FakeOpenAiRejectedRequest[] },
  request: TestHttpServerRequest,
): { status: number; json?: unknown; sse?: { events: unknown[]; chunkSize: number | undefined } } {
  const refuse = (rejection: FakeOpenAiRejection) => {
    state.rejections.push({ ...rejection, url: request.url, body: request.body });
    const { message, param, code } = rejection;
    return { status: rejection.status, json: { error: { message, type: 'invalid_request_error', param, code } } };
  };
  if (request.method === 'GET' && request.url === '/v1/models') {
    const data = (options.models ?? ['fake-model']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' }));
    return { status: 200, json: { object: 'list', data } };
  }
  if (request.method !== 'POST' || request.url !== '/v1/chat/completions') {
    return refuse({ status: 404, message: `Invalid URL (${request.method} ${request.url})`, param: null, code: null });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(request.body);
  } catch {
    return refuse({ status: 400, message: 'We could not parse the JSON body of your request.', param: null, code: null });
  }
  const checked = checkOpenAiChatRequest(raw);
  if ('rejection' in checked) return refuse(checked.rejection);
  const body: CheckedOpenAiChatBody = checked.body;
  const chat: FakeOpenAiChatRequest = { body: raw as Record<string, unknown>, stream: body.stream === true, headers: request.headers };
  state.requests.push(chat);
  const reply = typeof options.reply === 'function' ? options.reply(chat) : options.reply;
  const context = {
    id: `chatcmpl-fake-${state.requests.length}`,
    model: body.model,
    includeUsage: body.stream_options?.include_usage === true,
  };
  if (!chat.stream) return { status: 200, json: renderFakeOpenAiCompletion(reply, context) };
  return { status: 200, sse: { events: [...renderFakeOpenAiChunks(reply, context), '[DONE]'], chunkSize: reply.sseChunkSize } };
}

/**
 * Starts a fake of the OpenAI Chat Completions API (`GET /v1/models`, `POST /v1/chat/completions`)
 * on a free port of 127.0.0.1: a test double for clients of OpenAI-compatible endpoints. It checks
 * each chat request against the documented request shape and refuses a malformed one with a 400 in
 * OpenAI's error format; it answers an accepted one from `reply`, as a `chat.completion` or, when
 * the request streams, as `chat.completion.chunk` events (tool-call arguments in pieces, calls one
 * after another or interleaved, the usage chunk when `stream_options.include_usage` asks) and `[DONE]`.
 *
 * @remarks
 * What it checks: the known parameters' types and no unknown ones; messages by role (a `tool`
 * message needs `tool_call_id` and must answer a call of the assistant message before it, every
 * call must be answered, arguments are JSON text); tools as `{ type: 'function', function: { name,
 * description?, parameters?, strict? } }` with OpenAI's name pattern; `tool_choice` only with tools
 * and naming an offered one; `response_format` (`text`, `json_object`, `json_schema`);
 * `stream_options` only when streaming; and, for `strict: true` schemas, the rules of OpenAI's strict
 * mode (objects closed, every property required, no `oneOf`, `default` or length keywords, only the
 * documented formats). It is a fake, not OpenAI: it does not count tokens or run a model, and its
 * error messages follow OpenAI's wording where OpenAI documents it.
 * @throws {@link @cortex-os/kernel#KernelError} `TESTING_ARGUMENT_INVALID` when `reply` is missing.
 * @example
 * ```ts
 * await using fake = await startFakeOpenAiChatServer({
 *   reply: { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
 * });
 * const provider = createOpenAiProvider({ baseUrl: fake.url, generationModels: ['fake-model'] });
 * const reply = await provider.generate!([{ role: 'user', content: 'Weather in Oslo?' }], { tools });
 * assert.equal(fake.rejections.length, 0);
 * ```
 * @public
 */
export async function startFakeOpenAiChatServer(options: StartFakeOpenAiChatServerOptions): Promise<FakeOpenAiChatServer> {
  if (typeof options?.reply !== 'object' && typeof options?.reply !== 'function') {
    throw KernelError.create(
      'TESTING_ARGUMENT_INVALID',
      { argument: 'reply', expected: 'a reply or a function that returns one', value: String(options?.reply) },
      { details: { argument: 'reply' } },
    );
  }
  const state = { requests: [] as FakeOpenAiChatRequest[], rejections: [] as FakeOpenAiRejectedRequest[] };
  const server = await startTestHttpServer((request, response) => {
    const { status, json, sse } = answer(options, state, request);
    if (sse === undefined) sendJson(response, status, json);
    else sendSse(response, sse.events, sse.chunkSize === undefined ? {} : { chunkSize: sse.chunkSize });
  });
  return {
    url: `${server.url}/v1`,
    requests: state.requests,
    rejections: state.rejections,
    [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
  };
}
