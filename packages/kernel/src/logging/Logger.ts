import { pino, type Logger as PinoLogger, type LoggerOptions, type DestinationStream } from 'pino';
import { currentCorrelationId } from './correlation.js';

/**
 * The kernel's logger: a pino logger. Plugins receive a child bound to their name.
 * @public
 */
export type Logger = PinoLogger;

/**
 * Options of {@link createLogger}.
 * @public
 */
export interface CreateLoggerOptions {
  /**
   * Minimum level of the lines written.
   * @defaultValue `CORTEX_LOG_LEVEL` from the environment, else `'info'`
   */
  readonly level?: string;
  /**
   * Where lines go; stderr by default, so stdout stays free for protocols such as MCP over stdio.
   * @defaultValue stderr (file descriptor 2, synchronous)
   */
  readonly destination?: DestinationStream;
  /** Extra pino options (redaction, serializers…). */
  readonly pino?: LoggerOptions;
}

/**
 * Creates a pino logger whose every line carries the current correlation id.
 * @public
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? process.env['CORTEX_LOG_LEVEL'] ?? 'info';
  return pino(
    {
      level,
      ...options.pino,
      mixin() {
        const correlationId = currentCorrelationId();
        return correlationId === undefined ? {} : { correlationId };
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
