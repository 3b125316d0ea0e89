import { redactRemoteText } from '@cortex-os/kernel';
import { A2aError } from '../errors/A2aError.js';
import { a2aRpcErrorToError } from './a2aRpcErrorToError.js';
import { readSseData } from './readSseData.js';

/**
 * The A2A operations {@link A2aJsonRpcClient} calls, by their v1.0 names.
 * @public
 */
export type A2aOperation = 'SendMessage' | 'SendStreamingMessage' | 'GetTask' | 'ListTasks' | 'CancelTask' | 'SubscribeToTask';

/** 0.3 spelled the methods with slashes and had no ListTasks; v1.0 renamed them (as @a2a-js/sdk 1.3 does). */
const methods: Readonly<Record<string, Readonly<Partial<Record<A2aOperation, string>>>>> = {
  '1.0': {
    SendMessage: 'SendMessage',
    SendStreamingMessage: 'SendStreamingMessage',
    GetTask: 'GetTask',
    ListTasks: 'ListTasks',
    CancelTask: 'CancelTask',
    SubscribeToTask: 'SubscribeToTask',
  },
  '0.3': {
    SendMessage: 'message/send',
    SendStreamingMessage: 'message/stream',
    GetTask: 'tasks/get',
    CancelTask: 'tasks/cancel',
    SubscribeToTask: 'tasks/resubscribe',
  },
};

/**
 * Per-call options of {@link A2aJsonRpcClient.call} and {@link A2aJsonRpcClient.stream}.
 * @public
 */
export interface A2aCallOptions {
  /** Aborts the request (a timeout, the caller's cancellation); the call rejects with its reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Options of {@link A2aJsonRpcClient}.
 * @public
 */
export interface A2aJsonRpcClientOptions {
  /** The remote agent's name, for error messages. */
  readonly agent: string;
  /** Its JSON-RPC endpoint (the Agent Card's `url`). */
  readonly url: string;
  /** The negotiated protocol version (see `negotiateA2aVersion`): `1.0` or `0.3`. */
  readonly version: string;
  /** The fetch implementation (default the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Headers sent with every request, e.g. `{ authorization: 'Bearer …' }` (the protocol's own headers win). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * A minimal JSON-RPC 2.0 client for one remote A2A agent: one request per call, the
 * `A2A-Version` header set, and every failure a typed {@link A2aError}.
 * @public
 */
export class A2aJsonRpcClient {
  readonly #options: A2aJsonRpcClientOptions;
  readonly #fetch: typeof fetch;
  #nextId = 1;

  /** Creates a client; nothing is sent until {@link A2aJsonRpcClient.call}. */
  constructor(options: A2aJsonRpcClientOptions) {
    if (methods[options.version] === undefined) {
      throw A2aError.create('A2A_VERSION_UNSUPPORTED', {
        agent: options.agent,
        offered: options.version,
        supported: Object.keys(methods).join(', '),
      });
    }
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
  }

