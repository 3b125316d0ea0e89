import type { CliIo } from './CliIo.js';

/**
 * Progress of the long steps of a command (loading the configuration, starting the plugins, which
 * may migrate a database, rebuild an index or convert word vectors on a first run), shown on a
 * terminal only: `io.progress` is set by the binary when stderr is a TTY. Without it, or with
 * `--quiet`, steps run silently; the runtime's JSON log lines on stderr are the machine-readable
 * record.
 * @public
 */
export interface CliProgress {
  /**
   * Runs `work` as the step `label`: `… label` while it runs (with the seconds so far), then
   * `✓ label (1.2 s)` or `✗ label`. `work` may call `note(detail)` to say where it is (`… label:
   * detail 2.1 s`), e.g. which plugins are still starting; the final line has the label alone.
   */
  step<T>(label: string, work: (note: (detail: string) => void) => Promise<T> | T): Promise<T>;
}

/**
 * Options of {@link createCliProgress}; the clock and ticker are seams for tests.
 * @public
 */
export interface CliProgressOptions {
  /** `--quiet`: show nothing. */
  readonly quiet?: boolean | undefined;
  /** Milliseconds now. @defaultValue `performance.now` */
  readonly now?: (() => number) | undefined;
  /** Calls `tick` every second while a step runs; returns a stop function. @defaultValue an unref'd `setInterval` */
  readonly every?: ((tick: () => void) => () => void) | undefined;
}

const clearLine = '\r\u001b[K';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function everySecond(tick: () => void): () => void {
  const timer = setInterval(tick, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The progress reporter of a command: live lines on a terminal (`io.progress`), nothing otherwise.
 * @example
 * ```ts
 * import { createCliProgress } from '@cortex-os/cli';
 *
 * const progress = createCliProgress({ out: console.log, err: console.error, env: {}, cwd: '.', progress: (text) => process.stderr.write(text) });
 * await progress.step('starting 6 plugins', async () => 'started'); // "✓ starting 6 plugins (0.0 s)"
 * ```
 * @public
 */
export function createCliProgress(io: CliIo, options: CliProgressOptions = {}): CliProgress {
  const write = io.progress;
  const now = options.now ?? (() => performance.now());
  const every = options.every ?? everySecond;
  if (write === undefined || options.quiet === true) return { step: async (_label, work) => await work(() => undefined) };
  return {
    async step(label, work) {
      const started = now();
      let detail = '';
      const line = () => `${clearLine}… ${label}${detail === '' ? '' : `: ${detail}`}`;
      write(line());
      const stop = every(() => write(`${line()} ${seconds(now() - started)}`));
      const note = (next: string): void => {
        if (next === detail) return;
        detail = next;
        write(`${line()} ${seconds(now() - started)}`);
      };
      try {
        const result = await work(note);
        write(`${clearLine}✓ ${label} (${seconds(now() - started)})\n`);
        return result;
      } catch (error) {
        write(`${clearLine}✗ ${label}\n`);
        throw error;
      } finally {
        stop();
      }
    },
  };
}
