import { pino } from 'pino';
import { currentCorrelationId } from './correlation.js';

/**
 * One level's log method: a message, or structured fields (an `err` field for an error) and then
 * a message.
 * @public
 */
export interface LogFn {
  (message: string): void;
  (fields: object, message?: string): void;
}

/**
 * The logger the kernel and every plugin write to. The kernel owns this interface so that no
 * logging library leaks into the public API; {@link createLogger} makes the default (pino), and
 * any logger with these methods (pino, a bunyan or winston adapter, a test double) can be passed
 * to `createKernel({ logger })`. Plugins receive a child bound to their name.
 * @public
 */
export interface Logger {
  /** The minimum level written: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. */
  readonly level: string;
  /** The process cannot go on. */
  readonly fatal: LogFn;
  /** An operation failed. */
  readonly error: LogFn;
  /** Something is wrong but the work goes on. */
  readonly warn: LogFn;
  /** A normal event worth a line (started, stopped, listening). */
  readonly info: LogFn;
  /** Detail for whoever is diagnosing. */
  readonly debug: LogFn;
  /** Everything, step by step. */
  readonly trace: LogFn;
  /** A logger that adds `bindings` to every line it writes. */
  child(bindings: Readonly<Record<string, unknown>>): Logger;
}

/**
 * Where {@link createLogger} writes: anything with a synchronous `write(line)` (a file or socket
 * stream, or an object that keeps lines in memory). Each call receives one JSON line.
 * @public
 */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * Options of {@link createLogger}.
 * @public
 */
export interface CreateLoggerOptions {
  /**
   * Minimum level of the lines written (`fatal` … `trace`, or `silent`). The kernel reads no
   * environment: a host that wants `CORTEX_LOG_LEVEL` passes it here (`@cortex-os/runtime` does).
   * @defaultValue `'info'`
   */
  readonly level?: string;
  /**
   * Where lines go; stderr by default, so stdout stays free for protocols such as MCP over stdio.
   * @defaultValue stderr (file descriptor 2, synchronous)
   */
  readonly destination?: LogDestination;
  /** Paths of fields to censor in every line, e.g. `['req.headers.authorization', '*.apiKey']`. */
  readonly redact?: readonly string[];
}

/**
 * Creates the default logger (pino, JSON lines): every line carries the current correlation id.
 * @public
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      ...(options.redact === undefined ? {} : { redact: [...options.redact] }),
      mixin() {
        const correlationId = currentCorrelationId();
        return correlationId === undefined ? {} : { correlationId };
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
