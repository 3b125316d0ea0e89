import { createLogger, type Logger } from '@cortex-os/kernel';

/**
 * One line a {@link TestLogger} captured: pino's JSON record, with the level as its name.
 * @public
 */
export interface TestLogEntry {
  /** The level's name: `trace`, `debug`, `info`, `warn`, `error` or `fatal`. */
  readonly level: string;
  /** The message, when the line has one. */
  readonly msg?: string;
  /** Every other field of the line: bindings such as `plugin`, `err`, `correlationId`… */
  readonly [field: string]: unknown;
}

/**
 * A real kernel logger that writes to memory instead of stderr, so tests stay quiet and can
 * read what was logged.
 * @public
 */
export interface TestLogger {
  /** The logger to hand to `createKernel` (or any factory taking a `logger`). */
  readonly logger: Logger;
  /** The lines written so far, oldest first, children's lines included. */
  entries(): readonly TestLogEntry[];
  /** Forgets the lines written so far. */
  clear(): void;
}

/**
 * Options of {@link createTestLogger}.
 * @public
 */
export interface CreateTestLoggerOptions {
  /**
   * Minimum level of the lines kept.
   * @defaultValue `'debug'`
   */
  readonly level?: string;
}

/**
 * Creates a {@link TestLogger}: a pino logger (made by the kernel's `createLogger`, so lines carry
 * the correlation id as in production) whose lines are parsed and kept in memory.
 *
 * @example
 * ```ts
 * const logs = createTestLogger();
 * const kernel = createKernel({ plugins: [notesPlugin()], logger: logs.logger });
 * await kernel.start();
 * assert.ok(logs.entries().some((entry) => entry.msg === 'kernel started'));
 * ```
 * @public
 */
export function createTestLogger(options: CreateTestLoggerOptions = {}): TestLogger {
  const entries: TestLogEntry[] = [];
  // A synchronous write(line), so no stream (and no async flush) is involved.
  const destination = { write: (line: string): void => void entries.push(toTestLogEntry(line)) };
  const logger = createLogger({ level: options.level ?? 'debug', destination });
  return {
    logger,
    entries: () => [...entries],
    clear: () => {
      entries.length = 0;
    },
  };
}

/** The default logger's numeric levels (pino's), as the names tests read. */
const levelNames: Readonly<Record<number, string>> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function toTestLogEntry(line: string): TestLogEntry {
  const fields = JSON.parse(line) as Record<string, unknown>;
  const level = typeof fields['level'] === 'number' ? (levelNames[fields['level']] ?? String(fields['level'])) : String(fields['level']);
  return { ...fields, level };
}
