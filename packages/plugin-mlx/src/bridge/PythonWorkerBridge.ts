import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { toError } from '@cortex-os/kernel';
import { MlxError } from '../errors/MlxError.js';
import { LineSplitter } from './LineSplitter.js';
import { traceWorkerRequest, traceWorkerStart } from './workerSpans.js';

/**
 * One log entry from the bridge: worker stderr lines, restarts, protocol problems.
 * @public
 */
export interface PythonWorkerLogEntry {
  /** Severity: worker stderr is `warn`, crashes and protocol problems `error`. */
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  /** One line of text. */
  readonly message: string;
  /** `worker` for the Python process's stderr, `bridge` for the bridge's own notes. */
  readonly source: 'worker' | 'bridge';
  /** The worker process the entry concerns. */
  readonly pid?: number;
}

/**
 * Options of {@link createPythonWorkerBridge}.
 * @public
 */
export interface CreatePythonWorkerBridgeOptions {
  /** Interpreter to run. Default `python3`. */
  readonly python?: string;
  /** Worker script. Default: the `cortex_mlx_worker.py` shipped in this package's `python/` folder. */
  readonly script?: string;
  /** Extra environment variables for the worker (merged over the host's). */
  readonly env?: Readonly<Record<string, string>>;
  /** Longest protocol line in bytes, enforced both ways. Default 16 MiB. */
  readonly maxLineBytes?: number;
  /** Default time limit per request, in ms. Default 120 000. */
  readonly requestTimeoutMs?: number;
  /** Time limit for the worker to say it is ready, in ms. Default 30 000. */
  readonly startTimeoutMs?: number;
  /** Requests the worker runs at once (threads; MLX work itself is serialised). Default 4. */
  readonly concurrency?: number;
  /** Restart backoff after a crash: first delay and cap, in ms (doubling). Default 250 and 10 000. */
  readonly restartBackoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Where worker stderr and bridge notes go. Default: nowhere. */
  readonly logger?: (entry: PythonWorkerLogEntry) => void;
}

/**
 * Options of one bridge request.
 * @public
 */
export interface PythonWorkerRequestOptions {
  /** Cancels the request: it rejects with the signal's reason and the worker is told to stop. */
  readonly signal?: AbortSignal;
  /** Overrides the bridge's `requestTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Receives each `token` message of a streaming request. */
  readonly onToken?: (token: string) => void;
  /** Receives the payload of each `tool_call` message of a streaming request, unchecked (its reader checks the shape). */
  readonly onToolCall?: (toolCall: unknown) => void;
}

/**
 * A Python worker process spoken to in newline-delimited JSON over stdio: concurrent
 * requests by id, per-request timeout and cancellation, crash detection with restart and backoff.
 *
 * @remarks
 * The worker starts on the first request. When it dies, every request in flight rejects with
 * `MLX_WORKER_CRASHED` and the next request starts a new worker once the backoff has passed.
 * @public
 */
export interface PythonWorkerBridge extends AsyncDisposable {
  /** Sends `{ id, op, ...params }` and resolves with the worker's `result`. */
  request<T = unknown>(op: string, params?: Readonly<Record<string, unknown>>, options?: PythonWorkerRequestOptions): Promise<T>;
  /** The running worker's process id, if one runs. */
  readonly pid: number | undefined;
  /** How many times a crashed worker was replaced. */
  readonly restarts: number;
  /** Asks the worker to shut down, kills it if it does not within `graceMs`, rejects what is in flight. */
  close(graceMs?: number): Promise<void>;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly onToken: ((token: string) => void) | undefined;
  readonly onToolCall: ((toolCall: unknown) => void) | undefined;
}

interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  readonly pending: Map<string, Pending>;
  alive: boolean;
}

const ID_PREFIX = /^\s*\{\s*"id"\s*:\s*"([^"\\]{1,200})"/;
const DEFAULT_SCRIPT = fileURLToPath(new URL('../../python/cortex_mlx_worker.py', import.meta.url));

/**
 * Creates a bridge to a Python worker process.
 * @throws {@link MlxError} `MLX_OPTIONS_INVALID` for non-positive limits or timeouts.
 * @example
 * ```ts
 * await using bridge = createPythonWorkerBridge({ logger: (e) => console.error(e.message) });
 * const health = await bridge.request('health');
 * ```
 * @public
 */