  /**
   * Calls an operation and returns its JSON-RPC `result`.
   * @param operation - the v1.0 operation name (spelled as the negotiated version spells it on the wire)
   * @param params - the request's params
   * @param task - the task the call is about, for error messages
   * @param options - `signal` aborts the request; the call then rejects with the signal's reason
   */
  async call(
    operation: A2aOperation,
    params: Readonly<Record<string, unknown>>,
    task = '',
    options: A2aCallOptions = {},
  ): Promise<unknown> {
    const id = this.#nextId++;
    const response = await this.#post(operation, params, id, 'application/json', options.signal);
    const parsed = await this.#parse(response);
    options.signal?.throwIfAborted();
    const reply = this.#check(parsed, id);
    if (reply.error !== undefined) throw a2aRpcErrorToError(this.#options.agent, reply.error, task);
    return reply.result;
  }

  /**
   * Sends `SendStreamingMessage` (or `SubscribeToTask`, to follow a task again) and yields the
   * `result` of each SSE event (task, status and artifact updates) as it arrives.
   *
   * @remarks
   * A stream that ends before the remote agent closes it cleanly — the agent killed mid-stream —
   * throws `A2A_REMOTE_FAILED`, so a caller never takes a cut stream for a finished one.
   * @param params - the request's params (`message`, … or the task's `id`)
   * @param operation - `SendStreamingMessage` (default) or `SubscribeToTask`
   * @param options - `signal` aborts the stream; it then throws the signal's reason
   */
  async *stream(
    params: Readonly<Record<string, unknown>>,
    operation: 'SendStreamingMessage' | 'SubscribeToTask' = 'SendStreamingMessage',
    options: A2aCallOptions = {},
  ): AsyncGenerator<unknown> {
    const agent = this.#options.agent;
    const id = this.#nextId++;
    const response = await this.#post(operation, params, id, 'text/event-stream', options.signal);
    if (!response.ok || response.body === null) {
      throw httpFailure(agent, response.status);
    }
    try {
      for await (const data of readSseData(response.body.pipeThrough(new TextDecoderStream()))) {
        const reply = this.#check(this.#json(data), id);
        if (reply.error !== undefined) throw a2aRpcErrorToError(agent, reply.error);
        yield reply.result;
      }
    } catch (error) {
      options.signal?.throwIfAborted();
      if (error instanceof A2aError) throw error;
      throw A2aError.create('A2A_REMOTE_FAILED', { agent, reason: 'its stream broke off' });
    }
  }

  async #post(
    operation: A2aOperation,
    params: Readonly<Record<string, unknown>>,
    id: number,
    accept: string,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const { agent, url, version } = this.#options;
    const method = methods[version]?.[operation];
    if (method === undefined) throw A2aError.create('A2A_OPERATION_UNSUPPORTED', { agent, operation: `${operation} over A2A ${version}` });
    const body = JSON.stringify({ jsonrpc: '2.0', id, method, params });
    try {
      return await this.#fetch(url, {
        method: 'POST',
        headers: { ...this.#options.headers, 'content-type': 'application/json', accept, 'a2a-version': version },
        body,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      signal?.throwIfAborted();
      // A refused connection never delivered the request: the one failure safe to send again.
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      throw A2aError.create(
        'A2A_REMOTE_FAILED',
        { agent, reason: redactRemoteText(error instanceof Error ? error.message : String(error)) },
        { details: { retryable: code === 'ECONNREFUSED' } },
      );
    }
  }

  async #parse(response: Response): Promise<unknown> {
    const text = await response.text().catch(() => '');
    try {
      return JSON.parse(text);
    } catch {
      if (!response.ok) throw httpFailure(this.#options.agent, response.status);
      throw A2aError.create(
        'A2A_REMOTE_FAILED',
        { agent: this.#options.agent, reason: 'its answer is not JSON' },
        { details: { retryable: false } },
      );
    }
  }

  #json(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch {
      throw A2aError.create('A2A_REMOTE_FAILED', { agent: this.#options.agent, reason: 'its answer is not JSON' });
    }
  }

  #check(reply: unknown, id: number): { result?: unknown; error?: { code: number; message: string } } {
    const agent = this.#options.agent;
    const r = reply as { jsonrpc?: unknown; id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
    if (typeof reply !== 'object' || reply === null || r.jsonrpc !== '2.0' || r.id !== id) {
      throw A2aError.create('A2A_REMOTE_FAILED', { agent, reason: 'its answer is not a JSON-RPC 2.0 response to this request' });
    }
    if (r.error !== undefined) {
      const code = typeof r.error?.code === 'number' ? r.error.code : -32603;
      return { error: { code, message: typeof r.error?.message === 'string' ? r.error.message : '' } };
    }
    if (!('result' in r)) throw A2aError.create('A2A_REMOTE_FAILED', { agent, reason: 'its answer has neither result nor error' });
    return { result: r.result };
  }
}

/**
 * An HTTP error status as `A2A_REMOTE_FAILED`. Only 503 is marked retryable: the server says it
 * did not take the request, so sending it again cannot start a second task.
 */
function httpFailure(agent: string, status: number): A2aError {
  return A2aError.create('A2A_REMOTE_FAILED', { agent, reason: `HTTP ${status}` }, { details: { status, retryable: status === 503 } });
}