export function createPythonWorkerBridge(options: CreatePythonWorkerBridgeOptions = {}): PythonWorkerBridge {
  return new Bridge(options);
}

class Bridge implements PythonWorkerBridge {
  readonly #python: string;
  readonly #script: string;
  readonly #env: Readonly<Record<string, string>>;
  readonly #maxLine: number;
  readonly #timeoutMs: number;
  readonly #startTimeoutMs: number;
  readonly #concurrency: number;
  readonly #backoffInitial: number;
  readonly #backoffMax: number;
  readonly #log: (entry: PythonWorkerLogEntry) => void;
  #worker: Worker | undefined;
  #nextId = 0;
  #restarts = 0;
  #consecutiveCrashes = 0;
  #lastCrashAt = 0;
  #closed = false;

  constructor(options: CreatePythonWorkerBridgeOptions) {
    const positive: Array<[string, number | undefined]> = [
      ['maxLineBytes', options.maxLineBytes],
      ['requestTimeoutMs', options.requestTimeoutMs],
      ['startTimeoutMs', options.startTimeoutMs],
      ['concurrency', options.concurrency],
    ];
    for (const [name, value] of positive) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0))
        throw new MlxError('MLX_OPTIONS_INVALID', `${name} must be a positive number (got ${value}).`);
    }
    this.#python = options.python ?? 'python3';
    this.#script = options.script ?? DEFAULT_SCRIPT;
    this.#env = options.env ?? {};
    this.#maxLine = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.#timeoutMs = options.requestTimeoutMs ?? 120_000;
    this.#startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.#concurrency = options.concurrency ?? 4;
    this.#backoffInitial = options.restartBackoff?.initialMs ?? 250;
    this.#backoffMax = options.restartBackoff?.maxMs ?? 10_000;
    this.#log = options.logger ?? (() => undefined);
  }

  get pid(): number | undefined {
    return this.#worker?.alive === true ? this.#worker.child.pid : undefined;
  }

  get restarts(): number {
    return this.#restarts;
  }

  request<T = unknown>(op: string, params: Readonly<Record<string, unknown>> = {}, options: PythonWorkerRequestOptions = {}): Promise<T> {
    return traceWorkerRequest(
      op,
      () => this.pid,
      () => this.#request<T>(op, params, options),
    );
  }

  async #request<T>(op: string, params: Readonly<Record<string, unknown>>, options: PythonWorkerRequestOptions): Promise<T> {
    options.signal?.throwIfAborted();
    if (this.#closed) throw new MlxError('MLX_WORKER_CLOSED', 'The MLX worker bridge is closed.');
    const id = String((this.#nextId += 1));
    const line = `${JSON.stringify({ id, op, ...params })}\n`;
    const bytes = Buffer.byteLength(line);
    if (bytes > this.#maxLine) {
      throw new MlxError(
        'MLX_LINE_TOO_LONG',
        `Request "${op}" is ${bytes} bytes, over the ${this.#maxLine} byte line limit; it was not sent.`,
        { details: { op, bytes, maxLineBytes: this.#maxLine } },
      );
    }
    const worker = await this.#ensureWorker(options.signal);
    if (this.#closed) throw new MlxError('MLX_WORKER_CLOSED', 'The MLX worker bridge is closed.');
    // The caller may have given up while the worker started: its abort listener comes only below.
    options.signal?.throwIfAborted();
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        worker.pending.delete(id);
      };
      const cancel = (error: unknown): void => {
        if (!worker.pending.has(id)) return;
        cleanup();
        // Tell the worker to stop; its late answer for this id is ignored.
        this.#write(worker, `${JSON.stringify({ id: `c${id}`, op: 'cancel', target: id })}\n`);
        reject(error);
      };
      const onAbort = (): void => cancel(options.signal?.reason);
      timer = setTimeout(
        () =>
          cancel(
            new MlxError('MLX_WORKER_TIMEOUT', `The MLX worker did not answer "${op}" within ${timeoutMs} ms; the request was cancelled.`, {
              details: { op, timeoutMs },
            }),
          ),
        timeoutMs,
      );
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.pending.set(id, {
        onToken: options.onToken,
        onToolCall: options.onToolCall,
        resolve: (value) => {
          cleanup();
          this.#consecutiveCrashes = 0;
          resolve(value as T);
        },
        reject: (error) => {
          cleanup();
          reject(error);
        },
      });
      this.#write(worker, line);
    });
  }

  async close(graceMs = 2000): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker === undefined || !worker.alive) return;
    this.#failAll(worker, new MlxError('MLX_WORKER_CLOSED', 'The MLX worker bridge closed while the request was in flight.'));
    this.#write(worker, `${JSON.stringify({ id: 'shutdown', op: 'shutdown' })}\n`);
    worker.child.stdin.end();
    const timer = setTimeout(() => worker.child.kill('SIGKILL'), graceMs);
    await worker.exited;
    clearTimeout(timer);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #ensureWorker(signal: AbortSignal | undefined): Promise<Worker> {
    if (this.#worker?.alive !== true) {
      if (this.#consecutiveCrashes > 0) {
        const delay = Math.min(this.#backoffInitial * 2 ** (this.#consecutiveCrashes - 1), this.#backoffMax);
        const wait = this.#lastCrashAt + delay - Date.now();
        if (wait > 0) await abortableDelay(wait, signal);
      }
      // Another request may have started a worker while this one waited out the backoff.
      const current = this.#worker as Worker | undefined;
      if (current?.alive !== true) {
        this.#worker = this.#spawn();
        traceWorkerStart(this.#worker.ready, this.#worker.child.pid);
      }
    }
    const worker = this.#worker as Worker;
    await worker.ready;
    return worker;
  }

  #spawn(): Worker {
    const child = spawn(
      this.#python,
      ['-u', this.#script, '--max-line-bytes', String(this.#maxLine), '--concurrency', String(this.#concurrency)],
      {
        env: { ...process.env, ...this.#env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const pending = new Map<string, Pending>();
    let markReady!: () => void;
    let failStart!: (error: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    // A start failure is also reported to every waiting request; never leave it unhandled.
    ready.catch(() => undefined);
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const worker: Worker = { child, ready, exited, pending, alive: true };
    const startTimer = setTimeout(() => {
      failStart(new MlxError('MLX_WORKER_TIMEOUT', `The MLX worker did not start within ${this.#startTimeoutMs} ms.`));
      child.kill('SIGKILL');
    }, this.#startTimeoutMs);

    const stdout = new LineSplitter(this.#maxLine);
    child.stdout.on('data', (chunk: Buffer) => {
      for (const item of stdout.push(chunk)) {
        if (item.kind === 'line')
          this.#onLine(worker, item.text, () => {
            clearTimeout(startTimer);
            markReady();
          });
        else this.#onOversized(worker, item.head, item.bytes);
      }
    });
    let stderrRest = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      const lines = (stderrRest + text).split('\n');
      stderrRest = lines.pop() ?? '';
      for (const message of lines)
        if (message.trim() !== '')
          this.#log({ level: 'warn', source: 'worker', message, ...(child.pid === undefined ? {} : { pid: child.pid }) });
    });
    child.stdin.on('error', () => {
      // EPIPE when the worker died: the exit handler reports it.
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(startTimer);
      worker.alive = false;
      const failure =
        error.code === 'ENOENT'
          ? new MlxError('MLX_PYTHON_NOT_FOUND', `Python interpreter "${this.#python}" not found.`, {
              details: { python: this.#python },
              cause: error,
            })
          : new MlxError('MLX_PYTHON_NOT_FOUND', `Python interpreter "${this.#python}" could not be started: ${error.message}`, {
              details: { python: this.#python },
              cause: error,
            });
      failStart(failure);
      this.#failAll(worker, failure);
      markExited();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(startTimer);
      if (stderrRest.trim() !== '')
        this.#log({ level: 'warn', source: 'worker', message: stderrRest, ...(child.pid === undefined ? {} : { pid: child.pid }) });
      const wasAlive = worker.alive;
      worker.alive = false;
      const how = signal === null ? `exit code ${String(code)}` : `signal ${signal}`;
      const crash = new MlxError(
        'MLX_WORKER_CRASHED',
        `The MLX worker (pid ${String(child.pid)}) exited with ${how} while the request was in flight.`,
        { details: { pid: child.pid, code, signal } },
      );
      const failure = this.#closed
        ? new MlxError('MLX_WORKER_CLOSED', 'The MLX worker bridge closed while the request was in flight.')
        : crash;
      failStart(failure);
      if (wasAlive && !this.#closed) {
        this.#consecutiveCrashes += 1;
        this.#lastCrashAt = Date.now();
        this.#restarts += 1;
        this.#log({
          level: 'error',
          source: 'bridge',
          message: `MLX worker exited with ${how}; the next request starts a new one.`,
          ...(child.pid === undefined ? {} : { pid: child.pid }),
        });
      }
      this.#failAll(worker, failure);
      markExited();
    });
    return worker;
  }

  #onLine(worker: Worker, text: string, onReady: () => void): void {
    let message: {
      id?: unknown;
      type?: unknown;
      token?: unknown;
      tool_call?: unknown;
      result?: unknown;
      error?: { code?: unknown; message?: unknown };
    };
    try {
      message = JSON.parse(text) as typeof message;
      if (typeof message !== 'object' || message === null) throw new Error('not an object');
    } catch (error) {
      this.#protocolError(worker, ID_PREFIX.exec(text)?.[1], `The MLX worker wrote a line that is not JSON: ${text.slice(0, 200)}`, error);
      return;
    }
    if (message.type === 'ready') {
      onReady();
      return;
    }
    const pending = typeof message.id === 'string' ? worker.pending.get(message.id) : undefined;
    if (pending === undefined) {
      // A late answer for a cancelled or timed-out request, or a worker-level error.
      if (message.type === 'error')
        this.#log({ level: 'warn', source: 'bridge', message: `MLX worker error: ${String(message.error?.message)}` });
      return;
    }
    if (message.type === 'token' && typeof message.token === 'string') {
      pending.onToken?.(message.token);
    } else if (message.type === 'tool_call' && 'tool_call' in message) {
      pending.onToolCall?.(message.tool_call);
    } else if (message.type === 'result') {
      pending.resolve(message.result);
    } else if (message.type === 'error') {
      pending.reject(workerError(String(message.error?.code), String(message.error?.message)));
    } else {
      this.#protocolError(worker, message.id as string, `The MLX worker wrote a message of unknown type: ${text.slice(0, 200)}`);
    }
  }

  #onOversized(worker: Worker, head: string, bytes: number): void {
    const id = ID_PREFIX.exec(head)?.[1];
    const error = new MlxError(
      'MLX_LINE_TOO_LONG',
      `The MLX worker wrote a ${bytes} byte line, over the ${this.#maxLine} byte limit; it was discarded.`,
      { details: { bytes, maxLineBytes: this.#maxLine } },
    );
    const pending = id === undefined ? undefined : worker.pending.get(id);
    if (pending === undefined) this.#log({ level: 'error', source: 'bridge', message: error.message });
    else pending.reject(error);
  }

  #protocolError(worker: Worker, id: string | undefined, message: string, cause?: unknown): void {
    const error = new MlxError('MLX_PROTOCOL_ERROR', message, cause === undefined ? {} : { cause });
    const pending = id === undefined ? undefined : worker.pending.get(id);
    if (pending === undefined) this.#log({ level: 'error', source: 'bridge', message });
    else pending.reject(error);
  }

  #failAll(worker: Worker, error: MlxError): void {
    for (const pending of [...worker.pending.values()]) pending.reject(error);
  }

  #write(worker: Worker, line: string): void {
    if (!worker.alive || worker.child.stdin.destroyed) return;
    worker.child.stdin.write(line, (error) => {
      if (error) this.#log({ level: 'warn', source: 'bridge', message: `write to MLX worker failed: ${toError(error).message}` });
    });
  }
}

/** Maps a worker error code to this package's codes. Keep in sync with the worker's docstring. */
function workerError(code: string, message: string): MlxError {
  switch (code) {
    case 'unavailable':
      return new MlxError('MLX_MODULE_MISSING', message, { details: { workerCode: code } });
    case 'line_too_long':
    case 'response_too_large':
      return new MlxError('MLX_LINE_TOO_LONG', message, { details: { workerCode: code } });
    case 'bad_request':
      return new MlxError('MLX_PROTOCOL_ERROR', message, { details: { workerCode: code } });
    default:
      return new MlxError('MLX_REQUEST_FAILED', message, { details: { workerCode: code } });
  }
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
